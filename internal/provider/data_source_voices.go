package provider

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	voiceProviders = []string{"elevenlabs", "azure", "cartesia"}
	voiceGenders   = []string{"male", "female", "neutral"}
)

// voiceFilters are the query parameters of the voice catalog. The API's
// provider is voice_provider here, because Terraform reserves provider as a
// meta-argument; refresh is never sent, since a plan must not make the
// server clear its cache.
var voiceFilters = filters{list: []filter{
	{name: "voice_provider", param: "provider", attr: schema.StringAttribute{Required: true,
		MarkdownDescription: "The voice vendor whose voices are listed: " + oneOf(voiceProviders) + ". The API's " +
			"`provider` parameter, named so because Terraform reserves `provider` as a meta-argument.",
		Validators: []validator.String{stringvalidator.OneOf(voiceProviders...)}}},
	{name: "gender", attr: schema.StringAttribute{Optional: true,
		MarkdownDescription: "Only voices of this gender: " + oneOf(voiceGenders) + ".",
		Validators:          []validator.String{stringvalidator.OneOf(voiceGenders...)}}},
	{name: "language", attr: schema.StringAttribute{Optional: true,
		MarkdownDescription: "Only voices of this language, such as `en-us` or `de-de`.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(2)}}},
	{name: "search", attr: schema.StringAttribute{Optional: true,
		MarkdownDescription: "Only voices that match this text, as the API searches them.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}}},
	{name: "limit", attr: schema.Int64Attribute{Optional: true,
		MarkdownDescription: "At most this many voices.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)}}},
}}

type voicesResult struct {
	Catalog json.RawMessage `json:"catalog"`
}

var voicesDataSource = newDataSource[voicesResult]("voices", "Reads the voices of one voice vendor that agents can speak with "+
	"(`GET /v1/accounts/{account_id}/providers/voices`). The provider never asks the API to refresh its "+
	"cache of the vendor's voices: a plan must not change anything.", map[string]schema.Attribute{
	"account_id": accountIDAttribute("Account whose voice catalog is read."),
	"catalog": schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{},
		MarkdownDescription: "The API's answer, which it leaves free-form (the SDKs type it as a map of " +
			"anything), as a compact JSON string: decode it with `jsondecode`."},
}, voiceFilters, voicesReader{})

type voicesReader struct{}

func (voicesReader) read(r *request) *voicesResult {
	account := r.account
	catalog, err := r.client().Voices(r.ctx, account, r.query(voiceFilters))
	if err != nil {
		vendor, _ := r.stringArg("voice_provider")
		r.fail(fmt.Sprintf("read the %s voices of account %q", vendor, account), err)
		return nil
	}
	return &voicesResult{Catalog: catalog}
}
