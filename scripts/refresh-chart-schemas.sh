#!/usr/bin/env bash
# Writes vendor/chart-schemas/ from the pinned chart archives: for each k8s-monitoring archive in the
# chart mirror (and the alloy-operator archive it bundles), what the program and the tests judge chart
# values by, as data read at preview without Helm:
#   <chart>-<version>/values.schema.json   the chart's schema, unchanged (and each subchart's, in charts/<name>/)
#   <chart>-<version>/values.json          its values.yaml as JSON: the defaults Helm coalesces over
#   <chart>-<version>/dependencies.json    the subcharts Chart.yaml declares: name, alias, condition
#
#   scripts/refresh-chart-schemas.sh            every k8s-monitoring archive in vendor/charts
#   scripts/refresh-chart-schemas.sh <version>  one
# Reads the mirror vendor/charts (CHARTS_DIR for another), each archive checked against
# chart-archives.sha256 first; vendor/charts/README.md says how an archive gets there. The tests
# check that what is here is what the archives hold (tests/chart-contract.spec.ts).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
charts="${CHARTS_DIR:-$root/vendor/charts}"
dest="$root/vendor/chart-schemas"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if (($# > 0)); then
    versions=("$@")
else
    mapfile -t versions < <(cd "$charts" && ls k8s-monitoring-*.tgz | sed -E 's/^k8s-monitoring-(.*)\.tgz$/\1/' | sort -V)
fi

# check ARCHIVE: the archive exists and has the sha256 chart-archives.sha256 pins.
check() {
    local archive="$1" name pinned actual
    name="$(basename "$archive")"
    if [[ ! -f "$archive" ]]; then
        echo "no $archive: fetch and pin it first (vendor/charts/README.md):" >&2
        echo "  helm pull ${name%-*} --repo https://grafana.github.io/helm-charts --version $(sed -E 's/^.*-([0-9][^-]*)\.tgz$/\1/' <<<"$name") --destination vendor/charts" >&2
        echo "  sha256sum vendor/charts/$name >> chart-archives.sha256" >&2
        exit 1
    fi
    pinned="$(awk -v name="$name" '{ n = $2; sub(/.*\//, "", n); if (n == name) print $1 }' "$root/chart-archives.sha256")"
    actual="$(sha256sum "$archive" | cut -d' ' -f1)"
    if [[ "$pinned" != "$actual" ]]; then
        echo "$archive has sha256 $actual, but chart-archives.sha256 pins ${pinned:-nothing}: pin it after checking where it came from" >&2
        exit 1
    fi
}

# model CHART_DIR OUT: the schema, defaults and dependencies of an unpacked chart and its subcharts.
model() {
    node -e '
        const fs = require("node:fs"), path = require("node:path"), { parse } = require("yaml");
        const [chart, out] = process.argv.slice(1);
        const copy = (from, to) => {
            fs.mkdirSync(to, { recursive: true });
            if (fs.existsSync(path.join(from, "values.schema.json")))
                fs.copyFileSync(path.join(from, "values.schema.json"), path.join(to, "values.schema.json"));
            const values = parse(fs.readFileSync(path.join(from, "values.yaml"), "utf8")) ?? {};
            fs.writeFileSync(path.join(to, "values.json"), JSON.stringify(values, null, 1) + "\n");
        };
        copy(chart, out);
        const meta = parse(fs.readFileSync(path.join(chart, "Chart.yaml"), "utf8"));
        const dependencies = (meta.dependencies ?? []).map((d) => ({
            name: d.name, ...(d.alias ? { alias: d.alias } : {}), ...(d.condition ? { condition: d.condition } : {}),
        }));
        fs.writeFileSync(path.join(out, "dependencies.json"), JSON.stringify(dependencies, null, 1) + "\n");
        for (const d of dependencies)
            if (fs.existsSync(path.join(chart, "charts", d.name, "values.yaml")))
                copy(path.join(chart, "charts", d.name), path.join(out, "charts", d.name));
    ' "$1" "$2"
}

rm -rf "$dest"/k8s-monitoring-* "$dest"/alloy-operator-*
for version in "${versions[@]}"; do
    archive="$charts/k8s-monitoring-$version.tgz"
    check "$archive"
    rm -rf "$work/k8s-monitoring" "$work/alloy-operator"
    tar -xzf "$archive" -C "$work"
    model "$work/k8s-monitoring" "$dest/k8s-monitoring-$version"
    operator_tgz="$(ls "$work"/k8s-monitoring/charts/alloy-operator-*.tgz)"
    operator_version="$(basename "$operator_tgz" .tgz)"
    operator_version="${operator_version#alloy-operator-}"
    check "$charts/alloy-operator-$operator_version.tgz"
    tar -xzf "$charts/alloy-operator-$operator_version.tgz" -C "$work"
    model "$work/alloy-operator" "$dest/alloy-operator-$operator_version"
    echo "k8s-monitoring $version, alloy-operator $operator_version: written to $dest" >&2
done
