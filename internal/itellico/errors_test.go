package itellico

import "testing"

// A 422 names a parameter as a path to it or bare; both the pager (limit)
// and the provider (an argument) match the parameter's own name.
func TestFieldError_Param(t *testing.T) {
	for field, want := range map[string]string{
		"limit":            "limit",
		"query.limit":      "limit",
		"filters[limit]":   "limit",
		"body.items[0]":    "0",
		"query.created_ge": "created_ge",
		"":                 "",
	} {
		if got := (FieldError{Field: field}).Param(); got != want {
			t.Errorf("FieldError{Field: %q}.Param() = %q, want %q", field, got, want)
		}
	}
}
