package tfstate

import (
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Terraform reads state as MessagePack; these tests decode what the
// encoders write with terraform-plugin-go's decoder and compare it with
// values built independently.

type testInner struct {
	Flag *bool    `json:"flag"`
	Size *float64 `json:"size"`
}

type testItem struct {
	ID     string           `json:"id"`
	Name   *string          `json:"name"`
	Count  *int64           `json:"count"`
	Tags   []string         `json:"tags"`
	Inner  *testInner       `json:"inner"`
	Doc    json.RawMessage  `json:"doc"`
	Counts map[string]int64 `json:"counts"`
	List   []testInner      `json:"list"`
}

var (
	innerType    = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"flag": tftypes.Bool, "size": tftypes.Number}}
	testItemType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id": tftypes.String, "name": tftypes.String, "count": tftypes.Number,
		"tags": tftypes.List{ElementType: tftypes.String}, "inner": innerType, "doc": tftypes.String,
		"counts": tftypes.Map{ElementType: tftypes.Number}, "list": tftypes.List{ElementType: innerType},
	}}
)

func decodeState(t *testing.T, typ tftypes.Type, b []byte) tftypes.Value {
	t.Helper()
	v, err := (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(typ)
	if err != nil {
		t.Fatalf("Terraform's decoder refuses the state: %v", err)
	}
	return v
}

// objectOf is a value of typ with the attributes given, the others null.
func objectOf(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	for n, at := range typ.AttributeTypes {
		attrs[n] = tftypes.NewValue(at, nil)
		if v, ok := set[n]; ok {
			attrs[n] = v
		}
	}
	return tftypes.NewValue(typ, attrs)
}

func str(s string) tftypes.Value  { return tftypes.NewValue(tftypes.String, s) }
func num(f float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(f)) }

func TestItem_everyKindOfValueAndNull(t *testing.T) {
	typ := testItemType
	enc, err := NewItem[testItem](typ)
	if err != nil {
		t.Fatal(err)
	}
	name, count, yes, size := "Zürich 🚀", int64(-70000), true, 0.25
	long := strings.Repeat("x", 70000)

	cases := map[string]struct {
		item testItem
		want map[string]tftypes.Value
	}{
		"every field null or absent": {
			item: testItem{ID: "a"},
			want: map[string]tftypes.Value{"id": str("a")},
		},
		"values": {
			item: testItem{ID: long, Name: &name, Count: &count, Tags: []string{}, Inner: &testInner{Flag: &yes, Size: &size},
				Doc: json.RawMessage(" {\"b\" : [1, 2.5e300, \"\\u00e9\"] } "), Counts: map[string]int64{"z": 1, "a": 0, "": 3},
				List: []testInner{{}, {Size: &size}}},
			want: map[string]tftypes.Value{
				"id": str(long), "name": str(name), "count": num(float64(count)),
				"tags":   tftypes.NewValue(typ.AttributeTypes["tags"], []tftypes.Value{}),
				"inner":  tftypes.NewValue(innerType, map[string]tftypes.Value{"flag": tftypes.NewValue(tftypes.Bool, true), "size": num(size)}),
				"doc":    str(`{"b":[1,2.5e300,"\u00e9"]}`),
				"counts": tftypes.NewValue(typ.AttributeTypes["counts"], map[string]tftypes.Value{"z": num(1), "a": num(0), "": num(3)}),
				"list": tftypes.NewValue(typ.AttributeTypes["list"], []tftypes.Value{
					objectOf(innerType, nil),
					objectOf(innerType, map[string]tftypes.Value{"size": num(size)}),
				}),
			},
		},
		"JSON null is null": {item: testItem{ID: "b", Doc: json.RawMessage("null")}, want: map[string]tftypes.Value{"id": str("b")}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want := objectOf(typ, tc.want)
			if got := decodeState(t, typ, enc.Encode(&tc.item)); !got.Equal(want) {
				diffs, _ := got.Diff(want)
				t.Fatalf("state differs in %d places, first %v", len(diffs), diffs[0])
			}
		})
	}
}

func TestEncode_integersAndFloatsAtEveryWidth(t *testing.T) {
	for _, v := range []int64{0, 1, 127, 128, 255, 256, -1, -32, -33, -128, -129, math.MaxInt16, math.MinInt16, math.MaxInt16 + 1,
		math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MaxInt64, math.MinInt64} {
		got := decodeState(t, tftypes.Number, appendInt(nil, v))
		var f big.Float
		if err := got.As(&f); err != nil {
			t.Fatal(err)
		}
		if i, acc := f.Int64(); i != v || acc != big.Exact {
			t.Errorf("%d decoded as %s", v, f.String())
		}
	}
	for _, v := range []float64{0.5, -1.25, 1e300, 3, 1 << 60, math.SmallestNonzeroFloat64} {
		got := decodeState(t, tftypes.Number, appendFloat(nil, v))
		var f big.Float
		_ = got.As(&f)
		if x, _ := f.Float64(); x != v {
			t.Errorf("%g decoded as %s", v, f.String())
		}
	}
}

func TestEncode_stringsAtEveryLengthClass(t *testing.T) {
	for _, n := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		s := strings.Repeat("é", n/2) + strings.Repeat("a", n%2)
		var got string
		if err := decodeState(t, tftypes.String, appendString(nil, s)).As(&got); err != nil || got != s {
			t.Errorf("a string of %d bytes decoded as %d bytes (%v)", len(s), len(got), err)
		}
	}
}

func TestEncode_listsAndMapsPastEveryHeaderClass(t *testing.T) {
	for _, n := range []int{0, 15, 16, 65535, 65536} {
		var b []byte
		b = appendArrayHeader(b, n)
		for range n {
			b = appendBool(b, true)
		}
		var elems []tftypes.Value
		if err := decodeState(t, tftypes.List{ElementType: tftypes.Bool}, b).As(&elems); err != nil || len(elems) != n {
			t.Errorf("a list of %d decoded as %d (%v)", n, len(elems), err)
		}
	}
	for _, n := range []int{15, 16, 65536} {
		b := appendMapHeader(nil, n)
		for i := range n {
			b = appendInt(appendString(b, big.NewInt(int64(i)).String()), int64(i))
		}
		var elems map[string]tftypes.Value
		if err := decodeState(t, tftypes.Map{ElementType: tftypes.Number}, b).As(&elems); err != nil || len(elems) != n {
			t.Errorf("a map of %d decoded as %d (%v)", n, len(elems), err)
		}
	}
}

func TestAppendValue_configurationValuesRoundTrip(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"s": tftypes.String, "n": tftypes.Number, "b": tftypes.Bool, "l": tftypes.List{ElementType: tftypes.String},
		"m": tftypes.Map{ElementType: tftypes.Number}, "null": tftypes.String,
	}}
	huge, _, _ := big.ParseFloat("123456789012345678901234567890.5", 10, 256, big.ToNearestEven)
	want := tftypes.NewValue(typ, map[string]tftypes.Value{
		"s": str("support,en"), "n": tftypes.NewValue(tftypes.Number, huge),
		"b":    tftypes.NewValue(tftypes.Bool, false),
		"l":    tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("a")}),
		"m":    tftypes.NewValue(tftypes.Map{ElementType: tftypes.Number}, map[string]tftypes.Value{"k": num(2)}),
		"null": tftypes.NewValue(tftypes.String, nil),
	})
	b, err := appendValue(nil, want)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeState(t, typ, b); !got.Equal(want) {
		diffs, _ := got.Diff(want)
		t.Fatalf("differs: %v", diffs)
	}
}

func TestCompile_refusesTypesThatDiffer(t *testing.T) {
	type missing struct {
		ID string `json:"id"`
	}
	type extra struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Other string `json:"other"`
	}
	type wrongType struct {
		ID   string `json:"id"`
		Name bool   `json:"name"`
	}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "name": tftypes.String}}
	for g, want := range map[reflect.Type]string{
		reflect.TypeFor[missing]():   `attribute "name" has no field`,
		reflect.TypeFor[extra]():     `field "other" of`,
		reflect.TypeFor[wrongType](): "cannot hold Go type bool",
	} {
		if _, err := compile(typ, g, "test"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %q", g, err, want)
		}
	}
}

// A root's arguments come from the configuration, its computed attributes
// from the result, and an optional computed argument from the
// configuration when set, else from the result.
func TestRoot_argumentsAsConfiguredComputedFromTheResult(t *testing.T) {
	type result struct {
		Name  *string `json:"name"`
		Total int64   `json:"total"`
		Items *List   `json:"items"`
	}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"filter": tftypes.String, "name": tftypes.String, "total": tftypes.Number,
		"items": tftypes.List{ElementType: tftypes.Number},
	}}
	root, err := NewRoot[result](typ, map[string]bool{"name": true, "total": true, "items": true})
	if err != nil {
		t.Fatal(err)
	}
	fromAPI := "from the API"
	for label, tc := range map[string]struct {
		config map[string]tftypes.Value
		want   string
	}{
		"computed name from the result": {map[string]tftypes.Value{"filter": str("f"), "name": tftypes.NewValue(tftypes.String, nil)}, fromAPI},
		"configured name as configured": {map[string]tftypes.Value{"filter": str("f"), "name": str("as written")}, "as written"},
	} {
		t.Run(label, func(t *testing.T) {
			list := &List{}
			list.Add(appendInt(nil, 7))
			b, err := root.Encode(tc.config, &result{Name: &fromAPI, Total: 2, Items: list})
			if err != nil {
				t.Fatal(err)
			}
			want := tftypes.NewValue(typ, map[string]tftypes.Value{
				"filter": str("f"), "name": str(tc.want), "total": num(2),
				"items": tftypes.NewValue(typ.AttributeTypes["items"], []tftypes.Value{num(7)}),
			})
			if got := decodeState(t, typ, b); !got.Equal(want) {
				diffs, _ := got.Diff(want)
				t.Fatalf("differs: %v", diffs)
			}
		})
	}
	if _, err := NewRoot[result](typ, map[string]bool{"filter": true}); err == nil || !strings.Contains(err.Error(), `"filter" has no field`) {
		t.Errorf("a computed attribute without a field: %v", err)
	}
	if _, err := NewRoot[int](typ, nil); err == nil {
		t.Error("a result that is not a struct was accepted")
	}
}
