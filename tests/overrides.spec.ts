import { expect } from "chai";
import { applyFix, stackConfig, withConfig } from "./harness";
import { planStack } from "../values/plan";
import { mergeValues } from "../values/overrides";
import { planDeployment, tryPlanDeployment } from "../values/plan";
import { minimalSettings } from "./fixtures";

function problemsWith(values: Record<string, unknown>, extra = {}) {
    return tryPlanDeployment(minimalSettings({ values, ...extra })).problems;
}

describe("values overrides: merging", () => {
    it("merges maps, replaces lists and scalars, and deletes on null, as Helm does", () => {
        const merged = mergeValues(
            { a: { b: 1, c: [1, 2], d: "x" }, keep: true, drop: { deep: 1 } },
            { a: { c: [3], d: "y", e: 2 }, drop: null },
        );
        expect(merged).to.deep.equal({ a: { b: 1, c: [3], d: "y", e: 2 }, keep: true });
    });

    it("does not change its inputs", () => {
        const base = { a: { b: 1 } };
        const override = { a: { c: [1] } };
        const merged = mergeValues(base, override);
        (merged.a as { c: number[] }).c.push(2);
        expect(base).to.deep.equal({ a: { b: 1 } });
        expect(override).to.deep.equal({ a: { c: [1] } });
    });

    it("applies overrides last", () => {
        const { values } = planDeployment(
            minimalSettings({
                values: {
                    collectors: { "alloy-metrics": { controller: { replicas: 2 } } },
                    global: { scrapeInterval: "30s" },
                    clusterMetrics: { kubeProxy: null },
                },
            }),
        );
        expect(values).to.have.deep.nested.property("collectors.alloy-metrics.controller", {
            replicas: 2,
        });
        expect(values).to.have.deep.nested.property("collectors.alloy-metrics.presets", [
            "clustered",
            "statefulset",
        ]);
        expect(values).to.have.nested.property("global.scrapeInterval", "30s");
        expect(values).not.to.have.nested.property("clusterMetrics.kubeProxy");
    });

    it("reports the collectors that run after overrides", () => {
        const plan = planDeployment(
            minimalSettings({
                values: {
                    collectors: { "alloy-events": { presets: ["clustered", "deployment"] } },
                    clusterEvents: { collector: "alloy-events" },
                },
            }),
        );
        expect(plan.collectors).to.deep.equal([
            "alloy-events",
            "alloy-logs",
            "alloy-metrics",
            "alloy-singleton",
        ]);
    });
});

describe("values overrides: still checked", () => {
    const cases: {
        name: string;
        values: Record<string, unknown>;
        extra?: object;
        key: string;
        message: string;
    }[] = [
        {
            name: "TLS verification turned off, as the policy pack does",
            values: { destinations: { mimir: { tls: { insecureSkipVerify: true } } } },
            key: "values.destinations.mimir.tls.insecureSkipVerify",
            message: "opt in for a lab with pulumi config set allowInsecureTls true",
        },
        {
            name: "a namespace override, which would move the collectors out of the stack's namespace",
            values: { global: { namespaceOverride: "elsewhere" } },
            key: "values.global.namespaceOverride",
            message: "set the stack's namespace instead",
        },
        {
            name: "Mimir's URL through urlFrom, which would replace mimir.url",
            values: { destinations: { mimir: { urlFrom: 'sys.env("MIMIR_URL")' } } },
            key: "values.destinations.mimir.urlFrom",
            message: "overrides what the stack's mimir.url sets",
        },
        {
            name: "the collectors' RBAC limited to namespaces without their own",
            values: { collectorCommon: { alloy: { rbac: { namespaces: ["default"] } } } },
            key: "values.collectorCommon.alloy.rbac.namespaces",
            message: "they read Loki's Secret and find their cluster peers there",
        },
        {
            name: "a v3 key",
            values: { podLogs: { enabled: true } },
            key: "values.podLogs",
            message: "this chart reads podLogsViaLoki",
        },
        {
            name: "a top-level typo",
            values: { clusterMetric: { enabled: true } },
            key: "values.clusterMetric",
            message: 'did you mean "clusterMetrics"?',
        },
        {
            name: "a key named like an object property",
            values: { constructor: {} },
            key: "values.constructor",
            message: "is not a k8s-monitoring 4.x value",
        },
        {
            name: "the operator deployed by the chart",
            values: { "alloy-operator": { deploy: true } },
            key: "values.alloy-operator.deploy",
            message: "the operator is its own release",
        },
        {
            name: "the cluster name",
            values: { cluster: { name: "other" } },
            key: "values.cluster.name",
            message: "is set from clusterName",
        },
        {
            name: "a plaintext password",
            values: { destinations: { mimir: { auth: { password: "hunter2" } } } },
            key: "values.destinations.mimir.auth.password",
            message: "stored in Pulumi state",
        },
        {
            name: "a plaintext bearer token on a new destination",
            values: {
                destinations: {
                    remote: {
                        type: "prometheus",
                        auth: { type: "bearerToken", bearerToken: "t0ken" },
                    },
                },
            },
            key: "values.destinations.remote.auth.bearerToken",
            message: "stored in Pulumi state",
        },
        {
            name: "destinations as a list",
            values: { destinations: [{ name: "x" }] },
            key: "values.destinations",
            message: "must be a map",
        },
        {
            name: "an unknown preset",
            values: { collectors: { "alloy-metrics": { presets: ["clustered", "statefulsets"] } } },
            key: "values.collectors.alloy-metrics.presets[1]",
            message: 'did you mean "statefulset"?',
        },
        {
            name: "a feature on a collector that does not exist",
            values: { clusterEvents: { collector: "alloy-metric" } },
            key: "values.clusterEvents.collector",
            message: 'names collector "alloy-metric", which is not defined',
        },
        {
            name: "a feature without a collector",
            values: { windowsEventLogs: { enabled: true } },
            key: "values.windowsEventLogs.collector",
            message: "must name the collector",
        },
        {
            name: "a collector disabled under a feature",
            values: { collectors: { "alloy-logs": { enabled: false } } },
            key: "values.podLogsViaLoki.collector",
            message: 'names collector "alloy-logs", which is not defined or is disabled',
        },
        {
            name: "a collector no feature uses",
            values: { collectors: { "alloy-receiver": { presets: ["deployment"] } } },
            key: "values.collectors.alloy-receiver",
            message: "no enabled feature uses",
        },
        {
            name: "a feature sending to a destination that does not exist",
            values: { clusterEvents: { destinations: ["loki", "elastic"] } },
            key: "values.clusterEvents.destinations[1]",
            message: 'names destination "elastic"',
        },
        {
            name: "rules synced by a collector that does not exist",
            values: { destinations: { mimir: { rules: { collector: "alloy-rules" } } } },
            key: "values.destinations.mimir.rules.collector",
            message: 'names collector "alloy-rules"',
        },
        {
            name: "integration instances with the same name",
            values: {
                integrations: {
                    grafana: {
                        instances: [
                            { name: "grafana", labelSelectors: { app: "grafana" } },
                            { name: "grafana", labelSelectors: { app: "grafana-2" } },
                        ],
                    },
                },
            },
            key: "values.integrations.grafana.instances[1].name",
            message: "names two instances",
        },
        {
            name: "a collector's own mounts without the trust bundle",
            values: {
                collectors: {
                    "alloy-logs": {
                        alloy: {
                            mounts: { extra: [{ name: "x", mountPath: "/x", readOnly: true }] },
                        },
                    },
                },
            },
            extra: { trustBundle: { configMap: "trust-bundle" } },
            key: "values.collectors.alloy-logs.alloy.mounts.extra",
            message: "replaces the list that mounts the trust bundle into alloy-logs",
        },
        {
            name: "the common volumes replaced without the trust bundle",
            values: { collectorCommon: { alloy: { controller: { volumes: { extra: [] } } } } },
            extra: { trustBundle: { configMap: "trust-bundle" } },
            key: "values.collectorCommon.alloy.controller.volumes.extra",
            message: "replaces the list that mounts the trust bundle",
        },
    ];

    for (const c of cases) {
        it(`refuses ${c.name}`, () => {
            const problems = problemsWith(c.values, c.extra);
            const keys = [...new Set(problems.map((p) => p.key))];
            expect(keys, JSON.stringify(problems)).to.deep.equal([c.key]);
            expect(problems[0].message).to.contain(c.message);
        });
    }

    it("leads basic auth out of an embedded secret to a Secret the chart reads, in one fix", () => {
        const raw = withConfig(stackConfig("dev"), {
            tempo: { url: "https://tempo.example.com:4317" },
            values: {
                destinations: {
                    tempo: {
                        auth: { type: "basic", usernameKey: "username", passwordKey: "password" },
                        secret: { embed: true, name: "tempo-auth", namespace: "monitoring" },
                    },
                },
            },
        });
        const problems = planStack(raw).problems;
        expect(problems.map((p) => p.key)).to.deep.equal(["values.destinations.tempo.auth"]);
        // Both fields ask the same fix; the first applied clears both.
        const fixed = applyFix(raw, problems[0].fix);
        expect(planStack(fixed).problems).to.deep.equal([]);
    });

    it("lets TLS verification off only where the stack opts in for a lab", () => {
        const values = { destinations: { mimir: { tls: { insecureSkipVerify: true } } } };
        expect(problemsWith(values, { allowInsecureTls: true })).to.deep.equal([]);
    });

    it("never echoes the plaintext secret it refuses", () => {
        const problems = problemsWith({
            destinations: { loki: { auth: { password: "hunter2" } } },
        });
        expect(JSON.stringify(problems)).not.to.contain("hunter2");
    });

    it("accepts a collector's own mounts that keep the trust bundle", () => {
        const problems = problemsWith(
            {
                collectors: {
                    "alloy-logs": {
                        alloy: {
                            mounts: {
                                extra: [
                                    {
                                        name: "trust-bundle",
                                        mountPath: "/etc/ssl/trust-bundle",
                                        readOnly: true,
                                    },
                                    { name: "x", mountPath: "/x", readOnly: true },
                                ],
                            },
                        },
                    },
                },
            },
            { trustBundle: { configMap: "trust-bundle" } },
        );
        expect(problems).to.deep.equal([]);
    });

    it("reports override problems along with those of other keys", () => {
        const problems = tryPlanDeployment({ clusterName: "x", values: { podLogs: {} } }).problems;
        expect(problems.map((p) => p.key)).to.have.members(["loki", "mimir", "values.podLogs"]);
    });
});
