package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// tfRun is a working directory in which the terraform binary of the
// acceptance tests runs against this package's provider, served in the test
// process as terraform-plugin-testing serves it. It is for what
// terraform-plugin-testing does not show a test: the files of a saved plan
// and the state on disk.
type tfRun struct {
	t         *testing.T
	dir       string
	terraform string
	env       []string
}

// newTFRun serves the provider and writes config into a new working
// directory, after a terraform block that requires the provider. It skips
// the test outside acceptance runs, and under a CLI without features,
// saying so (see skipWithout).
func newTFRun(t *testing.T, config string, features ...cliFeature) *tfRun {
	t.Helper()
	skipWithout(t, features...)
	c, err := acceptanceCLI()
	if err != nil {
		t.Fatal(err)
	}
	terraform := c.path

	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	address := host + "/itellicoai/itellico"
	go func() {
		err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()), tf6server.WithLoggingSink(t),
			tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	rc := <-reattach
	t.Cleanup(func() { cancel(); <-closed })
	info, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": rc.Protocol, "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := &tfRun{t: t, dir: t.TempDir(), terraform: terraform,
		env: append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(info), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
			"TF_CLI_CONFIG_FILE="+filepath.Join(t.TempDir(), "none.tfrc"))}
	r.write("main.tf", "terraform {\n  required_providers {\n    itellico = { source = \"itellicoai/itellico\" }\n  }\n}\n"+config)
	r.must("init", "-input=false", "-no-color")
	return r
}

func (r *tfRun) write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// run runs terraform with args in the working directory; out holds stdout
// and stderr.
func (r *tfRun) run(args ...string) (out string, err error) {
	cmd := exec.Command(r.terraform, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	b, err := cmd.CombinedOutput()
	return string(b), err
}

func (r *tfRun) must(args ...string) string {
	r.t.Helper()
	out, err := r.run(args...)
	if err != nil {
		r.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// planFiles saves a plan and returns every file inside it, by name.
func (r *tfRun) planFiles() map[string][]byte {
	r.t.Helper()
	r.must("plan", "-input=false", "-no-color", "-out=tfplan")
	z, err := zip.OpenReader(filepath.Join(r.dir, "tfplan"))
	if err != nil {
		r.t.Fatal(err)
	}
	defer z.Close()
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			r.t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			r.t.Fatal(err)
		}
		files[f.Name] = b
	}
	if len(files) == 0 {
		r.t.Fatal("the saved plan holds no file")
	}
	return files
}

// applyState applies the saved plan and returns the state on disk.
func (r *tfRun) applyState() []byte {
	r.t.Helper()
	r.must("apply", "-input=false", "-no-color", "tfplan")
	b, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

// servedPersonalData is what the stand-in serves of callers: what callers
// said (agents' words include their configured greetings, which are not
// personal), contact numbers and recording URLs, each under the kind it is.
func servedPersonalData(srv *itellicotest.Server) map[string][]string {
	found := map[string][]string{}
	for _, c := range srv.Conversations() {
		if n, ok := c.ContactNumber.Get(); ok {
			found["contact number"] = append(found["contact number"], n)
		}
		if capture, ok := c.Capture.Get(); ok {
			if u, ok := capture.RecordingURL.Get(); ok {
				found["recording URL"] = append(found["recording URL"], u)
			}
		}
		messages, _ := c.Messages.Get()
		for _, m := range messages {
			if text, ok := m.Message.Get(); ok && m.Role == "user" && len(text) >= 12 {
				found["transcript"] = append(found["transcript"], text)
			}
		}
	}
	return found
}

// personalDataIn lists the personal data of srv that b holds, as written
// or escaped as JSON writes it.
func personalDataIn(srv *itellicotest.Server, b []byte) []string {
	var held []string
	for kind, values := range servedPersonalData(srv) {
		for _, v := range values {
			escaped, _ := json.Marshal(v)
			if bytes.Contains(b, []byte(v)) || bytes.Contains(b, escaped[1:len(escaped)-1]) {
				held = append(held, fmt.Sprintf("%s %q", kind, v))
				break
			}
		}
	}
	return held
}
