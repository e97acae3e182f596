package itellico

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func usageConversations() []itellicotest.Conversation {
	conv := func(id, typ, status string, start string, seconds int64) itellicotest.Conversation {
		ts, err := time.Parse(time.RFC3339, start)
		if err != nil {
			panic(err)
		}
		c := itellicotest.Conversation{ConversationID: id, Type: typ, Status: status, StartTimestamp: ts,
			CreatedAt: ts, UpdatedAt: ts.Add(time.Hour)}
		if seconds >= 0 {
			c.DurationSeconds = itellicotest.Some(seconds)
		}
		return c
	}
	return []itellicotest.Conversation{
		conv("00000000-0000-4000-8000-000000000001", "phone", "completed", "2025-06-01T10:00:00Z", 60),
		conv("00000000-0000-4000-8000-000000000002", "web", "completed", "2025-06-01T23:30:00Z", 30),
		conv("00000000-0000-4000-8000-000000000003", "phone", "completed", "2025-06-02T05:00:00Z", 100),
		conv("00000000-0000-4000-8000-000000000004", "phone", "failed", "2025-06-02T06:00:00Z", 5),
		conv("00000000-0000-4000-8000-000000000005", "phone", "completed", "2025-06-02T07:00:00Z", -1),
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, time.June, 3, 12, 0, 0, 0, time.UTC)
	srv, c := standIn(t, itellicotest.Options{Conversations: usageConversations(), Now: func() time.Time { return now }}, nil)
	got, err := c.Usage(testCtx(t), account, url.Values{"start": {"2025-06-01T00:00:00Z"}, "end": {"2025-06-03T00:00:00Z"},
		"granularity": {"day"}, "group_by": {"type"}})
	if err != nil {
		t.Fatal(err)
	}
	i64 := func(v int64) *int64 { return &v }
	want := &Usage{
		Meta: &UsageMeta{AccountID: ptrTo(account), Start: ptrTo("2025-06-01T00:00:00Z"), End: ptrTo("2025-06-03T00:00:00Z"),
			Granularity: ptrTo("day"), GroupBy: []string{"type"}, TZ: ptrTo("UTC")},
		Data: []UsageBucket{
			{TS: ptrTo("2025-06-01T00:00:00Z"), Values: []UsageValue{
				{Conversations: i64(1), Seconds: i64(60), Dimensions: map[string]string{"type": "phone"}},
				{Conversations: i64(1), Seconds: i64(30), Dimensions: map[string]string{"type": "web"}},
			}},
			{TS: ptrTo("2025-06-02T00:00:00Z"), Values: []UsageValue{
				{Conversations: i64(2), Seconds: i64(100), Dimensions: map[string]string{"type": "phone"}},
			}},
		},
	}
	checkDecoded(t, "the usage", got, want)
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Path != "/v1/accounts/"+account+"/analytics/usage" ||
		reqs[0].Query.Get("group_by") != "type" {
		t.Errorf("requests = %+v", reqs)
	}

	// Without group_by every bucket has one value, without dimensions.
	got, err = c.Usage(testCtx(t), "me", url.Values{"start": {"2025-06-01T00:00:00Z"}, "end": {"2025-06-02T00:00:00Z"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Data) != 1 || len(got.Data[0].Values) != 1 || got.Data[0].Values[0].Dimensions != nil ||
		*got.Data[0].Values[0].Conversations != 2 || *got.Data[0].Values[0].Seconds != 90 || got.Meta.GroupBy != nil {
		t.Errorf("ungrouped usage = %+v", got)
	}

	_, err = c.Usage(testCtx(t), account, url.Values{"granularity": {"week"}, "tz": {"Mars/Olympus"}})
	wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"granularity", "tz"})
}

func TestUsageShapeRefused(t *testing.T) {
	t.Parallel()
	for body, reason := range map[string]string{
		`{"data":[]}`:                   `the JSON has no "meta"`,
		`{"meta":null,"data":[]}`:       `the JSON has no "meta"`,
		`{"meta":{"tz":"UTC"}}`:         `the JSON has no "data" list`,
		`{"meta":{},"data":null}`:       `the JSON has no "data" list`,
		`{"meta":{},"data":{"ts":"x"}}`: `the JSON does not have the documented shape: field "data" should be []itellico.UsageBucket, got a JSON object`,
	} {
		_, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, body)), nil)
		_, err := c.Usage(testCtx(t), account, nil)
		var respErr *ResponseError
		if !errors.As(err, &respErr) || respErr.Reason != reason {
			t.Errorf("%s: err = %v, want the reason %q", body, err, reason)
		}
	}
}
