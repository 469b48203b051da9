// pulumi-tfgen-random writes the Pulumi package schema (schema.json) and
// bridge-metadata.json for the random provider: `pulumi-tfgen-random schema --out DIR`.
// UPSTREAM_REPO_PATH, when set, points tfgen at the upstream module's source (for docs).
package main

import (
	"os"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"alloy-monitoring/engine/random/provider"
)

func main() {
	info := provider.Provider()
	if p := os.Getenv("UPSTREAM_REPO_PATH"); p != "" {
		info.UpstreamRepoPath = p
	}
	tfgen.Main("random", info)
}
