package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func TestAccConversations_noFilterReadsEverySeededConversation(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	all := seededIDs(srv, func(*itellicotest.Conversation) bool { return true })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(int64(len(all))), expectItemIDs(all)},
		}},
	})
	if len(all) != itellicotest.SeedSize {
		t.Fatalf("seed holds %d conversations, want %d", len(all), itellicotest.SeedSize)
	}
}

// filterCase is one filter of the conversations, and which conversations
// it keeps, decided here rather than by the stand-in's filter code.
type filterCase struct {
	name, args string
	keep       func(c *itellicotest.Conversation) bool
}

// conversationFilterCases are the nine filters, each alone, with values that
// keep some of the seeded conversations and not others.
func conversationFilterCases() []filterCase {
	day := func(d int) time.Time { return testNow.Add(time.Duration(-d) * 24 * time.Hour) }
	direction := func(c *itellicotest.Conversation) string { v, _ := c.Direction.Get(); return v }
	agent := func(c *itellicotest.Conversation) string { v, _ := c.AgentID.Get(); return v }
	return []filterCase{
		{"conversation_id", fmt.Sprintf("conversation_id = %q", itellicotest.ConversationGerman),
			func(c *itellicotest.Conversation) bool { return c.ConversationID == itellicotest.ConversationGerman }},
		{"agent_id", fmt.Sprintf("agent_id = %q", itellicotest.AgentSupportDEID),
			func(c *itellicotest.Conversation) bool { return agent(c) == itellicotest.AgentSupportDEID }},
		{"type", `type = "phone"`, func(c *itellicotest.Conversation) bool { return c.Type == "phone" }},
		{"status", `status = "failed"`, func(c *itellicotest.Conversation) bool { return c.Status == "failed" }},
		{"direction", `direction = "inbound"`, func(c *itellicotest.Conversation) bool { return direction(c) == "inbound" }},
		{"created_after", fmt.Sprintf("created_after = %q", day(1).Format(time.RFC3339)),
			func(c *itellicotest.Conversation) bool { return !c.CreatedAt.Before(day(1)) }},
		{"created_before", fmt.Sprintf("created_before = %q", day(3).Format(time.RFC3339)),
			func(c *itellicotest.Conversation) bool { return c.CreatedAt.Before(day(3)) }},
		{"updated_after", fmt.Sprintf("updated_after = %q", day(2).Format(time.RFC3339)),
			func(c *itellicotest.Conversation) bool { return !c.UpdatedAt.Before(day(2)) }},
		{"updated_before", fmt.Sprintf("updated_before = %q", day(2).Format(time.RFC3339)),
			func(c *itellicotest.Conversation) bool { return c.UpdatedAt.Before(day(2)) }},
	}
}

func TestAccConversations_eachFilterAlone(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	cases := conversationFilterCases()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := seededIDs(srv, tc.keep)
			if len(want) == 0 || len(want) == itellicotest.SeedSize {
				t.Fatalf("filter %s keeps %d of %d seeded conversations: the test would prove nothing", tc.name, len(want), itellicotest.SeedSize)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            conversationsConfig(srv, tc.args),
					ConfigStateChecks: []statecheck.StateCheck{expectTotal(int64(len(want))), expectItemIDs(want)},
				}},
			})
		})
	}
}

func TestAccConversations_filtersCombinedAndOnlySetFiltersSent(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	since := testNow.Add(-7 * 24 * time.Hour)
	want := seededIDs(srv, func(c *itellicotest.Conversation) bool {
		d, _ := c.Direction.Get()
		return c.Type == "phone" && d == "inbound" && c.Status == "completed" && !c.CreatedAt.Before(since)
	})
	if len(want) < 2 {
		t.Fatalf("combined filter keeps %d seeded conversations; the seed needs at least 2", len(want))
	}
	args := fmt.Sprintf(`type = "phone"
  direction = "inbound"
  status = "completed"
  created_after = %q`, since.Format(time.RFC3339))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, args),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(int64(len(want))), expectItemIDs(want)},
			Check: func(*terraform.State) error {
				for _, r := range srv.Requests() {
					var sent []string
					for k := range r.Query {
						sent = append(sent, k)
					}
					slices.Sort(sent)
					if want := []string{"created_after", "direction", "limit", "offset", "status", "type"}; !slices.Equal(sent, want) {
						return fmt.Errorf("request %d sent query parameters %v, want %v", r.N, sent, want)
					}
					if got := r.Header.Get("X-API-Key"); got != srv.APIKey() {
						return fmt.Errorf("request %d sent X-API-Key %q", r.N, got)
					}
					if ua := r.Header.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-itellico/test Terraform/\d+\.\d+`).MatchString(ua) {
						return fmt.Errorf("request %d sent User-Agent %q", r.N, ua)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccConversations_pagingAdaptsToTheServersPageSize reads 250
// conversations from a server that answers any page size (one page), one
// that caps pages at 100 (the size is adopted, and what the first page
// left out asked for), and one that refuses a limit above 100 with a 422
// (100 is asked instead), and checks the pages asked for and the order.
func TestAccConversations_pagingAdaptsToTheServersPageSize(t *testing.T) {
	convs := itellicotest.Generate(250, 2, testNow)
	for _, tc := range []struct {
		name  string
		opts  itellicotest.Options
		pages []string // offset/limit of each request, in order of offset
	}{
		{"any size", itellicotest.Options{MaxLimit: 100_000}, []string{"0/1000"}},
		{"capped at 100", itellicotest.Options{PageCap: 100}, []string{"0/1000", "100/100", "200/50"}},
		{"limit above 100 refused", itellicotest.Options{MaxLimit: 100}, []string{"0/1000", "0/100", "100/100", "200/50"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Conversations = convs
			srv := standIn(t, tc.opts)
			ids := seededIDs(srv, func(*itellicotest.Conversation) bool { return true })
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				PreCheck:                 srv.ResetRequests,
				Steps: []resource.TestStep{{
					Config:            conversationsConfig(srv, "include_messages = false"),
					ConfigStateChecks: []statecheck.StateCheck{expectTotal(250), expectItemIDs(ids)},
					Check: func(*terraform.State) error {
						// Terraform reads the data source once per plan and
						// apply; each read asks for the same pages.
						var pages []string
						for _, r := range srv.Requests() {
							pages = append(pages, r.Query.Get("offset")+"/"+r.Query.Get("limit"))
						}
						reads := len(pages) / len(tc.pages)
						want := slices.Repeat(tc.pages, max(reads, 1))
						slices.Sort(pages)
						slices.Sort(want)
						if !slices.Equal(pages, want) {
							return fmt.Errorf("pages requested (offset/limit) %v, want %v per read", pages, tc.pages)
						}
						return nil
					},
				}},
			})
		})
	}
}

func TestAccConversations_emptyResult(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: conversationsConfig(srv, `conversation_id = "00000000-0000-4000-8000-000000000000"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectTotal(0),
				statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

// nullConversation is what a conversation whose optional fields are all
// null or absent must look like in state.
func nullConversation(c itellicotest.Conversation) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"conversation_id": knownvalue.StringExact(c.ConversationID), "type": knownvalue.StringExact(c.Type),
		"status": knownvalue.StringExact(c.Status), "start_timestamp": knownvalue.NotNull(),
		"direction": knownvalue.Null(), "agent_id": knownvalue.Null(), "agent_name": knownvalue.Null(),
		"phone_number_id": knownvalue.Null(), "phone_number": knownvalue.Null(), "contact_number": knownvalue.Null(),
		"duration_seconds": knownvalue.Null(), "messages": knownvalue.Null(), "capture": knownvalue.Null(),
	})
}

func TestAccConversations_nullAndAbsentFieldsAreNull(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for _, c := range srv.Conversations() {
		if c.ConversationID != itellicotest.ConversationAllNull && c.ConversationID != itellicotest.ConversationAllAbsent {
			continue
		}
		id := c.ConversationID
		t.Run(id, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", id)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{nullConversation(c)})),
					},
				}},
			})
		})
	}
}

func TestAccConversations_zeroDurationNullCaptureAndNullRecording(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", itellicotest.ConversationZeroDuration)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("duration_seconds"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("capture"), knownvalue.Null()),
				},
			},
			{
				Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", itellicotest.ConversationRecordingNull)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("capture"),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"recording_url": knownvalue.Null()})),
					statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("phone_number"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccConversations_toolResultsAreNormalizedJSON(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	tool := func(name, message, result knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"role": knownvalue.StringExact("tool"), "name": name, "message": message, "result": result})
	}
	str := knownvalue.StringExact
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", itellicotest.ConversationWithToolResults)) + `
output "order" {
  value = jsondecode(data.itellico_conversations.test.items[0].messages[2].result).items[0].qty
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("messages"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"role": str("user"), "result": knownvalue.Null(), "name": knownvalue.Null()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"role": str("agent"), "message": str("Sure, let me look that up for you.")}),
					tool(str("lookup_order"), knownvalue.Null(),
						str(`{"order_id":"4711","status":"shipped","items":[{"sku":"A-1","qty":2}],"tracking_no":9007199254740993}`)),
					tool(str("list_slots"), str("Fetching delivery slots"), str(`["09:00","10:30","14:00"]`)),
					tool(str("send_sms"), str("SMS queued"), str(`"queued"`)),
					tool(str("get_balance"), knownvalue.Null(), str(`42.5`)),
					tool(str("check_fraud"), knownvalue.Null(), str(`true`)),
					tool(str("noop"), str("No-op"), knownvalue.Null()),
					tool(knownvalue.Null(), knownvalue.Null(), knownvalue.Null()),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"role": str("agent")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"role": str("event"), "message": str("call_ended"), "timestamp": knownvalue.Null()}),
				})),
				statecheck.ExpectKnownOutputValue("order", knownvalue.Int64Exact(2)),
			},
		}},
	})
}

func TestAccConversations_unknownEnumValuesAndRolesPassThrough(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", itellicotest.ConversationUnknownType)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("video")),
				},
			},
			{
				Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", itellicotest.ConversationUnknownRole)),
				Check:  resource.TestCheckTypeSetElemNestedAttrs(testDS, "items.0.messages.*", map[string]string{"role": "handoff"}),
			},
		},
	})
}

func TestAccConversations_nonASCIIText(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var want []string
	for _, c := range srv.Conversations() {
		if c.ConversationID == itellicotest.ConversationJapanese {
			for _, m := range c.Messages.V {
				text, _ := m.Message.Get()
				want = append(want, text)
			}
		}
	}
	checks := make([]knownvalue.Check, len(want))
	for i, text := range want {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"message": knownvalue.StringExact(text)})
	}
	if len(want) == 0 {
		t.Fatal("the Japanese seeded conversation has no messages")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: conversationsConfig(srv, fmt.Sprintf("conversation_id = %q", itellicotest.ConversationJapanese)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("messages"), knownvalue.ListExact(checks)),
				statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("direction"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccConversations_includeMessagesFalseAndMaxItems(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	all := seededIDs(srv, func(*itellicotest.Conversation) bool { return true })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: conversationsConfig(srv, "include_messages = false\n  max_items = 5"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectTotal(int64(len(all))),
				expectItemIDs(all[:5]),
				statecheck.ExpectKnownValue(testDS, tfjsonpath.New("items"), knownvalue.ListExact(slices.Repeat(
					[]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"messages": knownvalue.Null()})}, 5))),
			},
		}},
	})
}

func TestAccConversations_accountFromDataSourceOverridesProvider(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	other := "11111111-2222-4333-8444-555555555555"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// The stand-in refuses any account but its own with 403.
			Config:      conversationsConfig(srv, fmt.Sprintf("account_id = %q", other)),
			ExpectError: errorPattern("The API key may not read this itellico account", "HTTP 403 (forbidden)", "Check account_id"),
		}},
	})
}

func TestAccConversations_unknownFilterAcceptedAtPlanAndReadAtApply(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	want := seededIDs(srv, func(c *itellicotest.Conversation) bool { return c.Status == "failed" })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: conversationsConfig(srv, "status = terraform_data.status.output") + `
resource "terraform_data" "status" {
  input = "failed"
}`,
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(int64(len(want))), expectItemIDs(want)},
		}},
	})
}

func TestAccConversations_everyFilterAtOnceIsSentAsWritten(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var c itellicotest.Conversation
	for _, sc := range srv.Conversations() {
		if sc.ConversationID == itellicotest.ConversationGerman {
			c = sc
		}
	}
	agentID, _ := c.AgentID.Get()
	direction, _ := c.Direction.Get()
	format := func(t time.Time) string { return t.Format(time.RFC3339) }
	want := map[string]string{
		"conversation_id": c.ConversationID, "agent_id": agentID, "type": c.Type, "status": c.Status,
		"direction":     direction,
		"created_after": format(c.CreatedAt.Add(-time.Hour)), "created_before": format(c.CreatedAt.Add(time.Hour)),
		"updated_after": format(c.UpdatedAt.Add(-time.Hour)), "updated_before": format(c.UpdatedAt.Add(time.Hour)),
	}
	var args string
	for k, v := range want {
		args += fmt.Sprintf("%s = %q\n  ", k, v)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, args),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(1), expectItemIDs([]string{c.ConversationID})},
			Check: func(*terraform.State) error {
				for _, r := range srv.Requests() {
					for k, v := range want {
						if got := r.Query.Get(k); got != v {
							return fmt.Errorf("request %d sent %s=%q, want %q", r.N, k, got, v)
						}
					}
				}
				return nil
			},
		}},
	})
}
