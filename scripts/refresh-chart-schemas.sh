#!/usr/bin/env bash
# Refreshes vendor/chart-schemas/ from the pinned chart archive when the k8s-monitoring pin moves.
#   scripts/refresh-chart-schemas.sh <k8s-monitoring version>
# Reads <version>'s archive from the project's chart mirror, vendor/charts (CHARTS_DIR for another),
# after checking it against chart-archives.sha256; vendor/charts/README.md says how an archive gets
# there. Not run by the tests: they read what this writes.
set -euo pipefail
version="${1:?usage: scripts/refresh-chart-schemas.sh <k8s-monitoring version, e.g. 4.5.0>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
charts="${CHARTS_DIR:-$root/vendor/charts}"
dest="$root/vendor/chart-schemas"
archive="$charts/k8s-monitoring-$version.tgz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ ! -f "$archive" ]]; then
    echo "no $archive: fetch and pin it first (vendor/charts/README.md):" >&2
    echo "  helm pull k8s-monitoring --repo https://grafana.github.io/helm-charts --version $version --destination vendor/charts" >&2
    echo "  sha256sum vendor/charts/k8s-monitoring-$version.tgz >> chart-archives.sha256" >&2
    exit 1
fi
pinned="$(awk -v name="k8s-monitoring-$version.tgz" '{ n = $2; sub(/.*\//, "", n); if (n == name) print $1 }' "$root/chart-archives.sha256")"
actual="$(sha256sum "$archive" | cut -d' ' -f1)"
if [[ "$pinned" != "$actual" ]]; then
    echo "$archive has sha256 $actual, but chart-archives.sha256 pins ${pinned:-nothing}: pin it after checking where it came from" >&2
    exit 1
fi
tar -xzf "$archive" -C "$work"
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
