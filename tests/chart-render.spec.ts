// The chart contract, judged by Helm itself: what the program hands the charts renders with the real
// `helm template` (the version the Kubernetes provider embeds) and the pinned archives. The property:
// a config the program accepts always renders.
import { expect } from "chai";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { listStacks, loadStackFiles } from "../cli/stack-files";
import { projectFileReader } from "../runtime/pulumi-config";
import type { SettingsInput } from "../config/schema";
import { type DeploymentPlan, planStack, tryPlanDeployment } from "../values/plan";
import { COLLECTOR_PRESETS, DESTINATION_SIGNALS, FEATURE_KEYS } from "../config/chart-facts";
import { featureRow } from "../config/features";
import { isMap } from "../config/objects";
import {
    CA_ONE,
    coveringToggles,
    EVERY_DESTINATION,
    FEATURE_TOGGLES,
    minimalSettings,
    validToggles,
    withToggles,
} from "./fixtures";
import { applyFix, PROJECT_DIR, stackConfig, withConfig } from "./harness";
import { renderCheck } from "../cli/render-check";
import { configPath, parseConfigPath, walk } from "../policy/shared";
import { renderFix } from "../config/fixes";
import {
    ALLOY_OPERATOR_ARCHIVE,
    archive,
    K8S_MONITORING_ARCHIVE,
    pooled,
    type Render,
    render,
    renderLayers,
} from "./helm";

type Case = { name: string; plan: DeploymentPlan };

/** Both charts of a plan, rendered; the failure names the case and Helm's own message. */
async function renderPlan(c: Case): Promise<{ name: string; k8s: Render; operator: Render }> {
    const [k8s, operator] = await Promise.all([
        // The version the plan pins: the default, or an older one a stack keeps.
        render(archive("k8s-monitoring", c.plan.charts.k8sMonitoring.version), c.plan.values),
        render(ALLOY_OPERATOR_ARCHIVE, c.plan.alloyOperatorValues, "alloy-operator"),
    ]);
    return { name: c.name, k8s, operator };
}

function failures(results: Awaited<ReturnType<typeof renderPlan>>[]): string[] {
    return results.flatMap((r) => [
        ...(r.k8s.ok ? [] : [`${r.name}: k8s-monitoring: ${r.k8s.error.trim()}`]),
        ...(r.operator.ok ? [] : [`${r.name}: alloy-operator: ${r.operator.error.trim()}`]),
    ]);
}

function planned(name: string, settings: SettingsInput): Case {
    const { plan, problems } = tryPlanDeployment(settings);
    if (!plan) throw new Error(`${name} does not plan: ${JSON.stringify(problems)}`);
    return { name, plan };
}

/** Accepted configs of the shapes users write: toggles, probes, bundles, integrations, overrides. */
const acceptedSettings: fc.Arbitrary<SettingsInput> = fc
    .record({
        features: fc.record(
            Object.fromEntries(FEATURE_TOGGLES.map((f) => [f, fc.boolean()])) as Record<
                (typeof FEATURE_TOGGLES)[number],
                fc.Arbitrary<boolean>
            >,
            { requiredKeys: [] },
        ),
        trustBundle: fc.constantFrom<SettingsInput["trustBundle"]>(
            undefined,
            { pem: CA_ONE },
            { configMap: "trust-bundle", key: "ca.pem" },
        ),
        blackbox: fc.record({
            enabled: fc.boolean(),
            targets: fc.uniqueArray(
                fc.record({
                    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/),
                    url: fc.constantFrom(
                        "https://grafana.example.com/api/health",
                        "db.internal:5432",
                        "10.0.0.1",
                    ),
                }),
                { selector: (t) => t.name, maxLength: 3 },
            ),
        }),
        certManager: fc.boolean(),
        etcd: fc.boolean(),
        rulerUrl: fc.option(fc.constant("https://mimir-ruler.example.com"), { nil: undefined }),
        values: fc.constantFrom<Record<string, unknown> | undefined>(
            undefined,
            { collectors: { "alloy-metrics": { controller: { replicas: 3 } } } },
            { clusterMetrics: { kubelet: { enabled: false } } },
            { podLogsViaLoki: { namespaces: ["default", "kube-system"] } },
            { cluster: { name: "renamed-in-values" } },
            { global: { scrapeInterval: "30s" } },
        ),
    })
    .map((r) => ({
        ...minimalSettings({
            ...EVERY_DESTINATION,
            features: validToggles(r.features)
                ? r.features
                : { ...r.features, podLogsViaKubernetesApi: false },
            blackbox: {
                enabled: r.blackbox.enabled,
                targets: r.blackbox.targets.map((t) => ({
                    ...t,
                    module: t.url.startsWith("https")
                        ? "http_2xx"
                        : t.url.includes(":")
                          ? "tcp_connect"
                          : "icmp",
                })),
            },
            integrations: {
                certManager: { enabled: r.certManager },
                ...(r.etcd
                    ? {
                          etcd: {
                              instances: [{ name: "etcd", labelSelectors: { component: "etcd" } }],
                          },
                      }
                    : {}),
            },
        }),
        ...(r.trustBundle ? { trustBundle: r.trustBundle } : {}),
        ...(r.rulerUrl
            ? { mimir: { url: "https://mimir.example.com/api/v1/push", rulerUrl: r.rulerUrl } }
            : {}),
        ...(r.values ? { values: r.values } : {}),
    }));

/**
 * `values` overrides as a fuzzer writes them: a few edits at paths of the chart's vocabulary (feature
 * switches and their collectors and destination lists, collector presets, clustering, replicas and
 * lists, telemetry services, nulls), folded into one object. Most are refused; what is accepted
 * must render.
 */
const COLLECTORS = [
    "alloy-metrics",
    "alloy-singleton",
    "alloy-logs",
    "alloy-receiver",
    "alloy-profiles",
];
const edit: fc.Arbitrary<[(string | number)[], unknown]> = fc.oneof(
    fc.tuple(
        fc.constantFrom(...FEATURE_KEYS).map((f) => [f, "enabled"]),
        fc.constantFrom(true, false, null),
    ),
    fc.tuple(
        fc.constantFrom(...FEATURE_KEYS).map((f) => [f, "collector"]),
        fc.constantFrom(...COLLECTORS),
    ),
    fc.tuple(
        fc.constantFrom(...FEATURE_KEYS, "integrations").map((f) => [f, "destinations"]),
        fc.subarray(["mimir", "loki", "tempo", "pyroscope", "otlp-gateway"]),
    ),
    // Destinations of the chart's other types, beside the program's own.
    fc.tuple(
        fc.constant<(string | number)[]>(["destinations", "otlp-gateway"]),
        fc.record({
            type: fc.constant("otlp"),
            url: fc.constant("https://otlp.example.com/otlp"),
            protocol: fc.constantFrom("grpc", "http"),
            metrics: fc.record({ enabled: fc.boolean() }),
            logs: fc.record({ enabled: fc.boolean() }),
            traces: fc.record({ enabled: fc.boolean() }),
        }),
    ),
    fc.tuple(
        fc.constant<(string | number)[]>(["destinations", "stdout"]),
        fc.constant({ type: "loki-stdout" }),
    ),
    // Parts of the features the program plans, and settings of those it does not.
    fc.tuple(
        fc.constantFrom<(string | number)[]>(
            ["profiling", "ebpf", "enabled"],
            ["profiling", "java", "enabled"],
            ["applicationObservability", "receivers", "zipkin", "enabled"],
            ["applicationObservability", "traces", "enabled"],
            ["annotationAutodiscovery", "pods", "enabled"],
            ["podLogsObjects", "nodeFilter"],
            ["hostMetrics", "windowsHosts", "enabled"],
        ),
        fc.boolean(),
    ),
    fc.tuple(
        fc.constantFrom(...COLLECTORS).map((c) => ["collectors", c, "presets"]),
        fc.shuffledSubarray([...COLLECTOR_PRESETS], { maxLength: 4 }),
    ),
    fc.tuple(
        fc
            .constantFrom(...COLLECTORS)
            .map((c) => ["collectors", c, "alloy", "clustering", "enabled"]),
        fc.boolean(),
    ),
    fc.tuple(
        fc.constantFrom(...COLLECTORS).map((c) => ["collectors", c, "controller", "replicas"]),
        fc.integer({ min: 1, max: 3 }),
    ),
    fc.tuple(
        fc.constantFrom(...COLLECTORS).map((c) => ["collectors", c, "alloy", "mounts", "extra"]),
        fc.constantFrom(null, []),
    ),
    fc.tuple(
        fc
            .constantFrom(
                "kube-state-metrics",
                "node-exporter",
                "windows-exporter",
                "kepler",
                "opencost",
            )
            .map((t) => ["telemetryServices", t, "deploy"]),
        fc.constantFrom(true, false, null),
    ),
    fc.tuple(
        fc.constantFrom<(string | number)[]>(
            ["clusterMetrics", "kubeProxy", "enabled"],
            ["hostMetrics", "linuxHosts", "enabled"],
        ),
        fc.constantFrom(true, false, null),
    ),
);
const fuzzedValues: fc.Arbitrary<Record<string, unknown>> = fc
    .array(edit, { minLength: 1, maxLength: 4 })
    .map((edits) => {
        const values: Record<string, unknown> = {};
        for (const [path, value] of edits) {
            let node = values;
            for (const key of path.slice(0, -1))
                node = isMap(node[key]) ? node[key] : (node[key] = {});
            node[path.at(-1)!] = value;
        }
        return values;
    });

// Each full render takes Helm 3–5 s of CPU: npm test renders small samples (fixed seeds, cached);
// npm run test:fuzz (FUZZ_RUNS) renders larger ones with a fresh seed.
const FUZZ = process.env.FUZZ_RUNS !== undefined;
const SAMPLE = Number(process.env.RENDER_SAMPLE ?? (FUZZ ? 40 : 5));
const SEED = Number(process.env.RENDER_SEED ?? (FUZZ ? Date.now() : 4242));

describe("chart render: Helm renders what the program accepts", function () {
    this.timeout(10 * 60_000);

    // Every stack file at the default version, and kept at the previous one (4.4.0 still works).
    it("every stack file, at the pinned chart and at 4.4.0", async () => {
        const stacks = listStacks(PROJECT_DIR);
        const cases = [...stacks, ...stacks.map((s) => `${s}@4.4.0`)].map((name) => {
            const [stack, version] = name.split("@");
            const raw = loadStackFiles(PROJECT_DIR, stack).raw;
            const chart = JSON.parse(raw.values["alloy-monitoring:chart"] ?? "{}") as object;
            const { stack: plan, problems } = planStack(
                version ? withConfig(raw, { chart: { ...chart, version } }) : raw,
                projectFileReader(PROJECT_DIR),
            );
            if (!plan) throw new Error(`${stack}: ${JSON.stringify(problems)}`);
            return { name, plan: plan.plan };
        });
        expect(cases).not.to.deep.equal([]);
        const results = await pooled(cases.map((c) => () => renderPlan(c)));
        expect(failures(results)).to.deep.equal([]);
        // What the README promises is really rendered: the three collectors, as Alloy objects.
        for (const r of results) {
            const kinds = parseAllDocuments(r.k8s.manifests)
                .map((d) => d.toJSON() as { kind?: string; metadata?: { name?: string } } | null)
                .filter((o) => o?.kind === "Alloy")
                .map((o) => o!.metadata!.name);
            expect(kinds, r.name).to.have.members(
                ["alloy-metrics", "alloy-singleton", "alloy-logs"].map(
                    (c) => `k8s-monitoring-${c}`,
                ),
            );
        }
    });

    it("feature toggles, every pair in all four combinations a stack may set", async () => {
        const rows = coveringToggles();
        for (const a of FEATURE_TOGGLES)
            for (const b of FEATURE_TOGGLES)
                if (a < b)
                    expect(
                        new Set(rows.map((r) => `${r[a]},${r[b]}`)).size,
                        `${a} × ${b}`,
                    ).to.equal(validToggles({ [a]: true, [b]: true }) ? 4 : 3);
        const cases = rows.map((features, i) =>
            planned(`toggles #${i} ${JSON.stringify(features)}`, withToggles(features)),
        );
        expect(failures(await pooled(cases.map((c) => () => renderPlan(c))))).to.deep.equal([]);
    });

    // One row per toggle (config/features.ts): each, turned from its default alone, changes what
    // the chart is given and what it renders, and renders; each signal it sends has a destination.
    it("every toggle alone: it changes the values and the render, and its signals have a destination", async () => {
        const base = planned("defaults", withToggles({}));
        const cases = FEATURE_TOGGLES.map((toggle) => {
            const flipped: Record<string, boolean> = { [toggle]: !featureRow(toggle).default };
            // Pod logs are read one way: through the API instead of from the nodes.
            if (toggle === "podLogsViaKubernetesApi") flipped.podLogs = false;
            return planned(`${toggle} ${JSON.stringify(flipped)}`, withToggles(flipped));
        });
        const results = await pooled([base, ...cases].map((c) => () => renderPlan(c)));
        expect(failures(results)).to.deep.equal([]);
        FEATURE_TOGGLES.forEach((toggle, i) => {
            expect(cases[i].plan.values, toggle).not.to.deep.equal(base.plan.values);
            expect(results[i + 1].k8s.manifests, toggle).not.to.equal(results[0].k8s.manifests);
            const row = featureRow(toggle);
            if (!row.default) {
                const destinations = Object.values(cases[i].plan.values.destinations as object);
                for (const signal of row.signals)
                    expect(
                        destinations.some(
                            (d: any) =>
                                (DESTINATION_SIGNALS[d.type] ?? []).includes(signal) &&
                                (d.type !== "otlp" || d[signal]?.enabled !== false),
                        ),
                        `${toggle} ${signal}`,
                    ).to.equal(true);
            }
        });
    });

    it("every destination type the chart has, first-class (Tempo over gRPC and HTTP, Pyroscope) and through values", async () => {
        const traced = { applicationObservability: true, profiling: true };
        const destinations = {
            "otlp-gateway": {
                type: "otlp",
                url: "https://otlp.example.com/otlp",
                protocol: "http",
                metrics: { enabled: true },
                logs: { enabled: true },
                traces: { enabled: false },
            },
            stdout: { type: "loki-stdout" },
            nowhere: { type: "nop" },
            debug: {
                type: "custom",
                config: 'otelcol.exporter.debug "debug" { }',
                ecosystem: "otlp",
                traces: { enabled: true },
            },
            tenants: {
                type: "router",
                ecosystem: "loki",
                routes: [
                    {
                        match: [{ label: "namespace", op: "equals", value: "tenant-a" }],
                        destinations: ["loki"],
                    },
                ],
                defaultDestinations: ["loki"],
            },
        };
        const cases = [
            planned("tempo over grpc, pyroscope", {
                ...withToggles(traced),
                tempo: { url: "https://tempo.example.com:4317", protocol: "grpc" },
            }),
            planned("tempo over http", {
                ...withToggles(traced),
                tempo: { url: "http://tempo-distributor.tempo.svc:4318", protocol: "http" },
            }),
            planned("otlp, loki-stdout, nop, custom, router through values", {
                ...withToggles({}),
                values: { destinations, clusterEvents: { destinations: ["tenants"] } },
            }),
        ];
        expect(failures(await pooled(cases.map((c) => () => renderPlan(c))))).to.deep.equal([]);
    });

    it(`a fast-check sample of accepted configs (${SAMPLE}, seed ${SEED})`, async () => {
        const sample = fc.sample(acceptedSettings, { numRuns: SAMPLE * 4, seed: SEED });
        const cases = sample
            .map((settings, i) => ({ i, settings, planned: tryPlanDeployment(settings) }))
            .filter((c) => c.planned.plan)
            .slice(0, SAMPLE)
            .map((c) => ({
                name: `sample #${c.i} ${JSON.stringify(c.settings)}`,
                plan: c.planned.plan!,
            }));
        // The sample is of accepted configs: most generated ones must be, or it tests nothing.
        expect(cases).to.have.length(SAMPLE);
        expect(failures(await pooled(cases.map((c) => () => renderPlan(c))))).to.deep.equal([]);
    });

    // The property, over stacks that turn toggles on and mix chart features through values: what
    // the program accepts renders, or the offline plan's render names a key the stack wrote; what
    // it refuses, it refuses at keys the stack has.
    it(`a fuzzed sample of toggles and \`values\` (${SAMPLE} accepted, seed ${SEED})`, async () => {
        const stacks = fc.record({
            features: fc.record(Object.fromEntries(FEATURE_TOGGLES.map((f) => [f, fc.boolean()])), {
                requiredKeys: [],
            }),
            values: fuzzedValues,
        });
        const sample = fc.sample(stacks, { numRuns: SAMPLE * 40, seed: SEED });
        const reader = projectFileReader(PROJECT_DIR);
        const planned = sample.map(({ features, values }, i) => {
            const raw = withConfig(stackConfig("dev"), { ...EVERY_DESTINATION, features, values });
            return { i, raw, features, values, ...planStack(raw, reader) };
        });
        // Refused: every problem at a key of the stack config, with a fix.
        for (const p of planned.filter((c) => !c.stack))
            for (const problem of p.problems) {
                const [top] = parseConfigPath(problem.key);
                expect(
                    Object.keys(p.raw.values).map((k) => k.replace(/^alloy-monitoring:/, "")),
                    `#${p.i} ${problem.key}`,
                ).to.include(String(top));
                expect(problem.fix.length, `#${p.i} ${problem.key}`).to.be.greaterThan(0);
            }
        const accepted = planned.filter((c) => c.stack).slice(0, SAMPLE);
        expect(accepted, "accepted in the sample").to.have.length(SAMPLE);
        const checks = await Promise.all(
            accepted.map((c) => renderCheck(PROJECT_DIR, c.raw, c.stack!, reader)),
        );
        accepted.forEach((c, n) => {
            const keys = new Set(["values"]);
            for (const { path } of walk(c.values, ["values"])) keys.add(configPath(path));
            for (const problem of checks[n].problems)
                expect(
                    [...keys],
                    `#${c.i} ${JSON.stringify(c.values)}: ${problem.message}`,
                ).to.include(problem.key);
        });
    });

    // Found by rendering accepted plans: each is refused at its key now (Helm, given the values
    // unchecked, fails), and the fix the problem carries, applied, gives a plan Helm renders.
    const REFUSED_BY_THE_CHART: { name: string; values: Record<string, unknown>; key: string }[] = [
        ...[
            "costMetrics",
            "annotationAutodiscovery",
            "applicationObservability",
            "kubernetesManifests",
            "podLogsObjects",
            "profiling",
        ].map((feature) => ({
            name: `a null deleting ${feature}.enabled`,
            values: { [feature]: { enabled: null } },
            key: `values.${feature}.enabled`,
        })),
        {
            name: "a null deleting a telemetry service's deploy",
            values: { telemetryServices: { kepler: { deploy: null } } },
            key: "values.telemetryServices.kepler.deploy",
        },
        {
            name: "a null deleting a collector's list the templates copy",
            values: { collectors: { "alloy-singleton": { alloy: { mounts: { extra: null } } } } },
            key: "values.collectors.alloy-singleton.alloy.mounts.extra",
        },
        {
            name: "integrations sending to Loki only, so Alloy's self-monitoring has no metrics destination",
            values: { integrations: { destinations: ["loki"] } },
            key: "values.integrations.destinations",
        },
        {
            name: "presets read first-wins: [daemonset, deployment] is a DaemonSet without clustering",
            values: { collectors: { "alloy-metrics": { presets: ["daemonset", "deployment"] } } },
            key: "values.collectors.alloy-metrics.presets",
        },
    ];

    for (const c of REFUSED_BY_THE_CHART)
        it(`refuses ${c.name}, as Helm does, with a fix that renders`, async () => {
            const raw = withConfig(stackConfig("dev"), { values: c.values });
            const { problems } = planStack(raw);
            const problem = problems.find((p) => p.key === c.key);
            expect(problem, JSON.stringify(problems)).not.to.equal(undefined);
            // Helm, handed the generated values and the stack's as two files, coalesces and fails.
            const generated = planStack(stackConfig("dev")).stack!.plan.values;
            const unchecked = await renderLayers(K8S_MONITORING_ARCHIVE, [generated, c.values]);
            expect(unchecked.ok, "Helm renders what the program refuses").to.equal(false);
            const fixed = planStack(applyFix(raw, problem!.fix));
            expect(fixed.problems, renderFix(problem!.fix)).to.deep.equal([]);
            const rendered = await render(K8S_MONITORING_ARCHIVE, fixed.stack!.plan.values);
            expect(rendered.error).to.equal("");
        });

    it("reads presets first-wins, as the chart merges them: [statefulset, daemonset] is a StatefulSet", async () => {
        const values = {
            collectors: { "alloy-metrics": { presets: ["statefulset", "daemonset"] } },
        };
        const { stack, problems } = planStack(withConfig(stackConfig("dev"), { values }));
        expect(problems).to.deep.equal([]);
        const rendered = await render(K8S_MONITORING_ARCHIVE, stack!.plan.values);
        expect(rendered.error).to.equal("");
        const metrics = parseAllDocuments(rendered.manifests)
            .map((d) => d.toJSON() as { kind?: string; metadata?: { name?: string }; spec?: any })
            .find(
                (o) => o?.kind === "Alloy" && o.metadata?.name === "k8s-monitoring-alloy-metrics",
            );
        expect(metrics?.spec?.controller?.type).to.equal("statefulset");
    });

    // The escape hatch tells the truth: what `values` say is what the cluster gets, and what the
    // program promises beside them still holds, in what Helm renders.
    const renderedStack = async (values: Record<string, unknown>) => {
        const { stack, problems } = planStack(
            withConfig(stackConfig("dev"), { values }),
            projectFileReader(PROJECT_DIR),
        );
        expect(problems, JSON.stringify(problems)).to.deep.equal([]);
        const [k8s, operator] = await Promise.all([
            render(K8S_MONITORING_ARCHIVE, stack!.plan.values),
            render(ALLOY_OPERATOR_ARCHIVE, stack!.plan.alloyOperatorValues, "alloy-operator"),
        ]);
        expect(k8s.error + operator.error).to.equal("");
        const objects = (r: Render) =>
            parseAllDocuments(r.manifests)
                .map((d) => d.toJSON())
                .filter((o) => o !== null);
        return { plan: stack!.plan, k8s: objects(k8s), operator: objects(operator) };
    };
    const collectorConfig = (objects: any[], collector: string): string =>
        objects.find(
            (o) => o.kind === "ConfigMap" && o.metadata.name === `k8s-monitoring-${collector}`,
        )?.data?.["config.alloy"] ?? "";

    it("keeps a stack's own alloy-metrics extraConfig and the blackbox probes both", async () => {
        const { k8s, plan } = await renderedStack({
            collectors: { "alloy-metrics": { extraConfig: 'prometheus.exporter.self "mine" { }' } },
        });
        const config = collectorConfig(k8s, "alloy-metrics");
        expect(config).to.contain('prometheus.exporter.self "mine"');
        expect(config).to.contain("prometheus.exporter.blackbox");
        expect(plan.spec.blackboxTargets.map((t) => t.name)).to.deep.equal(["loki", "mimir"]);
    });

    it("keeps the Mimir tenant when the stack adds basic auth from a Secret of its own", async () => {
        const { k8s } = await renderedStack({
            destinations: {
                mimir: {
                    auth: { type: "basic", usernameKey: "username", passwordKey: "password" },
                    secret: { create: false, name: "mimir-auth", namespace: "monitoring" },
                },
            },
        });
        const config = collectorConfig(k8s, "alloy-metrics");
        expect(config).to.contain('"X-Scope-OrgID" = "dev-cluster"');
        expect(config).to.match(/remote\.kubernetes\.secret "mimir"[^}]*name\s*=\s*"mimir-auth"/);
        expect(k8s.filter((o) => o.kind === "Secret")).to.deep.equal([]);
    });

    it("refuses a collector's nameOverride, which the chart ignores", async () => {
        const values = { collectors: { "alloy-metrics": { nameOverride: "metrics" } } };
        const raw = withConfig(stackConfig("dev"), { values });
        const { problems } = planStack(raw);
        expect(problems.map((p) => [p.code, p.key])).to.deep.equal([
            ["collector-name-ignored", "values.collectors.alloy-metrics.nameOverride"],
        ]);
        // Helm, given it anyway: the Alloy keeps the collector's name, and so do its pods.
        const generated = planStack(stackConfig("dev")).stack!.plan.values;
        const rendered = await renderLayers(K8S_MONITORING_ARCHIVE, [generated, values]);
        const alloy = parseAllDocuments(rendered.manifests)
            .map((d) => d.toJSON())
            .find((o) => o?.kind === "Alloy" && o.metadata.name.endsWith("alloy-metrics"));
        expect(alloy.spec.nameOverride).to.equal("alloy-metrics");
        expect(planStack(applyFix(raw, problems[0].fix)).problems).to.deep.equal([]);
    });

    // Host metrics from Alloy itself, on alloy-logs with the host-monitor preset (no node-exporter).
    const HOST_MONITOR_ON_LOGS = {
        hostMetrics: { linuxHosts: { source: "alloy", collector: "alloy-logs" } },
        collectors: {
            "alloy-logs": {
                presets: ["clustered", "filesystem-log-reader", "daemonset", "linux-host-monitor"],
            },
        },
        telemetryServices: { "node-exporter": { deploy: false } },
    };

    it("keeps a host-monitoring collector's preset mounts beside the trust bundle's", async () => {
        const { plan } = await renderedStack(HOST_MONITOR_ON_LOGS);
        const mounts = (plan.values.collectors as any)["alloy-logs"].alloy.mounts.extra;
        expect(mounts.map((m: any) => m.name)).to.include.members(["host-root", "trust-bundle"]);
    });

    it("takes host metrics from Alloy itself on a DaemonSet, which needs no clustering", async () => {
        const { k8s } = await renderedStack(HOST_MONITOR_ON_LOGS);
        expect(collectorConfig(k8s, "alloy-logs")).to.contain("prometheus.exporter.unix");
    });

    it("configures the operator's own release: tolerations, resources and the image registry", async () => {
        const { operator, plan } = await renderedStack({
            "alloy-operator": {
                tolerations: [{ key: "monitoring", operator: "Exists", effect: "NoSchedule" }],
                resources: { requests: { cpu: "50m", memory: "64Mi" } },
            },
            global: { image: { registry: "registry.example.com" } },
        });
        expect(plan.values["alloy-operator"]).to.deep.equal({ deploy: false });
        const deployment = operator.find((o) => o.kind === "Deployment");
        const pod = deployment.spec.template.spec;
        expect(pod.tolerations).to.deep.equal([
            { key: "monitoring", operator: "Exists", effect: "NoSchedule" },
        ]);
        expect(pod.containers[0].resources.requests).to.deep.equal({ cpu: "50m", memory: "64Mi" });
        expect(pod.containers[0].image).to.match(/^registry\.example\.com\//);
    });

    it("names an integration instance's key when the chart refuses it (the offline plan's render)", async () => {
        // A mysql instance without its server's details: the chart refuses it, not the program.
        const raw = withConfig(stackConfig("dev"), {
            integrations: {
                mysql: {
                    instances: [{ name: "db", exporter: { dataSource: { port: 3306 } } }],
                },
            },
        });
        const reader = projectFileReader(PROJECT_DIR);
        const { stack, problems } = planStack(raw, reader);
        expect(problems).to.deep.equal([]);
        const check = await renderCheck(PROJECT_DIR, raw, stack!, reader);
        expect(check.problems.map((p) => [p.code, p.key])).to.deep.equal([
            ["chart:render", "integrations.mysql"],
        ]);
        expect(check.problems[0].message).to.contain("MySQL");
    });

    it("fails where the chart refuses (so the checks above can fail)", async () => {
        const { plan } = planned("minimal", minimalSettings());
        const broken = await render(K8S_MONITORING_ARCHIVE, {
            ...plan.values,
            telemetryServices: { "kube-state-metrics": { deploy: false } },
        });
        expect(broken.ok).to.equal(false);
        expect(broken.error).to.contain("kube-state-metrics");
    });
});
