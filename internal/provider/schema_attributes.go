package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Computed attributes of the API's objects, by kind. Every one is named as
// the API names its field, and its description becomes the docs.

func computedString(desc string) schema.Attribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func computedBool(desc string) schema.Attribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
}

func computedInt(desc string) schema.Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
}

func computedNumber(desc string) schema.Attribute {
	return schema.Float64Attribute{Computed: true, MarkdownDescription: desc}
}

// computedTime is an RFC 3339 time, passed through as the API sends it.
func computedTime(desc string) schema.Attribute {
	return schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: desc}
}

// computedJSON is a free-form JSON value, kept as a compact JSON string for
// jsondecode.
func computedJSON(desc string) schema.Attribute {
	return schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{},
		MarkdownDescription: desc + " A compact JSON string (decode it with `jsondecode`); null when the API sends none."}
}

func computedStrings(desc string) schema.Attribute {
	return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

func computedObject(desc string, attrs map[string]schema.Attribute) schema.Attribute {
	return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: desc, Attributes: attrs}
}

func computedObjects(desc string, attrs map[string]schema.Attribute) schema.Attribute {
	return schema.ListNestedAttribute{Computed: true, MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{Attributes: attrs}}
}

func computedIntMap(desc string) schema.Attribute {
	return schema.MapAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: desc}
}

// oneOf lists enum values for the description of an attribute, an
// argument's or a computed one's: `a`, `b` or `c`.
func oneOf(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
