// Package provider implements the itellico Terraform provider: its
// configuration, its data sources, the ephemeral twins of those that hold
// personal data (read_ephemeral.go), and its functions, which compute calendar
// periods and read nothing (function_*.go). It turns the results of the API
// client (package itellico) into Terraform state and the client's errors
// into diagnostics. It sends no request itself: of HTTP it knows only the
// status codes of the client's errors, which choose what a diagnostic
// says.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"golang.org/x/sync/singleflight"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// Environment variables read when the provider configuration leaves an
// attribute unset; the first two are those of the official SDKs.
const (
	envAPIKey    = "ITELLICOAI_API_KEY"
	envBaseURL   = "ITELLICOAI_BASE_URL"
	envAccountID = "ITELLICOAI_ACCOUNT_ID"
)

var _ provider.Provider = (*itellicoProvider)(nil)

type itellicoProvider struct {
	version string
	// data is what Configure made, for protocolServer.
	data *providerData
	// deferred is set when Configure deferred every read because the
	// configuration is not known yet, as Terraform allowed it to.
	deferred bool
}

type providerModel struct {
	APIKey                types.String         `tfsdk:"api_key"`
	BaseURL               types.String         `tfsdk:"base_url"`
	AccountID             types.String         `tfsdk:"account_id"`
	MaxRetries            types.Int64          `tfsdk:"max_retries"`
	RequestTimeout        timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxConcurrentRequests types.Int64          `tfsdk:"max_concurrent_requests"`
	MaxRequestsPerSecond  types.Float64        `tfsdk:"max_requests_per_second"`
	MaxRateLimitWait      timetypes.GoDuration `tfsdk:"max_rate_limit_wait"`
}

// providerData is what the provider hands to its data sources.
type providerData struct {
	client    *itellico.Client
	accountID string
	apiKey    string
	// reads shares identical reads in flight (see providerData.read).
	reads singleflight.Group
	// causes says each provider-wide cause of failure in full once (read_onecause.go).
	causes causes
}

// logContext masks the API key in every log line written with the
// returned context, including the client's debug lines.
func (d *providerData) logContext(ctx context.Context) context.Context {
	ctx = tflog.MaskMessageStrings(ctx, d.apiKey)
	return tflog.MaskAllFieldValuesStrings(ctx, d.apiKey)
}

// read reads rd as configured, sharing the read with an identical one in
// flight: the same data source (or ephemeral resource, apart from its data
// source twin, whose messages name it otherwise) with the same
// configuration, as two modules that declare the same read give. raw is
// the configuration as Terraform encoded it, which is the same for the same
// configuration. An error of a provider-wide cause is said in full by one
// read only (causes.resolve).
func (d *providerData) read(ctx context.Context, rd readable, raw []byte, config tftypes.Value) ([]byte, diag.Diagnostics) {
	type answer struct {
		state []byte
		diags diag.Diagnostics
	}
	v, _, _ := d.reads.Do(rd.kind()+"\x00"+rd.typeName()+"\x00"+string(raw), func() (any, error) {
		state, diags := rd.readState(ctx, d, config)
		return answer{state, diags}, nil
	})
	a, _ := v.(answer)
	return a.state, d.causes.resolve(rd, a.diags)
}

func (p *itellicoProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "itellico"
	resp.Version = p.version
}

func (p *itellicoProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The itellico provider reads data of the [itellico](https://itellico.ai) voice-AI platform " +
			"through its REST API. Every attribute is optional: each falls back to an environment variable or a default.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "API key sent in the `X-API-Key` header. Falls back to the `" + envAPIKey + "` " +
					"environment variable; one of the two is required. Prefer the environment variable, so the key " +
					"stays out of configuration files.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), apiKeyValidator},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the API. Falls back to the `" + envBaseURL + "` environment variable, " +
					"then `" + itellico.DefaultBaseURL + "`. Must be an absolute `https://` URL; plain `http://` is " +
					"accepted only for a loopback host (`localhost`, `127.0.0.0/8`, `::1`), because the API key " +
					"would otherwise cross the network in clear text.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Default account for the data sources, which may override it. Falls back to " +
					"the `" + envAccountID + "` environment variable; when neither is set, the data sources use the " +
					"account that the API key belongs to, looked up once with `GET /v1/accounts/current`. A UUID, or " +
					"`me`; checked at plan.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), identifierValidator("an account id")},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried (connection errors, "+
					"HTTP 408, 409 and 5xx), with exponential backoff. Between 0 and 10; default %d, as in the "+
					"official SDKs. Rate limits the API announces (HTTP 429, or 503 with `Retry-After`) are waited "+
					"out without counting against it, for up to `max_rate_limit_wait`.", itellico.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 10)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of one request, including reading its response, as a "+
					"Go duration such as `\"30s\"` or `\"2m\"`. Default `\"%s\"`, as in the official SDKs.",
					itellico.DefaultRequestTimeout),
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				Validators: []validator.String{positiveDuration{}},
			},
			"max_concurrent_requests": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Most requests in flight at once, across every data source the "+
					"provider reads (Terraform reads up to ten at a time). Within it the number adapts: it starts "+
					"at 8, doubles every round trip while the API answers well, and halves when the API limits. "+
					"Between 1 (one request after another) and 64; default %d.", itellico.DefaultMaxConcurrentRequests),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 64)},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Most requests the provider starts a second, across every data source it " +
					"reads; a fraction such as `2.5` is allowed. Unset, the provider learns the API's rate limit " +
					"from its answers 429 alone, which serves one plan on a key well. Set it when several plans " +
					"share one key at the same time, as the CI runners of one organisation do: give each its share " +
					"of the key's rate (`2.5` each for four plans on a key allowed 10 a second), so that they do " +
					"not all probe the whole rate at once. Without it, four such plans see about one request in " +
					"six answered 429, and the last ends 1.2 to 1.8 times later than the rate allows; with it, none, " +
					"and the last ends on time. Between 0.1 and 10000.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(0.1, 10000)},
			},
			"max_rate_limit_wait": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Longest time one read waits, in total, on the rate limits the "+
					"API announces, as a Go duration. A rate-limited answer (HTTP 429, or 503 with `Retry-After`) "+
					"pauses every request of the provider for the time the API asks (`Retry-After`, else 0.5 s "+
					"doubling to 8 s), and the request is then sent again; a read that would wait longer fails "+
					"with an error saying so. Default `\"%s\"`.", itellico.DefaultMaxRateLimitWait),
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				Validators: []validator.String{positiveDuration{}},
			},
		},
	}
}

func (p *itellicoProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	for _, a := range []struct {
		name string
		v    interface{ IsUnknown() bool }
	}{
		{"api_key", cfg.APIKey}, {"base_url", cfg.BaseURL}, {"account_id", cfg.AccountID},
		{"max_retries", cfg.MaxRetries}, {"request_timeout", cfg.RequestTimeout},
		{"max_concurrent_requests", cfg.MaxConcurrentRequests}, {"max_requests_per_second", cfg.MaxRequestsPerSecond},
		{"max_rate_limit_wait", cfg.MaxRateLimitWait},
	} {
		if a.v.IsUnknown() && req.ClientCapabilities.DeferralAllowed {
			// The framework then answers every read deferred, and
			// protocolServer does the same.
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			p.deferred = true
			return
		}
		if name, v := a.name, a.v; v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Provider attribute not known at plan time",
				fmt.Sprintf("The itellico provider needs %s before it can read anything, but its value depends on "+
					"a resource that is not created yet. Set it from a value known at plan time, such as a variable "+
					"or an environment variable.", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	apiKey := stringOr(cfg.APIKey, os.Getenv(envAPIKey))
	switch err := itellico.CheckAPIKey(apiKey); {
	case apiKey == "":
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Missing itellico API key",
			"Set the provider's api_key attribute or the "+envAPIKey+" environment variable to an itellico API key. "+
				"Keys are created in the itellico dashboard.")
	case err != nil:
		// Reached only through the environment variable: the attribute is
		// checked by its validator before Configure.
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Malformed itellico API key",
			fmt.Sprintf("The key in the %s environment variable cannot be sent: %s.", envAPIKey, err))
	}
	accountID := stringOr(cfg.AccountID, os.Getenv(envAccountID))
	if err := checkAccountID(accountID); accountID != "" && err != nil {
		// Reached only through the environment variable, as above.
		resp.Diagnostics.AddAttributeError(path.Root("account_id"), "Invalid itellico account id",
			fmt.Sprintf("The %s environment variable is not usable: %s.", envAccountID, err))
	}
	baseURL := stringOr(cfg.BaseURL, os.Getenv(envBaseURL))
	if baseURL == "" {
		baseURL = itellico.DefaultBaseURL
	}
	if _, err := itellico.ParseBaseURL(baseURL); err != nil {
		// Reached only through the environment variable: the attribute is
		// checked by its validator before Configure.
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid itellico base URL",
			fmt.Sprintf("The %s environment variable is not usable: %s.", envBaseURL, err))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	maxRetries := itellico.DefaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	duration := func(v timetypes.GoDuration, def time.Duration) time.Duration {
		if v.IsNull() {
			return def
		}
		d, diags := v.ValueGoDuration()
		resp.Diagnostics.Append(diags...)
		return d
	}
	timeout := duration(cfg.RequestTimeout, itellico.DefaultRequestTimeout)
	rateLimitWait := duration(cfg.MaxRateLimitWait, itellico.DefaultMaxRateLimitWait)
	concurrency := itellico.DefaultMaxConcurrentRequests
	if !cfg.MaxConcurrentRequests.IsNull() {
		concurrency = int(cfg.MaxConcurrentRequests.ValueInt64())
	}
	if resp.Diagnostics.HasError() {
		return
	}

	data := &providerData{apiKey: apiKey, accountID: accountID}
	client, err := itellico.New(itellico.Config{
		BaseURL:               baseURL,
		APIKey:                apiKey,
		UserAgent:             fmt.Sprintf("terraform-provider-itellico/%s Terraform/%s", p.version, req.TerraformVersion),
		MaxRetries:            maxRetries,
		RequestTimeout:        timeout,
		MaxConcurrentRequests: concurrency,
		MaxRequestsPerSecond:  cfg.MaxRequestsPerSecond.ValueFloat64(), // 0 when null: no bound
		MaxRateLimitWait:      rateLimitWait,
		Log: func(ctx context.Context, msg string, fields map[string]any) {
			tflog.Debug(data.logContext(ctx), msg, fields)
		},
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the itellico provider", err.Error())
		return
	}
	data.client = client
	// protocolServer reads p.data on the bypass; the framework hands the
	// other two to frameworkDataSource.Configure and
	// frameworkEphemeral.Configure, for its own read path
	// (ITELLICO_PROVIDER_READ_PATH=framework).
	p.data = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
}

// argumentChecks are the checks of the provider configuration's numbers
// made after the framework validated it (schema_validators.go).
func (p *itellicoProvider) argumentChecks() argumentChecks {
	var resp provider.SchemaResponse
	p.Schema(context.Background(), provider.SchemaRequest{}, &resp)
	typ, _ := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	return newArgumentChecks(typ, resp.Schema.Attributes)
}

var _ provider.ProviderWithFunctions = (*itellicoProvider)(nil)

// Functions returns the provider's functions. They are pure computations:
// Terraform calls them without configuring the provider, so they need no API
// key and read nothing.
func (p *itellicoProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		newCalendarPeriodFunction,
		newPreviousCalendarPeriodFunction,
		newOffsetCalendarPeriodFunction,
	}
}

func (p *itellicoProvider) Resources(context.Context) []func() resource.Resource { return nil }

var _ provider.ProviderWithEphemeralResources = (*itellicoProvider)(nil)

func (p *itellicoProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	constructors := make([]func() ephemeral.EphemeralResource, len(ephemeralResources))
	for i, e := range ephemeralResources {
		constructors[i] = e.frameworkEphemeral
	}
	return constructors
}

// ephemeralResources are the ephemeral twins of the data sources that hold
// personal data.
var ephemeralResources = []interface {
	readable
	// frameworkEphemeral is what the framework's server gets of it for
	// one call.
	frameworkEphemeral() ephemeral.EphemeralResource
}{conversationsEphemeral, conversationEphemeral}

func (p *itellicoProvider) DataSources(context.Context) []func() datasource.DataSource {
	constructors := make([]func() datasource.DataSource, len(dataSources))
	for i, d := range dataSources {
		constructors[i] = d.frameworkDataSource
	}
	return constructors
}

// dataSources are the provider's data sources, in the order of the docs'
// subcategories. Each is immutable once built, so one value serves every
// read.
var dataSources = []interface {
	readable
	// frameworkDataSource is what the framework's server gets of it for
	// one call: the data source and the provider's data.
	frameworkDataSource() datasource.DataSource
}{
	accountDataSource,
	subaccountsDataSource, subaccountDataSource,
	agentsDataSource, agentDataSource,
	conversationsDataSource, conversationDataSource, conversationStatsDataSource, conversationCountsDataSource,
	usageDataSource,
	phoneNumbersDataSource, phoneNumberDataSource,
	sipTrunksDataSource, sipTrunkDataSource,
	modelsDataSource, transcribersDataSource, voicesDataSource,
}

// stringOr returns the attribute's value when set, else fallback.
func stringOr(v types.String, fallback string) string {
	if v.IsNull() {
		return fallback
	}
	return v.ValueString()
}
