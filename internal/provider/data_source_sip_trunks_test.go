package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// sipTrunkValue is the state of a SIP trunk the stand-in serves.
func sipTrunkValue(t *itellicotest.SipTrunk) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"id":                   strValue(t.ID),
		"name":                 strValue(t.Name),
		"allowed_ips":          want(t.AllowedIPs, stringList),
		"auth_password_length": want(t.AuthPasswordLength, intValue),
		"has_auth_password":    want(t.HasAuthPassword, boolValue),
		"phone_numbers": want(t.PhoneNumbers, func(ns []itellicotest.PhoneNumberRef) knownvalue.Check {
			items := make([]knownvalue.Check, len(ns))
			for i, n := range ns {
				items[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": strValue(n.ID), "friendly_name": want(n.FriendlyName, strValue), "number": want(n.Number, strValue)})
			}
			return knownvalue.ListExact(items)
		}),
		"sip_auth_username": want(t.SipAuthUsername, strValue),
		"termination_uri":   want(t.TerminationURI, strValue),
	}
}

// servedSipTrunk returns the SIP trunk id as the stand-in serves it.
func servedSipTrunk(t *testing.T, srv *itellicotest.Server, id string) itellicotest.SipTrunk {
	t.Helper()
	for _, st := range srv.SipTrunks() {
		if st.ID == id {
			return st
		}
	}
	t.Fatalf("the stand-in serves no SIP trunk %s", id)
	return itellicotest.SipTrunk{}
}

func TestAccSipTrunks_everyFieldOfEveryTrunk(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var items []knownvalue.Check
	for _, st := range srv.SipTrunks() {
		if st.AccountID == srv.AccountID() {
			items = append(items, knownvalue.ObjectExact(sipTrunkValue(&st)))
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "sip_trunks", ``),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_sip_trunks.test", "items", knownvalue.ListExact(items)),
				expectAttr("data.itellico_sip_trunks.test", "total_count", knownvalue.Int64Exact(int64(len(items)))),
			},
		}},
	})
}

// One trunk by id, the other by its exact name.
func TestAccSipTrunk_byIDAndByExactName(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	berlin := servedSipTrunk(t, srv, itellicotest.SipTrunkBerlinID)
	managed := servedSipTrunk(t, srv, itellicotest.SipTrunkManagedID)
	config := providerBlock(srv) + fmt.Sprintf(`
data "itellico_sip_trunk" "by_id" {
  id = %q
}

data "itellico_sip_trunk" "by_name" {
  name = %q
}
`, berlin.ID, managed.Name)
	checks := expectAttrs("data.itellico_sip_trunk.by_id", sipTrunkValue(&berlin))
	checks = append(checks, expectAttrs("data.itellico_sip_trunk.by_name", sipTrunkValue(&managed))...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// The API never sends a trunk's password. Should it ever send one, under
// whatever name, the state must not hold it: only has_auth_password and
// auth_password_length speak of it.
func TestAccSipTrunks_noPasswordAnywhereInState(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	const secret = "hunter2-s3cret"
	withPassword := func(trunk map[string]any) {
		trunk["auth_password"] = secret
		trunk["sip_auth_password"] = secret
		trunk["password"] = secret
	}
	url := proxy(t, srv, func(r *http.Request, status int, body []byte) (int, []byte) {
		if status != http.StatusOK || !strings.Contains(r.URL.Path, "/sip-trunks") {
			return status, body
		}
		var answer map[string]any
		if err := json.Unmarshal(body, &answer); err != nil {
			t.Errorf("answer to %s: %v", r.URL.Path, err)
			return status, body
		}
		if items, ok := answer["items"].([]any); ok {
			for _, item := range items {
				if m, ok := item.(map[string]any); ok {
					withPassword(m)
				}
			}
		} else {
			withPassword(answer)
		}
		b, _ := json.Marshal(answer)
		return status, b
	})
	config := proxyProviderBlock(srv, url) + fmt.Sprintf(`
data "itellico_sip_trunks" "all" {}

data "itellico_sip_trunk" "by_id" {
  id = %q
}

data "itellico_sip_trunk" "by_name" {
  name = %q
}
`, itellicotest.SipTrunkBerlinID, servedSipTrunk(t, srv, itellicotest.SipTrunkManagedID).Name)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_sip_trunk.by_id", "has_auth_password", knownvalue.Bool(true)),
				noPasswordInState{secret: secret},
			},
		}},
	})
}

// noPasswordInState fails when the state holds secret, or an attribute
// named after a password other than those that describe it.
type noPasswordInState struct{ secret string }

func (c noPasswordInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	var walk func(where string, v any) error
	walk = func(where string, v any) error {
		switch v := v.(type) {
		case string:
			if strings.Contains(v, c.secret) {
				return fmt.Errorf("%s holds the password", where)
			}
		case []any:
			for i, e := range v {
				if err := walk(fmt.Sprintf("%s[%d]", where, i), e); err != nil {
					return err
				}
			}
		case map[string]any:
			for k, e := range v {
				if strings.Contains(k, "password") && k != "has_auth_password" && k != "auth_password_length" {
					return fmt.Errorf("%s has an attribute %s", where, k)
				}
				if err := walk(where+"."+k, e); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if err := walk(r.Address, r.AttributeValues); err != nil {
			resp.Error = err
			return
		}
	}
}
