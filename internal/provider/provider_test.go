package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// testNow is the "now" of the seeded data, so that filters have fixed answers.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"itellico": NewProtocol6Server("test"),
}

func TestMain(m *testing.M) {
	// The provider must not pick up a developer's real credentials.
	for _, v := range []string{envAPIKey, envBaseURL, envAccountID} {
		os.Unsetenv(v)
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Exit(m.Run())
}

// standIn starts the stand-in API with the seed of testNow, and its clock
// at testNow, unless opts brings its own.
func standIn(t *testing.T, opts itellicotest.Options) *itellicotest.Server {
	t.Helper()
	if opts.Conversations == nil {
		opts.Conversations = itellicotest.Seed(testNow)
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	return itellicotest.NewHTTPTest(t, opts)
}

// providerBlock configures the provider for srv; extra lines go inside the block.
func providerBlock(srv *itellicotest.Server, extra ...string) string {
	return fmt.Sprintf(`
provider "itellico" {
  base_url   = %q
  api_key    = %q
  account_id = %q
  %s
}
`, srv.URL(), srv.APIKey(), srv.AccountID(), strings.Join(extra, "\n  "))
}

// keyAccountProviderBlock configures the provider for srv without an
// account_id, so that data sources read the account of the API key.
func keyAccountProviderBlock(srv *itellicotest.Server) string {
	return fmt.Sprintf(`
provider "itellico" {
  base_url = %q
  api_key  = %q
}
`, srv.URL(), srv.APIKey())
}

// conversationsConfig is a provider block plus one itellico_conversations
// data source "test" with the given arguments.
func conversationsConfig(srv *itellicotest.Server, args string, providerExtra ...string) string {
	return dataSourceConfig(srv, "conversations", args, providerExtra...)
}

const testDS = "data.itellico_conversations.test"

// dataSourceConfig is a provider block for srv plus one data source
// itellico_<typ> "test" with the given arguments.
func dataSourceConfig(srv *itellicotest.Server, typ, args string, providerExtra ...string) string {
	return providerBlock(srv, providerExtra...) + fmt.Sprintf(`
data "itellico_%s" "test" {
  %s
}
`, typ, args)
}

// expectItemIDs checks the conversation ids of items, in order.
func expectItemIDs(ids []string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"conversation_id": knownvalue.StringExact(id)})
	}
	return statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items"), knownvalue.ListExact(checks))
}

func expectTotal(n int64) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(testDS, tfjsonpath.New("total_count"), knownvalue.Int64Exact(n))
}

// seededIDs returns, in the API's order, the ids of the seeded
// conversations that keep accepts. It is written apart from the stand-in's
// own filter code so that the two check each other.
func seededIDs(srv *itellicotest.Server, keep func(c *itellicotest.Conversation) bool) []string {
	var ids []string
	for _, c := range srv.Conversations() {
		if keep(&c) {
			ids = append(ids, c.ConversationID)
		}
	}
	return ids
}

// errorPattern matches an error that contains parts in order. Terraform
// wraps diagnostics at any space, so a space in a part matches any white
// space.
func errorPattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
