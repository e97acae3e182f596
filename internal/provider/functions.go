package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

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
