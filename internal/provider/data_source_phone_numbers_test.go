package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// phoneNumberValue is the state of a phone number the stand-in serves.
func phoneNumberValue(t *testing.T, n itellicotest.PhoneNumber) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"id":            strValue(n.ID),
		"friendly_name": want(n.FriendlyName, strValue),
		"number":        want(n.Number, strValue),
		"inbound_agent": want(n.InboundAgent, func(a itellicotest.AgentRef) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": strValue(a.ID), "name": strValue(a.Name), "avatar": want(a.Avatar, strValue)})
		}),
		"sip_trunk": want(n.SipTrunk, func(s itellicotest.SipTrunkRef) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": strValue(s.ID), "name": strValue(s.Name), "is_managed": want(s.IsManaged, boolValue)})
		}),
		"spam_data":    wantJSON(t, n.SpamData),
		"tellows_data": wantJSON(t, n.TellowsData),
	}
}

// servedPhoneNumber returns the phone number id as the stand-in serves it.
func servedPhoneNumber(t *testing.T, srv *itellicotest.Server, id string) itellicotest.PhoneNumber {
	t.Helper()
	for _, n := range srv.PhoneNumbers() {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("the stand-in serves no phone number %s", id)
	return itellicotest.PhoneNumber{}
}

// The seeded numbers of the key's account hold every shape: an inbound
// agent set and null, a SIP trunk set and null (absent: see the
// subaccount's), an avatar set, null and absent, tellows_data an object, a
// bare number and absent.
func TestAccPhoneNumbers_everyFieldOfEveryNumber(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var items []knownvalue.Check
	shapes := map[string]bool{}
	for _, n := range srv.PhoneNumbers() {
		if n.AccountID != srv.AccountID() {
			continue
		}
		items = append(items, knownvalue.ObjectExact(phoneNumberValue(t, n)))
		shapes[fmt.Sprint("inbound_agent ", n.InboundAgent.State)] = true
		shapes[fmt.Sprint("sip_trunk ", n.SipTrunk.State)] = true
		if a, ok := n.InboundAgent.Get(); ok {
			shapes[fmt.Sprint("avatar ", a.Avatar.State)] = true
		}
		if raw, ok := n.TellowsData.Get(); ok {
			shapes["tellows_data "+string(raw[:1])] = true
		} else {
			shapes["tellows_data absent"] = true
		}
	}
	for _, shape := range []string{"inbound_agent 1", "inbound_agent 2", "sip_trunk 1", "sip_trunk 2",
		"avatar 0", "avatar 1", "avatar 2", "tellows_data {", "tellows_data 3", "tellows_data absent"} {
		if !shapes[shape] {
			t.Errorf("no served phone number has %s: the test would not see that shape", shape)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "phone_numbers", ``),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_phone_numbers.test", "items", knownvalue.ListExact(items)),
				expectAttr("data.itellico_phone_numbers.test", "total_count", knownvalue.Int64Exact(int64(len(items)))),
			},
		}},
	})
}

// The subaccount's number leaves its SIP trunk out.
func TestAccPhoneNumbers_ofASubaccount(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var items []knownvalue.Check
	for _, n := range srv.PhoneNumbers() {
		if n.AccountID == itellicotest.SubaccountSchweizID {
			if n.SipTrunk.State != itellicotest.Absent {
				t.Errorf("served phone number %s of the subaccount has a sip_trunk: the test would not see it absent", n.ID)
			}
			items = append(items, knownvalue.ObjectExact(phoneNumberValue(t, n)))
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "phone_numbers", fmt.Sprintf("account_id = %q", itellicotest.SubaccountSchweizID)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_phone_numbers.test", "items", knownvalue.ListExact(items)),
			},
		}},
	})
}

// By id, a number answered by an agent without avatar over a managed trunk,
// whose tellows_data is a bare score.
func TestAccPhoneNumber_byID(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	n := servedPhoneNumber(t, srv, itellicotest.PhoneNumberSupportENID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "phone_number", fmt.Sprintf("id = %q", n.ID)),
			ConfigStateChecks: expectAttrs("data.itellico_phone_number.test", phoneNumberValue(t, n)),
		}},
	})
}

// By the number itself: one with no inbound agent, and one without a SIP
// trunk whose tellows_data is absent.
func TestAccPhoneNumber_byExactNumber(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	ivr := servedPhoneNumber(t, srv, itellicotest.PhoneNumberIVRID)
	sales := servedPhoneNumber(t, srv, itellicotest.PhoneNumberSalesENID)
	config := providerBlock(srv) + fmt.Sprintf(`
data "itellico_phone_number" "ivr" {
  number = %q
}

data "itellico_phone_number" "sales" {
  number = %q
}
`, ivr.Number.V, sales.Number.V)
	checks := expectAttrs("data.itellico_phone_number.ivr", phoneNumberValue(t, ivr))
	checks = append(checks, expectAttrs("data.itellico_phone_number.sales", phoneNumberValue(t, sales))...)
	checks = append(checks,
		expectAttr("data.itellico_phone_number.ivr", "inbound_agent", knownvalue.Null()),
		expectAttr("data.itellico_phone_number.sales", "sip_trunk", knownvalue.Null()),
		expectAttr("data.itellico_phone_number.sales", "tellows_data", knownvalue.Null()))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}
