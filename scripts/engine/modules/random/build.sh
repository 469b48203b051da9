#!/bin/bash
# Builds pulumi-resource-random from the Go module proxy (see README.md).
# Usage: build.sh [OUT_DIR]   (default: a new temporary directory); VERSION=… overrides the
# version the provider reports (default: the @pulumi/random SDK version in use).
set -euo pipefail
cd "$(dirname "$0")"
OUT=${1:-$(mktemp -d)}
VERSION=${VERSION:-4.21.2}
WORK=${WORK_DIR:-$(mktemp -d)}
export CGO_ENABLED=0
# terraform-provider-random's pseudo-versions are served by the proxy but are not
# in the checksum database (lookup answers 404); go.sum pins them.
export GONOSUMDB=${GONOSUMDB:+$GONOSUMDB,}github.com/terraform-providers/terraform-provider-random
LDF="-s -w -X alloy-monitoring/engine/random/provider.Version=$VERSION"
mkdir -p "$OUT" "$WORK/gen"

# 1. tfgen: writes schema.json and bridge-metadata.json (docs from the upstream module zip).
go build -trimpath -ldflags "$LDF" -o "$WORK/pulumi-tfgen-random" ./cmd/pulumi-tfgen-random
UPSTREAM_REPO_PATH=$(go list -m -f '{{.Dir}}' github.com/terraform-providers/terraform-provider-random) \
  "$WORK/pulumi-tfgen-random" schema --skip-examples --out "$WORK/gen"

# 2. embed them (schema with its version set, as pulumi-random's generate step does).
jq --arg v "$VERSION" '.version = $v' "$WORK/gen/schema.json" > cmd/pulumi-resource-random/schema.json
cp "$WORK/gen/bridge-metadata.json" provider/bridge-metadata.json

# 3. the provider.
go build -trimpath -ldflags "$LDF" -o "$OUT/pulumi-resource-random" ./cmd/pulumi-resource-random
"$OUT/pulumi-resource-random" -version
