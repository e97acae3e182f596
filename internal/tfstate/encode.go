package tfstate

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

// encodeFunc appends the state of the Go value v.
type encodeFunc func(b []byte, v reflect.Value) []byte

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	listType       = reflect.TypeFor[*List]()
)

// compile returns the encoder of Go values of type g as state of type t.
// where names the place, for errors.
func compile(t tftypes.Type, g reflect.Type, where string) (encodeFunc, error) {
	if g == listType && t.Is(tftypes.List{}) {
		return func(b []byte, v reflect.Value) []byte {
			l, _ := v.Interface().(*List)
			return l.appendTo(b)
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
