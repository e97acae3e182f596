package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The guides' snippets are configurations a reader copies one at a time: each
// file of examples/guides/** plans alone against the stand-in, as written,
// with the provider pointed at the stand-in and nothing else added. The
// table below says, for each file, what a plan of it costs (requests counted
// at the stand-in, the lookup of the key's account included) and whether it
// fails the plan or only warns; the guides state the same figures.

const guidesDir = "../../examples/guides"

// cliFeature is a feature of the configuration language, with the first
// Terraform and the first OpenTofu that have it.
type cliFeature struct {
	what                string
	terraform, opentofu string
}

var (
	functionCalls   = cliFeature{"provider functions", "1.8.0", "1.7.0"}
	ephemeralBlocks = cliFeature{"ephemeral resources", "1.10.0", "1.11.0"}
)

// featuresOf lists the features a configuration uses.
func featuresOf(config string) []cliFeature {
	var fs []cliFeature
	if strings.Contains(config, "provider::itellico::") {
		fs = append(fs, functionCalls)
	}
	if regexp.MustCompile(`(?m)^\s*ephemeral\s+"itellico_`).MatchString(config) {
		fs = append(fs, ephemeralBlocks)
	}
	return fs
}

// skipWithout skips the test when the CLI of the acceptance tests (Terraform
// or OpenTofu, each by its own versions) lacks one of features, saying which.
// Outside acceptance runs it skips as newTFRun does.
func skipWithout(t *testing.T, features ...cliFeature) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("an acceptance test: set TF_ACC=1 to run it")
	}
	reason, err := lacking(features)
	if err != nil {
		t.Fatal(err)
	}
	if reason != "" {
		t.Skip(reason)
	}
}

// has is the same check for terraform-plugin-testing's TestCase: a test
// case skips, saying why, under a CLI without features.
type has []cliFeature

func (h has) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	resp.Skip, resp.Error = lacking(h)
}

// lacking says which of features the CLI of the acceptance tests lacks;
// "" when it has them all.
func lacking(features []cliFeature) (string, error) {
	if len(features) == 0 {
		return "", nil
	}
	c, err := acceptanceCLI()
	if err != nil {
		return "", err
	}
	for _, f := range features {
		need := f.terraform
		if c.name == "OpenTofu" {
			need = f.opentofu
		}
		if c.version.LessThan(version.Must(version.NewVersion(need))) {
			return fmt.Sprintf("%s %s has no %s (%s %s or later)", c.name, c.version, f.what, c.name, need), nil
		}
	}
	return "", nil
}

// cli is the CLI the acceptance tests run: its path, name ("Terraform" or
// "OpenTofu") and version.
type cli struct {
	path, name string
	version    *version.Version
}

// acceptanceCLI finds the CLI of the acceptance tests, once: TF_ACC_TERRAFORM_PATH,
// else terraform on PATH; name and version from the first line of `version`,
// such as "OpenTofu v1.6.2".
var acceptanceCLI = sync.OnceValues(func() (cli, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return cli{}, errors.New("no terraform: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
	}
	cmd := exec.Command(path, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return cli{}, fmt.Errorf("%s version: %w", path, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	name, v, ok := strings.Cut(strings.TrimSpace(first), " v")
	have, verr := version.NewVersion(v)
	if !ok || verr != nil {
		return cli{}, fmt.Errorf("%s version: cannot read %q", path, first)
	}
	return cli{path, name, have}, nil
})

// planAlone plans files (name to content) alone in a new working directory
// against srv, and returns the run, terraform's output, the number of
// requests srv received during the plan, and terraform's error. The provider is pointed at srv by a
// provider block, or by an override file when the configuration has its own
// block, so that the files are planned as written.
func planAlone(t *testing.T, srv *itellicotest.Server, files map[string]string, args ...string) (*tfRun, string, int, error) {
	t.Helper()
	r := newTFRun(t, "")
	// An empty CLI configuration where newTFRun names one that does not
	// exist, which Terraform warns about.
	for _, e := range r.env {
		if path, ok := strings.CutPrefix(e, "TF_CLI_CONFIG_FILE="); ok {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	provider := fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n  api_key  = %q\n}\n", srv.URL(), srv.APIKey())
	providerFile := "stand_in_provider.tf"
	declares := regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)
	for _, content := range files {
		if declares.MatchString(content) {
			// The configuration declares the provider itself: it replaces
			// newTFRun's terraform block.
			if err := os.Remove(filepath.Join(r.dir, "main.tf")); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	for name, content := range files {
		if regexp.MustCompile(`(?m)^provider\s+"itellico"`).MatchString(content) {
			providerFile = "stand_in_override.tf"
		}
		r.write(name, content)
	}
	r.write(providerFile, provider)
	srv.ResetRequests()
	out, err := r.run(append([]string{"plan", "-input=false", "-no-color"}, args...)...)
	return r, out, len(srv.Requests()), err
}

// snippetRun is one plan of a snippet, and what it must do.
type snippetRun struct {
	name string
	// conversations the stand-in serves, given the moment of the test; nil
	// serves the seed.
	conversations func(now time.Time) []itellicotest.Conversation
	vars          []string // -var arguments
	requests      int      // requests the plan sends, counted at the stand-in
	// fails: the plan fails with an error containing these parts, in order;
	// warns: it succeeds with a warning containing them. Neither: it
	// succeeds without a warning (the dev_overrides-free harness has none).
	fails, warns []string
}

// seedAndEmpty are the two runs every snippet has: the seed, and an account
// without conversations, on which no expression may fail (a division by
// zero, a missing key).
func seedAndEmpty(requests, requestsEmpty int, seedWarns ...string) []snippetRun {
	return []snippetRun{
		{name: "seed", requests: requests, warns: seedWarns},
		{name: "no conversations", conversations: noConversations, requests: requestsEmpty},
	}
}

// seedFails are the runs of a gate that the seed trips (in its conversation
// 15 an agent reads out a card number and the caller's number): the seed
// fails the plan with an error containing fails, in order; the seed without
// that agent message passes, and its saved plan is checked as a seed run's;
// an account without conversations passes.
func seedFails(requests, requestsEmpty int, fails ...string) []snippetRun {
	return []snippetRun{
		{name: "seed", requests: requests, fails: fails},
		{name: "seed without what trips the gate", conversations: seedWithoutTripWire, requests: requests},
		{name: "no conversations", conversations: noConversations, requests: requestsEmpty},
	}
}

// seedWithoutTripWire is the seed without the agent message of conversation
// 15 that reads out a card number and the caller's number.
func seedWithoutTripWire(now time.Time) []itellicotest.Conversation {
	cs := itellicotest.Seed(now)
	for i := range cs {
		if cs[i].ConversationID != itellicotest.SeedConversationID(15) {
			continue
		}
		messages, _ := cs[i].Messages.Get()
		var kept []itellicotest.Message
		for _, m := range messages {
			if text, _ := m.Message.Get(); !strings.Contains(text, "4111") {
				kept = append(kept, m)
			}
		}
		if len(kept) == len(messages) {
			panic("conversation 15 of the seed no longer reads out a card number")
		}
		cs[i].Messages = itellicotest.Some(kept)
	}
	return cs
}

func noConversations(time.Time) []itellicotest.Conversation { return []itellicotest.Conversation{} }

// withConversation is the seed and one conversation of the last hour, a
// phone call that change makes into what a gate must catch.
func withConversation(change func(c *itellicotest.Conversation)) func(now time.Time) []itellicotest.Conversation {
	return func(now time.Time) []itellicotest.Conversation {
		at := now.Add(-10 * time.Minute).UTC().Truncate(time.Second)
		c := itellicotest.Conversation{
			ConversationID: "0b8f5d1e-6c2a-4e7b-9a31-5d4c2e1f0a99", Type: "phone", Status: "completed",
			Direction: itellicotest.Some("inbound"), StartTimestamp: at, CreatedAt: at, UpdatedAt: at,
			ContactNumber: itellicotest.Some("+4915112340000"), DurationSeconds: itellicotest.Some(int64(60)),
			Messages: itellicotest.Some([]itellicotest.Message{
				{Role: "user", Message: itellicotest.Some("I would like to pay my invoice.")},
				{Role: "agent", Message: itellicotest.Some("Of course. Let me take the payment.")},
			}),
		}
		change(&c)
		return append(itellicotest.Seed(now), c)
	}
}

// agentSays makes the conversation's agent say text.
func agentSays(text string) func(c *itellicotest.Conversation) {
	return func(c *itellicotest.Conversation) {
		messages, _ := c.Messages.Get()
		c.Messages = itellicotest.Some(append(messages, itellicotest.Message{Role: "agent", Message: itellicotest.Some(text)}))
	}
}

// Requests of the plans below: one for the key's account (no account_id is
// set), then per data source: 1 + the dimensions' values for counts (5 with
// dimensions = ["status"], 12 with all three), 1 per 1,000 conversations for
// stats and conversations (the seed is 44), 1 for usage, 1 for a directory
// list. The reads of an empty account cost the same: a list asks for its
// first page either way, and counts ask for every number at once.
var guideSnippets = map[string][]snippetRun{
	"reporting/plan_time.tf":        seedAndEmpty(2, 2),
	"reporting/calendar_windows.tf": seedAndEmpty(1+5+1, 1+5+1),
	"reporting/failure_rate_check.tf": append(seedAndEmpty(1+5, 1+5, `Check block assertion failed`, `in the last 24 hours failed, more than 5%.`),
		snippetRun{name: "threshold met", vars: []string{"max_failure_rate=0.5"}, requests: 6}),
	"reporting/postcondition_gate.tf": append(seedAndEmpty(1+5, 1+5),
		snippetRun{name: "a failed call in the last hour", vars: []string{"min_calls=1", "max_failure_rate=0"},
			conversations: withConversation(func(c *itellicotest.Conversation) { c.Status = "failed" }),
			requests:      6, fails: []string{"Resource postcondition failed", "of the last hour's", "phone calls failed, more than 0%."}}),
	"reporting/agent_failure_rate.tf": append(seedAndEmpty(2, 2),
		snippetRun{name: "every agent judged", vars: []string{"min_conversations=1"}, requests: 2,
			warns: []string{"Check block assertion failed", "Agents above a 5% failure rate in the last 24 hours:", "- Sales EN: 1 of 3 failed"}}),
	"reporting/scoped_check.tf": seedAndEmpty(1+5, 1+5,
		"Check block assertion failed", "More than 20% of the last 24 hours' phone conversations were transferred"),
	"reporting/daily_usage.tf": seedAndEmpty(1+1+1, 1+1+1),
	"reporting/choosing.tf":    seedAndEmpty(1+12+1+1+1, 1+12+1+1+1),
	"reporting/transcript_gate.tf": append(seedFails(2, 2, "Module output value precondition failed", "An agent read out what looks like a card number"),
		snippetRun{name: "a failed call without a transcript", requests: 2,
			conversations: withConversation(func(c *itellicotest.Conversation) {
				c.Status, c.Messages = "failed", itellicotest.Null[[]itellicotest.Message]()
			}),
			fails: []string{"Module output value precondition failed", "A failed call of the last 24 hours has no transcript"}},
		snippetRun{name: "a card number read out", requests: 2,
			conversations: withConversation(agentSays("I have your card 4111 1111 1111 1111, thank you.")),
			fails:         []string{"Module output value precondition failed", "An agent read out what looks like a card number"}}),
	"personal-data/figures.tf":             seedAndEmpty(1+5+1, 1+5+1),
	"personal-data/without_transcripts.tf": seedAndEmpty(2, 2),
	"personal-data/ephemeral_gate.tf": append(seedFails(2, 2, "Module output value precondition failed", "An agent read a caller's number back"),
		snippetRun{name: "a number read back", requests: 2,
			conversations: withConversation(agentSays("I will call you back on +4915112340000.")),
			fails:         []string{"Module output value precondition failed", "An agent read a caller's number back"}}),
	"reporting/transcript_check.tf": append(seedAndEmpty(2, 2),
		snippetRun{name: "a failed call without a transcript", requests: 2,
			conversations: withConversation(func(c *itellicotest.Conversation) {
				c.Status, c.Messages = "failed", itellicotest.Null[[]itellicotest.Message]()
			}),
			warns: []string{"Check block assertion failed", "A failed call of the last 24 hours has no transcript."}}),
}

// guidePersonalData is, for each snippet that keeps any, the kinds of
// callers' data (as personalData names them) that its saved plan holds, as
// the personal data guide says; every other snippet keeps none.
var guidePersonalData = map[string][]string{
	"reporting/choosing.tf":                {"contact number", "recording URL", "transcript"},
	"personal-data/without_transcripts.tf": {"contact number", "recording URL"},
}

// Every snippet of the guides plans alone, at the cost the guides state,
// failing or warning as they say.
func TestAccGuide_everySnippetPlansAlone(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(guidesDir, "*", "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no guide snippets in %s: %v", guidesDir, err)
	}
	slices.Sort(files)
	var names []string
	for _, file := range files {
		name, _ := filepath.Rel(guidesDir, file)
		if strings.HasPrefix(filepath.ToSlash(name), testingGuideDir+"/") {
			continue // a configuration of several files, which TestAccTestingGuide_* run
		}
		names = append(names, filepath.ToSlash(name))
	}
	for name := range guideSnippets {
		if !slices.Contains(names, name) {
			t.Errorf("guideSnippets names %s, which is not a snippet of the guides", name)
		}
	}
	for _, name := range names {
		runs, ok := guideSnippets[name]
		if !ok {
			t.Errorf("%s is not in guideSnippets: say what a plan of it costs and whether it fails or warns", name)
			continue
		}
		b, err := os.ReadFile(filepath.Join(guidesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		config := string(b)
		for _, run := range runs {
			t.Run(name+"/"+run.name, func(t *testing.T) {
				t.Parallel()
				skipWithout(t, featuresOf(config)...)
				checkPlan(t, config, run, guidePersonalData[name])
			})
		}
	}
}

// checkPlan plans config alone as run says, and checks the outcome and the
// requests.
func checkPlan(t *testing.T, config string, run snippetRun, holds []string) {
	t.Helper()
	now := time.Now()
	opts := itellicotest.Options{Now: time.Now}
	if run.conversations != nil {
		opts.Conversations = run.conversations(now)
	} else {
		opts.Conversations = itellicotest.Seed(now)
	}
	srv := standIn(t, opts)
	var args []string
	for _, v := range run.vars {
		args = append(args, "-var", v)
	}
	r, out, requests, err := planAlone(t, srv, map[string]string{"snippet.tf": config}, args...)
	switch {
	case run.fails != nil:
		if err == nil || !errorPattern(run.fails...).MatchString(out) {
			t.Errorf("want the plan to fail with %q; err %v:\n%s", run.fails, err, out)
		}
	case err != nil:
		t.Fatalf("plan: %v\n%s", err, out)
	case run.warns != nil:
		if !errorPattern(append([]string{"Warning:"}, run.warns...)...).MatchString(out) {
			t.Errorf("want a warning with %q:\n%s", run.warns, out)
		}
	case strings.Contains(out, "Warning:"):
		t.Errorf("the plan warns:\n%s", out)
	}
	if requests != run.requests {
		t.Errorf("the plan sent %d requests, want %d", requests, run.requests)
	}
	t.Logf("%d requests", requests)
	if !strings.HasPrefix(run.name, "seed") || run.fails != nil {
		return
	}
	// What of callers the saved plan holds: no kind the guides do not say.
	// An agent's greeting is in its transcripts and in its configuration,
	// which itellico_agents reads: that is the agent's text, not a caller's.
	agents, err := json.Marshal(srv.Agents())
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range r.planFiles() {
		for _, p := range personalDataIn(srv, b) {
			kind, quoted, _ := strings.Cut(p, ` "`) // as personalDataIn writes it: kind "text"
			if text, err := strconv.Unquote(`"` + quoted); err == nil && kind == "transcript" && bytes.Contains(agents, []byte(text)) {
				continue
			}
			if !slices.Contains(holds, kind) {
				t.Errorf("the saved plan's %s holds %s; the guides say it holds only %q", name, p, holds)
			}
		}
	}
}

// The demo plans: main.tf alone with any CLI the project supports, and with
// windows.tf where the CLI has provider functions, as scripts/demo.sh does.
func TestAccGuide_demoPlans(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("../../examples/demo", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, files := range [][]string{{"main.tf"}, {"main.tf", "windows.tf"}} {
		t.Run(strings.Join(files, "+"), func(t *testing.T) {
			t.Parallel()
			config := map[string]string{}
			var all string
			for _, f := range files {
				config[f] = read(f)
				all += config[f]
			}
			skipWithout(t, featuresOf(all)...)
			srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Seed(time.Now()), Now: time.Now})
			_, out, requests, err := planAlone(t, srv, config)
			if err != nil {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			for _, want := range []string{"failure_rate_last_24h", "models_hosted_in_the_eu"} {
				if !strings.Contains(out, `in check "`+want+`"`) {
					t.Errorf("the check %s does not warn:\n%s", want, out)
				}
			}
			t.Logf("%d requests", requests)
		})
	}
}

// The README's configurations (its hcl blocks) plan as written against the
// stand-in, at the cost the README states, and keep no callers' data in the
// saved plan: they are numbers.
func TestAccGuide_readmeExamplesPlan(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```hcl\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) == 0 {
		t.Fatal("the README has no hcl block")
	}
	for i, block := range blocks {
		t.Run(fmt.Sprint(i+1), func(t *testing.T) {
			t.Parallel()
			skipWithout(t, featuresOf(block[1])...)
			checkPlan(t, block[1], snippetRun{name: "seed", requests: 7}, nil)
		})
	}
}

// The subaccounts example reports every conversation in exactly one row:
// the key's account's own (its total minus its subaccounts') and one per
// subaccount, inactive ones included, the rows adding up to the key's
// account's total. Over 90 days the seed has 40 conversations of the key's
// account, 4 of Acme Schweiz AG and none of the inactive Acme Österreich GmbH.
func TestAccGuide_subaccountReportCountsNothingTwice(t *testing.T) {
	b, err := os.ReadFile("../../examples/data-sources/itellico_subaccounts/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Seed(time.Now()), Now: time.Now})
	r, out, _, err := planAlone(t, srv, map[string]string{"example.tf": string(b)}, "-var", "days=90", "-out=tfplan")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	shown := r.must("show", "-json", "tfplan")
	var plan struct {
		PlannedValues struct {
			Outputs map[string]struct {
				Value json.RawMessage `json:"value"`
			} `json:"outputs"`
		} `json:"planned_values"`
	}
	if err := json.Unmarshal([]byte(shown), &plan); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Account string `json:"account"`
		Active  bool   `json:"active"`
		Total   int    `json:"total"`
	}
	var all int
	if err := json.Unmarshal(plan.PlannedValues.Outputs["conversations_per_account"].Value, &rows); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(plan.PlannedValues.Outputs["conversations_in_all_accounts"].Value, &all); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	sum := 0
	for _, row := range rows {
		got[row.Account] = row.Total
		sum += row.Total
	}
	want := map[string]int{"(own conversations of the key's account)": 40, "Acme Schweiz AG": 4, "Acme Österreich GmbH": 0}
	if fmt.Sprint(got) != fmt.Sprint(want) || all != 44 || sum != all {
		t.Errorf("rows %v adding up to %d, all accounts %d; want %v adding up to 44", got, sum, all, want)
	}
}
