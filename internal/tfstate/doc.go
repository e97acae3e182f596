// Package tfstate writes Terraform state in Terraform's wire format,
// MessagePack as cty encodes it, straight from Go values: a data source's
// arguments as configured, and its computed attributes from a result
// struct whose json tags name them.
//
// An encoder is compiled once from a state type (tftypes) and a Go type,
// matching each attribute to the field whose json tag names it. Compiling
// fails when an attribute has no field, a field has no attribute, or a
// field's Go type cannot hold the attribute's type, so a schema and its Go
// type cannot drift apart unnoticed. Encoding then follows the compiled
// plan: no framework values, no terraform-plugin-go value trees, and no
// reflection per value beyond reading fields. A list of many items can be
// encoded item by item as the items arrive (Item, List), so that it never
// exists as a tree of values.
//
// The package knows nothing of the provider's data sources or of HTTP.
package tfstate
