package tfstate

import (
	"bytes"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Item writes one value of type T as state of a fixed type: an item of a
// list, encoded by the goroutine that read it, for instance.
type Item[T any] struct{ enc encodeFunc }

// NewItem compiles the encoder of T as state of type t.
func NewItem[T any](t tftypes.Type) (Item[T], error) {
	enc, err := compile(t, reflect.TypeFor[T](), reflect.TypeFor[T]().String())
	return Item[T]{enc}, err
}

var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// Encode returns the state of *item in a slice of its own. It is safe for
// concurrent use.
func (e Item[T]) Encode(item *T) []byte {
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

// List is a list whose items were encoded as they arrived, in order. A
// result field of type *List holds a list attribute; a nil *List is null.
type List struct {
	items [][]byte
	size  int
}

// Add appends an encoded item.
func (l *List) Add(item []byte) {
	l.items = append(l.items, item)
	l.size += len(item)
}

// appendTo writes the list, dropping each item once written: a long list
// is in memory once, not twice.
func (l *List) appendTo(b []byte) []byte {
	if l == nil {
		return appendNil(b)
	}
	b = appendArrayHeader(b, len(l.items))
	for i, it := range l.items {
		b = append(b, it...)
		l.items[i] = nil
	}
	return b
}
