// The contract with the pinned charts: every plan the program makes fits the charts' own schemas,
// checked the way Helm checks them (tests/chart-contract.ts).
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { CHART_ARCHIVES } from "../scripts/engine/engine";
import path from "node:path";
import { DEFAULTS } from "../config/schema";
import { PRESET_LIST_ENTRIES, TOP_LEVEL_KEYS } from "../config/chart-facts";
import { planDeployment } from "../values/plan";
import {
    ALLOY_OPERATOR,
    alloyOperatorSchemaErrors,
    coalesce,
    K8S_MONITORING,
    k8sMonitoringModel,
    k8sMonitoringSchemaErrors,
} from "./chart-contract";
import { CA_ONE, coveringToggles, minimalSettings, withToggles } from "./fixtures";
import { PROJECT_DIR, tempDir } from "./harness";

describe("chart contract: the vendored schemas", () => {
    const dir = path.join(PROJECT_DIR, "vendor", "chart-schemas");

    it("are the pinned versions, with their source, tag and license beside them", () => {
        expect(K8S_MONITORING).to.equal(`k8s-monitoring-${DEFAULTS.chartVersion}`);
        expect(ALLOY_OPERATOR).to.equal(`alloy-operator-${DEFAULTS.operatorVersion}`);
        expect(readdirSync(dir)).to.include.members([
            K8S_MONITORING,
            ALLOY_OPERATOR,
            "LICENSE",
            "README.md",
        ]);
        const readme = readFileSync(path.join(dir, "README.md"), "utf8");
        expect(readme).to.contain(`\`${K8S_MONITORING}/\``).and.contain("Apache License 2.0");
        expect(readFileSync(path.join(dir, "LICENSE"), "utf8")).to.contain("Apache License");
    });

    it("cover every subchart, each under a key the chart reads", () => {
        const keys = k8sMonitoringModel().subcharts.map((s) => s.key);
        expect(keys).to.have.length(21);
        for (const key of keys) expect(TOP_LEVEL_KEYS).to.include(key);
    });

    it("are what the pinned archives hold: schemas, values.yaml as JSON, Chart.yaml's subcharts", () => {
        const versions = readdirSync(dir).filter((d) =>
            /^(k8s-monitoring|alloy-operator)-/.test(d),
        );
        expect(versions).to.include.members([
            K8S_MONITORING,
            ALLOY_OPERATOR,
            "k8s-monitoring-4.4.0",
        ]);
        for (const version of versions) {
            const unpacked = tempDir("chart-");
            execFileSync("tar", [
                "-xzf",
                path.join(CHART_ARCHIVES, `${version}.tgz`),
                "-C",
                unpacked,
            ]);
            const chart = path.join(unpacked, version.replace(/-\d.*$/, ""));
            const vendored = path.join(dir, version);
            const meta = parse(readFileSync(path.join(chart, "Chart.yaml"), "utf8")) as {
                dependencies?: { name: string; alias?: string; condition?: string }[];
            };
            const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as unknown;
            expect(read(path.join(vendored, "dependencies.json")), version).to.deep.equal(
                (meta.dependencies ?? []).map((d) => ({
                    name: d.name,
                    ...(d.alias ? { alias: d.alias } : {}),
                    ...(d.condition ? { condition: d.condition } : {}),
                })),
            );
            for (const sub of ["", ...(meta.dependencies ?? []).map((d) => `charts/${d.name}/`)]) {
                if (!existsSync(path.join(chart, sub, "values.yaml"))) continue;
                expect(
                    read(path.join(vendored, sub, "values.json")),
                    `${version}/${sub}`,
                ).to.deep.equal(
                    parse(readFileSync(path.join(chart, sub, "values.yaml"), "utf8")) ?? {},
                );
                if (existsSync(path.join(chart, sub, "values.schema.json")))
                    expect(
                        readFileSync(path.join(vendored, sub, "values.schema.json"), "utf8"),
                    ).to.equal(readFileSync(path.join(chart, sub, "values.schema.json"), "utf8"));
            }
        }
    });

    it("hold the presets' list entries the program keeps (config/chart-facts.ts), as the archive's presets", () => {
        const unpacked = tempDir("presets-");
        execFileSync("tar", [
            "-xzf",
            path.join(CHART_ARCHIVES, `${K8S_MONITORING}.tgz`),
            "-C",
            unpacked,
        ]);
        const dir = path.join(unpacked, "k8s-monitoring", "collectors", "presets");
        const found: Record<string, Record<string, unknown[]>> = {};
        for (const file of readdirSync(dir)) {
            const preset = parse(readFileSync(path.join(dir, file), "utf8")) as Record<
                string,
                unknown
            >;
            for (const listPath of [
                "alloy.mounts.extra",
                "controller.volumes.extra",
                "alloy.extraPorts",
            ]) {
                const list = listPath
                    .split(".")
                    .reduce<unknown>(
                        (node, key) => (node as Record<string, unknown> | undefined)?.[key],
                        preset,
                    );
                if (Array.isArray(list))
                    (found[file.replace(/\.yaml$/, "")] ??= {})[listPath] = list;
            }
        }
        expect(PRESET_LIST_ENTRIES).to.deep.equal(found);
    });

    it("catch what Helm would refuse (so the checks below can fail)", () => {
        const { values } = planDeployment(minimalSettings());
        expect(k8sMonitoringSchemaErrors({ ...values, cluster: { name: 5 } })).not.to.deep.equal(
            [],
        );
        expect(
            k8sMonitoringSchemaErrors({
                ...values,
                clusterMetrics: {
                    ...(values.clusterMetrics as object),
                    kubelet: { enabled: "yes" },
                },
            }),
        ).to.satisfy((errors: string[]) => errors.some((e) => e.startsWith("clusterMetrics.")));
        expect(alloyOperatorSchemaErrors({ crds: { deployAlloyCRD: "yes" } })).not.to.deep.equal(
            [],
        );
    });

    it("coalesce as the program merges: maps merge, lists replace, a null deletes the key", () => {
        expect(
            coalesce({ a: { b: 1, c: [1, 2] }, d: 1, e: 2 }, { a: { c: [3] }, d: null, f: null }),
        ).to.deep.equal({ a: { b: 1, c: [3] }, e: 2 });
    });
});

// Every stack file is rendered by Helm itself (tests/chart-render.spec.ts).
describe("chart contract: plans fit the charts' schemas, coalesced with the chart's defaults", () => {
    // A covering array of the toggles (every pair in every combination a stack may set), each row
    // in four shapes: all 2^n combinations would take minutes of schema checks.
    it("the feature toggles, every pair, with and without trust bundle, probes and integrations", () => {
        const failures: string[] = [];
        coveringToggles().forEach((features, row) => {
            for (const shape of [0, 1, 2, 3]) {
                const plan = planDeployment({
                    ...withToggles(features),
                    trustBundle: shape % 2 === 1 ? { pem: CA_ONE } : { configMap: "trust-bundle" },
                    blackbox: { enabled: shape < 2 },
                    integrations: {
                        certManager: { enabled: shape !== 2 },
                        etcd: {
                            instances: [{ name: "etcd", labelSelectors: { component: "etcd" } }],
                        },
                    },
                });
                const errors = k8sMonitoringSchemaErrors(plan.values);
                if (errors.length > 0)
                    failures.push(`row ${row}, shape ${shape}: ${errors.join("; ")}`);
            }
        });
        expect(failures).to.deep.equal([]);
    });
});
