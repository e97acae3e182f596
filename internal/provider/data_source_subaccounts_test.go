package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// subaccountsOf is the state of the items of itellico_subaccounts: the
// served subaccounts that keep accepts, every attribute, in the API's order.
func subaccountsOf(srv *itellicotest.Server, keep func(a itellicotest.Account) bool) []knownvalue.Check {
	var items []knownvalue.Check
	for _, a := range srv.Subaccounts() {
		if keep(a) {
			items = append(items, knownvalue.ObjectExact(accountValue(a)))
		}
	}
	return items
}

// subaccountByID returns the served subaccount id.
func subaccountByID(t *testing.T, srv *itellicotest.Server, id string) itellicotest.Account {
	t.Helper()
	for _, a := range srv.Subaccounts() {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("the stand-in serves no subaccount %s", id)
	return itellicotest.Account{}
}

func TestAccSubaccounts_isActiveTrueFalseOrUnset(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := keyAccountProviderBlock(srv) + `
data "itellico_subaccounts" "all" {}

data "itellico_subaccounts" "active" {
  is_active = true
}

data "itellico_subaccounts" "inactive" {
  is_active = false
}
`
	var checks []statecheck.StateCheck
	for name, keep := range map[string]func(a itellicotest.Account) bool{
		"all":      func(itellicotest.Account) bool { return true },
		"active":   func(a itellicotest.Account) bool { return a.IsActive },
		"inactive": func(a itellicotest.Account) bool { return !a.IsActive },
	} {
		items := subaccountsOf(srv, keep)
		if len(items) == 0 {
			t.Fatalf("no served subaccount for %s: the test would prove nothing", name)
		}
		ds := "data.itellico_subaccounts." + name
		checks = append(checks,
			expectAttr(ds, "items", knownvalue.ListExact(items)),
			expectAttr(ds, "total_count", knownvalue.Int64Exact(int64(len(items)))))
	}
	checks = append(checks, requestCheck(func() error {
		sent := map[string]int{}
		for _, r := range requestsTo(srv, accountPath(srv.AccountID(), "subaccounts")) {
			sent[fmt.Sprint(r.Query["is_active"])]++
		}
		if len(sent) != 3 || sent["[]"] == 0 || sent["[true]"] == 0 || sent["[false]"] == 0 {
			return fmt.Errorf("is_active sent as %v; want it absent, true and false", sent)
		}
		return nil
	}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccSubaccount_byIDWithEveryAttribute(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	sub := subaccountByID(t, srv, itellicotest.SubaccountOesterreichID)
	checks := expectAttrs("data.itellico_subaccount.test", accountValue(sub))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "subaccount", fmt.Sprintf("id = %q", sub.ID)),
			ConfigStateChecks: append(checks, expectAttr("data.itellico_subaccount.test", "account_id", knownvalue.Null())),
		}},
	})
}

func TestAccSubaccount_byExactName(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	sub := subaccountByID(t, srv, itellicotest.SubaccountSchweizID)
	checks := expectAttrs("data.itellico_subaccount.test", accountValue(sub))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "subaccount", fmt.Sprintf("name = %q", sub.Name)),
			ConfigStateChecks: checks,
		}},
	})
}

// Names are compared exactly: a part of a name matches none, and the error
// lists the account's subaccounts to choose from.
func TestAccSubaccount_noExactMatchListsTheSubaccounts(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var parts []string
	for _, a := range srv.Subaccounts() {
		parts = append(parts, fmt.Sprintf("%q, id %s", a.Name, a.ID))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "subaccount", `name = "Acme Schweiz"`),
			ExpectError: argumentError("subaccount", "name", "No itellico subaccount with this name",
				append([]string{`No subaccount of account "` + srv.AccountID() + `" has name "Acme Schweiz"`,
					"The account's subaccounts:"}, parts...)...),
		}},
	})
}

func TestAccSubaccount_severalWithTheNameListsThem(t *testing.T) {
	at := time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	twins := []itellicotest.Account{
		{ID: "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b", Name: "Acme Nord GmbH", IsActive: true, Created: at, Modified: at},
		{ID: "6ecd8c99-4036-403d-bf84-cf8400f67836", Name: "Acme Süd GmbH", IsActive: true, Created: at, Modified: at},
		{ID: "3f333df6-90a4-4fda-8dd3-9485d27cee36", Name: "Acme Nord GmbH", IsActive: false, Created: at, Modified: at},
	}
	srv := standIn(t, itellicotest.Options{Subaccounts: twins})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "subaccount", `name = "Acme Nord GmbH"`),
			ExpectError: argumentError("subaccount", "name", "Several itellico subaccounts with this name",
				`2 subaccounts of account "`+srv.AccountID()+`" have name "Acme Nord GmbH"`,
				`"Acme Nord GmbH", id `+twins[0].ID, `"Acme Nord GmbH", id `+twins[2].ID, "Set id instead of name"),
		}},
	})
}

func TestAccSubaccount_unknownIDIsAnErrorAtID(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	const missing = "0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "subaccount", fmt.Sprintf("id = %q", missing)),
			ExpectError: argumentError("subaccount", "id", "No itellico subaccount with this id",
				"No subaccount "+missing+` in account "`+srv.AccountID()+`": HTTP 404 (not_found)`),
		}},
	})
}

func TestAccSubaccount_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	exactlyOne := errorPattern("Exactly one of these attributes must be configured: [id,name]")
	refusedAtPlan(t, srv, map[string][]planError{
		"subaccount": {
			{``, exactlyOne},
			{`id = "` + itellicotest.SubaccountSchweizID + `"` + "\n  name = \"Acme Schweiz AG\"", exactlyOne},
			{`name = ""`, argumentError("subaccount", "name", "Invalid Attribute Value Length")},
			{`id = ""`, argumentError("subaccount", "id", "Invalid Attribute Value Length")},
			{`account_id = ""` + "\n  name = \"Acme Schweiz AG\"",
				argumentError("subaccount", "account_id", "Invalid Attribute Value Length")},
		},
		"subaccounts": {
			{`account_id = ""`, argumentError("subaccounts", "account_id", "Invalid Attribute Value Length")},
			{`is_active = "yes"`, errorPattern("Incorrect attribute value type")},
		},
	})
}
