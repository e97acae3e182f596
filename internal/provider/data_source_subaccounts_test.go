package provider

import (
	"fmt"
	"testing"

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
