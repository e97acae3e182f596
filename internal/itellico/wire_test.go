package itellico

// The wire test ties the client's wire types to the stand-in's. Nothing else
// does, but the acceptance tests, which see a field only when a data source
// shows it: a field the stand-in sends and the client's type lacks is
// dropped silently by encoding/json, and a field the client's type has and
// the stand-in never sends is a field no test has ever decoded.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// wireEndpoint is an endpoint the stand-in serves, read through the
// client's own functions, with the client's wire type of what it sends.
type wireEndpoint struct {
	name     string       // as failures name the endpoint
	typeName string       // the client's wire type, as failures name it
	typ      reflect.Type // of one item of a list, one element of a JSON list, or the one value
	// standIn is the stand-in's type of the same, whose every field some
	// seeded record must send with a value.
	standIn reflect.Type
	list    bool // the answer is a page: {"count": n, "items": [...]}
	// subset: the type reads part of what is sent, on purpose; only its own
	// fields must be sent.
	subset bool
	// freeForm are the fields whose value is free-form JSON, kept whole by
	// the client (json.RawMessage) or a map whose keys are data: their
	// insides are not fields.
	freeForm []string
	// extra are fields the stand-in sends that the client does not know,
	// on purpose, to prove that a field the API adds later breaks no read:
	// the stand-in's Extra maps. Each is excluded by name, must be sent,
	// and must stay unknown to the client.
	extra []string
	// read reads every record the stand-in serves at the endpoint, in the
	// order it sends them, and returns what the client decoded: one value
	// per served item (or JSON list element, or answer).
	read func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error)
	// served is how many items the stand-in's getters say it serves there.
	served func(srv *itellicotest.Server) int
}

// accounts are the key's account and its subaccounts: every account the
// stand-in serves records of.
func accounts(srv *itellicotest.Server) []string {
	ids := []string{srv.AccountID()}
	for _, a := range srv.Subaccounts() {
		ids = append(ids, a.ID)
	}
	return ids
}

// readAll reads the list at the endpoint of each account with ReadAll.
func readAll[T any](ctx context.Context, c *Client, ep func(account string) ListEndpoint[T], query url.Values,
	accounts ...string) ([]any, error) {
	var out []any
	for _, a := range accounts {
		l, err := ReadAll(ctx, c, ep(a), query)
		if err != nil {
			return nil, err
		}
		if l.Shortfall != nil {
			return nil, fmt.Errorf("%s: %v", ep(a).Path, l.Shortfall)
		}
		for _, item := range l.Items {
			out = append(out, item)
		}
	}
	return out, nil
}

// each reads one object per id with get.
func each[T any](ids []string, get func(id string) (*T, error)) ([]any, error) {
	var out []any
	for _, id := range ids {
		v, err := get(id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func elements[T any](vs []T, err error) ([]any, error) {
	out := make([]any, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out, err
}

var includeArchived = url.Values{"include_archived": {"true"}}

var wireEndpoints = []wireEndpoint{
	{
		name: "current account", typeName: "Account", typ: reflect.TypeFor[Account](),
		standIn: reflect.TypeFor[itellicotest.Account](),
		read: func(ctx context.Context, c *Client, _ *itellicotest.Server) ([]any, error) {
			a, err := c.CurrentAccount(ctx)
			return []any{a}, err
		},
		served: func(*itellicotest.Server) int { return 1 },
	},
	{
		name: "subaccounts", typeName: "Account", typ: reflect.TypeFor[Account](),
		standIn: reflect.TypeFor[itellicotest.Account](), list: true,
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return readAll(ctx, c, Subaccounts, nil, srv.AccountID())
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Subaccounts()) },
	},
	{
		name: "subaccount", typeName: "Account", typ: reflect.TypeFor[Account](),
		standIn: reflect.TypeFor[itellicotest.Account](),
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return each(accounts(srv)[1:], func(id string) (*Account, error) { return c.GetSubaccount(ctx, srv.AccountID(), id) })
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Subaccounts()) },
	},
	{
		name: "agents", typeName: "Agent", typ: reflect.TypeFor[Agent](),
		standIn: reflect.TypeFor[itellicotest.Agent](), list: true,
		freeForm: []string{"metadata", "model", "transcriber", "voice"},
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return readAll(ctx, c, Agents, includeArchived, accounts(srv)...)
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Agents()) },
	},
	{
		name: "agent", typeName: "Agent", typ: reflect.TypeFor[Agent](),
		standIn:  reflect.TypeFor[itellicotest.Agent](),
		freeForm: []string{"metadata", "model", "transcriber", "voice"},
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			var out []any
			for _, a := range srv.Agents() {
				v, err := c.GetAgent(ctx, a.AccountID, a.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Agents()) },
	},
	{
		// The list of the key's account holds its subaccounts' too.
		name: "conversations", typeName: "Conversation", typ: reflect.TypeFor[Conversation](),
		standIn: reflect.TypeFor[itellicotest.Conversation](), list: true,
		freeForm: []string{"messages[].result"},
		// Seed's conversation 20 (ConversationWithExtraFields) has fields
		// the provider does not know yet, and 13's handoff message one.
		extra: []string{"summary", "sentiment_score", "messages[].target"},
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return readAll(ctx, c, Conversations, nil, srv.AccountID())
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Conversations()) },
	},
	{
		// What statistics read of a conversation: part of it, on purpose.
		name: "conversations as summaries", typeName: "ConversationSummary", typ: reflect.TypeFor[ConversationSummary](),
		list: true, subset: true,
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return readAll(ctx, c, ConversationSummaries, nil, srv.AccountID())
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Conversations()) },
	},
	{
		name: "phone numbers", typeName: "PhoneNumber", typ: reflect.TypeFor[PhoneNumber](),
		standIn: reflect.TypeFor[itellicotest.PhoneNumber](), list: true,
		freeForm: []string{"spam_data", "tellows_data"},
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return readAll(ctx, c, PhoneNumbers, nil, accounts(srv)...)
		},
		served: func(srv *itellicotest.Server) int { return len(srv.PhoneNumbers()) },
	},
	{
		name: "phone number", typeName: "PhoneNumber", typ: reflect.TypeFor[PhoneNumber](),
		standIn:  reflect.TypeFor[itellicotest.PhoneNumber](),
		freeForm: []string{"spam_data", "tellows_data"},
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			var out []any
			for _, n := range srv.PhoneNumbers() {
				v, err := c.GetPhoneNumber(ctx, n.AccountID, n.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		},
		served: func(srv *itellicotest.Server) int { return len(srv.PhoneNumbers()) },
	},
	{
		name: "SIP trunks", typeName: "SipTrunk", typ: reflect.TypeFor[SipTrunk](),
		standIn: reflect.TypeFor[itellicotest.SipTrunk](), list: true,
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return readAll(ctx, c, SipTrunks, nil, accounts(srv)...)
		},
		served: func(srv *itellicotest.Server) int { return len(srv.SipTrunks()) },
	},
	{
		name: "SIP trunk", typeName: "SipTrunk", typ: reflect.TypeFor[SipTrunk](),
		standIn: reflect.TypeFor[itellicotest.SipTrunk](),
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			var out []any
			for _, s := range srv.SipTrunks() {
				v, err := c.GetSipTrunk(ctx, s.AccountID, s.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		},
		served: func(srv *itellicotest.Server) int { return len(srv.SipTrunks()) },
	},
	{
		name: "model catalog", typeName: "ModelCatalogEntry", typ: reflect.TypeFor[ModelCatalogEntry](),
		standIn: reflect.TypeFor[itellicotest.ModelProvider](),
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return elements(c.ModelCatalog(ctx, srv.AccountID()))
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Models()) },
	},
	{
		name: "transcriber catalog", typeName: "TranscriberCatalogEntry", typ: reflect.TypeFor[TranscriberCatalogEntry](),
		standIn: reflect.TypeFor[itellicotest.TranscriberProvider](),
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			return elements(c.TranscriberCatalog(ctx, srv.AccountID()))
		},
		served: func(srv *itellicotest.Server) int { return len(srv.Transcribers()) },
	},
	{
		// Read as it comes and grouped by every group, which adds
		// meta.group_by and each value's dimensions (a map from group to
		// value, so its keys are data).
		name: "usage", typeName: "Usage", typ: reflect.TypeFor[Usage](),
		standIn:  reflect.TypeFor[itellicotest.Usage](),
		freeForm: []string{"data[].values[].dimensions"},
		read: func(ctx context.Context, c *Client, srv *itellicotest.Server) ([]any, error) {
			var out []any
			for _, q := range []url.Values{nil, {"group_by": {strings.Join(itellicotest.UsageGroups, ",")}}} {
				u, err := c.Usage(ctx, srv.AccountID(), q)
				if err != nil {
					return nil, err
				}
				out = append(out, u)
			}
			return out, nil
		},
		served: func(*itellicotest.Server) int { return 2 },
	},
}

// TestWire_clientTypesMatchTheStandIn reads every record the stand-in
// serves, at every endpoint, through the client's own functions, and
// compares what was sent with the client's wire type: the field names sent
// anywhere in the JSON (through nested objects and lists of objects) with
// the json names of the type's fields (through structs, pointers and
// slices), both ways; then each value sent with the value the client
// decoded. The voice catalog is free-form JSON, which the client keeps
// whole: it has no wire type to compare.
func TestWire_clientTypesMatchTheStandIn(t *testing.T) {
	var rec recorder
	srv, c := frontClient(t, itellicotest.Options{}, rec.serve, nil)
	ctx := testCtx(t)
	// By type, the client's and the stand-in's: the paths of its fields,
	// and how often each was sent with a value.
	fieldsOf := map[string]map[string]bool{}
	valued := map[string]map[string]int{}
	for _, ep := range wireEndpoints {
		t.Run(ep.name, func(t *testing.T) {
			rec.take()
			decoded, err := ep.read(ctx, c, srv)
			if err != nil {
				t.Fatalf("%s: the client's read failed: %v", ep.name, err)
			}
			items := servedItems(t, ep, rec.take())
			if len(items) != ep.served(srv) {
				t.Fatalf("%s: %d items sent, but the stand-in serves %d: the test would not see every record",
					ep.name, len(items), ep.served(srv))
			}
			if len(decoded) != len(items) {
				t.Fatalf("%s: the client decoded %d items of the %d sent", ep.name, len(decoded), len(items))
			}
			free := setOf(ep.freeForm)
			// Neither free-form fields nor the fields the client does not
			// know have fields inside that the client's type should have.
			opaque := setOf(append(slices.Clone(ep.freeForm), ep.extra...))
			sent := newFieldSet()
			for _, item := range items {
				sent.walk(item, "", opaque)
			}
			fields, problems := goFields(ep.typ, free)
			for _, p := range problems {
				t.Errorf("%s: the client's %s: %s", ep.name, ep.typeName, p)
			}
			compareFields(t, ep, sent, fields)
			for i, item := range items {
				compareValues(t, fmt.Sprintf("%s: item %d", ep.name, i), item, clientJSON(t, decoded[i]), "", free)
			}
			if ep.subset {
				return
			}
			standInFields, problems := goFields(ep.standIn, free)
			for _, p := range problems {
				t.Errorf("%s: the stand-in's %s: %s", ep.name, ep.standIn.Name(), p)
			}
			for who, fields := range map[string]map[string]bool{
				"the client's " + ep.typeName:         fields,
				"the stand-in's " + ep.standIn.Name(): standInFields,
			} {
				if valued[who] == nil {
					valued[who], fieldsOf[who] = map[string]int{}, fields
				}
				for p, n := range sent.valued {
					valued[who][p] += n
				}
			}
		})
	}
	t.Run("voices", func(t *testing.T) {
		t.Skip("the voice catalog is free-form JSON, which the client keeps whole (Client.Voices): no wire type to compare")
	})
	// A field sent only as null or left out proves the field's name, not
	// that its value decodes; and a field of the stand-in's type that no
	// seeded record sends is a gap in the seed, which neither side's
	// comparison with the JSON would see.
	t.Run("every field sent with a value", func(t *testing.T) {
		for _, who := range slices.Sorted(maps.Keys(fieldsOf)) {
			for _, p := range slices.Sorted(maps.Keys(fieldsOf[who])) {
				if valued[who][p] == 0 {
					t.Errorf("%s has `%s`, which no seeded record sends with a value (only null or absent): "+
						"nothing proves that it decodes", who, p)
				}
			}
		}
	})
}

// compareFields reports the fields that one side has and the other lacks.
func compareFields(t *testing.T, ep wireEndpoint, sent *fieldSet, fields map[string]bool) {
	t.Helper()
	extra := setOf(ep.extra)
	for _, p := range slices.Sorted(maps.Keys(sent.seen)) {
		switch {
		case extra[p]:
		case !fields[p] && !ep.subset:
			t.Errorf("%s: the stand-in sends `%s`, the client's %s has no such field", ep.name, p, ep.typeName)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(fields)) {
		if !sent.seen[p] {
			t.Errorf("%s: the client's %s has `%s`, which the stand-in never sends", ep.name, ep.typeName, p)
		}
	}
	for _, p := range ep.extra {
		switch {
		case !sent.seen[p]:
			t.Errorf("%s: `%s` is excluded as a field the client does not know yet, but the stand-in no longer sends it", ep.name, p)
		case fields[p]:
			t.Errorf("%s: the client's %s now has `%s`: it is no longer a field the client does not know; "+
				"remove it from the endpoint's extra", ep.name, ep.typeName, p)
		}
	}
}

// servedItems parses the answers of an endpoint into the objects to
// compare: the items of each page, the elements of a JSON list, or the
// value.
func servedItems(t *testing.T, ep wireEndpoint, answers []servedAnswer) []any {
	t.Helper()
	var items []any
	for _, a := range answers {
		if a.status != http.StatusOK {
			t.Fatalf("%s: %s answered HTTP %d: %s", ep.name, a.path, a.status, a.body)
		}
		dec := json.NewDecoder(bytes.NewReader(a.body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %s sent invalid JSON: %v", ep.name, a.path, err)
		}
		if ep.list {
			page, ok := v.(map[string]any)
			if !ok || len(page) != 2 || page["count"] == nil || page["items"] == nil {
				t.Fatalf(`%s: %s sent a page that is not {"count": n, "items": [...]}: %.200s`, ep.name, a.path, a.body)
			}
			v = page["items"]
		}
		if l, ok := v.([]any); ok {
			items = append(items, l...)
		} else {
			items = append(items, v)
		}
	}
	return items
}

// fieldSet is the fields seen in served JSON, by path: a member of an
// object is its name, after its parent's path and a dot, and [] stands for
// every element of a list, as in messages[].role.
type fieldSet struct {
	seen   map[string]bool
	valued map[string]int // how often sent with a value other than null
}

func newFieldSet() *fieldSet { return &fieldSet{seen: map[string]bool{}, valued: map[string]int{}} }

// walk records the fields of v at path, but not those inside the opaque
// ones.
func (s *fieldSet) walk(v any, path string, opaque map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, member := range v {
			p := join(path, k)
			s.seen[p] = true
			if member != nil {
				s.valued[p]++
			}
			if !opaque[p] {
				s.walk(member, p, opaque)
			}
		}
	case []any:
		for _, e := range v {
			s.walk(e, path+"[]", opaque)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// optPackage is the package of the stand-in's Opt[T].
var optPackage = reflect.TypeFor[itellicotest.Opt[int]]().PkgPath()

// unwrap takes off pointers and the stand-in's Opt, and slices, each adding
// [] to path; json.RawMessage is kept.
func unwrap(t reflect.Type, path string) (reflect.Type, string) {
	for {
		switch {
		case t.Kind() == reflect.Pointer:
			t = t.Elem()
		case t.Kind() == reflect.Slice && t != rawMessageType:
			t, path = t.Elem(), path+"[]"
		case t.Kind() == reflect.Struct && t.PkgPath() == optPackage && strings.HasPrefix(t.Name(), "Opt["):
			f, _ := t.FieldByName("V")
			t = f.Type
		default:
			return t, path
		}
	}
}

// goFields returns the paths of the json names of t's fields, through
// nested structs, pointers, slices and the stand-in's Opt. json.RawMessage,
// maps and structs without exported fields (time.Time) are leaves; a field
// listed in opaque must be a json.RawMessage or a map, else it is among
// the problems.
func goFields(t reflect.Type, opaque map[string]bool) (fields map[string]bool, problems []string) {
	fields = map[string]bool{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		t, path = unwrap(t, path)
		if t.Kind() != reflect.Struct {
			return
		}
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case !f.IsExported() || name == "-":
				continue
			case f.Anonymous && name == "":
				walk(f.Type, path) // promoted fields, as encoding/json has them
				continue
			case name == "":
				name = f.Name
			}
			p := join(path, name)
			fields[p] = true
			if !opaque[p] {
				walk(f.Type, p)
				continue
			}
			if leaf, _ := unwrap(f.Type, ""); leaf != rawMessageType && leaf.Kind() != reflect.Map {
				problems = append(problems, fmt.Sprintf("`%s` is free-form JSON, but is typed %s", p, f.Type))
			}
		}
	}
	walk(t, "")
	return fields, problems
}

// clientJSON is what the client decoded, written back as JSON: a field the
// client's type has is null there when it was absent or null.
func clientJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareValues reports where the client's decoded value differs from the
// served one. A field absent from the JSON is null in the client's; fields
// only one side has are compareFields' to report. Free-form values must be
// equal whole.
func compareValues(t *testing.T, what string, sent, got any, path string, free map[string]bool) {
	t.Helper()
	if free[path] {
		if !reflect.DeepEqual(sent, got) {
			t.Errorf("%s: `%s`: the stand-in sends %s, the client decoded %s", what, path, show(sent), show(got))
		}
		return
	}
	switch s := sent.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: `%s`: the stand-in sends an object, the client decoded %s", what, path, show(got))
			return
		}
		for _, k := range slices.Sorted(maps.Keys(g)) {
			p := join(path, k)
			if member, sentIt := s[k]; sentIt {
				compareValues(t, what, member, g[k], p, free)
			} else if g[k] != nil {
				t.Errorf("%s: `%s`: the stand-in sends nothing, the client decoded %s", what, p, show(g[k]))
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(s) {
			t.Errorf("%s: `%s`: the stand-in sends %s, the client decoded %s", what, path, show(sent), show(got))
			return
		}
		for i := range s {
			compareValues(t, what, s[i], g[i], path+"[]", free)
		}
	default:
		if sent != got {
			t.Errorf("%s: `%s`: the stand-in sends %s, the client decoded %s", what, path, show(sent), show(got))
		}
	}
}

func show(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:120]) + "…"
	}
	return string(b)
}

func setOf(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// servedAnswer is an answer of the stand-in as it went to the client.
type servedAnswer struct {
	path   string
	status int
	body   []byte
}

// recorder keeps a copy of every answer the stand-in sends, each byte
// before it goes out, so that an answer the client has read is whole here.
type recorder struct {
	mu      sync.Mutex
	answers []*servedAnswer
}

func (rec *recorder) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	a := &servedAnswer{path: r.URL.Path, status: http.StatusOK}
	rec.mu.Lock()
	rec.answers = append(rec.answers, a)
	rec.mu.Unlock()
	next.ServeHTTP(&teeWriter{ResponseWriter: w, rec: rec, answer: a}, r)
}

// take returns the answers recorded since the last take.
func (rec *recorder) take() []servedAnswer {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	as := make([]servedAnswer, len(rec.answers))
	for i, a := range rec.answers {
		as[i] = servedAnswer{path: a.path, status: a.status, body: slices.Clone(a.body)}
	}
	rec.answers = nil
	return as
}

type teeWriter struct {
	http.ResponseWriter
	rec    *recorder
	answer *servedAnswer
}

func (w *teeWriter) WriteHeader(status int) {
	w.rec.mu.Lock()
	w.answer.status = status
	w.rec.mu.Unlock()
	w.ResponseWriter.WriteHeader(status)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.rec.mu.Lock()
	w.answer.body = append(w.answer.body, b...)
	w.rec.mu.Unlock()
	return w.ResponseWriter.Write(b)
}
