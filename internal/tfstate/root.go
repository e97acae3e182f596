package tfstate

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Root writes the whole state of a data source from its configuration and
// a result of type R, a struct: an argument as configured; a computed
// attribute from the result field its json tag names, unless the
// configuration sets it (an argument that is optional and computed).
type Root[R any] struct {
	typ      tftypes.Object
	names    []string
	keys     [][]byte
	computed []bool
	field    []int // index in R; -1 for an attribute R has no field for
	encs     []encodeFunc
}

// NewRoot compiles the encoder of the state of type t. computed names the
// computed attributes: each must have a field in R, and every field of R
// must be an attribute.
func NewRoot[R any](t tftypes.Object, computed map[string]bool) (*Root[R], error) {
	result := reflect.TypeFor[R]()
	if result.Kind() != reflect.Struct {
		return nil, fmt.Errorf("the result %s is not a struct", result)
	}
	fields := jsonFields(result)
	e := &Root[R]{typ: t, names: sortedKeys(t.AttributeTypes)}
	for _, name := range e.names {
		f, has := fields[name]
		delete(fields, name)
		if computed[name] && !has {
			return nil, fmt.Errorf("computed attribute %q has no field in %s", name, result)
		}
		var enc encodeFunc
		if has {
			var err error
			if enc, err = compile(t.AttributeTypes[name], result.Field(f).Type, name); err != nil {
				return nil, err
			}
		} else {
			f = -1
		}
		e.keys = append(e.keys, appendString(nil, name))
		e.computed = append(e.computed, computed[name])
		e.field = append(e.field, f)
		e.encs = append(e.encs, enc)
	}
	for name := range fields {
		return nil, fmt.Errorf("field %q of %s has no attribute", name, result)
	}
	return e, nil
}

// Type is the state's type.
func (e *Root[R]) Type() tftypes.Object { return e.typ }

// Encode writes the state of config, the configuration's attributes, and
// result.
func (e *Root[R]) Encode(config map[string]tftypes.Value, result *R) ([]byte, error) {
	v := reflect.ValueOf(result).Elem()
	size := 256
	for _, f := range e.field { // one allocation, even for a long list
		if f >= 0 {
			if l, ok := v.Field(f).Interface().(*List); ok && l != nil {
				size += l.size + 5
			}
		}
	}
	b := appendMapHeader(make([]byte, 0, size), len(e.names))
	for i, name := range e.names {
		b = append(b, e.keys[i]...)
		c, configured := config[name]
		if configured && (!e.computed[i] || !c.IsNull()) || e.field[i] < 0 {
			var err error
			if b, err = appendValue(b, c); err != nil {
				return nil, fmt.Errorf("argument %s: %w", name, err)
			}
			continue
		}
		b = e.encs[i](b, v.Field(e.field[i]))
	}
	return b, nil
}
