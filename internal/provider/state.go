package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every data source builds its state the same way: the client's wire
// structs (and the few results the provider computes itself) are written as
// Terraform state by an encoder compiled once from the schema's type and
// the Go type, matching each attribute to the field whose json tag names it.
// An attribute is named as the API names its field, so the mapping from the
// wire to state is declared by the wire type itself; compiling fails, at
// start-up and in a test, when an attribute has no field or a field has no
// attribute, so the two cannot drift apart.
//
// The encoder writes MessagePack directly (see msgpack.go): no framework
// values, no terraform-plugin-go values, no reflection per value beyond
// following the compiled plan.

// encodeFunc appends the state of the Go value v.
type encodeFunc func(b []byte, v reflect.Value) []byte

// encodedList is a list whose items were encoded as they arrived, in order.
// A list data source's items are one: each page is encoded by the goroutine
// that read it and dropped.
type encodedList struct {
	n     int
	size  int
	items [][]byte
}

func (l *encodedList) add(item []byte) {
	l.items = append(l.items, item)
	l.size += len(item)
	l.n++
}

var (
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	encodedListType = reflect.TypeFor[*encodedList]()
)

func errUnsupported(t tftypes.Type) error { return fmt.Errorf("no state encoding for type %s", t) }

// compile returns the encoder of Go values of type g as state of type t.
// where names the place, for errors.
func compile(t tftypes.Type, g reflect.Type, where string) (encodeFunc, error) {
	if g == encodedListType && t.Is(tftypes.List{}) {
		return func(b []byte, v reflect.Value) []byte {
			l, _ := v.Interface().(*encodedList)
			if l == nil {
				return appendNil(b)
			}
			b = appendArrayHeader(b, l.n)
			for i, it := range l.items {
				b = append(b, it...)
				l.items[i] = nil // each item can go once it is in the state
			}
			return b
		}, nil
	}
	if g == rawMessageType && t.Is(tftypes.String) {
		return func(b []byte, v reflect.Value) []byte { return appendJSON(b, v.Bytes()) }, nil
	}
	if g.Kind() == reflect.Pointer {
		elem, err := compile(t, g.Elem(), where)
		if err != nil {
			return nil, err
		}
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return appendNil(b)
			}
			return elem(b, v.Elem())
		}, nil
	}
	mismatch := fmt.Errorf("%s: state type %s cannot hold Go type %s", where, t, g)
	switch typ := t.(type) {
	case tftypes.Object:
		if g.Kind() != reflect.Struct {
			return nil, mismatch
		}
		return compileObject(typ, g, where)
	case tftypes.List:
		if g.Kind() != reflect.Slice {
			return nil, mismatch
		}
		elem, err := compile(typ.ElementType, g.Elem(), where+"[]")
		if err != nil {
			return nil, err
		}
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return appendNil(b)
			}
			b = appendArrayHeader(b, v.Len())
			for i := range v.Len() {
				b = elem(b, v.Index(i))
			}
			return b
		}, nil
	case tftypes.Map:
		if g.Kind() != reflect.Map || g.Key().Kind() != reflect.String {
			return nil, mismatch
		}
		elem, err := compile(typ.ElementType, g.Elem(), where+"{}")
		if err != nil {
			return nil, err
		}
		return func(b []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return appendNil(b)
			}
			keys := v.MapKeys()
			slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
			b = appendMapHeader(b, len(keys))
			for _, k := range keys {
				b = elem(appendString(b, k.String()), v.MapIndex(k))
			}
			return b
		}, nil
	}
	switch {
	case t.Is(tftypes.String) && g.Kind() == reflect.String:
		return func(b []byte, v reflect.Value) []byte { return appendString(b, v.String()) }, nil
	case t.Is(tftypes.Bool) && g.Kind() == reflect.Bool:
		return func(b []byte, v reflect.Value) []byte { return appendBool(b, v.Bool()) }, nil
	case t.Is(tftypes.Number) && g.Kind() >= reflect.Int && g.Kind() <= reflect.Int64:
		return func(b []byte, v reflect.Value) []byte { return appendInt(b, v.Int()) }, nil
	case t.Is(tftypes.Number) && g.Kind() == reflect.Float64:
		return func(b []byte, v reflect.Value) []byte { return appendFloat(b, v.Float()) }, nil
	}
	return nil, mismatch
}

// jsonFields maps the json names of g's fields to their indexes.
func jsonFields(g reflect.Type) map[string]int {
	fields := map[string]int{}
	for i := range g.NumField() {
		name, _, _ := strings.Cut(g.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = i
		}
	}
	return fields
}

// compileObject matches every attribute of t to a field of the struct g,
// and every field to an attribute.
func compileObject(t tftypes.Object, g reflect.Type, where string) (encodeFunc, error) {
	fields := jsonFields(g)
	names := sortedKeys(t.AttributeTypes)
	encs := make([]encodeFunc, len(names))
	index := make([]int, len(names))
	for i, name := range names {
		f, ok := fields[name]
		if !ok {
			return nil, fmt.Errorf("%s: attribute %q has no field in %s", where, name, g)
		}
		delete(fields, name)
		enc, err := compile(t.AttributeTypes[name], g.Field(f).Type, where+"."+name)
		if err != nil {
			return nil, err
		}
		encs[i], index[i] = enc, f
	}
	for name := range fields {
		return nil, fmt.Errorf("%s: field %q of %s has no attribute", where, name, g)
	}
	keys := make([][]byte, len(names))
	for i, name := range names {
		keys[i] = appendString(nil, name)
	}
	return func(b []byte, v reflect.Value) []byte {
		b = appendMapHeader(b, len(names))
		for i := range names {
			b = encs[i](append(b, keys[i]...), v.Field(index[i]))
		}
		return b
	}, nil
}

// appendJSON writes free-form JSON as a compact JSON string, the form of
// jsontypes.Normalized, or null for an absent value and a JSON null.
func appendJSON(b []byte, raw json.RawMessage) []byte {
	if len(raw) == 0 || string(raw) == "null" {
		return appendNil(b)
	}
	buf, ok := compactPool.Get().(*bytes.Buffer)
	if !ok {
		buf = new(bytes.Buffer)
	}
	defer compactPool.Put(buf)
	buf.Reset()
	if err := json.Compact(buf, raw); err != nil {
		// The client's decoder checked the JSON already; keep it as sent.
		return appendString(b, string(raw))
	}
	return appendString(b, buf.String())
}

var compactPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// itemEncoder writes one item of type T, for instance from the goroutines
// that read the pages of a list.
type itemEncoder[T any] struct{ enc encodeFunc }

func newItemEncoder[T any](t tftypes.Type, where string) (itemEncoder[T], error) {
	enc, err := compile(t, reflect.TypeFor[T](), where)
	return itemEncoder[T]{enc}, err
}

var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// encode returns the state of *item in a slice of its own.
func (e itemEncoder[T]) encode(item *T) []byte {
	scratch, ok := scratchPool.Get().(*[]byte)
	if !ok {
		scratch = new([]byte)
	}
	b := e.enc((*scratch)[:0], reflect.ValueOf(item).Elem())
	out := bytes.Clone(b)
	*scratch = b
	scratchPool.Put(scratch)
	return out
}
