// Command terraform-provider-itellico is the itellico Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/itellicoai/terraform-provider-itellico/internal/provider"
)

// version is set by the release build (goreleaser's -ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/itellicoai/itellico",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
