// pulumi-resource-random serves the random provider to the Pulumi engine.
// schema.json is made by pulumi-tfgen-random (see ../../README.md) before `go build`.
package main

import (
	"context"
	_ "embed"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"alloy-monitoring/engine/random/provider"
)

//go:embed schema.json
var schema []byte

func main() {
	pf.Main(context.Background(), "random", provider.Provider(), pf.ProviderMetadata{PackageSchema: schema})
}
