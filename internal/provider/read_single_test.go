package provider

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// One table for every singular data source: what each does by id and by
// its key is one code path (read_single.go), so each behaviour is tested once,
// over all of them.

// keyed is an item of a list as the stand-in serves it: its id and key.
type keyed struct{ id, key string }

// singular describes a singular data source for the table.
type singular struct {
	typ, key     string
	noun, plural string
	items        func(srv *itellicotest.Server) []keyed // of the key's account, as the default list holds them
	missingID    string
	twins        itellicotest.Options // two items share the key twinKey, twinIDs in the API's order
	twinKey      string
	twinIDs      [2]string
}

func singulars() []singular {
	at := time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	return []singular{
		{
			typ: "agent", key: "name", noun: "agent", plural: "agents",
			items: func(srv *itellicotest.Server) []keyed {
				var ks []keyed
				for _, a := range srv.Agents() {
					if a.AccountID == srv.AccountID() && !a.IsArchived {
						ks = append(ks, keyed{a.ID, a.Name})
					}
				}
				return ks
			},
			missingID: "4d5e6f70-8192-4a3b-8c4d-5e6f708192a3",
			twins: itellicotest.Options{Agents: []itellicotest.Agent{
				{ID: "a1f0c3d2-5b4e-4a69-8c7d-1e2f3a4b5c6d", Name: "Hotline", Created: itellicotest.Some(at)},
				{ID: "b2e1d4c3-6a5f-4b7a-9d8e-2f3a4b5c6d7e", Name: "Hotline Nacht", Created: itellicotest.Some(at.Add(time.Hour))},
				{ID: "c3d2e5f4-7b6a-4c8b-8e9f-3a4b5c6d7e8f", Name: "Hotline", Created: itellicotest.Some(at.Add(2 * time.Hour))},
			}},
			twinKey: "Hotline", twinIDs: [2]string{"a1f0c3d2-5b4e-4a69-8c7d-1e2f3a4b5c6d", "c3d2e5f4-7b6a-4c8b-8e9f-3a4b5c6d7e8f"},
		},
		{
			typ: "subaccount", key: "name", noun: "subaccount", plural: "subaccounts",
			items: func(srv *itellicotest.Server) []keyed {
				var ks []keyed
				for _, a := range srv.Subaccounts() {
					ks = append(ks, keyed{a.ID, a.Name})
				}
				return ks
			},
			missingID: "0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d",
			twins: itellicotest.Options{Subaccounts: []itellicotest.Account{
				{ID: "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b", Name: "Acme Nord GmbH", IsActive: true, Created: at, Modified: at},
				{ID: "6ecd8c99-4036-403d-bf84-cf8400f67836", Name: "Acme Süd GmbH", IsActive: true, Created: at, Modified: at},
				{ID: "3f333df6-90a4-4fda-8dd3-9485d27cee36", Name: "Acme Nord GmbH", Created: at, Modified: at},
			}},
			twinKey: "Acme Nord GmbH", twinIDs: [2]string{"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b", "3f333df6-90a4-4fda-8dd3-9485d27cee36"},
		},
		{
			typ: "phone_number", key: "number", noun: "phone number", plural: "phone numbers",
			items: func(srv *itellicotest.Server) []keyed {
				var ks []keyed
				for _, n := range srv.PhoneNumbers() {
					if number, ok := n.Number.Get(); ok && n.AccountID == srv.AccountID() {
						ks = append(ks, keyed{n.ID, number})
					}
				}
				return ks
			},
			missingID: "7d1e9c2b-4a6f-4e8d-b3c5-9f0a1b2c3d4e",
			twins: itellicotest.Options{PhoneNumbers: []itellicotest.PhoneNumber{
				{ID: "d4e5f6a7-8b9c-4d0e-9f1a-2b3c4d5e6f70", Number: itellicotest.Some("+493000000001")},
				{ID: "e5f6a7b8-9c0d-4e1f-8a2b-3c4d5e6f7081"},
				{ID: "f6a7b8c9-0d1e-4f2a-9b3c-4d5e6f708192", Number: itellicotest.Some("+493000000001")},
			}},
			twinKey: "+493000000001", twinIDs: [2]string{"d4e5f6a7-8b9c-4d0e-9f1a-2b3c4d5e6f70", "f6a7b8c9-0d1e-4f2a-9b3c-4d5e6f708192"},
		},
		{
			typ: "sip_trunk", key: "name", noun: "SIP trunk", plural: "SIP trunks",
			items: func(srv *itellicotest.Server) []keyed {
				var ks []keyed
				for _, s := range srv.SipTrunks() {
					if s.AccountID == srv.AccountID() {
						ks = append(ks, keyed{s.ID, s.Name})
					}
				}
				return ks
			},
			missingID: "9e8d7c6b-5a49-4382-b716-05f4e3d2c1b0",
			twins: itellicotest.Options{SipTrunks: []itellicotest.SipTrunk{
				{ID: "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d", Name: "PBX"},
				{ID: "1b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e", Name: "PBX Backup"},
				{ID: "2c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f", Name: "PBX"},
			}},
			twinKey: "PBX", twinIDs: [2]string{"0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d", "2c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f"},
		},
	}
}

// misspell drops one character from the middle of s: one edit away.
func misspell(s string) string {
	r := []rune(s)
	i := len(r) / 2
	return string(r[:i]) + string(r[i+1:])
}

// closestTo ranks items by the edit distance of their key to key, ignoring
// case, then by key, written out plainly (not the provider's code).
func closestTo(items []keyed, key string) []keyed {
	distance := func(a, b string) int {
		x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
		prev := make([]int, len(y)+1)
		for j := range prev {
			prev[j] = j
		}
		for i := 1; i <= len(x); i++ {
			cur := make([]int, len(y)+1)
			cur[0] = i
			for j := 1; j <= len(y); j++ {
				cost := 1
				if x[i-1] == y[j-1] {
					cost = 0
				}
				cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			}
			prev = cur
		}
		return prev[len(y)]
	}
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(distance(a.key, key), distance(b.key, key)), strings.Compare(a.key, b.key))
	})
	return sorted[:min(len(sorted), maxClosestShown)]
}

func TestAccSingular_everySingularDataSource(t *testing.T) {
	for _, s := range singulars() {
		t.Run(s.typ, func(t *testing.T) {
			t.Run("found by key and by id, the list read once", func(t *testing.T) { testSingularFound(t, s) })
			t.Run("no match lists the closest", func(t *testing.T) { testSingularNoMatch(t, s) })
			t.Run("several matches list them", func(t *testing.T) { testSingularSeveral(t, s) })
			t.Run("an unknown id is an error at id", func(t *testing.T) { testSingularUnknownID(t, s) })
			t.Run("refused at plan", func(t *testing.T) { testSingularRefusedAtPlan(t, s) })
		})
	}
}

// Every item of the list is found by its key and by its id, and the plan
// reads the list once for all of them.
func testSingularFound(t *testing.T, s singular) {
	srv := standIn(t, itellicotest.Options{})
	items := s.items(srv)
	if len(items) < 2 {
		t.Fatalf("the stand-in serves %d %s: too few to test", len(items), s.plural)
	}
	var config strings.Builder
	config.WriteString(providerBlock(srv))
	// The list data source reads the same list.
	fmt.Fprintf(&config, "data %q \"all\" {}\n", "itellico_"+s.typ+"s")
	checks := []statecheck.StateCheck{expectAttr("data.itellico_"+s.typ+"s.all", "total_count", intValue(int64(len(items))))}
	for i, it := range items {
		fmt.Fprintf(&config, "data %q \"by_key_%d\" {\n  %s = %q\n}\n", "itellico_"+s.typ, i, s.key, it.key)
		fmt.Fprintf(&config, "data %q \"by_id_%d\" {\n  id = %q\n}\n", "itellico_"+s.typ, i, it.id)
		checks = append(checks,
			expectAttr(fmt.Sprintf("data.itellico_%s.by_key_%d", s.typ, i), "id", strValue(it.id)),
			expectAttr(fmt.Sprintf("data.itellico_%s.by_id_%d", s.typ, i), s.key, strValue(it.key)))
	}
	// Each provider process (one per terraform command) has a version of
	// its own, which its requests' User-Agent names.
	var processes atomic.Int64
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"itellico": func() (tfprotov6.ProviderServer, error) {
			return NewProtocol6Server(fmt.Sprintf("test-%d", processes.Add(1)))()
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
	// Each process that reads reads the list once, in one page, whatever
	// the number of lookups and however they interleave; how many
	// processes read is terraform's affair (the step plans, applies and
	// plans again).
	requests := srv.Requests()
	perProcess := map[string]int{}
	for _, r := range requests {
		perProcess[r.Header.Get("User-Agent")]++
	}
	if len(perProcess) == 0 {
		t.Error("no request: the list was not read")
	}
	for process, n := range perProcess {
		if n != 1 {
			t.Errorf("%d lookups and a list made %d requests in the provider process %q (requests by process: %v), "+
				"want 1: the list once per provider process", 2*len(items), n, process, perProcess)
		}
	}
	for _, r := range requests {
		if r.Path != accountPath(srv.AccountID(), strings.ReplaceAll(s.typ, "_", "-")+"s") {
			t.Errorf("a request to %s: every item is in the list", r.Path)
		}
	}
}

func testSingularNoMatch(t *testing.T, s singular) {
	srv := standIn(t, itellicotest.Options{})
	items := s.items(srv)
	wrong := misspell(items[0].key)
	parts := []string{fmt.Sprintf("No %s of account %q has %s %q", s.noun, srv.AccountID(), s.key, wrong),
		fmt.Sprintf("The closest of its %d %s:", len(items), s.plural)}
	for _, c := range closestTo(items, wrong) {
		parts = append(parts, fmt.Sprintf("%q, id %s", c.key, c.id))
	}
	steps := []resource.TestStep{{
		Config:      dataSourceConfig(srv, s.typ, fmt.Sprintf("%s = %q", s.key, wrong)),
		ExpectError: argumentError(s.typ, s.key, fmt.Sprintf("No itellico %s with this %s", s.noun, s.key), parts...),
	}}
	if lower := strings.ToLower(items[0].key); lower != items[0].key {
		// Case counts: the name in lower case is another name, whose
		// closest is the one meant.
		steps = append(steps, resource.TestStep{
			Config: dataSourceConfig(srv, s.typ, fmt.Sprintf("%s = %q", s.key, lower)),
			ExpectError: argumentError(s.typ, s.key, fmt.Sprintf("No itellico %s with this %s", s.noun, s.key),
				"It is compared exactly, case included.", fmt.Sprintf("%d %s:\n  - %q, id %s", len(items), s.plural, items[0].key, items[0].id)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
	if first := closestTo(items, wrong)[0]; first != items[0] {
		t.Errorf("the closest to %q is %q, not %q it was misspelt from", wrong, first.key, items[0].key)
	}
}

func testSingularSeveral(t *testing.T, s singular) {
	srv := standIn(t, s.twins)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, s.typ, fmt.Sprintf("%s = %q", s.key, s.twinKey)),
			ExpectError: argumentError(s.typ, s.key, fmt.Sprintf("Several itellico %s with this %s", s.plural, s.key),
				fmt.Sprintf("2 %s of account %q have %s %q", s.plural, srv.AccountID(), s.key, s.twinKey),
				fmt.Sprintf("%q, id %s", s.twinKey, s.twinIDs[0]), fmt.Sprintf("%q, id %s", s.twinKey, s.twinIDs[1]),
				"Set id instead of "+s.key),
		}},
	})
}

func testSingularUnknownID(t *testing.T, s singular) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, s.typ, fmt.Sprintf("id = %q", s.missingID)),
			ExpectError: argumentError(s.typ, "id", fmt.Sprintf("No itellico %s with this id", s.noun),
				fmt.Sprintf("No %s %s in account %q: HTTP 404 (not_found)", s.noun, s.missingID, srv.AccountID()),
				"Check id"),
		}},
	})
}

func testSingularRefusedAtPlan(t *testing.T, s singular) {
	srv := standIn(t, itellicotest.Options{})
	item := s.items(srv)[0]
	exactlyOne := errorPattern(fmt.Sprintf("Exactly one of these attributes must be configured: [id,%s]", s.key))
	refusedAtPlan(t, srv, map[string][]planError{
		s.typ: {
			{``, exactlyOne},
			{fmt.Sprintf("id = %q\n  %s = %q", item.id, s.key, item.key), exactlyOne},
			{s.key + ` = ""`, argumentError(s.typ, s.key, "Invalid Attribute Value Length")},
			{`id = ""`, argumentError(s.typ, "id", "Invalid Attribute Value Length")},
			{fmt.Sprintf("account_id = \"\"\n  %s = %q", s.key, item.key), argumentError(s.typ, "account_id", "Invalid Attribute Value Length")},
		},
		s.typ + "s": {
			{`account_id = ""`, argumentError(s.typ+"s", "account_id", "Invalid Attribute Value Length")},
		},
	})
}
