package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every data source the framework knows is answered by protocolServer,
// and the other way round: the list in provider.go is the one truth.
func TestDataSources_everyOneIsReadByTheProtocolServer(t *testing.T) {
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	ps, ok := server.(*protocolServer)
	if !ok {
		t.Fatalf("the server is a %T", server)
	}
	schemas, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if len(schemas.DataSourceSchemas) != len(dataSources) || len(ps.readers) != len(dataSources) {
		t.Fatalf("%d data sources listed, %d in the schema, %d read by the protocol server",
			len(dataSources), len(schemas.DataSourceSchemas), len(ps.readers))
	}
	for name, s := range schemas.DataSourceSchemas {
		rd, ok := ps.readers[name]
		if !ok {
			t.Errorf("%s is not read by the protocol server", name)
			continue
		}
		if !s.ValueType().Equal(rd.stateType()) {
			t.Errorf("%s: the schema's type and the state's differ", name)
		}
	}
}

// newDataSource refuses a result whose fields and the schema's attributes
// differ, as the provider starts.
func TestNewDataSource_refusesAResultThatDiffersFromTheSchema(t *testing.T) {
	type result struct {
		ID    string `json:"id"`
		Other string `json:"other"`
	}
	for name, tc := range map[string]struct {
		attrs map[string]schema.Attribute
		want  string
	}{
		"an attribute without a field": {map[string]schema.Attribute{"id": computedString(""), "other": computedString(""),
			"name": computedString("")}, `computed attribute "name" has no field`},
		"a field without an attribute": {map[string]schema.Attribute{"id": computedString("")}, `field "other" of`},
		"a field of another type":      {map[string]schema.Attribute{"id": computedString(""), "other": computedInt("")}, "cannot hold Go type string"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("panic %v, want one saying %q", r, tc.want)
				}
			}()
			newDataSource[result]("test", "", tc.attrs, filters{}, nil)
		})
	}
}

// decodeState decodes state as Terraform does.
func decodeState(t *testing.T, typ tftypes.Type, b []byte) tftypes.Value {
	t.Helper()
	v, err := (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(typ)
	if err != nil {
		t.Fatalf("Terraform's decoder refuses the state: %v", err)
	}
	return v
}
