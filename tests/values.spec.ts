import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULTS, type Features, type SettingsInput } from "../config/schema";
import { chartArchiveProblems, parseArchiveLock, sha256 } from "../values/chart-archives";
import { planDeployment } from "../values/plan";
import {
    CA_ONE,
    EVERY_DESTINATION,
    FEATURE_TOGGLES,
    minimalSettings,
    validToggles,
    withToggles,
} from "./fixtures";
import { PROJECT_DIR } from "./harness";
import { renderFix } from "../config/fixes";

type Values = Record<string, any>;

function valuesFor(settings: SettingsInput): Values {
    return planDeployment(settings).values;
}

function withoutExtraConfig(values: Values): Values {
    const copy = structuredClone(values);
    delete copy.collectors["alloy-metrics"].extraConfig;
    return copy;
}

describe("chart values: the seed stack", () => {
    // The production setup the issue describes (NOTES.md, "The seed's setup in 4.4.0 terms"), written
    // out by hand; the blackbox extraConfig is checked on its own below.
    it("reproduces the seeds' deployment in 4.4.0 terms", () => {
        const values = valuesFor(minimalSettings());
        expect(withoutExtraConfig(values)).to.deep.equal({
            cluster: { name: "prod-eu-1" },
            destinations: {
                mimir: {
                    type: "prometheus",
                    url: "https://mimir.example.com/api/v1/push",
                    // The tenant as an Alloy string, which a Secret of the stack's own leaves alone.
                    tenantIdFrom: '"prod-eu-1"',
                    rules: {
                        enabled: true,
                        collector: "alloy-singleton",
                        address: "https://mimir.example.com",
                    },
                },
                loki: {
                    type: "loki",
                    url: "https://loki.example.com/loki/api/v1/push",
                    tenantIdKey: "tenantId",
                    auth: { type: "basic", usernameKey: "username", passwordKey: "password" },
                    secret: { create: false, name: "loki-tenant-auth", namespace: "monitoring" },
                },
            },
            clusterMetrics: {
                enabled: true,
                collector: "alloy-metrics",
                controlPlane: { enabled: true },
                kubeProxy: { enabled: false },
            },
            hostMetrics: {
                enabled: true,
                collector: "alloy-metrics",
                linuxHosts: { enabled: true },
            },
            prometheusOperatorObjects: { enabled: true, collector: "alloy-metrics" },
            clusterEvents: { enabled: true, collector: "alloy-singleton", logFormat: "json" },
            podLogsViaLoki: { enabled: true, collector: "alloy-logs" },
            nodeLogs: { enabled: false },
            integrations: {
                collector: "alloy-metrics",
                alloy: {
                    instances: [
                        {
                            name: "alloy",
                            namespaces: ["monitoring"],
                            labelSelectors: {
                                "app.kubernetes.io/name": [
                                    "alloy-logs",
                                    "alloy-metrics",
                                    "alloy-singleton",
                                ],
                            },
                        },
                    ],
                },
                "cert-manager": {
                    instances: [
                        {
                            name: "cert-manager",
                            namespaces: ["cert-manager"],
                            labelSelectors: { "app.kubernetes.io/name": "cert-manager" },
                        },
                    ],
                },
            },
            collectorCommon: { alloy: { alloy: { enableReporting: false } } },
            collectors: {
                "alloy-metrics": {
                    presets: ["clustered", "statefulset"],
                    includeDestinations: ["mimir"],
                },
                "alloy-singleton": { presets: ["clustered", "singleton"] },
                "alloy-logs": { presets: ["clustered", "filesystem-log-reader", "daemonset"] },
            },
            telemetryServices: {
                "kube-state-metrics": { deploy: true },
                "node-exporter": { deploy: true },
                "windows-exporter": { deploy: false },
            },
            "alloy-operator": { deploy: false },
        });
    });

    it("never puts a password into chart values, supplied or generated", () => {
        const supplied = planDeployment({
            ...minimalSettings(),
            lokiPassword: "correct-horse-battery",
        });
        const generated = planDeployment(minimalSettings());
        expect(supplied.values).to.deep.equal(generated.values);
        expect(JSON.stringify(supplied)).not.to.contain("correct-horse-battery");
        // The Loki destination reads every credential from the Secret by key.
        expect(generated.values.destinations).to.have.nested.property("loki.secret.create", false);
        expect(JSON.stringify(generated.values)).not.to.match(
            /"(password|username|bearerToken)"\s*:/,
        );
    });

    it("pins the chart versions and the repository of both charts", () => {
        const { charts, alloyOperatorValues } = planDeployment(minimalSettings());
        expect(charts.k8sMonitoring).to.deep.equal({
            chart: "k8s-monitoring",
            version: "4.5.0",
            repositoryOpts: { repo: "https://grafana.github.io/helm-charts" },
        });
        expect(charts.alloyOperator).to.deep.equal({
            chart: "alloy-operator",
            version: "0.6.3",
            repositoryOpts: { repo: "https://grafana.github.io/helm-charts" },
        });
        expect(alloyOperatorValues).to.deep.equal({ crds: { deployAlloyCRD: true } });
    });

    it("takes both charts from an OCI registry when the repository is one", () => {
        const { charts } = planDeployment(
            minimalSettings({ chart: { repository: "oci://ghcr.io/grafana/helm-charts/" } }),
        );
        expect(charts.k8sMonitoring).to.deep.equal({
            chart: "oci://ghcr.io/grafana/helm-charts/k8s-monitoring",
            version: "4.5.0",
        });
        expect(charts.alloyOperator.chart).to.equal(
            "oci://ghcr.io/grafana/helm-charts/alloy-operator",
        );
    });
});

describe("chart source: a local directory of chart archives", () => {
    it("hands helm.v4.Chart each archive by path, relative paths kept relative to the project", () => {
        const { charts } = planDeployment(
            minimalSettings({ chart: { repository: "./vendor/charts/" } }),
        );
        expect(charts.k8sMonitoring).to.deep.equal({
            chart: "vendor/charts/k8s-monitoring-4.5.0.tgz",
            version: "4.5.0",
            archive: "k8s-monitoring-4.5.0.tgz",
        });
        expect(charts.alloyOperator.chart).to.equal("vendor/charts/alloy-operator-0.6.3.tgz");
    });

    it("takes a file:// URL as the absolute directory it names", () => {
        const { charts } = planDeployment(
            minimalSettings({ chart: { repository: "file:///srv/helm-mirror" } }),
        );
        expect(charts.k8sMonitoring.chart).to.equal("/srv/helm-mirror/k8s-monitoring-4.5.0.tgz");
        expect(charts.k8sMonitoring).not.to.have.property("repositoryOpts");
    });
});

describe("chart source: archives pinned by sha256", () => {
    const bytes = new TextEncoder().encode("an archive");
    const other = new TextEncoder().encode("another archive");
    const { charts } = planDeployment(minimalSettings({ chart: { repository: "mirror" } }));
    const sources = [charts.alloyOperator, charts.k8sMonitoring];
    const lock = (pins: Record<string, Uint8Array>) =>
        parseArchiveLock(
            Object.entries(pins)
                .map(([file, b]) => `${sha256(b)}  ${file}`)
                .join("\n"),
        );
    const files = (present: Record<string, Uint8Array>) => (p: string) => present[p];

    it("accepts archives whose bytes are the pinned ones", () => {
        const pins = lock({
            "alloy-operator-0.6.3.tgz": bytes,
            "mirror/k8s-monitoring-4.5.0.tgz": other,
        });
        const read = files({
            "mirror/alloy-operator-0.6.3.tgz": bytes,
            "mirror/k8s-monitoring-4.5.0.tgz": other,
        });
        expect(chartArchiveProblems(sources, pins, read)).to.deep.equal([]);
    });

    it("refuses a missing, an unpinned and a swapped archive, each at chart.repository with its fix", () => {
        const pins = lock({ "k8s-monitoring-4.5.0.tgz": bytes });
        const missing = chartArchiveProblems(
            sources,
            pins,
            files({ "mirror/k8s-monitoring-4.5.0.tgz": bytes }),
        );
        expect(missing).to.have.length(1);
        expect(missing[0].key).to.equal("chart.repository");
        expect(missing[0].message).to.contain("has no archive alloy-operator-0.6.3.tgz");
        expect(renderFix(missing[0].fix)).to.equal(
            "helm pull alloy-operator --version 0.6.3 --repo https://grafana.github.io/helm-charts --destination mirror; sha256sum mirror/alloy-operator-0.6.3.tgz >> chart-archives.sha256",
        );

        const swapped = chartArchiveProblems(
            sources,
            pins,
            files({
                "mirror/alloy-operator-0.6.3.tgz": bytes,
                "mirror/k8s-monitoring-4.5.0.tgz": other,
            }),
        );
        expect(swapped.map((p) => p.message)).to.deep.equal([
            "archive alloy-operator-0.6.3.tgz is not pinned in chart-archives.sha256, so nothing proves it is the published chart; check where it came from before pinning it",
            `archive mirror/k8s-monitoring-4.5.0.tgz has sha256 ${sha256(other)}, but chart-archives.sha256 pins ${sha256(bytes)}: the archive was swapped or damaged`,
        ]);
        expect(renderFix(swapped[0].fix)).to.contain(
            "sha256sum mirror/alloy-operator-0.6.3.tgz >> chart-archives.sha256",
        );
    });

    it("pins the archives of the chart versions the program defaults to", () => {
        const pins = parseArchiveLock(
            readFileSync(path.join(PROJECT_DIR, "chart-archives.sha256"), "utf8"),
        );
        expect([...pins.keys()]).to.include.members([
            `k8s-monitoring-${DEFAULTS.chartVersion}.tgz`,
            `alloy-operator-${DEFAULTS.operatorVersion}.tgz`,
        ]);
    });
});

describe("chart values: feature toggles", () => {
    const withFeatures = (features: Partial<Features>) => valuesFor(minimalSettings({ features }));

    it("kubeProxy: scrapes kube-proxy only when on", () => {
        expect(withFeatures({ kubeProxy: true }).clusterMetrics.kubeProxy).to.deep.equal({
            enabled: true,
        });
        expect(withFeatures({}).clusterMetrics.kubeProxy).to.deep.equal({ enabled: false });
    });

    it("controlPlane: off turns the control-plane sources off", () => {
        expect(withFeatures({ controlPlane: false }).clusterMetrics.controlPlane).to.deep.equal({
            enabled: false,
        });
    });

    it("hostMetrics: off stops node-exporter too", () => {
        const values = withFeatures({ hostMetrics: false });
        expect(values.hostMetrics).to.deep.equal({ enabled: false });
        expect(values.telemetryServices["node-exporter"]).to.deep.equal({ deploy: false });
        expect(values.telemetryServices["kube-state-metrics"]).to.deep.equal({ deploy: true });
    });

    it("prometheusOperatorObjects: off", () => {
        expect(
            withFeatures({ prometheusOperatorObjects: false }).prometheusOperatorObjects,
        ).to.deep.equal({
            enabled: false,
        });
    });

    it("nodeLogs: on runs on alloy-logs", () => {
        expect(withFeatures({ nodeLogs: true }).nodeLogs).to.deep.equal({
            enabled: true,
            collector: "alloy-logs",
        });
    });

    it("podLogs and nodeLogs both off: no alloy-logs collector, nor its self-monitoring", () => {
        const values = withFeatures({ podLogs: false, nodeLogs: false });
        expect(values.podLogsViaLoki).to.deep.equal({ enabled: false });
        expect(values.collectors).to.have.all.keys("alloy-metrics", "alloy-singleton");
        expect(
            values.integrations.alloy.instances[0].labelSelectors["app.kubernetes.io/name"],
        ).to.deep.equal(["alloy-metrics", "alloy-singleton"]);
    });

    it("nodeLogs alone keeps alloy-logs", () => {
        const values = withFeatures({ podLogs: false, nodeLogs: true });
        expect(values.collectors).to.have.property("alloy-logs");
    });

    it("clusterEvents and rulesSync both off: no singleton, no rules", () => {
        const values = withFeatures({ clusterEvents: false, rulesSync: false });
        expect(values.clusterEvents).to.deep.equal({ enabled: false });
        expect(values.destinations.mimir).not.to.have.property("rules");
        expect(values.collectors).to.have.all.keys("alloy-metrics", "alloy-logs");
    });

    it("rulesSync alone keeps the singleton for the ruler sync", () => {
        const values = withFeatures({ clusterEvents: false });
        expect(values.collectors).to.have.property("alloy-singleton");
        expect(values.destinations.mimir.rules.collector).to.equal("alloy-singleton");
    });

    it("rulesSync uses an explicit ruler URL", () => {
        const values = valuesFor(
            minimalSettings({
                mimir: {
                    url: "https://mimir.example.com/api/v1/push",
                    rulerUrl: "https://ruler.example.com",
                },
            }),
        );
        expect(values.destinations.mimir.rules.address).to.equal("https://ruler.example.com");
    });

    it("derives the ruler URL below a path prefix", () => {
        const values = valuesFor(
            minimalSettings({ mimir: { url: "https://gw.example.com/mimir/api/v1/push" } }),
        );
        expect(values.destinations.mimir.rules.address).to.equal("https://gw.example.com/mimir");
    });

    // Every combination: what the chart insists on, checked independently of the program's own checks.
    it("every combination names existing collectors and leaves no collector idle", () => {
        const names = FEATURE_TOGGLES;
        for (let mask = 0; mask < 1 << names.length; mask++) {
            const features = Object.fromEntries(names.map((n, i) => [n, (mask & (1 << i)) !== 0]));
            if (!validToggles(features)) continue;
            const values = valuesFor(withToggles(features));
            const collectors = Object.keys(values.collectors);
            const used = new Set<string>();
            for (const [key, feature] of Object.entries(values)) {
                if (!(feature as Values).enabled) continue;
                expect(collectors, `${key} with ${JSON.stringify(features)}`).to.include(
                    (feature as Values).collector,
                );
                used.add((feature as Values).collector);
            }
            used.add(values.integrations.collector);
            if (values.destinations.mimir.rules)
                used.add(values.destinations.mimir.rules.collector);
            expect([...used].sort(), JSON.stringify(features)).to.deep.equal(
                [...collectors].sort(),
            );
        }
    });
});

describe("chart values: Tempo and Pyroscope", () => {
    const withTempo = (url: string, protocol: "grpc" | "http") =>
        valuesFor({
            ...minimalSettings({ trustBundle: { configMap: "trust-bundle" } }),
            ...EVERY_DESTINATION,
            tempo: { url, protocol },
            features: { applicationObservability: true },
        });

    it("sends traces only, with the cluster's tenant, to Tempo; profiles to Pyroscope", () => {
        const values = withTempo("https://tempo.example.com:4317", "grpc");
        expect(values.destinations.tempo).to.deep.include({
            type: "otlp",
            protocol: "grpc",
            tenantIdFrom: '"prod-eu-1"',
            metrics: { enabled: false },
            logs: { enabled: false },
            traces: { enabled: true },
            tls: { caFile: "/etc/ssl/trust-bundle/trust-bundle.pem" },
        });
        expect(values.destinations.pyroscope).to.deep.include({
            type: "pyroscope",
            tenantIdFrom: '"prod-eu-1"',
        });
    });

    it("speaks gRPC without TLS to an http:// Service, and with it otherwise", () => {
        expect(
            withTempo("http://tempo.tempo.svc:4317", "grpc").destinations.tempo.tls,
        ).to.deep.equal({
            insecure: true,
        });
        // Over HTTP the URL's scheme decides; the trust bundle is there for https.
        expect(
            withTempo("http://tempo.tempo.svc:4318", "http").destinations.tempo.tls,
        ).to.deep.equal({
            caFile: "/etc/ssl/trust-bundle/trust-bundle.pem",
        });
    });
});

describe("chart values: trust bundle", () => {
    it("without one: no TLS settings, no extra mounts", () => {
        const values = valuesFor(minimalSettings());
        expect(values.destinations.loki).not.to.have.property("tls");
        expect(values.destinations.mimir).not.to.have.property("tls");
        expect(values.collectorCommon).to.deep.equal({
            alloy: { alloy: { enableReporting: false } },
        });
    });

    it("an existing ConfigMap: mounted into every collector and used as caFile by both destinations", () => {
        const values = valuesFor(
            minimalSettings({ trustBundle: { configMap: "cluster-ca", key: "ca.crt" } }),
        );
        expect(values.collectorCommon.alloy).to.deep.equal({
            alloy: {
                enableReporting: false,
                mounts: {
                    extra: [
                        {
                            name: "trust-bundle",
                            mountPath: "/etc/ssl/trust-bundle",
                            readOnly: true,
                        },
                    ],
                },
            },
            controller: {
                volumes: { extra: [{ name: "trust-bundle", configMap: { name: "cluster-ca" } }] },
            },
        });
        expect(values.destinations.loki.tls).to.deep.equal({
            caFile: "/etc/ssl/trust-bundle/ca.crt",
        });
        expect(values.destinations.mimir.tls).to.deep.equal({
            caFile: "/etc/ssl/trust-bundle/ca.crt",
        });
        // No collector sets its own mount list, which would replace the common one.
        for (const collector of Object.values(values.collectors))
            expect(collector).not.to.have.nested.property("alloy.mounts");
    });

    it("a PEM: the ConfigMap this program makes, under the default key", () => {
        const plan = planDeployment(minimalSettings({ trustBundle: { pem: CA_ONE } }));
        expect(plan.spec.trustBundle).to.deep.equal({
            configMap: "trust-bundle",
            key: "trust-bundle.pem",
            pem: CA_ONE,
            caFile: "/etc/ssl/trust-bundle/trust-bundle.pem",
        });
        const values = plan.values as Values;
        expect(values.collectorCommon.alloy.controller.volumes.extra[0].configMap.name).to.equal(
            "trust-bundle",
        );
        expect(values.destinations.loki.tls.caFile).to.equal(
            "/etc/ssl/trust-bundle/trust-bundle.pem",
        );
        // The certificate itself is mounted from the ConfigMap, not copied into values.
        expect(JSON.stringify(values)).not.to.contain("BEGIN CERTIFICATE");
    });

    it("an existing ConfigMap without a key: the default key", () => {
        const plan = planDeployment(
            minimalSettings({ trustBundle: { configMap: "trust-bundle" } }),
        );
        expect(plan.spec.trustBundle?.caFile).to.equal("/etc/ssl/trust-bundle/trust-bundle.pem");
        expect(plan.spec.trustBundle).not.to.have.property("pem");
    });
});

describe("chart values: integrations", () => {
    it("cert-manager: its namespace from config, or off", () => {
        const moved = valuesFor(
            minimalSettings({ integrations: { certManager: { namespace: "security" } } }),
        );
        expect(moved.integrations["cert-manager"].instances[0].namespaces).to.deep.equal([
            "security",
        ]);
        const off = valuesFor(
            minimalSettings({ integrations: { certManager: { enabled: false } } }),
        );
        expect(off.integrations).not.to.have.property("cert-manager");
        expect(off.integrations).to.have.property("alloy");
    });

    it("adds further chart integrations, and appends to the ones this program sets", () => {
        const values = valuesFor(
            minimalSettings({
                integrations: {
                    etcd: {
                        instances: [
                            {
                                name: "etcd",
                                namespaces: ["kube-system"],
                                labelSelectors: { component: "etcd" },
                            },
                        ],
                    },
                    alloy: {
                        instances: [
                            {
                                name: "edge-alloy",
                                labelSelectors: { "app.kubernetes.io/name": "alloy" },
                            },
                        ],
                    },
                },
            }),
        );
        expect(values.integrations.etcd).to.deep.equal({
            instances: [
                {
                    name: "etcd",
                    namespaces: ["kube-system"],
                    labelSelectors: { component: "etcd" },
                },
            ],
        });
        expect(values.integrations.alloy.instances.map((i: Values) => i.name)).to.deep.equal([
            "alloy",
            "edge-alloy",
        ]);
    });
});
