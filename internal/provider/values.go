package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// rfc3339 passes a timestamp through as the API sends it: a form the
// provider does not expect must not fail a read.
func rfc3339(s *string) timetypes.RFC3339 {
	return timetypes.RFC3339{StringValue: types.StringPointerValue(s)}
}
