#!/usr/bin/env bash
# Refreshes vendor/chart-schemas/ from the published charts when the k8s-monitoring pin moves.
#   scripts/refresh-chart-schemas.sh <k8s-monitoring version>
#   CHARTS_DIR=../shared/charts scripts/refresh-chart-schemas.sh <version>   from a local chart mirror
# Needs helm (3.8+) and network, or the archive in CHARTS_DIR. Not run by the tests: they read what
# this writes.
set -euo pipefail
version="${1:?usage: scripts/refresh-chart-schemas.sh <k8s-monitoring version, e.g. 4.4.0>}"
repo="${HELM_REPOSITORY:-https://grafana.github.io/helm-charts}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/vendor/chart-schemas"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -n "${CHARTS_DIR:-}" ]]; then
    tar -xzf "$CHARTS_DIR/k8s-monitoring-$version.tgz" -C "$work"
else
    helm pull k8s-monitoring --repo "$repo" --version "$version" --untar --untardir "$work"
fi
chart="$work/k8s-monitoring"
operator_tgz="$(ls "$chart"/charts/alloy-operator-*.tgz)"
operator_version="$(basename "$operator_tgz" .tgz)"
operator_version="${operator_version#alloy-operator-}"
tar -xzf "$operator_tgz" -C "$work"

rm -rf "$dest"/k8s-monitoring-* "$dest"/alloy-operator-*
mkdir -p "$dest/k8s-monitoring-$version" "$dest/alloy-operator-$operator_version"
cp "$chart/values.schema.json" "$dest/k8s-monitoring-$version/"
for sub in "$chart"/charts/*/; do
    [ -f "$sub/values.schema.json" ] || continue
    mkdir -p "$dest/k8s-monitoring-$version/charts/$(basename "$sub")"
    cp "$sub/values.schema.json" "$dest/k8s-monitoring-$version/charts/$(basename "$sub")/"
done
cp "$work/alloy-operator/values.schema.json" "$dest/alloy-operator-$operator_version/"

echo "k8s-monitoring $version, alloy-operator $operator_version: schemas written to $dest"
echo "Now pin them: DEFAULTS in config/schema.ts, chart defaults in Pulumi.yaml, the folder names in"
echo "tests/chart-contract.spec.ts, and the table in vendor/chart-schemas/README.md; then npm test."
