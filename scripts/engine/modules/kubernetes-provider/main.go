// Wrapper main for the Pulumi Kubernetes provider, built from the Go module proxy
// (see ../README.md). It mirrors upstream
// provider/cmd/pulumi-resource-kubernetes/main.go, which embeds files made by
// `go generate` that are not in the module zip: here the build step copies the
// provider module's committed schema.json (with "version" set) and
// terraform-mapping.json next to this file before `go build`.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

var providerName = "kubernetes"

//go:embed schema.json
var pulumiSchema []byte

//go:embed terraform-mapping.json
var terraformMapping []byte

func main() {
	provider.Serve(providerName, version.Version, pulumiSchema, terraformMapping)
}
