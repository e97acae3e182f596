package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The API lists archived agents only when asked. A lookup by a name that
// only an archived agent has says so, with its id and how to read it; it
// costs one request more, made only when the name is not among the active
// agents.

// planAgentByName plans one itellico_agent "test" found by name, with a
// provider that reads srv, and returns the output, whether the plan failed,
// and the requests the plan sent.
func planAgentByName(t *testing.T, srv *itellicotest.Server, name string, providerExtra ...string) (out string, failed bool, sent []itellicotest.Request) {
	t.Helper()
	r := newTFRun(t, providerBlock(srv, providerExtra...)+fmt.Sprintf("data \"itellico_agent\" \"test\" {\n  name = %q\n}\n", name))
	before := len(srv.Requests())
	out, err := r.run("plan", "-input=false", "-no-color")
	return strings.Join(strings.Fields(out), " "), err != nil, srv.Requests()[before:]
}

// queryBesidesPaging is what a request asked besides limit and offset.
func queryBesidesPaging(r itellicotest.Request) string {
	parts := []string{}
	for k, v := range r.Query {
		if k != "limit" && k != "offset" {
			parts = append(parts, k+"="+strings.Join(v, ","))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, "&")
}

func TestAccAgent_archivedNameSaysSoAndHowToReachIt(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	agent := servedAgent(t, srv, itellicotest.AgentBillingBotID)
	if !agent.IsArchived {
		t.Fatalf("agent %s is not archived", agent.ID)
	}
	agents := accountPath(srv.AccountID(), "agents")

	out, failed, sent := planAgentByName(t, srv, agent.Name)
	if !failed {
		t.Fatalf("the plan found archived agent %q by name:\n%s", agent.Name, out)
	}
	want := []string{"Error: No itellico agent with this name",
		fmt.Sprintf("No active agent of account %q has name %q, but an archived agent has it", srv.AccountID(), agent.Name),
		"the API lists archived agents only when asked",
		fmt.Sprintf("%q, id %s", agent.Name, agent.ID),
		fmt.Sprintf("set id = %q instead of name", agent.ID),
		fmt.Sprintf("itellico_agents data source with name = %q and is_archived = true", agent.Name)}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("the error lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "The closest of its") {
		t.Errorf("the error lists active agents as candidates, beside the archived agent of that very name:\n%s", out)
	}
	// The list, then the archived agents of that name: two requests.
	if len(sent) != 2 || sent[0].Path != agents || sent[1].Path != agents ||
		queryBesidesPaging(sent[0]) != "" || queryBesidesPaging(sent[1]) != "is_archived=true&name="+agent.Name {
		t.Errorf("requests %v, want the list of agents, then archived agents named %q", describeRequests(sent), agent.Name)
	}
}

// A name among the active agents costs no request for archived agents.
func TestAccAgent_activeNameAsksNothingOfArchivedAgents(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	out, failed, sent := planAgentByName(t, srv, "Support EN")
	if failed {
		t.Fatalf("the plan failed:\n%s", out)
	}
	if len(sent) != 1 || queryBesidesPaging(sent[0]) != "" {
		t.Errorf("requests %v, want the list of agents alone", describeRequests(sent))
	}
}

// A name that no agent has, archived or not, lists the closest active
// agents, as before, after one request for archived agents; so does a name
// that an archived agent has only in part or in another case, since the
// API's name filter matches a part, ignoring case, and the lookup compares
// exactly. Several archived agents of the name are all listed.
func TestAccAgent_archivedNamesComparedExactly(t *testing.T) {
	const (
		activeID = "a1f0c3d2-5b4e-4a69-8c7d-1e2f3a4b5c6d"
		oldID    = "b2e1d4c3-6a5f-4b7a-9d8e-2f3a4b5c6d7e"
		olderID  = "c3d2e5f4-7b6a-4c8b-8e9f-3a4b5c6d7e8f"
		nightID  = "d4e5f6a7-8b9c-4d0e-9f1a-2b3c4d5e6f70"
	)
	at := testNow.AddDate(0, -1, 0)
	srv := standIn(t, itellicotest.Options{Agents: []itellicotest.Agent{
		{ID: activeID, Name: "Hotline", Created: itellicotest.Some(at)},
		{ID: oldID, Name: "Hotline Alt", IsArchived: true, Created: itellicotest.Some(at.Add(time.Hour))},
		{ID: olderID, Name: "Hotline Alt", IsArchived: true, Created: itellicotest.Some(at.Add(2 * time.Hour))},
		{ID: nightID, Name: "Hotline Nacht", IsArchived: true, Created: itellicotest.Some(at.Add(3 * time.Hour))},
	}})

	t.Run("several", func(t *testing.T) {
		out, _, sent := planAgentByName(t, srv, "Hotline Alt")
		for _, w := range []string{"but 2 archived agents have it",
			fmt.Sprintf("%q, id %s", "Hotline Alt", oldID), fmt.Sprintf("%q, id %s", "Hotline Alt", olderID)} {
			if !strings.Contains(out, w) {
				t.Errorf("the error lacks %q:\n%s", w, out)
			}
		}
		if strings.Contains(out, nightID) {
			t.Errorf("the error lists %s, whose name only contains the one looked up:\n%s", nightID, out)
		}
		if len(sent) != 2 {
			t.Errorf("requests %v, want 2", describeRequests(sent))
		}
	})
	for _, name := range []string{"Hotline Ni", "hotline nacht", "Nobody"} {
		t.Run(name, func(t *testing.T) {
			out, failed, sent := planAgentByName(t, srv, name)
			if !failed || !regexp.MustCompile(`No agent of account "[^"]+" has name "`+regexp.QuoteMeta(name)+`"\. It is compared exactly, case included\.`).MatchString(out) {
				t.Errorf("not the usual not-found error:\n%s", out)
			}
			if strings.Contains(out, "archived agent") {
				t.Errorf("the error speaks of archived agents, none of which is named %q exactly:\n%s", name, out)
			}
			if !strings.Contains(out, fmt.Sprintf("%q, id %s", "Hotline", activeID)) {
				t.Errorf("the error does not list the active agent as the closest:\n%s", out)
			}
			if len(sent) != 2 {
				t.Errorf("requests %v, want 2: the list, then archived agents of the name", describeRequests(sent))
			}
		})
	}
}

// When archived agents cannot be listed, the lookup fails as it did, and
// says that archived agents could not be checked.
func TestAccAgent_archivedAgentsUnreadable(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: func(_ int64, r *http.Request) itellicotest.FaultKind {
		if r.URL.Query().Has("is_archived") {
			return itellicotest.InternalError
		}
		return itellicotest.None
	}})
	out, failed, sent := planAgentByName(t, srv, "Billing Bot", "max_retries = 0")
	if !failed {
		t.Fatalf("the plan succeeded:\n%s", out)
	}
	for _, w := range []string{"Error: No itellico agent with this name",
		`has name "Billing Bot". It is compared exactly, case included. Whether an archived agent has it could not be checked:`,
		"HTTP 500 Internal Server Error (internal_error): Internal server error. The closest of its",
		"The closest of its"} {
		if !strings.Contains(out, w) {
			t.Errorf("the error lacks %q:\n%s", w, out)
		}
	}
	if len(sent) != 2 {
		t.Errorf("requests %v, want 2", describeRequests(sent))
	}
}

// describe shows requests as their paths and queries.
func describeRequests(rs []itellicotest.Request) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Path+"?"+queryBesidesPaging(r))
	}
	return out
}
