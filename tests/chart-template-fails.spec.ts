// The chart's template `fail`s, one catalogue row each (tests/chart-fails.ts): the program refuses
// what it claims to with the claiming rule's own code, Helm refuses the same values with the row's
// message, and the catalogue lists exactly the archive's fail sites, so a chart bump names the rows
// that are new or gone.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type SettingsInput, settingsSchema } from "../config/schema";
import { k8sMonitoringValues } from "../values/k8s-monitoring";
import { mergeValues } from "../values/overrides";
import { resolveSpec } from "../values/spec";
import {
    failSites,
    K8S_MONITORING_ARCHIVE,
    messagePattern,
    pooled,
    type Render,
    render,
} from "./helm";
import { CHART_RULES } from "../values/chart-rules";
import { planDeployment, planStack, tryPlanDeployment } from "../values/plan";
import { renderCheck } from "../cli/render-check";
import { projectFileReader } from "../runtime/pulumi-config";
import { loadChartModel } from "../values/chart-model";
import { PROJECT_DIR, withConfig } from "./harness";
import { renderFix } from "../config/fixes";
import { configPath, walk } from "../policy/shared";
import { readProjectText } from "./chart-contract";
import { CATALOGUE, type TemplateFail } from "./chart-fails";

/** Planning as a preview plans: with the charts' schemas. */
const planContext = {
    chartModel: (chart: string, version: string) => loadChartModel(readProjectText, chart, version),
};
/** The code of the mirrored rule that claims a template, if any. */
const claimedBy = new Map(
    CHART_RULES.flatMap((rule) => rule.templates.map((t) => [t, `chart:${rule.templates[0]}`])),
);
type ValuesRow = Extract<TemplateFail, { refusedAt: string }>;
const valueRows = CATALOGUE.filter((row): row is ValuesRow => "values" in row);

// A dev-like stack: trust bundle from trust-manager, every default on.
const STACK: SettingsInput = {
    clusterName: "dev-cluster",
    loki: { url: "https://loki.dev.example.com/loki/api/v1/push" },
    mimir: { url: "https://mimir.dev.example.com/api/v1/push" },
    trustBundle: { configMap: "trust-bundle", key: "trust-bundle.pem" },
};

describe("chart template fails: the catalogue", () => {
    it("has one row per fail of the pinned chart's templates", () => {
        expect(CATALOGUE).to.have.length(163);
        expect(new Set(CATALOGUE.map((r) => r.template)).size).to.equal(CATALOGUE.length);
    });

    it("lists every template a mirrored rule claims (no rule stands for a fail that is not here)", () => {
        const rows = new Set(CATALOGUE.map((r) => r.template));
        for (const rule of CHART_RULES)
            for (const template of rule.templates)
                expect(rows.has(template), template).to.equal(true);
    });

    it("names another check's code only where no rule claims the row, and leaves to the chart only what no rule claims", () => {
        for (const row of valueRows) {
            if (!claimedBy.has(row.template)) continue;
            expect(row.code, row.template).to.equal(undefined);
            expect(row.render, row.template).to.equal(undefined);
        }
    });

    it("says for every cluster-dependent fail what to do, in the README", () => {
        const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
        for (const row of CATALOGUE)
            if ("cluster" in row) expect(readme, row.template).to.contain(row.template);
    });
});

describe("chart template fails: refused before anything is created", () => {
    for (const row of valueRows) {
        if (row.render) continue;
        const code = row.code ?? claimedBy.get(row.template);
        it(`${row.template}: ${code} at ${row.refusedAt}`, () => {
            const { plan, problems } = tryPlanDeployment(
                { ...STACK, ...row.settings, values: row.values },
                planContext,
            );
            expect(plan).to.equal(undefined);
            const problem = problems.find((p) => p.key === row.refusedAt && p.code === code);
            expect(problem, JSON.stringify(problems.map((p) => [p.code, p.key]))).not.to.equal(
                undefined,
            );
            expect(problem!.message).not.to.equal("");
            expect(renderFix(problem!.fix)).not.to.equal("");
        });
    }
});

// The offline plan renders with the real Helm and names the key: rendering finds it by rendering the
// stack without each key, Helm seconds each, so npm test maps a sample of the rows (every row with
// RENDER_ROWS=all).
// A fail that only a live cluster reaches (`lookup`) cannot be rendered offline.
const RENDER_ROWS = valueRows.filter(
    (row) => row.render && !(row.helmRefuses && "cluster" in row.helmRefuses),
);
const MAPPED =
    process.env.RENDER_ROWS === "all"
        ? RENDER_ROWS
        : RENDER_ROWS.filter((_, i) => i % Math.ceil(RENDER_ROWS.length / 6) === 0);

describe("chart template fails: the offline plan's render names the key", function () {
    this.timeout(10 * 60_000);
    for (const row of MAPPED)
        it(`${row.template}: at or next to ${row.refusedAt}`, async () => {
            const raw = withConfig(
                { values: { "kubernetes:context": "dev" }, secretKeys: new Set() },
                { ...STACK, ...row.settings, values: row.values },
            );
            const { stack, problems } = planStack(raw, projectFileReader(PROJECT_DIR));
            expect(problems, JSON.stringify(problems)).to.deep.equal([]);
            const check = await renderCheck(
                PROJECT_DIR,
                raw,
                stack!,
                projectFileReader(PROJECT_DIR),
            );
            expect(check.problems.map((p) => p.code)).to.deep.equal(["chart:render"]);
            const [problem] = check.problems;
            // A key the row's values set, whose removal cures the failure (the search renders the
            // stack without it), or `values` itself where no single key does.
            const keys = new Set(["values"]);
            for (const { path } of walk(row.values, ["values"])) keys.add(configPath(path));
            expect([...keys], problem.key).to.include(problem.key);
            expect(problem.message).to.match(messagePattern(row.fails.split("\n")[0]));
        });
});

describe("chart template fails: left to the chart, which refuses them before anything is created", () => {
    for (const row of valueRows)
        if (row.render)
            it(`${row.template}: accepted by the plan (the render refuses it)`, () => {
                const { problems } = tryPlanDeployment(
                    { ...STACK, ...row.settings, values: row.values },
                    planContext,
                );
                expect(problems.map((p) => [p.code, p.key])).to.deep.equal([]);
            });
});

describe("chart template fails: typed config", () => {
    const withInstances = (
        integration: string,
        instance: Record<string, unknown>,
        extra: Partial<SettingsInput> = {},
    ) =>
        ({
            ...STACK,
            ...extra,
            integrations: { [integration]: { instances: [instance] } },
        }) as SettingsInput;

    for (const integration of ["alloy", "cert-manager", "dcgm-exporter", "etcd"])
        it(`refuses a ${integration} instance without label selectors (charts/feature-integrations/templates/_integration_${integration}.tpl)`, () => {
            const { problems } = tryPlanDeployment(withInstances(integration, { name: "extra" }));
            expect(problems.map((p) => p.key)).to.deep.equal([
                `integrations.${integration}.instances[0].labelSelectors`,
            ]);
        });

    it("turns off the logs of log integrations when pod logs are off (templates/features/_feature_integrations.tpl:214)", () => {
        const plan = planDeployment(
            withInstances(
                "loki",
                { name: "loki", labelSelectors: { app: "loki" } },
                { features: { podLogs: false } },
            ),
        );
        const instance = (
            plan.values.integrations as Record<string, { instances: Record<string, unknown>[] }>
        ).loki.instances[0];
        expect(instance.logs).to.deep.equal({ enabled: false });
        // With pod logs on, the chart's default (logs on) is left alone.
        const on = planDeployment(
            withInstances("loki", { name: "loki", labelSelectors: { app: "loki" } }),
        );
        expect(
            (on.values.integrations as Record<string, { instances: Record<string, unknown>[] }>)
                .loki.instances[0],
        ).not.to.have.property("logs");
    });

    it("refuses log integrations that ask for logs while pod logs are off, at their own key", () => {
        const { problems } = tryPlanDeployment(
            withInstances(
                "grafana",
                { name: "grafana", logs: { enabled: true } },
                { features: { podLogs: false } },
            ),
        );
        // One rule for a stack's own instances and those set through values: the chart's.
        expect(problems.map((p) => [p.code, p.key])).to.deep.equal([
            [
                "chart:templates/features/_feature_integrations.tpl:214",
                "integrations.grafana.instances[0].logs.enabled",
            ],
        ]);
    });

    it("keeps deploy flags and features consistent for every toggle (feature-cluster-metrics _validation.tpl:17, feature-host-metrics _validation.tpl:16)", () => {
        for (const hostMetrics of [true, false]) {
            const plan = planDeployment({ ...STACK, features: { hostMetrics } });
            const services = plan.values.telemetryServices as Record<string, { deploy: boolean }>;
            expect(services["kube-state-metrics"].deploy).to.equal(true);
            expect(services["node-exporter"].deploy).to.equal(hostMetrics);
        }
    });
});

describe("chart template fails: Helm agrees with the catalogue", function () {
    this.timeout(10 * 60_000);
    const renders = new Map<string, Render>();

    before(async () => {
        // The values the program would hand the chart, were the row's `values` not refused.
        const generated = (row: ValuesRow) =>
            k8sMonitoringValues(
                resolveSpec(settingsSchema.parse({ ...STACK, ...row.settings })).spec,
            ) as unknown as Record<string, unknown>;
        const results = await pooled(
            valueRows.map(
                (row) => () =>
                    render(K8S_MONITORING_ARCHIVE, mergeValues(generated(row), row.values)),
            ),
        );
        valueRows.forEach((row, i) => renders.set(row.template, results[i]));
    });

    it("has a row for every fail in the archive's templates, and none for a fail that is not there", () => {
        const sites = failSites(K8S_MONITORING_ARCHIVE);
        const rows = new Set(CATALOGUE.map((r) => r.template));
        const inArchive = new Set(sites.map((s) => s.template));
        // A chart bump shows here what changed: fails that are new, gone, or moved to another line.
        const report = {
            new: sites.filter((s) => !rows.has(s.template)).map((s) => `${s.template}  ${s.line}`),
            gone: [...rows].filter((t) => !inArchive.has(t)),
        };
        expect(report, "catalogue rows vs the archive's fail sites").to.deep.equal({
            new: [],
            gone: [],
        });
    });

    // Helm names the outermost template of a failed render (validations.yaml, mostly), not the
    // helper that called `fail`: the row's message is what identifies its fail.
    for (const row of valueRows)
        it(`${row.template}: the row's values make Helm fail with its message`, () => {
            const result = renders.get(row.template)!;
            const how = row.helmRefuses;
            if (how && "cluster" in how) {
                // `helm template` has no cluster: its lookup finds nothing, so the check is skipped.
                // tests/engine has such a row on the provider's live render.
                expect(result.error, how.cluster).not.to.match(messagePattern(row.fails));
                return;
            }
            expect(result.ok, "helm rendered the row's values without failing").to.equal(false);
            if (how && "earlier" in how) {
                // Shadowed: the chart's general clustering check refuses the same mistake first.
                expect(result.error).to.match(messagePattern(how.earlier));
                return;
            }
            if (how && "schema" in how) {
                expect(result.error).to.contain(
                    "values don't meet the specifications of the schema",
                );
                expect(result.error).to.contain(how.schema.split(".").at(-1));
                return;
            }
            expect(result.error).to.match(/^Error: execution error at \(k8s-monitoring\//);
            expect(result.error).to.match(messagePattern(row.fails));
        });
});
