package provider

// The reads of every data source and ephemeral resource that
// TestProtocolServer_readsEveryDataSource (direct_test.go) and
// TestReadPaths_bypassAndFrameworkGiveTheSameStates (witness_test.go)
// make. Each is read without knowing it: with no arguments where its schema
// requires none, and, for the singular twin of a list (newSingle), by the
// id of the first item its list reads. A data source added to dataSources
// is thus read by both tests with no case written for it. The cases written
// here test what is particular to one: filters, errors, warnings, a lookup
// by key; and read a data source that requires an argument.

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// readCase is one read of a data source or (ephemeral) an ephemeral
// resource from a stand-in with opts.
type readCase struct {
	name, typ string // typ is the type name without the provider's prefix
	ephemeral bool
	args      map[string]tftypes.Value
	opts      itellicotest.Options
	want      string // what the diagnostics start with; "" when there must be none
	// firstOf, for the generated read of a singular twin, is the type name
	// of its list: the twin reads the list's first item by id.
	firstOf string
}

func (c readCase) typeName() string { return "itellico_" + c.typ }

func (c readCase) kind() string {
	if c.ephemeral {
		return "ephemeral"
	}
	return "data"
}

// config is the case's configuration for a read from srv: for a twin, the
// id of the first item that its list reads from srv.
func (c readCase) config(ctx context.Context, t *testing.T, srv *itellicotest.Server) map[string]tftypes.Value {
	t.Helper()
	if c.firstOf == "" {
		return c.args
	}
	resp, typ := directReadWith(ctx, t, NewProtocol6Server("test"), srv, c.firstOf, nil)
	if len(resp.Diagnostics) > 0 || resp.State == nil {
		t.Fatalf("the list %s, read for its first item:\n%s", c.firstOf, diagnosticsText(resp.Diagnostics))
	}
	state, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var items []tftypes.Value
	var item map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if err := attrs["items"].As(&items); err != nil || len(items) == 0 {
		t.Fatalf("the list %s has no item in the stand-in (%v): seed one", c.firstOf, err)
	}
	if err := items[0].As(&item); err != nil {
		t.Fatal(err)
	}
	return map[string]tftypes.Value{"id": item["id"]}
}

// twin is, for the singular twin of a list (newSingle), the list's type
// name and the argument that finds an item besides id; "" for another
// reader.
func (s *single[T]) twin() (list, key string) {
	if s.list == nil {
		return "", ""
	}
	return "itellico_" + s.list.name, s.key
}

func (d *dataSource[R]) twin() (list, key string) {
	if tw, ok := d.reader.(interface{ twin() (string, string) }); ok {
		return tw.twin()
	}
	return "", ""
}

func (e *ephemeralResource[R]) twin() (list, key string) { return e.dataSource.twin() }

// twinKey is the key of the singular twin on ("data.<type>" or
// "ephemeral.<type>" without the provider's prefix); "" for another.
func twinKey(on string) string {
	kind, typ, _ := strings.Cut(on, ".")
	var all []readable
	switch kind {
	case "data":
		for _, d := range dataSources {
			all = append(all, d)
		}
	case "ephemeral":
		for _, e := range ephemeralResources {
			all = append(all, e)
		}
	}
	for _, r := range all {
		if tw, ok := r.(interface{ twin() (string, string) }); ok && r.typeName() == "itellico_"+typ {
			_, key := tw.twin()
			return key
		}
	}
	return ""
}

// generatedCases read every data source and ephemeral resource that can be
// read without knowing it.
func generatedCases(t *testing.T) []readCase {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	var cases []readCase
	add := func(r readable, ephemeral bool, schema *tfprotov6.Schema) {
		c := readCase{typ: strings.TrimPrefix(r.typeName(), "itellico_"), ephemeral: ephemeral}
		if tw, ok := r.(interface{ twin() (string, string) }); ok {
			c.firstOf, _ = tw.twin()
		}
		if c.firstOf != "" {
			c.name = "generated: the first of " + strings.TrimPrefix(c.firstOf, "itellico_") + " by id"
			cases = append(cases, c)
			return
		}
		for _, a := range schema.Block.Attributes {
			if a.Required {
				return // read by the cases written for it
			}
		}
		c.name = "generated: no arguments"
		cases = append(cases, c)
	}
	for _, d := range dataSources {
		add(d, false, schemas.DataSourceSchemas[d.typeName()])
	}
	for _, e := range ephemeralResources {
		add(e, true, schemas.EphemeralResourceSchemas[e.typeName()])
	}
	return cases
}

// vals are the arguments of a read; the others are null.
type vals = map[string]tftypes.Value

// readCases are the generated reads and the ones written here.
func readCases(t *testing.T) []readCase {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	strs := func(s ...string) tftypes.Value {
		vs := make([]tftypes.Value, len(s))
		for i := range s {
			vs[i] = str(s[i])
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vs)
	}
	otherAccount := vals{"account_id": str("11111111-2222-4333-8444-555555555555")}
	incomplete := itellicotest.Options{Faults: itellicotest.Always(itellicotest.CountMismatch)}
	cases := generatedCases(t)
	// The conversations, data sources and ephemeral resources alike.
	for _, eph := range []bool{false, true} {
		cases = append(cases,
			readCase{name: "without messages", typ: "conversations", ephemeral: eph, args: vals{"include_messages": tftypes.NewValue(tftypes.Bool, false)}},
			readCase{name: "filtered", typ: "conversations", ephemeral: eph, args: vals{"status": str("failed"), "created_after": str("2026-10-01T00:00:00+02:00")}},
			readCase{name: "max_items", typ: "conversations", ephemeral: eph, args: vals{"max_items": num(3)}},
			readCase{name: "other account (403)", typ: "conversations", ephemeral: eph, args: otherAccount, want: "ERROR"},
			readCase{name: "a 422 naming a filter", typ: "conversations", ephemeral: eph, args: vals{"status": str("archived")},
				want: `ERROR at AttributeName("status")`},
			readCase{name: "an incomplete list (warning)", typ: "conversations", ephemeral: eph, opts: incomplete, want: "WARNING"},
			readCase{name: "one conversation", typ: "conversation", ephemeral: eph, args: vals{"conversation_id": str(itellicotest.ConversationWithToolResults)}},
			readCase{name: "no such conversation", typ: "conversation", ephemeral: eph, args: vals{"conversation_id": str("00000000-0000-4000-8000-000000000000")},
				want: `ERROR at AttributeName("conversation_id")`},
		)
	}
	return append(cases,
		readCase{name: "counts", typ: "conversation_counts", args: vals{"type": str("phone")}},
		readCase{name: "counts of another account (403)", typ: "conversation_counts", args: otherAccount, want: "ERROR"},
		readCase{name: "statistics", typ: "conversation_stats", args: vals{"type": str("phone")}},
		readCase{name: "statistics of an incomplete list (warning)", typ: "conversation_stats", opts: incomplete, want: "WARNING"},
		readCase{name: "usage by agent", typ: "usage", args: vals{"group_by": strs("agent", "type"), "tz": str("Europe/Berlin")}},
		readCase{name: "usage cut short (warning)", typ: "usage", args: vals{"limit": num(2)}, want: "WARNING"},
		readCase{name: "agents", typ: "agents", args: vals{"tags": strs("support")}},
		readCase{name: "agent by name", typ: "agent", args: vals{"name": str("Support DE")}},
		readCase{name: "agent not found", typ: "agent", args: vals{"name": str("Nobody")}, want: `ERROR at AttributeName("name")`},
		readCase{name: "voices", typ: "voices", args: vals{"voice_provider": str("elevenlabs"), "language": str("en-us")}},
		readCase{name: "voices of an unknown vendor (422)", typ: "voices", args: vals{"voice_provider": str("acme")},
			want: `ERROR at AttributeName("voice_provider")`},
	)
}

// checkDiagnostics fails t unless the diagnostics, as text, start with
// want, and are none when want is "".
func (c readCase) checkDiagnostics(t *testing.T, got string) {
	t.Helper()
	if !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
		t.Fatalf("diagnostics:\n%s\nwant them to start with %q", got, c.want)
	}
}
