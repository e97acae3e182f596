package itellicotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
)

// State says how an optional field appears in JSON.
type State uint8

const (
	// Absent leaves the field out of the JSON object; it is the zero value.
	Absent State = iota
	// NullState writes the field as JSON null.
	NullState
	// Present writes the field's value.
	Present
)

// Opt is an optional, nullable field: absent from the JSON object, JSON null, or a value.
// Its zero value is absent, so a struct literal only names the fields it sends. Every Opt field
// of this package is tagged omitzero, which leaves an absent one out.
type Opt[T any] struct {
	V     T
	State State
}

// Some is a field holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{V: v, State: Present} }

// Null is a field sent as JSON null.
func Null[T any]() Opt[T] { return Opt[T]{State: NullState} }

// Get returns the value and whether there is one (neither absent nor null).
func (o Opt[T]) Get() (T, bool) { return o.V, o.State == Present }

// IsZero reports an absent field, so that encoding/json's omitzero leaves it out.
func (o Opt[T]) IsZero() bool { return o.State == Absent }

// MarshalJSON writes null for an absent or null field, else the value.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.State != Present {
		return []byte("null"), nil
	}
	return marshal(o.V)
}

// UnmarshalJSON reads null as NullState and anything else as a value; a field missing from the
// object is never visited and stays Absent.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = Opt[T]{State: NullState}
		return nil
	}
	o.State = Present
	return json.Unmarshal(b, &o.V)
}

// marshal writes v as the service does: without a trailing newline, and without the HTML
// escaping of json.Marshal (the service sends <, > and & as they are). A MarshalJSON method
// must use it too: encoding/json keeps what such a method returns, escapes included.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// encode is marshal, except that a value with its own MarshalJSON is asked directly: the result
// is compact already (a MarshalJSON of this package writes with marshal), and encoding/json would
// only scan it once more to check.
func encode(v any) ([]byte, error) {
	if m, ok := v.(json.Marshaler); ok {
		return m.MarshalJSON()
	}
	return marshal(v)
}

// mustMarshal is marshal for values the package builds itself, which always encode.
func mustMarshal(v any) []byte {
	b, err := marshal(v)
	if err != nil {
		panic(fmt.Sprintf("itellicotest: marshal %T: %v", v, err))
	}
	return b
}

// withExtra adds the fields of extra, in key order, at the end of the JSON object obj, which
// has at least one field.
func withExtra(obj []byte, extra map[string]json.RawMessage) ([]byte, error) {
	if len(extra) == 0 {
		return obj, nil
	}
	b := obj[:len(obj)-1]
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		key, err := marshal(k)
		if err != nil {
			return nil, err
		}
		var value bytes.Buffer
		if err := json.Compact(&value, extra[k]); err != nil {
			return nil, fmt.Errorf("extra field %q: %w", k, err)
		}
		b = append(append(append(append(b, ','), key...), ':'), value.Bytes()...)
	}
	return append(b, '}'), nil
}

// record is a served object with its JSON, written once when the data is set, so that an
// answer is a copy of bytes however often it is asked for.
type record[T any] struct {
	v   T
	id  string
	raw []byte
}

// encodeRecords writes the JSON of every value; id names a value in panics and in the
// ItemsObject fault. A value that does not encode (an invalid json.RawMessage, say) is a
// mistake of the caller's data, so it panics, in the caller's goroutine so that a test can see it.
func encodeRecords[T any](vs []T, id func(*T) string) []record[T] {
	rs := make([]record[T], len(vs))
	// Writing 50,000 conversations takes a while on one core; spread it.
	workers := min(runtime.GOMAXPROCS(0), 1+len(vs)/2000)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(vs) && errs[w] == nil; i += workers {
				raw, err := encode(vs[i])
				if err != nil {
					errs[w] = fmt.Errorf("itellicotest: %T %s: %w", vs[i], id(&vs[i]), err)
				}
				rs[i] = record[T]{v: vs[i], id: id(&vs[i]), raw: raw}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		panic(err)
	}
	return rs
}

// values returns the values of rs.
func values[T any](rs []record[T]) []T {
	vs := make([]T, len(rs))
	for i := range rs {
		vs[i] = rs[i].v
	}
	return vs
}
