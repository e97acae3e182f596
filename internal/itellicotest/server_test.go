package itellicotest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func rfc3339(t time.Time) string { return t.Format(time.RFC3339Nano) }

func TestAuthAndRouting(t *testing.T) {
	s := newSeeded(t, Options{})

	e := decodeError(t, getWith(t, http.DefaultClient, s, "", conversationsPath), 401, "unauthorized")
	if e.Detail == "" {
		t.Error("401 without detail")
	}
	decodeError(t, getWith(t, http.DefaultClient, s, "wrong-key", conversationsPath), 401, "unauthorized")
	decodeError(t, getWith(t, http.DefaultClient, s, "", "/v1/accounts/current"), 401, "unauthorized")
	decodeError(t, getWith(t, http.DefaultClient, s, "", "/nowhere"), 401, "unauthorized")

	other := "/v1/accounts/7d444840-9dc0-41d5-8d3a-2b7e6c1c5b1e"
	decodeError(t, get(t, s, other+"/conversations"), 403, "forbidden")
	decodeError(t, get(t, s, other+"/agents"), 403, "forbidden")
	decodeError(t, get(t, s, other+"/agents/"+AgentSupportDEID), 403, "forbidden")
	decodeError(t, get(t, s, "/v1/accounts/me/conversations"), 403, "forbidden") // "me" is for agents only

	for _, p := range []string{"/", "/v1", "/v1/accounts", "/v1/accounts/", "/v2/accounts/current",
		conversationsPath + "/", "/v1/accounts/current/", "/v1/accounts/me/agents/" + AgentSupportDEID + "/x",
		"/v1/accounts/" + DefaultAccountID + "/phone-numbers"} {
		decodeError(t, get(t, s, p), 404, "not_found")
	}

	req, _ := http.NewRequest(http.MethodPost, s.URL()+conversationsPath, strings.NewReader("{}"))
	req.Header.Set("X-API-Key", testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET" || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("POST: %d, Allow %q, Content-Type %q", resp.StatusCode, resp.Header.Get("Allow"), resp.Header.Get("Content-Type"))
	}

	decodeError(t, get(t, s, conversationsPath+"?status=%zz"), 400, "bad_request")

	// Upper-case account ids are the same account.
	decodeList(t, get(t, s, "/v1/accounts/"+strings.ToUpper(DefaultAccountID)+"/conversations"))
}

func TestAccountCurrent(t *testing.T) {
	s := newSeeded(t, Options{AccountID: "0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4", AccountName: "Müller & Söhne KG", APIKey: "k2"})
	r := getWith(t, http.DefaultClient, s, "k2", "/v1/accounts/current")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id":                `"0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4"`,
		"name":              `"Müller & Söhne KG"`,
		"is_active":         `true`,
		"parent_account_id": `null`,
		"created":           `"2023-09-01T08:00:00Z"`,
		"modified":          `"2025-01-15T10:30:00Z"`,
	}
	for k, v := range want {
		if string(raw[k]) != v {
			t.Errorf("%s = %s, want %s", k, raw[k], v)
		}
	}
	if len(raw) != len(want) {
		t.Errorf("fields %v", raw)
	}
	// The account of a non-default key owns its conversations; the default account is another's.
	decodeList(t, getWith(t, http.DefaultClient, s, "k2", "/v1/accounts/0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4/conversations"))
	decodeError(t, getWith(t, http.DefaultClient, s, "k2", conversationsPath), 403, "forbidden")
}

func TestConversationFilters(t *testing.T) {
	s := newSeeded(t, Options{})
	day := now.Add(-24 * time.Hour)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []int
	}{
		{"none", nil, span(1, 40)},
		{"conversation_id", url.Values{"conversation_id": {ConversationWithToolResults}}, []int{5}},
		{"conversation_id upper case", url.Values{"conversation_id": {strings.ToUpper(ConversationAllNull)}}, []int{6}},
		{"conversation_id unknown", url.Values{"conversation_id": {"5b0e8a44-2c7d-4f5e-9a61-0d3c8b7e2f19"}}, nil},
		{"agent_id Support DE", url.Values{"agent_id": {AgentSupportDEID}}, []int{1, 2, 8, 11, 17, 19, 21, 26, 28, 33, 35, 37}},
		{"agent_id Support EN", url.Values{"agent_id": {AgentSupportENID}}, []int{3, 5, 9, 13, 16, 20, 23, 27, 31, 36, 39}},
		{"agent_id Sales EN", url.Values{"agent_id": {AgentSalesENID}}, []int{4, 12, 15, 18, 22, 25, 30, 34, 38}},
		{"agent_id without conversations", url.Values{"agent_id": {AgentBillingBotID}}, nil},
		{"type phone", url.Values{"type": {"phone"}}, []int{1, 2, 4, 5, 8, 13, 15, 16, 17, 18, 19, 21, 22, 25, 26, 27, 29, 30, 33, 34, 37, 38, 39}},
		{"type web", url.Values{"type": {"web"}}, []int{3, 9, 10, 14, 20, 24, 28, 31, 36, 40}},
		{"type test", url.Values{"type": {"test"}}, []int{6, 11, 23, 35}},
		{"type unknown", url.Values{"type": {"unknown"}}, []int{7, 32}},
		{"status in_progress", url.Values{"status": {"in_progress"}}, []int{1, 26}},
		{"status failed", url.Values{"status": {"failed"}}, []int{4, 10, 16, 18, 24, 30, 35, 39}},
		{"status transferred", url.Values{"status": {"transferred"}}, []int{8, 13, 19, 27, 34}},
		{"status completed", url.Values{"status": {"completed"}}, except(1, 26, 4, 10, 16, 18, 24, 30, 35, 39, 8, 13, 19, 27, 34)},
		{"direction outbound", url.Values{"direction": {"outbound"}}, []int{4, 12, 15, 18, 22, 25, 30, 34, 38}},
		{"direction internal", url.Values{"direction": {"internal"}}, []int{11, 23, 35}},
		{"direction inbound", url.Values{"direction": {"inbound"}}, except(4, 12, 15, 18, 22, 25, 30, 34, 38, 11, 23, 35, 6, 9, 24, 32, 7)},
		{"created_after is inclusive", url.Values{"created_after": {rfc3339(day)}}, span(1, 17)},
		{"created_after a second later", url.Values{"created_after": {rfc3339(day.Add(time.Second))}}, span(1, 16)},
		{"created_before is exclusive", url.Values{"created_before": {rfc3339(day)}}, span(18, 40)},
		{"created_before a second later", url.Values{"created_before": {rfc3339(day.Add(time.Second))}}, span(17, 40)},
		{"created_after with an offset", url.Values{"created_after": {"2025-06-14T14:00:00+02:00"}}, span(1, 17)},
		{"created_after with fractions", url.Values{"created_after": {"2025-06-15T10:00:00.25Z"}}, span(1, 5)},
		{"created_after a hair later", url.Values{"created_after": {"2025-06-15T10:00:00.250000001Z"}}, span(1, 4)},
		{"updated_after", url.Values{"updated_after": {rfc3339(day)}}, append(span(1, 17), 40)},
		{"updated_before", url.Values{"updated_before": {rfc3339(day)}}, span(18, 39)},
		{"updated_after is inclusive", url.Values{"updated_after": {rfc3339(now.Add(-30 * time.Second))}}, []int{1}},
		{"updated_after a second later", url.Values{"updated_after": {rfc3339(now.Add(-29 * time.Second))}}, nil},
		{"updated_before is exclusive", url.Values{"updated_before": {rfc3339(now.Add(-30 * time.Second))}}, span(2, 40)},
		{"unknown parameter is ignored", url.Values{"sort": {"asc"}, "page": {"7"}}, span(1, 40)},
		{"last value of a repeated parameter", url.Values{"status": {"failed", "in_progress"}}, []int{1, 26}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertIDs(t, decodeList(t, get(t, s, conversationsPath+"?"+tc.query.Encode())), seedIDs(tc.want...))
		})
	}
}

func TestConversationFiltersCombined(t *testing.T) {
	s := newSeeded(t, Options{})
	day := now.Add(-24 * time.Hour)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []int
	}{
		{"failed in the last 24 h", url.Values{"status": {"failed"}, "created_after": {rfc3339(day)}}, []int{4, 10, 16}},
		{"outbound phone calls of Sales EN", url.Values{"type": {"phone"}, "direction": {"outbound"}, "agent_id": {AgentSalesENID}},
			[]int{4, 15, 18, 22, 25, 30, 34, 38}},
		{"completed by Support DE before yesterday", url.Values{"agent_id": {AgentSupportDEID}, "status": {"completed"}, "created_before": {rfc3339(day)}},
			[]int{21, 28, 33, 37}},
		{"created in [now-48h, now-24h)", url.Values{"created_after": {rfc3339(now.Add(-48 * time.Hour))}, "created_before": {rfc3339(day)}},
			[]int{18, 19, 20}},
		{"old but updated recently", url.Values{"created_before": {rfc3339(day)}, "updated_after": {rfc3339(day)}}, []int{40}},
		{"empty window", url.Values{"created_after": {rfc3339(day)}, "created_before": {rfc3339(day)}}, nil},
		{"one id and a filter it fails", url.Values{"conversation_id": {ConversationGerman}, "status": {"failed"}}, nil},
		{"web without direction", url.Values{"type": {"web"}, "direction": {"inbound"}, "status": {"failed"}}, []int{10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertIDs(t, decodeList(t, get(t, s, conversationsPath+"?"+tc.query.Encode())), seedIDs(tc.want...))
		})
	}

	l := decodeList(t, get(t, s, conversationsPath+"?status=failed&limit=2&offset=1"))
	if l.Count != 8 || !slices.Equal(l.ids, seedIDs(10, 16)) {
		t.Errorf("failed, second page of two: count %d ids %v", l.Count, l.ids)
	}
}

func TestConversationOrder(t *testing.T) {
	s := newSeeded(t, Options{})
	l := decodeList(t, get(t, s, conversationsPath))
	// TieA and TieB start at the same moment; TieB has the smaller id.
	if a, b := slices.Index(l.ids, ConversationTieA), slices.Index(l.ids, ConversationTieB); a < 0 || b+1 != a {
		t.Errorf("tied conversations at %d (TieA) and %d (TieB), want TieB right before TieA", a, b)
	}
	var starts []time.Time
	for _, it := range l.Items {
		var c struct {
			Start time.Time `json:"start_timestamp"`
		}
		if err := json.Unmarshal(it, &c); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, c.Start)
	}
	if !slices.IsSortedFunc(starts, func(x, y time.Time) int { return y.Compare(x) }) {
		t.Errorf("not newest first: %v", starts)
	}
}

func TestPaging(t *testing.T) {
	gen := Generate(250, 2, now)
	all := make([]string, len(gen))
	for i := range gen {
		all[i] = gen[i].ConversationID
	}
	s := newSeeded(t, Options{Conversations: gen})

	for _, tc := range []struct {
		query  string
		want   []string
		reason string
	}{
		{"", all[:100], "default page size 100"},
		{"?limit=100&offset=100", all[100:200], "second page"},
		{"?limit=100&offset=200", all[200:], "last, partial page"},
		{"?limit=100&offset=250", []string{}, "offset at the end"},
		{"?offset=1000", []string{}, "offset past the end"},
		{"?limit=1000", all, "the largest page"},
		{"?limit=1&offset=249", all[249:], "one item"},
		{"?offset=0&limit=3", all[:3], "parameter order"},
	} {
		l := decodeList(t, get(t, s, conversationsPath+tc.query))
		if l.Count != 250 || !slices.Equal(l.ids, tc.want) {
			t.Errorf("%s (%q): count %d, %d items, want 250 and %d", tc.reason, tc.query, l.Count, len(l.ids), len(tc.want))
		}
	}

	var walked []string
	for offset := 0; offset < 250; offset += 7 {
		walked = append(walked, decodeList(t, get(t, s, conversationsPath+"?limit=7&offset="+strconv.Itoa(offset))).ids...)
	}
	if !slices.Equal(walked, all) {
		t.Errorf("walking pages of 7 gave %d ids, not all 250 in order", len(walked))
	}

	small := newSeeded(t, Options{Conversations: gen, DefaultLimit: 30, MaxLimit: 50})
	if l := decodeList(t, get(t, small, conversationsPath)); len(l.ids) != 30 {
		t.Errorf("DefaultLimit 30: %d items", len(l.ids))
	}
	decodeList(t, get(t, small, conversationsPath+"?limit=50"))
	decodeError(t, get(t, small, conversationsPath+"?limit=51"), 422, "validation_error")
}

func TestValidation(t *testing.T) {
	s := newSeeded(t, Options{})
	// The '+' of the offset is not escaped, so it arrives as a space, as with any real server.
	raw := "conversation_id=&agent_id=not-a-uuid&type=video&status=&direction=sideways" +
		"&created_after=2025-01-01&created_before=2025-01-01T00:00:00&updated_after=yesterday" +
		"&updated_before=2025-06-15T12:00:00+02:00&limit=0&offset=-1"
	e := decodeError(t, get(t, s, conversationsPath+"?"+raw), 422, "validation_error")
	var fields []string
	for _, f := range e.Errors {
		fields = append(fields, f.Field)
		if f.Message == "" {
			t.Errorf("%s: empty message", f.Field)
		}
	}
	want := []string{"conversation_id", "agent_id", "type", "status", "direction", "created_after",
		"created_before", "updated_after", "updated_before", "limit", "offset"}
	if !slices.Equal(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}

	for _, bad := range []string{"limit=1001", "limit=abc", "limit=", "limit=1.5", "offset=x", "offset=",
		"agent_id=0e63b9e882ce48f8a00d04c0d653e254", "agent_id=%7B" + AgentSupportDEID + "%7D",
		"created_after=2025-06-15+12:00:00Z", "created_after=1718452800", "updated_before=2025-13-01T00:00:00Z",
		"type=PHONE", "status=archived", "direction=Inbound"} {
		e := decodeError(t, get(t, s, conversationsPath+"?"+bad), 422, "validation_error")
		if len(e.Errors) != 1 || e.Errors[0].Field != strings.SplitN(bad, "=", 2)[0] {
			t.Errorf("%s: errors %+v", bad, e.Errors)
		}
	}
	for _, good := range []string{"limit=1000", "limit=1", "offset=0", "created_after=2025-06-15T12:00:00%2B02:00",
		"created_after=2025-06-15T12:00:00.123456789-07:00", "agent_id=" + strings.ToUpper(AgentSalesENID)} {
		decodeList(t, get(t, s, conversationsPath+"?"+good))
	}
}

func TestAgents(t *testing.T) {
	s := newSeeded(t, Options{})
	base := "/v1/accounts/me/agents"
	billing, de, en, sales, empfang := AgentBillingBotID, AgentSupportDEID, AgentSupportENID, AgentSalesENID, AgentEmpfangID
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{billing, de, en, sales, empfang}},
		{"?name=support", []string{de, en}},
		{"?name=SUPPORT%20e", []string{en}},
		{"?name=en", []string{en, sales}},
		{"?name=z%C3%BCr", []string{empfang}},
		{"?name=nobody", []string{}},
		{"?is_archived=true", []string{billing}},
		{"?is_archived=false", []string{de, en, sales, empfang}},
		{"?tags=support", []string{de, en}},
		{"?tags=support&tags=en", []string{en}},
		{"?tags=en,sales", []string{sales}},
		{"?tags=de", []string{billing, de}},
		{"?tags=de&is_archived=false", []string{de}},
		{"?created_after=2024-02-05T09:30:00Z", []string{en, sales, empfang}},
		{"?created_before=2024-02-05T09:30:00Z", []string{billing, de}},
		{"?modified_after=2025-01-01T00:00:00Z&modified_before=2025-04-01T00:00:00Z", []string{de, en}},
	} {
		l := decodeList(t, get(t, s, base+tc.query))
		if l.Count != len(tc.want) || !slices.Equal(l.ids, tc.want) {
			t.Errorf("%q: count %d ids %v, want %v", tc.query, l.Count, l.ids, tc.want)
		}
	}

	l := decodeList(t, get(t, s, "/v1/accounts/"+DefaultAccountID+"/agents?limit=2&offset=1"))
	if l.Count != 5 || !slices.Equal(l.ids, []string{de, en}) {
		t.Errorf("page: count %d ids %v", l.Count, l.ids)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(l.Items[1], &fields); err != nil {
		t.Fatal(err)
	}
	if string(fields["note"]) != "null" || string(fields["tags"]) != `["support","en"]` || string(fields["is_archived"]) != "false" {
		t.Errorf("Support EN: %s", l.Items[1])
	}

	r := get(t, s, base+"/"+empfang)
	if r.status != 200 || string(r.body) != `{"id":"`+empfang+`","name":"Empfang Zürich","tags":[],"is_archived":false,`+
		`"created":"2024-05-01T09:30:00Z","modified":"2024-05-01T09:30:00Z"}` {
		t.Errorf("one agent: %d %s", r.status, r.body)
	}
	decodeError(t, get(t, s, base+"/5b0e8a44-2c7d-4f5e-9a61-0d3c8b7e2f19"), 404, "not_found")
	decodeError(t, get(t, s, base+"/support-de"), 422, "validation_error")
	e := decodeError(t, get(t, s, base+"?is_archived=yes&limit=0&created_after=today"), 422, "validation_error")
	if len(e.Errors) != 3 {
		t.Errorf("errors %+v", e.Errors)
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	s := newSeeded(t, Options{})
	get(t, s, conversationsPath+"?status=failed&limit=5")
	getWith(t, http.DefaultClient, s, "", "/v1/accounts/current")
	rs := s.Requests()
	if len(rs) != 2 || rs[0].N != 1 || rs[1].N != 2 {
		t.Fatalf("requests %+v", rs)
	}
	if rs[0].Method != "GET" || rs[0].Path != conversationsPath || rs[0].Query.Get("limit") != "5" ||
		rs[0].Header.Get("X-API-Key") != testKey || rs[0].Fault != None {
		t.Errorf("first request %+v", rs[0])
	}
	if rs[1].Header.Get("X-API-Key") != "" {
		t.Errorf("second request %+v", rs[1])
	}
	s.ResetRequests()
	get(t, s, "/v1/accounts/current")
	if rs := s.Requests(); len(rs) != 1 || rs[0].N != 3 {
		t.Errorf("after reset: %+v", rs)
	}
}

func TestLatency(t *testing.T) {
	s := newSeeded(t, Options{Latency: 60 * time.Millisecond})
	start := time.Now()
	get(t, s, "/v1/accounts/current")
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("answered in %v", d)
	}
}

func TestAddConversations(t *testing.T) {
	s := newSeeded(t, Options{})
	fresh := Generate(1, 1, now.Add(time.Hour))[0]
	s.AddConversations(fresh)
	l := decodeList(t, get(t, s, conversationsPath+"?limit=2"))
	if l.Count != 41 || !slices.Equal(l.ids, []string{fresh.ConversationID, SeedConversationID(1)}) {
		t.Errorf("after adding: count %d ids %v", l.Count, l.ids)
	}
	if cs := s.Conversations(); len(cs) != 41 || cs[0].ConversationID != fresh.ConversationID {
		t.Errorf("Conversations(): %d, first %s", len(cs), cs[0].ConversationID)
	}
	s.SetConversations([]Conversation{})
	if l := decodeList(t, get(t, s, conversationsPath)); l.Count != 0 || len(l.ids) != 0 {
		t.Errorf("after emptying: %+v", l)
	}
}

func TestListenLoopbackAndServe(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:80", "127.0.0.1"} {
		if l, err := ListenLoopback(addr); err == nil {
			l.Close()
			t.Errorf("ListenLoopback(%q) accepted", addr)
		}
	}
	l, err := ListenLoopback("localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l) }()
	for s.URL() == "" {
		time.Sleep(time.Millisecond)
	}
	if r := get(t, s, "/v1/accounts/me/agents"); r.status != 200 {
		t.Errorf("status %d", r.status)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
