package itellico

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func agentIDs(items []Agent) []string {
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	return ids
}

func boolPtr(b bool) *bool { return &b }

func TestAgentFilterValues(t *testing.T) {
	t.Parallel()
	if v := (AgentFilter{}).Values(); v == nil || len(v) != 0 {
		t.Errorf("empty filter Values() = %#v, want an empty non-nil map", v)
	}
	full := AgentFilter{Name: "Support", Tags: []string{"support", "en"}, IsArchived: boolPtr(false)}
	want := url.Values{"name": {"Support"}, "tags": {"support", "en"}, "is_archived": {"false"}}
	if got := full.Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("Values() = %v, want %v", got, want)
	}
	if got := (AgentFilter{IsArchived: boolPtr(true), Tags: []string{}}).Values().Encode(); got != "is_archived=true" {
		t.Errorf("Values().Encode() = %q", got)
	}
}

func TestListAgentsFilters(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{}, nil)
	const (
		billing = itellicotest.AgentBillingBotID
		de      = itellicotest.AgentSupportDEID
		en      = itellicotest.AgentSupportENID
		sales   = itellicotest.AgentSalesENID
		empfang = itellicotest.AgentEmpfangID
	)
	cases := []struct {
		name      string
		filter    AgentFilter
		wantIDs   []string
		wantQuery string
	}{
		{"none", AgentFilter{}, []string{billing, de, en, sales, empfang}, "limit=100&offset=0"},
		{"name, partial", AgentFilter{Name: "support"}, []string{de, en}, "limit=100&name=support&offset=0"},
		{"name, other case", AgentFilter{Name: "SUPPORT E"}, []string{en}, "limit=100&name=SUPPORT+E&offset=0"},
		{"name, non-ASCII", AgentFilter{Name: "ZÜR"}, []string{empfang}, "limit=100&name=Z%C3%9CR&offset=0"},
		{"one tag", AgentFilter{Tags: []string{"en"}}, []string{billing, en, sales}, "limit=100&offset=0&tags=en"},
		{"every tag", AgentFilter{Tags: []string{"support", "en"}}, []string{en}, "limit=100&offset=0&tags=support&tags=en"},
		{"archived", AgentFilter{IsArchived: boolPtr(true)}, []string{billing}, "is_archived=true&limit=100&offset=0"},
		{"not archived", AgentFilter{IsArchived: boolPtr(false)}, []string{de, en, sales, empfang}, "is_archived=false&limit=100&offset=0"},
		{"combined", AgentFilter{Name: "e", Tags: []string{"en"}, IsArchived: boolPtr(false)}, []string{en, sales},
			"is_archived=false&limit=100&name=e&offset=0&tags=en"},
		{"nothing matches", AgentFilter{Name: "nobody"}, []string{}, "limit=100&name=nobody&offset=0"},
	}
	for _, tc := range cases {
		srv.ResetRequests()
		list, err := c.ListAgents(testCtx(t), srv.AccountID(), tc.filter, ListOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := agentIDs(list.Items); !slices.Equal(got, tc.wantIDs) || list.Count != int64(len(tc.wantIDs)) || list.Shortfall != nil {
			t.Errorf("%s: count %d, ids %v, shortfall %v; want %d, %v", tc.name, list.Count, got, list.Shortfall, len(tc.wantIDs), tc.wantIDs)
		}
		reqs := srv.Requests()
		wantPath := "/v1/accounts/" + srv.AccountID() + "/agents"
		if len(reqs) != 1 || reqs[0].Path != wantPath || reqs[0].Query.Encode() != tc.wantQuery {
			t.Errorf("%s: requests %+v, want one to %s with query %s", tc.name, reqs, wantPath, tc.wantQuery)
		}
	}
}

func TestListAgentsDecodesEveryField(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{}, nil)
	list, err := c.ListAgents(testCtx(t), srv.AccountID(), AgentFilter{}, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	str := func(s string) *string { return &s }
	want := map[string]Agent{
		itellicotest.AgentSupportDEID: {ID: itellicotest.AgentSupportDEID, Name: str("Support DE"), Tags: []string{"support", "de"},
			Note: str("Deutschsprachiger Support, Mo–Fr 8–18 Uhr."), IsArchived: boolPtr(false),
			Created: str("2024-01-10T09:30:00Z"), Modified: str("2025-03-03T09:30:00Z")},
		// note sent as null
		itellicotest.AgentSupportENID: {ID: itellicotest.AgentSupportENID, Name: str("Support EN"), Tags: []string{"support", "en"},
			IsArchived: boolPtr(false), Created: str("2024-02-05T09:30:00Z"), Modified: str("2025-02-14T09:30:00Z")},
		// note absent, no tags
		itellicotest.AgentEmpfangID: {ID: itellicotest.AgentEmpfangID, Name: str("Empfang Zürich"), Tags: []string{},
			IsArchived: boolPtr(false), Created: str("2024-05-01T09:30:00Z"), Modified: str("2024-05-01T09:30:00Z")},
	}
	seen := 0
	for _, a := range list.Items {
		w, ok := want[a.ID]
		if !ok {
			continue
		}
		seen++
		if !reflect.DeepEqual(a, w) {
			t.Errorf("agent %s decoded as\n%s\nwant\n%s", a.ID, agentString(a), agentString(w))
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d agents checked", seen, len(want))
	}
}

func agentString(a Agent) string {
	s := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	arch := "<nil>"
	if a.IsArchived != nil {
		arch = fmt.Sprint(*a.IsArchived)
	}
	return fmt.Sprintf("{%s %s %#v note=%s archived=%s %s %s}", a.ID, s(a.Name), a.Tags, s(a.Note), arch, s(a.Created), s(a.Modified))
}

// manyAgents returns n agents named "Agent 000" on, oldest first.
func manyAgents(n int) []itellicotest.Agent {
	base := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	agents := make([]itellicotest.Agent, n)
	for i := range agents {
		agents[i] = itellicotest.Agent{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Name: fmt.Sprintf("Agent %03d", i),
			Tags: []string{"bulk"}, Created: base.Add(time.Duration(i) * time.Hour), Modified: base}
	}
	return agents
}

func TestListAgentsReadsEveryPage(t *testing.T) {
	t.Parallel()
	agents := manyAgents(250)
	srv, c := standInClient(t, itellicotest.Options{Agents: agents}, nil)
	list, err := c.ListAgents(testCtx(t), srv.AccountID(), AgentFilter{Tags: []string{"bulk"}}, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(agents))
	for i := range agents {
		want[i] = agents[i].ID
	}
	if got := agentIDs(list.Items); !slices.Equal(got, want) || list.Count != 250 || list.Shortfall != nil {
		t.Errorf("count %d, %d items, shortfall %v; want all 250 in order", list.Count, len(got), list.Shortfall)
	}
	var pages []string
	for _, r := range srv.Requests() {
		if r.Query.Get("tags") != "bulk" {
			t.Errorf("request %d lost the filter: %v", r.N, r.Query)
		}
		pages = append(pages, r.Query.Get("offset")+"/"+r.Query.Get("limit"))
	}
	slices.Sort(pages)
	if want := []string{"0/100", "100/100", "200/50"}; !slices.Equal(pages, want) {
		t.Errorf("pages (offset/limit) = %v, want %v", pages, want)
	}
}

func TestListAgentsServerIgnoringPagingIsAShortfall(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{Agents: manyAgents(150), Faults: itellicotest.Always(itellicotest.IgnorePaging)}, nil)
	list, err := c.ListAgents(testCtx(t), srv.AccountID(), AgentFilter{}, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Shortfall == nil || list.Shortfall.Read != 100 || list.Shortfall.Expected != 150 {
		t.Errorf("shortfall = %v, want 100 of 150 read", list.Shortfall)
	}
}

func TestGetAgent(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{}, nil)
	a, err := c.GetAgent(testCtx(t), srv.AccountID(), itellicotest.AgentSalesENID)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != itellicotest.AgentSalesENID || a.Name == nil || *a.Name != "Sales EN" || !slices.Equal(a.Tags, []string{"sales", "en", "outbound"}) ||
		a.Note == nil || *a.Note != "Outbound renewal campaigns 🚀" {
		t.Errorf("decoded %s", agentString(*a))
	}
	reqs := srv.Requests()
	if want := "/v1/accounts/" + srv.AccountID() + "/agents/" + itellicotest.AgentSalesENID; len(reqs) != 1 || reqs[0].Path != want {
		t.Errorf("requests = %+v, want one to %s", reqs, want)
	}
}

func TestGetAgentNotFound(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{}, nil)
	_, err := c.GetAgent(testCtx(t), srv.AccountID(), "00000000-0000-4000-8000-000000000000")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.Code != "not_found" || apiErr.Attempts != 1 {
		t.Fatalf("err = %v, want *APIError 404 not_found after one attempt", err)
	}
}

func TestGetAgentWithoutIDRefused(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"name":"Support DE","tags":[]}`))
	})
	_, err := newClient(t, srv.URL, nil).GetAgent(testCtx(t), "acc_1", itellicotest.AgentSupportDEID)
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %v, want a *ResponseError", err)
	}
}
