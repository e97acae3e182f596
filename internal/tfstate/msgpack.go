package tfstate

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider answers reads with state in Terraform's wire format,
// MessagePack as cty encodes it (a null is nil, an object a map keyed by
// attribute name, a list an array, a number an integer, a float64 or a
// decimal string), appended straight to a byte slice: a large list of
// conversations never exists as a tree of values in the provider. These
// are the few forms it needs, from the MessagePack specification.

func appendNil(b []byte) []byte { return append(b, 0xc0) }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xc3)
	}
	return append(b, 0xc2)
}

func appendInt(b []byte, v int64) []byte {
	switch {
	case v >= 0 && v <= 0x7f:
		return append(b, byte(v))
	case v < 0 && v >= -32:
		return append(b, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return binary.BigEndian.AppendUint16(append(b, 0xd1), uint16(v))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(v))
}

func appendFloat(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return appendInt(b, int64(v)) // as cty writes a whole number
	}
	return binary.BigEndian.AppendUint64(append(b, 0xcb), math.Float64bits(v))
}

func appendString(b []byte, s string) []byte {
	switch n := len(s); {
	case n < 32:
		b = append(b, 0xa0|byte(n))
	case n <= math.MaxUint8:
		b = append(b, 0xd9, byte(n))
	case n <= math.MaxUint16:
		b = binary.BigEndian.AppendUint16(append(b, 0xda), uint16(n))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(n))
	}
	return append(b, s...)
}

func appendArrayHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdd), uint32(n))
}

func appendMapHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xde), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdf), uint32(n))
}

// appendNumber writes a number as cty does: an integer when it is one, a
// float64 when that is exact, else its decimal form.
func appendNumber(b []byte, f *big.Float) []byte {
	if i, acc := f.Int64(); acc == big.Exact {
		return appendInt(b, i)
	}
	if v, acc := f.Float64(); acc == big.Exact {
		return appendFloat(b, v)
	}
	return appendString(b, f.Text('f', -1))
}

// appendValue writes a value of the configuration (an argument, which the
// state holds as written). Configurations sent to a read are wholly known.
func appendValue(b []byte, v tftypes.Value) ([]byte, error) {
	if v.IsNull() {
		return appendNil(b), nil
	}
	switch typ := v.Type().(type) {
	case tftypes.Object:
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return nil, err
		}
		b = appendMapHeader(b, len(typ.AttributeTypes))
		for _, name := range sortedKeys(typ.AttributeTypes) {
			var err error
			if b, err = appendValue(appendString(b, name), attrs[name]); err != nil {
				return nil, err
			}
		}
		return b, nil
	case tftypes.Map:
		var elems map[string]tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		b = appendMapHeader(b, len(elems))
		for _, k := range sortedKeys(elems) {
			var err error
			if b, err = appendValue(appendString(b, k), elems[k]); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	switch {
	case v.Type().Is(tftypes.List{}), v.Type().Is(tftypes.Set{}), v.Type().Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		b = appendArrayHeader(b, len(elems))
		for _, e := range elems {
			var err error
			if b, err = appendValue(b, e); err != nil {
				return nil, err
			}
		}
		return b, nil
	case v.Type().Is(tftypes.String):
		var s string
		err := v.As(&s)
		return appendString(b, s), err
	case v.Type().Is(tftypes.Bool):
		var x bool
		err := v.As(&x)
		return appendBool(b, x), err
	case v.Type().Is(tftypes.Number):
		f := new(big.Float)
		err := v.As(&f)
		return appendNumber(b, f), err
	}
	return nil, errUnsupported(v.Type())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func errUnsupported(t tftypes.Type) error { return fmt.Errorf("no state encoding for type %s", t) }
