// Package provider holds the Pulumi bridge configuration (tfbridge.ProviderInfo)
// for the random provider: a stand-in for github.com/pulumi/pulumi-random/provider/v4,
// which the Go module proxy does not serve. It names resources the way the
// published @pulumi/random SDK does (random:index/randomPassword:RandomPassword, …).
package provider

import (
	_ "embed" // bridge-metadata.json, written by pulumi-tfgen-random

	"context"
	"errors"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/terraform-providers/terraform-provider-random/shim"
)

// Version is the provider version reported to the engine; the build sets it with
// -ldflags "-X alloy-monitoring/engine/random/provider.Version=…".
var Version = "0.0.0-dev"

//go:embed bridge-metadata.json
var metadata []byte

// Provider returns the bridge configuration for the random provider.
func Provider() tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:            pf.ShimProvider(shim.NewProvider()),
		Name:         "random",
		Description:  "A Pulumi package to safely use randomness in Pulumi programs.",
		Keywords:     []string{"pulumi", "random"},
		License:      "Apache-2.0",
		Homepage:     "https://pulumi.io",
		Repository:   "https://github.com/pulumi/pulumi-random",
		Version:      Version,
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
		Resources: map[string]*tfbridge.ResourceInfo{
			// States written by old providers may lack the schema-version marker;
			// treat them as version 1 as pulumi-random does.
			"random_string": {PreStateUpgradeHook: func(args tfbridge.PreStateUpgradeHookArgs) (int64, resource.PropertyMap, error) {
				if args.PriorStateSchemaVersion == 0 {
					return 1, args.PriorState, nil
				}
				return args.PriorStateSchemaVersion, args.PriorState, nil
			}},
			// random_bytes has no "id" attribute: its ID is the base64 value.
			"random_bytes": {ComputeID: bytesID},
		},
		JavaScript: &tfbridge.JavaScriptInfo{RespectSchemaVersion: true},
	}
	info.MustComputeTokens(tokens.SingleModule("random_", "index",
		func(module, name string) (string, error) {
			return tokens.MakeStandard("random")(module, "Random"+name)
		}))
	info.MustApplyAutoAliases()
	return info
}

func bytesID(_ context.Context, state resource.PropertyMap) (resource.ID, error) {
	v, ok := state["base64"]
	if !ok {
		return "", errors.New("random_bytes: state has no base64 property")
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsString() {
		return "", errors.New("random_bytes: base64 property is not a string")
	}
	return resource.ID(v.StringValue()), nil
}
