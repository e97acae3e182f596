package provider

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The guide "Testing gates with terraform test" is a configuration of its
// own, examples/guides/testing: gates in its root module, a module with the
// routing rule, and tests/*.tftest.hcl. The tests below run it as a reader
// would: a copy of the folder, a provider binary built from this module, a CLI
// configuration whose dev_overrides point at it, `terraform get` (which
// installs the local module; `terraform init` would ask the registry for the
// overridden provider and fail offline), then `terraform test` or `terraform
// plan`. Nothing leaves the machine: there is no registry, and the plans read
// the stand-in on loopback.

const testingGuideDir = "testing"

// Features of `terraform test`, with the first Terraform and OpenTofu that
// have them.
var (
	testCommand  = cliFeature{"the test command", "1.6.0", "1.6.0"}
	overrideData = cliFeature{"override_data in tests", "1.7.0", "1.8.0"}
	mockProvider = cliFeature{"mock_provider in tests", "1.7.0", "1.8.0"}
)

// testFileFeatures says what a test file of the guide in dir needs: its own
// blocks, and those of the local modules its runs test (an ephemeral
// variable, an ephemeral resource).
func testFileFeatures(t *testing.T, dir, content string) []cliFeature {
	t.Helper()
	fs := []cliFeature{testCommand}
	if regexp.MustCompile(`(?m)^\s*override_data\s*\{`).MatchString(content) {
		fs = append(fs, overrideData)
	}
	if regexp.MustCompile(`(?m)^mock_provider\s`).MatchString(content) {
		fs = append(fs, mockProvider)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*source\s*=\s*"(\./[^"]+)"`).FindAllStringSubmatch(content, -1) {
		files, err := filepath.Glob(filepath.Join(dir, m[1], "*.tf"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no module in %s: %v", m[1], err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if regexp.MustCompile(`(?m)^\s*ephemeral\s*=\s*true`).Match(b) && !slices.Contains(fs, ephemeralBlocks) {
				fs = append(fs, ephemeralBlocks)
			}
		}
	}
	return fs
}

// guideRun is a copy of the guide's folder with a CLI configuration whose
// dev_overrides point at bin, a folder holding the provider's binary.
type guideRun struct {
	t   *testing.T
	dir string
	cli cli
	env []string
}

// newGuideRun copies the guide's folder and runs `terraform get` in it. It
// removes the test files that the CLI cannot read, saying why, and returns
// the names of those it kept.
func newGuideRun(t *testing.T, bin string) (*guideRun, []string) {
	t.Helper()
	c, err := acceptanceCLI()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(guidesDir, testingGuideDir)
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if !strings.HasSuffix(path, ".tf") && !strings.HasSuffix(path, ".tftest.hcl") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "dev.tfrc")
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"itellicoai/itellico\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "TF_REATTACH_PROVIDERS=") && !strings.HasPrefix(e, "TF_CLI_CONFIG_FILE=") {
			env = append(env, e)
		}
	}
	r := &guideRun{t: t, dir: dir, cli: c,
		env: append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")}

	files, err := filepath.Glob(filepath.Join(dir, "tests", "*.tftest.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files in %s/tests: %v", src, err)
	}
	var kept []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		reason, err := lacking(testFileFeatures(t, dir, string(b)))
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(dir, f)
		if reason != "" {
			t.Logf("%s left out: %s", name, reason)
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		kept = append(kept, filepath.ToSlash(name))
	}
	if out, err := r.run("get", "-no-color"); err != nil {
		t.Fatalf("get: %v\n%s", err, out)
	}
	return r, kept
}

func (r *guideRun) run(args ...string) (string, error) {
	return r.runIn(".", args...)
}

// runIn runs the CLI in the copy's folder sub.
func (r *guideRun) runIn(sub string, args ...string) (string, error) {
	cmd := exec.Command(r.cli.path, args...)
	cmd.Dir, cmd.Env = filepath.Join(r.dir, sub), r.env
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// edit replaces from with to in the copy's file name, which must hold from.
func (r *guideRun) edit(name, from, to string) {
	r.t.Helper()
	path := filepath.Join(r.dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	if !strings.Contains(string(b), from) {
		r.t.Fatalf("%s does not hold %q", name, from)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), from, to, 1)), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// runsIn counts the run blocks of the test files kept.
func (r *guideRun) runsIn(files []string) int {
	r.t.Helper()
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(r.dir, f))
		if err != nil {
			r.t.Fatal(err)
		}
		n += len(regexp.MustCompile(`(?m)^run\s+"`).FindAll(b, -1))
	}
	return n
}

// hasRun reports whether one of the test files kept has the run name.
func (r *guideRun) hasRun(files []string, name string) bool {
	r.t.Helper()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(r.dir, f))
		if err != nil {
			r.t.Fatal(err)
		}
		if regexp.MustCompile(`(?m)^run\s+"` + regexp.QuoteMeta(name) + `"`).Match(b) {
			return true
		}
	}
	return false
}

// buildProvider builds the provider's binary into a new folder, as a reader
// would with `go build`, and returns the folder.
func buildProvider(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-itellico"), ".")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The guide, with one build of the provider: its tests with the real CLI,
// and its gates against the stand-in.
func TestAccTestingGuide(t *testing.T) {
	skipWithout(t)
	bin := buildProvider(t)
	t.Run("terraform test", func(t *testing.T) { testGuideTests(t, bin) })
	t.Run("gates fail against the seed", func(t *testing.T) { testGuideGatesFailAgainstTheSeed(t, bin) })
}

// The guide's tests pass with the real CLI, offline; and each gate's test
// fails when the gate no longer trips, so the tests test the gates.
func testGuideTests(t *testing.T, bin string) {
	skipWithout(t, testCommand)

	t.Run("passes", func(t *testing.T) {
		t.Parallel()
		r, files := newGuideRun(t, bin)
		out, err := r.run("test", "-no-color")
		if err != nil {
			t.Fatalf("test: %v\n%s", err, out)
		}
		want := fmt.Sprintf("Success! %d passed, 0 failed.", r.runsIn(files))
		if !strings.Contains(out, want) {
			t.Errorf("want %q:\n%s", want, out)
		}
		t.Logf("%s ran %s: %s", r.cli.name, strings.Join(files, ", "), want)
	})

	// A gate broken so that it never trips: the run that expects it to
	// trip fails, and so does `terraform test`.
	for _, broken := range []struct {
		name, file, old, new string
		failing              []string // runs that must fail, in files that may be left out
	}{
		{"the account's failure rate", "main.tf",
			"self.total_count < var.min_conversations ||", "true ||",
			[]string{"account_failure_rate_fails"}},
		{"the failure rate per agent", "main.tf",
			"a.total_count < var.min_conversations ||", "true ||",
			[]string{"agent_failure_rate_fails", "a_stricter_threshold_fails"}},
		{"the routing rule", "routing/main.tf",
			"if n.agent_id == null ? false : !contains(var.active_agent_ids, n.agent_id)", "if false",
			[]string{"a_number_of_an_archived_agent_fails"}},
		{"the card numbers in transcripts", "transcripts/main.tf",
			"!can(regex(local.card_number, m.message))", "true",
			[]string{"a_card_number_read_out_fails"}},
	} {
		t.Run("a broken gate fails its test: "+broken.name, func(t *testing.T) {
			t.Parallel()
			r, files := newGuideRun(t, bin)
			var present []string
			for _, run := range broken.failing {
				if r.hasRun(files, run) {
					present = append(present, run)
				}
			}
			if len(present) == 0 {
				t.Skipf("%s %s runs none of %v (see the files left out above)", r.cli.name, r.cli.version, broken.failing)
			}
			r.edit(broken.file, broken.old, broken.new)
			out, err := r.run("test", "-no-color")
			if err == nil {
				t.Fatalf("terraform test passes with %s broken:\n%s", broken.name, out)
			}
			for _, run := range present {
				if !strings.Contains(out, `run "`+run+`"... fail`) {
					t.Errorf("want %s to fail:\n%s", run, out)
				}
			}
			if !strings.Contains(out, "Missing expected failure") {
				t.Errorf("want a missing expected failure:\n%s", out)
			}
			t.Logf("%v failed, with %s", present, strings.Join(files, ", "))
		})
	}
}

// Each gate of the guide fails against the stand-in's seed, as the guide
// shows: with the defaults only the routing rule (a number still routed to
// the archived Billing Bot); over 20 days, judging agents from 5
// conversations, all three. (20 days, not 30: the seed's conversation 39 is
// 30 days old to the second, and whether a window of 30 days holds it would
// depend on when the plan starts.) The transcript gate, a configuration of
// its own, fails with the defaults: in a call of the last 24 hours an agent
// reads out a card number and the caller's number.
func testGuideGatesFailAgainstTheSeed(t *testing.T, bin string) {
	routing := []string{"Phone numbers routed to an archived or unknown agent: +498912345671 (Billing Bot)."}
	for _, tc := range []struct {
		name, dir string
		features  []cliFeature
		vars      []string
		fails     [][]string
		not       []string
	}{
		{"defaults", ".", nil, nil, [][]string{routing}, []string{"conversations failed, more than", "Agents with more than"}},
		{"20 days", ".", nil, []string{"window=480h", "min_conversations=5"}, [][]string{
			{"7 of 35 conversations failed, more than 5%."},
			{"Agents with more than 5% of their conversations failed:", "- Support DE: 1 of 11 failed",
				"- Support EN: 1 of 9 failed", "- Sales EN: 3 of 8 failed"},
			routing,
		}, nil},
		{"transcripts", "transcript_gate", []cliFeature{ephemeralBlocks}, nil, [][]string{
			{"An agent read out what looks like a card number: find the call in the itellico dashboard."},
			{"An agent read a caller's number back: find the call in the itellico dashboard."},
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			skipWithout(t, tc.features...)
			r, _ := newGuideRun(t, bin)
			if out, err := r.runIn(tc.dir, "get", "-no-color"); err != nil {
				t.Fatalf("get: %v\n%s", err, out)
			}
			srv := itellicotest.NewHTTPTest(t, itellicotest.Options{Conversations: itellicotest.Seed(time.Now()), Now: time.Now})
			r.env = append(r.env, envAPIKey+"="+srv.APIKey(), envBaseURL+"="+srv.URL())
			args := []string{"plan", "-input=false", "-no-color"}
			for _, v := range tc.vars {
				args = append(args, "-var", v)
			}
			out, err := r.runIn(tc.dir, args...)
			if err == nil {
				t.Fatalf("the plan passes:\n%s", out)
			}
			for _, parts := range tc.fails {
				if !errorPattern(parts...).MatchString(out) {
					t.Errorf("want the plan to fail with %q:\n%s", parts, out)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(out, s) {
					t.Errorf("the plan fails with %q:\n%s", s, out)
				}
			}
		})
	}
}
