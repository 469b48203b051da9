// The chart's own examples, as a user of this program writes them: each official k8s-monitoring
// example (docs/examples/<path>/values.yaml of grafana/k8s-monitoring-helm, the 4.4.0 docs) translated
// into stack config — what has a first-class key or toggle goes there, the rest through `values` —
// then planned by the program (with the chart's schema) and rendered by the real `helm template`.
// The examples' Prometheus and Loki destinations are the stack's own `mimir` and `loki` (the dev
// fixture's, unless the example is about them); their literal credentials are refused, and the same
// example with Secret references is accepted and renders.
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import type { RawConfig } from "../config/decode";
import { renderFix } from "../config/fixes";
import type { ConfigProblem } from "../config/problems";
import { renderCheck } from "../cli/render-check";
import { projectFileReader } from "../runtime/pulumi-config";
import { type DeploymentPlan, planStack } from "../values/plan";
import { applyFix, PROJECT_DIR, stackConfig, withConfig } from "./harness";
import { ALLOY_OPERATOR_ARCHIVE, archive, pooled, render } from "./helm";

/**
 * Every example checked, with its outcome: "accepted" (plans with no problem, and both charts
 * render), or refused as written (the codes) and accepted once its secrets come from a Secret.
 */
export const EXAMPLES_CHECKED: readonly { example: string; outcome: string }[] = [
    { example: "features/application-observability/default", outcome: "accepted" },
    { example: "features/application-observability/tail-sampling", outcome: "accepted" },
    { example: "features/auto-instrumentation/beyla-metrics", outcome: "accepted" },
    { example: "features/auto-instrumentation/beyla-metrics-and-traces", outcome: "accepted" },
    { example: "features/auto-instrumentation/discovery-rules", outcome: "accepted" },
    { example: "features/auto-instrumentation/span-metrics-only", outcome: "accepted" },
    { example: "features/annotation-autodiscovery/default", outcome: "accepted" },
    { example: "features/annotation-autodiscovery/prom-annotations", outcome: "accepted" },
    { example: "features/profiling/default", outcome: "accepted" },
    { example: "features/pod-logs-via-kubernetes-api", outcome: "accepted" },
    { example: "platforms/eks-fargate", outcome: "accepted" },
    { example: "features/cost-metrics/default", outcome: "accepted" },
    { example: "features/windows-event-logs/default", outcome: "accepted" },
    { example: "features/pod-logs-objects", outcome: "accepted" },
    { example: "features/kubernetes-manifests/default", outcome: "accepted" },
    { example: "features/integrations/postgresql", outcome: "accepted" },
    { example: "auth/external-secrets", outcome: "accepted" },
    { example: "private-image-registries/globally", outcome: "accepted" },
    { example: "images/images-by-digest", outcome: "accepted" },
    { example: "tolerations", outcome: "accepted" },
    { example: "node-labels", outcome: "accepted" },
    { example: "tail-sampling", outcome: "accepted" },
    { example: "resource-requests-and-limits", outcome: "accepted" },
    { example: "rbac-no-cluster-roles", outcome: "accepted" },
    { example: "dataProcessors/custom/static-label", outcome: "accepted" },
    { example: "extra-rules", outcome: "accepted" },
    {
        example: "features/integrations/mysql",
        outcome: "refused as written (credential-in-values); translated: accepted",
    },
    {
        example: "auth/embedded-secrets",
        outcome:
            "refused as written (credential-in-values, destination-owned); translated: accepted",
    },
    {
        example: "auth/bearer-token",
        outcome:
            "refused as written (credential-in-values, destination-owned); translated: accepted",
    },
    {
        example: "remote-config",
        outcome: "refused as written (credential-in-values); translated: accepted",
    },
    {
        example: "service-graph-metrics/default",
        outcome: "refused as written (tls-verification-off); translated: accepted",
    },
];

type Changes = Record<string, unknown>;
type K8sObject = {
    kind: string;
    metadata: { name: string; namespace?: string };
    spec?: any;
    data?: Record<string, string>;
};

/** What an accepted stack gives: its plan, and the objects both charts render. */
interface Rendered {
    plan: DeploymentPlan;
    k8s: K8sObject[];
    operator: K8sObject[];
}

/** An example the program accepts, translated. */
interface Accepted {
    example: string;
    /** How it was translated: what became first-class, what went to values, what was left out. */
    note: string;
    /** The stack config: top-level keys set over the dev fixture stack, as withConfig takes them. */
    changes: Changes;
    /** What the example is for, in the plan and in what Helm renders. */
    expect: (r: Rendered) => void;
}

/** An example whose form as written must stay refused, and its translation that is accepted. */
interface Refused {
    example: string;
    note: string;
    /** The example as a user would first write it, secrets and all. */
    asWritten: Changes;
    /** The problems it gets: [key, code], exactly. */
    refused: (readonly [key: string, code: string])[];
    /** The secret text in it, which no message or fix may repeat. */
    literals: readonly string[];
    /** The same example with each literal replaced (a Secret reference), as the fix says. */
    translated: Omit<Accepted, "example" | "note">;
}

const DIGEST = "sha256:1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef";
const TOLERATION = { key: "protected-node", effect: "NoSchedule", operator: "Exists" };
const ALL_NODE_LABELS = {
    nodePool: true,
    region: true,
    availabilityZone: true,
    nodeRole: true,
    nodeOS: true,
    nodeArchitecture: true,
    instanceType: true,
};
/** Mimir's Prometheus query API, which OpenCost reads (the examples' in-cluster Prometheus). */
const MIMIR_QUERY_URL = "https://mimir.dev.example.com/prometheus/api/v1/query";
/**
 * OpenCost reading the stack's Mimir, for the examples that deploy it; `chart` holds settings of
 * the OpenCost chart itself (`telemetryServices.opencost.opencost.*`, where it reads its
 * tolerations and its exporter's resources).
 */
const opencost = (cluster: string, chart: { tolerations?: unknown; resources?: unknown } = {}) => ({
    deploy: true,
    metricsSource: "mimir",
    opencost: {
        exporter: {
            defaultClusterId: cluster,
            ...(chart.resources ? { resources: chart.resources } : {}),
        },
        prometheus: { external: { url: MIMIR_QUERY_URL } },
        ...(chart.tolerations ? { tolerations: chart.tolerations } : {}),
    },
});

const objectsOf = (manifests: string): K8sObject[] =>
    parseAllDocuments(manifests)
        .map((d) => d.toJSON() as K8sObject | null)
        .filter((o): o is K8sObject => o !== null);
const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    expect(found, `${kind} ${name}`).not.to.equal(undefined);
    return found!;
};
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
/** A collector's Alloy configuration, as the chart renders its ConfigMap. */
const config = (r: Rendered, collector: string): string =>
    find(r.k8s, "ConfigMap", `k8s-monitoring-${collector}`).data!["config.alloy"];
/** A collector's `Alloy` object's spec. */
const alloy = (r: Rendered, collector: string) =>
    find(r.k8s, "Alloy", `k8s-monitoring-${collector}`).spec;
/** One block of an Alloy configuration, `header { … }`, up to its closing brace. */
function block(text: string, header: string): string {
    const start = text.indexOf(`${header} {`);
    expect(start, header).to.be.at.least(0);
    // Its closing brace: braces counted outside Alloy's double-quoted strings.
    let depth = 0;
    let quoted = false;
    for (let i = start + header.length; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
            if (ch === "\\") i++;
            else if (ch === '"') quoted = false;
        } else if (ch === '"') quoted = true;
        else if (ch === "{") depth++;
        else if (ch === "}" && --depth === 0) return text.slice(start, i + 1);
    }
    throw new Error(`${header}: no closing brace`);
}
/** Beyla's configuration (auto-instrumentation), as the chart renders its ConfigMap. */
const beyla = (r: Rendered): any =>
    parse(find(r.k8s, "ConfigMap", "k8s-monitoring-beyla").data!["beyla-config.yml"]);
const podSpec = (o: K8sObject) => o.spec.template.spec;
/** Every Deployment, DaemonSet and StatefulSet both charts render. */
const workloads = (r: Rendered) =>
    [...r.k8s, ...r.operator].filter((o) =>
        ["Deployment", "DaemonSet", "StatefulSet"].includes(o.kind),
    );

const ACCEPTED: Accepted[] = [
    {
        example: "features/application-observability/default",
        note: "The otlp-gateway destination is tempo (OTLP over HTTP; https, as it is outside the cluster): the toggle turns the feature on, on alloy-receiver, with its OTLP receivers (gRPC beside the example's HTTP); the span metrics and logs go to Mimir and Loki.",
        changes: {
            clusterName: "applications-cluster",
            tempo: { url: "https://otlp-gateway.example.com", protocol: "http" },
            features: { applicationObservability: true },
        },
        expect: (r) => {
            expect(r.plan.values.applicationObservability).to.deep.include({
                enabled: true,
                collector: "alloy-receiver",
            });
            const receiver = config(r, "alloy-receiver");
            expect(block(receiver, 'otelcol.receiver.otlp "receiver"')).to.contain(
                'endpoint = "0.0.0.0:4318"',
            );
            expect(block(receiver, 'otelcol.exporter.otlphttp "tempo"')).to.contain(
                'endpoint = "https://otlp-gateway.example.com"',
            );
        },
    },
    {
        example: "features/application-observability/tail-sampling",
        note: "The tail-sampler destination (traces only) is tempo: OTLP gRPC to its in-cluster Service, plaintext as the example's tls.insecure (through values, with the trust bundle's caFile removed for it); the otlp-gateway's metrics and logs go to Mimir and Loki.",
        changes: {
            clusterName: "applications-cluster",
            tempo: {
                url: "http://tail-sampler-deployment.default.svc.cluster.local:4317",
                protocol: "grpc",
            },
            features: { applicationObservability: true },
        },
        expect: (r) => {
            const tempo = block(config(r, "alloy-receiver"), 'otelcol.exporter.otlp "tempo"');
            expect(tempo).to.contain(
                'endpoint = "http://tail-sampler-deployment.default.svc.cluster.local:4317"',
            );
            expect(tempo).to.contain("insecure = true");
            expect(tempo).not.to.contain("ca_file");
        },
    },
    {
        example: "features/auto-instrumentation/beyla-metrics",
        note: "The in-cluster Prometheus is mimir.url (a Prometheus has no ruler API: rulesSync off); the toggle runs the feature on alloy-metrics and deploys Beyla; deliverTracesToApplicationObservability through values.",
        changes: {
            clusterName: "auto-instrumentation-cluster",
            mimir: { url: "http://prometheus.prometheus.svc:9090/api/v1/write" },
            features: { autoInstrumentation: true, rulesSync: false },
            values: {
                autoInstrumentation: { beyla: { deliverTracesToApplicationObservability: false } },
            },
        },
        expect: (r) => {
            find(r.k8s, "DaemonSet", "k8s-monitoring-beyla");
            expect(config(r, "alloy-metrics")).to.contain('discovery.kubernetes "beyla_pods"');
            expect(beyla(r)).not.to.have.property("otel_traces_export");
        },
    },
    {
        example: "features/auto-instrumentation/beyla-metrics-and-traces",
        note: "Both toggles (applicationObservability needs tempo: the example's otlp-gateway, OTLP over HTTP); Beyla's preset and config through values; the example's collector `alloy` is the program's alloy-metrics.",
        changes: {
            clusterName: "auto-instrumentation-with-traces-cluster",
            tempo: { url: "https://otlp-gateway.example.com", protocol: "http" },
            features: { autoInstrumentation: true, applicationObservability: true },
            values: {
                autoInstrumentation: {
                    preset: "application",
                    beyla: {
                        config: {
                            data: {
                                attributes: {
                                    kubernetes: { enable: true },
                                    select: {
                                        beyla_network_flow_bytes: {
                                            include: [
                                                "direction",
                                                "k8s.cluster.name",
                                                "k8s.dst.name",
                                                "k8s.dst.namespace",
                                                "k8s.dst.owner.name",
                                                "k8s.dst.owner.type",
                                                "k8s.src.name",
                                                "k8s.src.namespace",
                                                "k8s.src.owner.name",
                                                "k8s.src.owner.type",
                                            ],
                                        },
                                    },
                                },
                                discovery: {
                                    exclude_otel_instrumented_services: false,
                                    services: [{ k8s_pod_labels: { instrument: "beyla" } }],
                                },
                                log_level: "debug",
                                network: { enable: true },
                                prometheus_export: {
                                    path: "/metrics",
                                    features: [
                                        "application",
                                        "application_process",
                                        "application_service_graph",
                                        "application_span",
                                        "network",
                                    ],
                                },
                                internal_metrics: { prometheus: { path: "/internal/metrics" } },
                                routes: {
                                    patterns: [
                                        "/account",
                                        "/api/products/{productId}",
                                        "/cart",
                                        "/fastcache",
                                        "/health",
                                        "/login",
                                        "/payment",
                                    ],
                                    ignored_patterns: ["/debug/*", "/metrics"],
                                    unmatched: "heuristic",
                                },
                            },
                        },
                    },
                },
            },
        },
        expect: (r) => {
            const data = beyla(r);
            expect(data.routes.patterns).to.include("/api/products/{productId}");
            expect(data.network.enable).to.equal(true);
            // Traces go to the Application Observability receiver, and from there to Tempo.
            expect(data.otel_traces_export.endpoint).to.equal(
                "http://k8s-monitoring-alloy-receiver.monitoring.svc.cluster.local:4317",
            );
        },
    },
    {
        example: "features/auto-instrumentation/discovery-rules",
        note: "As beyla-metrics (Prometheus as mimir.url, rulesSync off), with Beyla's discovery rules through values.",
        changes: {
            clusterName: "auto-instrumentation-with-rules-cluster",
            mimir: { url: "http://prometheus.prometheus.svc:9090/api/v1/write" },
            features: { autoInstrumentation: true, rulesSync: false },
            values: {
                autoInstrumentation: {
                    beyla: {
                        deliverTracesToApplicationObservability: false,
                        config: {
                            data: {
                                discovery: {
                                    exclude_services: [{ k8s_namespace: "kube-system" }],
                                    services: [{ k8s_pod_labels: { instrument: "beyla" } }],
                                },
                            },
                        },
                    },
                },
            },
        },
        expect: (r) => {
            expect(beyla(r).discovery).to.deep.include({
                exclude_services: [{ k8s_namespace: "kube-system" }],
                services: [{ k8s_pod_labels: { instrument: "beyla" } }],
            });
        },
    },
    {
        example: "features/auto-instrumentation/span-metrics-only",
        note: "Its three in-cluster destinations are mimir.url (rulesSync off), loki.url and tempo (OTLP gRPC, plaintext as its tls.insecure); both toggles; Beyla told not to deliver traces, through values.",
        changes: {
            clusterName: "span-metrics-only-cluster",
            mimir: { url: "http://prometheus.monitoring.svc:9090/api/v1/write" },
            loki: { url: "http://loki.logging.svc:3100/loki/api/v1/push" },
            tempo: { url: "http://tempo.tracing.svc:4317", protocol: "grpc" },
            features: {
                autoInstrumentation: true,
                applicationObservability: true,
                rulesSync: false,
            },
            values: {
                autoInstrumentation: { beyla: { deliverTracesToApplicationObservability: false } },
            },
        },
        expect: (r) => {
            const data = beyla(r);
            expect(data).not.to.have.property("otel_traces_export");
            expect(data.prometheus_export.features).to.include("application");
            expect(config(r, "alloy-receiver")).to.contain('otelcol.receiver.otlp "receiver"');
        },
    },
    {
        example: "features/annotation-autodiscovery/default",
        note: "The toggle alone: the feature on alloy-metrics, the chart's own annotations.",
        changes: {
            clusterName: "annotation-autodiscovery-cluster",
            features: { annotationAutodiscovery: true },
        },
        expect: (r) => {
            expect(config(r, "alloy-metrics")).to.contain(
                "__meta_kubernetes_pod_annotation_k8s_grafana_com_scrape",
            );
        },
    },
    {
        example: "features/annotation-autodiscovery/prom-annotations",
        note: "The toggle, and the prometheus.io annotations through values.",
        changes: {
            clusterName: "annotation-autodiscovery-prom-annotations-cluster",
            features: { annotationAutodiscovery: true },
            values: {
                annotationAutodiscovery: {
                    annotations: {
                        scrape: "prometheus.io/scrape",
                        metricsPath: "prometheus.io/path",
                        metricsPortNumber: "prometheus.io/port",
                        metricsScheme: "prometheus.io/scheme",
                    },
                },
            },
        },
        expect: (r) => {
            const metrics = config(r, "alloy-metrics");
            expect(metrics).to.contain("__meta_kubernetes_pod_annotation_prometheus_io_scrape");
            expect(metrics).to.contain("__meta_kubernetes_service_annotation_prometheus_io_path");
            expect(metrics).not.to.contain("k8s_grafana_com_scrape");
        },
    },
    {
        example: "features/profiling/default",
        note: "The pyroscope destination is first-class (pyroscope.url); the toggle runs eBPF, Java and pprof profiling on alloy-profiles, a privileged DaemonSet.",
        changes: {
            clusterName: "profiling-cluster",
            pyroscope: { url: "http://pyroscope.pyroscope.svc:4040" },
            features: { profiling: true },
        },
        expect: (r) => {
            const profiles = config(r, "alloy-profiles");
            expect(profiles).to.contain('pyroscope.ebpf "ebpf_pods"');
            expect(profiles).to.contain('pyroscope.java "java_pods"');
            expect(profiles).to.contain("pyroscope.scrape");
            expect(block(profiles, 'pyroscope.write "pyroscope"')).to.contain(
                'url = "http://pyroscope.pyroscope.svc:4040"',
            );
            expect(alloy(r, "alloy-profiles").controller.type).to.equal("daemonset");
        },
    },
    {
        example: "features/pod-logs-via-kubernetes-api",
        note: "The toggle, instead of podLogs; its namespaces through values. Loki's URL, tenant and user are loki.*; its password is lokiPassword (a secret; generated here), never a literal. It runs on alloy-singleton, not the example's clustered alloy-logs.",
        changes: {
            clusterName: "pod-logs-via-k8s-api-cluster",
            loki: {
                url: "http://loki.loki.svc:3100/loki/api/v1/push",
                tenantId: "1",
                username: "loki",
            },
            features: { podLogs: false, podLogsViaKubernetesApi: true },
            values: { podLogsViaKubernetesApi: { namespaces: ["production"] } },
        },
        expect: (r) => {
            expect(r.plan.spec.loki).to.deep.include({ tenantId: "1", username: "loki" });
            expect(r.plan.collectors).not.to.include("alloy-logs");
            const singleton = config(r, "alloy-singleton");
            expect(singleton).to.contain('loki.source.kubernetes "pod_logs"');
            expect(singleton).to.contain('names = ["production"]');
        },
    },
    {
        example: "platforms/eks-fargate",
        note: "No DaemonSet can run: pod logs through the API (toggles podLogs off, podLogsViaKubernetesApi on), hostMetrics off (node-exporter is a DaemonSet); as in the example they run on alloy-logs, added through values as a clustered Deployment of 2. Prometheus as mimir.url (rulesSync off), Loki as loki.url.",
        changes: {
            clusterName: "eks-fargate-example-cluster",
            mimir: { url: "http://prometheus.prometheus.svc:9090/api/v1/write" },
            loki: { url: "http://loki.loki.svc:3100/loki/api/v1/push" },
            features: {
                podLogs: false,
                podLogsViaKubernetesApi: true,
                hostMetrics: false,
                rulesSync: false,
            },
            values: {
                podLogsViaKubernetesApi: { collector: "alloy-logs" },
                collectors: {
                    "alloy-logs": {
                        presets: ["clustered", "deployment"],
                        controller: { replicas: 2 },
                    },
                },
            },
        },
        expect: (r) => {
            expect(ofKind(r.k8s, "DaemonSet")).to.deep.equal([]);
            expect(alloy(r, "alloy-logs").controller).to.deep.include({
                type: "deployment",
                replicas: 2,
            });
            expect(config(r, "alloy-logs")).to.contain('loki.source.kubernetes "pod_logs"');
        },
    },
    {
        example: "features/cost-metrics/default",
        note: "No toggle: costMetrics on alloy-metrics and OpenCost through values; OpenCost's metrics source is the mimir destination, queried at Mimir's Prometheus API.",
        changes: {
            clusterName: "cost-metrics-example-cluster",
            values: {
                costMetrics: { enabled: true, collector: "alloy-metrics" },
                telemetryServices: { opencost: opencost("cost-metrics-example-cluster") },
            },
        },
        expect: (r) => {
            expect(config(r, "alloy-metrics")).to.contain("// Feature: Cost Metrics");
            const env = podSpec(find(r.k8s, "Deployment", "k8s-monitoring-opencost")).containers[0]
                .env;
            expect(env).to.deep.include.members([
                { name: "PROMETHEUS_SERVER_ENDPOINT", value: MIMIR_QUERY_URL },
                { name: "CLUSTER_ID", value: "cost-metrics-example-cluster" },
            ]);
        },
    },
    {
        example: "features/windows-event-logs/default",
        note: "No toggle: the feature and its collector alloy-windows (a Windows host-process DaemonSet) through values; the logs go to the stack's Loki, whose credentials are the program's Secret (the example's literal ones left out).",
        changes: {
            clusterName: "windows-event-logs-cluster",
            values: {
                windowsEventLogs: {
                    enabled: true,
                    collector: "alloy-windows",
                    sources: [
                        {
                            name: "application",
                            eventLogName: "Application",
                            jobLabel: "integrations/windows-application-logs",
                        },
                        {
                            name: "system",
                            eventLogName: "System",
                            jobLabel: "integrations/windows-system-logs",
                        },
                    ],
                },
                collectors: {
                    "alloy-windows": { presets: ["windows", "windows-host-process", "daemonset"] },
                },
            },
        },
        expect: (r) => {
            const windows = config(r, "alloy-windows");
            expect(windows).to.contain('loki.source.windowsevent "application"');
            expect(windows).to.contain('loki.source.windowsevent "system"');
            expect(alloy(r, "alloy-windows").controller.type).to.equal("daemonset");
        },
    },
    {
        example: "features/pod-logs-objects",
        note: "No toggle: podLogsObjects (with nodeFilter, which needs a DaemonSet) on the program's alloy-logs, and its live debugging, through values; Loki's literal credentials left out.",
        changes: {
            clusterName: "pod-logs-objects-cluster",
            values: {
                podLogsObjects: { enabled: true, collector: "alloy-logs", nodeFilter: true },
                collectors: { "alloy-logs": { liveDebugging: { enabled: true } } },
            },
        },
        expect: (r) => {
            const logs = config(r, "alloy-logs");
            expect(logs).to.contain('loki.source.podlogs "default"');
            expect(logs).to.contain("livedebugging {");
        },
    },
    {
        example: "features/kubernetes-manifests/default",
        note: "No toggle: kubernetesManifests on alloy-singleton and k8s-manifest-tail through values; pod logs are the podLogs toggle (on by default); Loki's literal credentials left out.",
        changes: {
            clusterName: "kubernetes-manifests-cluster",
            values: {
                kubernetesManifests: { enabled: true, collector: "alloy-singleton" },
                collectors: { "alloy-singleton": { liveDebugging: { enabled: true } } },
                telemetryServices: {
                    "k8s-manifest-tail": {
                        deploy: true,
                        config: {
                            objects: [
                                { apiVersion: "v1", kind: "Pod" },
                                { apiVersion: "apps/v1", kind: "Deployment" },
                                { apiVersion: "apps/v1", kind: "StatefulSet" },
                                { apiVersion: "apps/v1", kind: "DaemonSet" },
                            ],
                        },
                    },
                },
            },
        },
        expect: (r) => {
            find(r.k8s, "Deployment", "k8s-monitoring-k8s-manifest-tail");
            const tail = parse(
                find(r.k8s, "ConfigMap", "k8s-monitoring-k8s-manifest-tail").data!["config.yaml"],
            );
            expect(tail.objects).to.deep.include({ apiVersion: "apps/v1", kind: "StatefulSet" });
            expect(config(r, "alloy-singleton")).to.contain("// Feature: Kubernetes Manifests");
        },
    },
    {
        example: "features/integrations/postgresql",
        note: "The instance is first-class (integrations.postgresql.instances), its credentials from the Secret the example names; the integrations run on alloy-metrics, its logs through pod logs; the example's Loki with literal credentials is the stack's loki.",
        changes: {
            clusterName: "postgresql-integration-test-cluster",
            integrations: {
                postgresql: {
                    instances: [
                        {
                            name: "test-database",
                            exporter: {
                                dataSource: {
                                    host: "test-database-pg-db-primary.postgresql.svc",
                                    auth: { usernameKey: "user", passwordKey: "password" },
                                },
                            },
                            secret: {
                                create: false,
                                name: "test-database-pg-db-pguser-test-database-pg-db",
                                namespace: "postgresql",
                            },
                            logs: {
                                enabled: true,
                                labelSelectors: {
                                    "app.kubernetes.io/instance": "test-database-pg-db",
                                },
                            },
                        },
                    ],
                },
            },
        },
        expect: (r) => {
            const metrics = config(r, "alloy-metrics");
            expect(metrics).to.contain('prometheus.exporter.postgres "test_database"');
            expect(metrics).to.contain(
                'name      = "test-database-pg-db-pguser-test-database-pg-db"',
            );
            expect(config(r, "alloy-logs")).to.contain('regex = "(?:test-database-pg-db)"');
            expect(ofKind(r.k8s, "Secret")).to.deep.equal([]);
        },
    },
    {
        example: "auth/external-secrets",
        note: "Every credential from an existing Secret, through values: Mimir's basic auth and Tempo's bearer token (the program's own destinations keep their URL and tenant), alloy-metrics' remote configuration. Their URLs are first-class (mimir.url, tempo.url), not urlFrom; Loki's auth is the program's Secret; the example's unused LOKI_BEARER_TOKEN variable with a literal value is left out (refused, see auth/bearer-token).",
        changes: {
            clusterName: "external-secrets-example-cluster",
            tempo: { url: "https://tempo.example.com:4317", protocol: "grpc" },
            features: { applicationObservability: true },
            values: {
                destinations: {
                    mimir: {
                        auth: {
                            type: "basic",
                            usernameKey: "prom-username",
                            passwordKey: "access-token",
                        },
                        secret: {
                            create: false,
                            name: "my-monitoring-secret",
                            namespace: "monitoring",
                        },
                    },
                    tempo: {
                        auth: { type: "bearerToken", bearerTokenKey: "tempoBearerToken" },
                        secret: { create: false, name: "my-tempo-secret", namespace: "tempo" },
                    },
                },
                applicationObservability: { receivers: { jaeger: { grpc: { enabled: true } } } },
                collectors: {
                    "alloy-metrics": {
                        remoteConfig: {
                            enabled: true,
                            urlFrom:
                                'convert.nonsensitive(remote.kubernetes.secret.alloy_metrics_remote_cfg.data["fleet-management-host"])',
                            auth: {
                                type: "basic",
                                usernameKey: "fleet-management-user",
                                passwordKey: "access-token",
                            },
                            secret: { create: false, name: "my-monitoring-secret" },
                        },
                    },
                },
            },
        },
        expect: (r) => {
            const metrics = config(r, "alloy-metrics");
            const mimir = block(metrics, 'prometheus.remote_write "mimir"');
            expect(mimir).to.contain('url = "https://mimir.dev.example.com/api/v1/push"');
            expect(mimir).to.contain(
                'password = remote.kubernetes.secret.mimir.data["access-token"]',
            );
            expect(mimir).to.contain('"X-Scope-OrgID" = "external-secrets-example-cluster"');
            expect(block(metrics, "remotecfg")).to.contain(
                'url = convert.nonsensitive(remote.kubernetes.secret.alloy_metrics_remote_cfg.data["fleet-management-host"])',
            );
            const receiver = config(r, "alloy-receiver");
            expect(block(receiver, 'otelcol.auth.bearer "tempo"')).to.contain(
                'token = remote.kubernetes.secret.tempo.data["tempoBearerToken"]',
            );
            expect(receiver).to.contain('otelcol.receiver.jaeger "receiver"');
            expect(ofKind(r.k8s, "Secret")).to.deep.equal([]);
        },
    },
    {
        example: "private-image-registries/globally",
        note: "Features as in the example (application observability with Tempo's tail sampling, cost and energy metrics, Windows hosts) by toggles or values; the global image settings through values reach both releases (the program hands the operator's release values.global's images); Kepler's and OpenCost's own image settings as in the example.",
        changes: {
            clusterName: "global-private-image-registries-example-cluster",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            features: { applicationObservability: true },
            values: {
                global: {
                    image: {
                        registry: "my.registry.com",
                        pullPolicy: "Always",
                        pullSecrets: [{ name: "my-registry-creds" }],
                    },
                    imageRegistry: "my.registry.com",
                    imagePullSecrets: [{ name: "my-registry-creds" }],
                },
                destinations: {
                    tempo: {
                        processors: {
                            tailSampling: {
                                enabled: true,
                                policies: [{ name: "always_sample-policy", type: "always_sample" }],
                            },
                        },
                    },
                },
                costMetrics: { enabled: true, collector: "alloy-metrics" },
                hostMetrics: { energyMetrics: { enabled: true }, windowsHosts: { enabled: true } },
                telemetryServices: {
                    kepler: {
                        deploy: true,
                        image: { repository: "my.registry.com/sustainable_computing_io/kepler" },
                        imagePullSecrets: [{ name: "my-registry-creds" }],
                    },
                    opencost: {
                        deploy: true,
                        metricsSource: "mimir",
                        imagePullSecrets: [{ name: "my-registry-creds" }],
                        opencost: {
                            prometheus: { external: { url: MIMIR_QUERY_URL } },
                            exporter: {
                                defaultClusterId: "global-private-image-registries-example-cluster",
                                image: { registry: "my.registry.com" },
                            },
                        },
                    },
                    "windows-exporter": { deploy: true },
                },
            },
        },
        expect: (r) => {
            const pods = workloads(r);
            expect(pods.map((o) => o.metadata.name)).to.include.members([
                "alloy-operator",
                "k8s-monitoring-kube-state-metrics",
                "k8s-monitoring-node-exporter",
                "k8s-monitoring-windows-exporter",
                "k8s-monitoring-kepler",
                "k8s-monitoring-opencost",
            ]);
            for (const o of pods) {
                for (const c of podSpec(o).containers)
                    expect(c.image, o.metadata.name).to.match(/^my\.registry\.com\//);
                expect(podSpec(o).imagePullSecrets, o.metadata.name).to.deep.include({
                    name: "my-registry-creds",
                });
            }
            // The operator renders each collector, the tail sampler's too, with the global image.
            for (const o of ofKind(r.k8s, "Alloy"))
                expect(o.spec.global.image, o.metadata.name).to.deep.include({
                    registry: "my.registry.com",
                    pullSecrets: [{ name: "my-registry-creds" }],
                });
            find(r.k8s, "Alloy", "k8s-monitoring-tempo-sampler");
        },
    },
    {
        example: "images/images-by-digest",
        note: "Digests through values: the collectors', Beyla's (autoInstrumentation toggle), the tail sampler's, the telemetry services', and the operator's (values.alloy-operator.image, which the program hands the operator's own release). Left out: alloy-operator.waitForAlloyRemoval (a hook of a bundled operator: refused, no hook runs here).",
        changes: {
            clusterName: "images-by-digest-example-cluster",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            features: { applicationObservability: true, autoInstrumentation: true },
            values: {
                destinations: {
                    tempo: {
                        processors: {
                            tailSampling: {
                                enabled: true,
                                policies: [{ name: "always_sample-policy", type: "always_sample" }],
                                collector: {
                                    image: { digest: DIGEST },
                                    configReloader: { image: { digest: DIGEST } },
                                },
                            },
                        },
                    },
                },
                costMetrics: { enabled: true, collector: "alloy-metrics" },
                hostMetrics: { energyMetrics: { enabled: true }, windowsHosts: { enabled: true } },
                autoInstrumentation: { beyla: { image: { digest: DIGEST } } },
                "alloy-operator": { image: { digest: DIGEST } },
                collectorCommon: {
                    alloy: {
                        image: { digest: DIGEST },
                        configReloader: { image: { digest: DIGEST } },
                    },
                },
                telemetryServices: {
                    "kube-state-metrics": { image: { sha: DIGEST } },
                    "node-exporter": { image: { digest: DIGEST } },
                    "windows-exporter": { deploy: true, image: { digest: DIGEST } },
                    kepler: { deploy: true },
                    opencost: {
                        deploy: true,
                        metricsSource: "mimir",
                        opencost: {
                            exporter: {
                                defaultClusterId: "images-by-digest-example-cluster",
                                image: {
                                    tag: "1.115.0@sha256:fb6468a1ef45dbd4a9e521122c8d306f882bb33d1657d28d21aeaef79412e9e1",
                                },
                            },
                            prometheus: { external: { url: MIMIR_QUERY_URL } },
                        },
                    },
                },
            },
        },
        expect: (r) => {
            const image = (kind: string, name: string, objects = r.k8s) =>
                podSpec(find(objects, kind, name)).containers[0].image;
            expect(image("Deployment", "alloy-operator", r.operator)).to.match(
                new RegExp(`@${DIGEST}$`),
            );
            for (const [kind, name] of [
                ["DaemonSet", "k8s-monitoring-beyla"],
                ["DaemonSet", "k8s-monitoring-node-exporter"],
                ["DaemonSet", "k8s-monitoring-windows-exporter"],
                ["Deployment", "k8s-monitoring-kube-state-metrics"],
            ])
                expect(image(kind, name), name).to.match(new RegExp(`@${DIGEST}$`));
            expect(image("Deployment", "k8s-monitoring-opencost")).to.contain(
                "opencost:1.115.0@sha256:fb6468a1",
            );
            for (const o of ofKind(r.k8s, "Alloy")) {
                expect(o.spec.image.digest, o.metadata.name).to.equal(DIGEST);
                expect(o.spec.configReloader.image.digest, o.metadata.name).to.equal(DIGEST);
            }
            find(r.k8s, "Alloy", "k8s-monitoring-tempo-sampler");
        },
    },
    {
        example: "tolerations",
        note: "Each workload's tolerations through values (Beyla's with the autoInstrumentation toggle; the operator's go to its own release); cost and energy metrics and Windows hosts as in the example. OpenCost's go where its chart reads them (telemetryServices.opencost.opencost.tolerations: the example's telemetryServices.opencost.tolerations is read by nothing). Left out: alloy-operator.waitForAlloyRemoval (a hook of a bundled operator: refused, no hook runs here).",
        changes: {
            clusterName: "tolerations-example-cluster",
            features: { autoInstrumentation: true },
            values: {
                costMetrics: { enabled: true, collector: "alloy-metrics" },
                hostMetrics: { energyMetrics: { enabled: true }, windowsHosts: { enabled: true } },
                autoInstrumentation: {
                    beyla: {
                        deliverTracesToApplicationObservability: false,
                        tolerations: [TOLERATION],
                    },
                },
                collectors: {
                    "alloy-metrics": { controller: { tolerations: [TOLERATION] } },
                    "alloy-logs": { controller: { tolerations: [TOLERATION] } },
                },
                "alloy-operator": { tolerations: [TOLERATION] },
                telemetryServices: {
                    kepler: { deploy: true, tolerations: [TOLERATION] },
                    "kube-state-metrics": { tolerations: [TOLERATION] },
                    "node-exporter": { tolerations: [TOLERATION] },
                    "windows-exporter": { deploy: true, tolerations: [TOLERATION] },
                    opencost: opencost("tolerations-example-cluster", {
                        tolerations: [TOLERATION],
                    }),
                },
            },
        },
        expect: (r) => {
            for (const [kind, name, objects] of [
                ["Deployment", "alloy-operator", r.operator],
                ["DaemonSet", "k8s-monitoring-beyla", r.k8s],
                ["DaemonSet", "k8s-monitoring-kepler", r.k8s],
                ["DaemonSet", "k8s-monitoring-node-exporter", r.k8s],
                ["DaemonSet", "k8s-monitoring-windows-exporter", r.k8s],
                ["Deployment", "k8s-monitoring-kube-state-metrics", r.k8s],
                ["Deployment", "k8s-monitoring-opencost", r.k8s],
            ] as const)
                expect(podSpec(find(objects, kind, name)).tolerations, name).to.deep.include(
                    TOLERATION,
                );
            for (const collector of ["alloy-metrics", "alloy-logs"])
                expect(alloy(r, collector).controller.tolerations, collector).to.deep.equal([
                    TOLERATION,
                ]);
        },
    },
    {
        example: "node-labels",
        note: "The annotationAutodiscovery toggle; each feature's node labels through values (host metrics, annotation autodiscovery, pod logs: on by default).",
        changes: {
            clusterName: "node-labels",
            features: { annotationAutodiscovery: true },
            values: {
                hostMetrics: { nodeLabels: ALL_NODE_LABELS },
                annotationAutodiscovery: { nodeLabels: ALL_NODE_LABELS },
                podLogsViaLoki: { nodeLabels: ALL_NODE_LABELS },
            },
        },
        expect: (r) => {
            const zone = 'target_label = "availability_zone"';
            expect(config(r, "alloy-logs")).to.contain(zone);
            const metrics = config(r, "alloy-metrics");
            // Annotation autodiscovery and host metrics each attach them.
            expect(metrics.split(zone).length - 1).to.be.at.least(2);
            expect(metrics).to.contain('target_label = "instance_type"');
        },
    },
    {
        example: "tail-sampling",
        note: "The tempo destination is first-class (OTLP gRPC to its in-cluster Service); its tail-sampling processor, the Grafana Cloud metrics connector and Windows hosts through values.",
        changes: {
            clusterName: "tail-sampling",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            features: { applicationObservability: true },
            values: {
                destinations: {
                    tempo: {
                        processors: {
                            tailSampling: {
                                enabled: true,
                                decisionWait: "5s",
                                numTraces: 100,
                                expectedNewTracesPerSec: 10,
                                decisionCache: {
                                    sampledCacheSize: 1000,
                                    nonSampledCacheSize: 10000,
                                },
                                policies: [
                                    {
                                        name: "keep-errors",
                                        type: "status_code",
                                        status_codes: ["ERROR", "UNSET"],
                                    },
                                    {
                                        name: "sample-slow-traces",
                                        type: "latency",
                                        threshold_ms: 5000,
                                    },
                                    {
                                        name: "sample-15pct-traces",
                                        type: "probabilistic",
                                        sampling_percentage: 15,
                                    },
                                    {
                                        name: "and-policy",
                                        type: "and",
                                        and: {
                                            and_sub_policy: [
                                                {
                                                    name: "keep-all-error-codes",
                                                    type: "numeric_attribute",
                                                    key: "http.status_code",
                                                    min_value: 399,
                                                    max_value: 599,
                                                },
                                                {
                                                    name: "keep-all-errors",
                                                    type: "status_code",
                                                    status_codes: ["ERROR", "UNSET"],
                                                },
                                            ],
                                        },
                                    },
                                ],
                            },
                        },
                    },
                },
                applicationObservability: {
                    connectors: { grafanaCloudMetrics: { enabled: true } },
                },
                hostMetrics: { windowsHosts: { enabled: true } },
                telemetryServices: { "windows-exporter": { deploy: true } },
            },
        },
        expect: (r) => {
            expect(config(r, "alloy-receiver")).to.contain(
                'otelcol.exporter.loadbalancing "tempo_sampler"',
            );
            const sampler = alloy(r, "tempo-sampler").alloy.configMap.content as string;
            expect(block(sampler, 'otelcol.processor.tail_sampling "tail_sampler"')).to.contain(
                "sample-15pct-traces",
            );
            // Tempo over plain http (an in-cluster Service): the sampler's exporter speaks gRPC
            // without TLS, and names no CA; it is a collector too, with the trust bundle mounted.
            expect(sampler).to.match(/insecure\s*=\s*true/);
            expect(sampler).not.to.contain("ca_file");
            expect(alloy(r, "tempo-sampler").alloy.mounts.extra).to.deep.include({
                mountPath: "/etc/ssl/trust-bundle",
                name: "trust-bundle",
                readOnly: true,
            });
        },
    },
    {
        example: "resource-requests-and-limits",
        note: "Each workload's resources through values (Beyla's with the autoInstrumentation toggle, the operator's to its own release); cost and energy metrics and Windows hosts as in the example. OpenCost's exporter's go where its chart reads them (telemetryServices.opencost.opencost.exporter.resources: the example's telemetryServices.opencost.exporter is read by nothing). Left out: alloy-operator.waitForAlloyRemoval (a hook of a bundled operator: refused, no hook runs here).",
        changes: {
            clusterName: "resources-example-cluster",
            features: { autoInstrumentation: true },
            values: {
                costMetrics: { enabled: true, collector: "alloy-metrics" },
                hostMetrics: { energyMetrics: { enabled: true }, windowsHosts: { enabled: true } },
                autoInstrumentation: {
                    beyla: {
                        deliverTracesToApplicationObservability: false,
                        resources: {
                            limits: { cpu: "100m", memory: "128Mi" },
                            requests: { cpu: "100m", memory: "128Mi" },
                        },
                    },
                },
                collectors: {
                    "alloy-metrics": {
                        alloy: {
                            resources: {
                                requests: { cpu: "100m", memory: "128Mi" },
                                limits: { cpu: "200m", memory: "256Mi" },
                            },
                        },
                        configReloader: {
                            resources: {
                                requests: { cpu: "10m", memory: "50Mi" },
                                limits: { cpu: "100m", memory: "128Mi" },
                            },
                        },
                    },
                },
                "alloy-operator": {
                    resources: {
                        requests: { cpu: "10m", memory: "64Mi" },
                        limits: { cpu: "500m", memory: "128Mi" },
                    },
                },
                telemetryServices: {
                    kepler: {
                        deploy: true,
                        resources: {
                            requests: { cpu: "100m", memory: "128Mi" },
                            limits: { cpu: "200m", memory: "256Mi" },
                        },
                    },
                    "kube-state-metrics": {
                        resources: {
                            requests: { cpu: "10m", memory: "32Mi" },
                            limits: { cpu: "100m", memory: "64Mi" },
                        },
                    },
                    "node-exporter": {
                        resources: {
                            limits: { cpu: "200m", memory: "50Mi" },
                            requests: { cpu: "100m", memory: "30Mi" },
                        },
                    },
                    "windows-exporter": {
                        deploy: true,
                        resources: {
                            limits: { cpu: "200m", memory: "50Mi" },
                            requests: { cpu: "100m", memory: "30Mi" },
                        },
                    },
                    opencost: opencost("resources-example-cluster", {
                        resources: {
                            requests: { cpu: "10m", memory: "55Mi" },
                            limits: { cpu: "100m", memory: "1Gi" },
                        },
                    }),
                },
            },
        },
        expect: (r) => {
            const metrics = alloy(r, "alloy-metrics");
            expect(metrics.alloy.resources).to.deep.equal({
                requests: { cpu: "100m", memory: "128Mi" },
                limits: { cpu: "200m", memory: "256Mi" },
            });
            expect(metrics.configReloader.resources.limits).to.deep.equal({
                cpu: "100m",
                memory: "128Mi",
            });
            const resources = (kind: string, name: string, objects = r.k8s) =>
                podSpec(find(objects, kind, name)).containers[0].resources;
            expect(resources("Deployment", "alloy-operator", r.operator).limits).to.deep.equal({
                cpu: "500m",
                memory: "128Mi",
            });
            expect(resources("DaemonSet", "k8s-monitoring-beyla").limits).to.deep.equal({
                cpu: "100m",
                memory: "128Mi",
            });
            expect(resources("DaemonSet", "k8s-monitoring-node-exporter").requests).to.deep.equal({
                cpu: "100m",
                memory: "30Mi",
            });
            expect(
                resources("Deployment", "k8s-monitoring-kube-state-metrics").limits,
            ).to.deep.equal({ cpu: "100m", memory: "64Mi" });
            expect(resources("Deployment", "k8s-monitoring-opencost").limits).to.deep.equal({
                cpu: "100m",
                memory: "1Gi",
            });
        },
    },
    {
        example: "rbac-no-cluster-roles",
        note: "Only namespaced RBAC: the control plane, PodMonitors/ServiceMonitors, the rules sync and cert-manager's metrics (cluster-wide or in other namespaces) off by toggles and integrations.certManager; the kubelet and cAdvisor scrapes off, and each feature's namespaces, through values. Alloy's RBAC namespaces hold the stack's own namespace besides the example's default: the Loki Secret and Alloy's self-monitoring are there.",
        changes: {
            clusterName: "no-cluster-roles",
            features: { controlPlane: false, prometheusOperatorObjects: false, rulesSync: false },
            integrations: { certManager: { enabled: false } },
            values: {
                clusterMetrics: {
                    kubelet: { enabled: false },
                    kubeletResource: { enabled: false },
                    kubeletProbes: { enabled: false },
                    cadvisor: { enabled: false },
                },
                hostMetrics: { windowsHosts: { enabled: true } },
                clusterEvents: { namespaces: ["default"] },
                podLogsViaLoki: { namespaces: ["default"] },
                collectorCommon: { alloy: { rbac: { namespaces: ["default", "monitoring"] } } },
                "alloy-operator": { ownNamespaceOnly: true, rbac: { createClusterRoles: false } },
                telemetryServices: {
                    "kube-state-metrics": {
                        namespaces: "default",
                        rbac: { useClusterRole: false },
                    },
                    "windows-exporter": { deploy: true },
                },
            },
        },
        expect: (r) => {
            const clusterWide = [...r.k8s, ...r.operator].filter((o) =>
                ["ClusterRole", "ClusterRoleBinding"].includes(o.kind),
            );
            expect(clusterWide.map((o) => `${o.kind} ${o.metadata.name}`)).to.deep.equal([]);
            for (const o of ofKind(r.k8s, "Alloy"))
                expect(o.spec.rbac.namespaces, o.metadata.name).to.deep.equal([
                    "default",
                    "monitoring",
                ]);
            expect(
                find(r.k8s, "Role", "k8s-monitoring-kube-state-metrics").metadata.namespace,
            ).to.equal("default");
        },
    },
    {
        example: "dataProcessors/custom/static-label",
        note: "Tempo (OTLP gRPC, plaintext as its tls.insecure; its insecureSkipVerify is refused and meaningless without TLS) and Pyroscope first-class; the annotationAutodiscovery and applicationObservability toggles; the processor, each feature's dataProcessors, the profiles receiver (no toggle) on alloy-receiver and its port through values; Loki's literal credentials left out.",
        changes: {
            clusterName: "static-label",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            pyroscope: { url: "http://pyroscope.pyroscope.svc:4040" },
            features: { annotationAutodiscovery: true, applicationObservability: true },
            values: {
                dataProcessors: {
                    "static-label": {
                        type: "custom",
                        metrics: {
                            prometheus: {
                                enabled: true,
                                input: "prometheus.relabel.static_label_metrics.receiver",
                                config: [
                                    'prometheus.relabel "static_label_metrics" {',
                                    "  rule {",
                                    '    target_label = "region"',
                                    '    replacement  = "central"',
                                    "  }",
                                    "  forward_to = [prometheus.relabel.static_label_out_metrics_prometheus.receiver]",
                                    "}",
                                ].join("\n"),
                            },
                        },
                        logs: {
                            loki: {
                                enabled: true,
                                input: "loki.process.static_label_logs.receiver",
                                config: [
                                    'loki.process "static_label_logs" {',
                                    "  stage.static_labels {",
                                    "    values = {",
                                    '      region = "central",',
                                    "    }",
                                    "  }",
                                    "  forward_to = [loki.process.static_label_out_logs_loki.receiver]",
                                    "}",
                                ].join("\n"),
                            },
                        },
                        traces: {
                            otlp: {
                                enabled: true,
                                input: "otelcol.processor.transform.static_label_traces.input",
                                config: [
                                    'otelcol.processor.transform "static_label_traces" {',
                                    '  error_mode = "ignore"',
                                    "  trace_statements {",
                                    '    context = "resource"',
                                    "    statements = [",
                                    '      "set(attributes[\\"region\\"], \\"central\\")",',
                                    "    ]",
                                    "  }",
                                    "  output {",
                                    "    traces = [otelcol.processor.batch.static_label_out_traces_otlp.input]",
                                    "  }",
                                    "}",
                                ].join("\n"),
                            },
                        },
                        profiles: {
                            pyroscope: {
                                enabled: true,
                                input: "pyroscope.relabel.static_label_profiles.receiver",
                                config: [
                                    'pyroscope.relabel "static_label_profiles" {',
                                    "  rule {",
                                    '    target_label = "region"',
                                    '    replacement  = "central"',
                                    "  }",
                                    "  forward_to = [pyroscope.relabel.static_label_out_profiles_pyroscope.receiver]",
                                    "}",
                                ].join("\n"),
                            },
                        },
                    },
                },
                annotationAutodiscovery: { dataProcessors: ["static-label"] },
                podLogsViaLoki: { dataProcessors: ["static-label"] },
                applicationObservability: {
                    dataProcessors: ["static-label"],
                    metrics: { enabled: false },
                    logs: { enabled: false },
                },
                profilesReceiver: {
                    enabled: true,
                    collector: "alloy-receiver",
                    dataProcessors: ["static-label"],
                },
                collectors: {
                    "alloy-receiver": {
                        alloy: {
                            extraPorts: [
                                { name: "profiles", port: 4040, targetPort: 4040, protocol: "TCP" },
                            ],
                        },
                    },
                },
            },
        },
        expect: (r) => {
            expect(config(r, "alloy-metrics")).to.contain(
                'prometheus.relabel "static_label_metrics"',
            );
            expect(config(r, "alloy-logs")).to.contain('loki.process "static_label_logs"');
            const receiver = config(r, "alloy-receiver");
            expect(receiver).to.contain('otelcol.processor.transform "static_label_traces"');
            expect(receiver).to.contain('pyroscope.relabel "static_label_profiles"');
            expect(receiver).to.contain('pyroscope.receive_http "default"');
        },
    },
    {
        example: "extra-rules",
        note: "The destinations' extra labels and metric rules on the program's mimir and loki (fields it does not own), each feature's rules and stages, and the collectors' environment (no secret in it), through values; Windows hosts as in the example.",
        changes: {
            clusterName: "extra-rules-example-cluster",
            values: {
                destinations: {
                    mimir: {
                        extraLabels: { site: "lab2" },
                        extraLabelsFrom: { region: 'env("REGION")' },
                        metricProcessingRules: [
                            "write_relabel_config {",
                            '  source_labels = ["__name__"]',
                            '  regex = "metric_to_drop|another_metric_to_drop"',
                            '  action = "drop"',
                            "}",
                        ].join("\n"),
                    },
                    loki: {
                        extraLabels: { site: "lab2" },
                        extraLabelsFrom: { region: 'env("REGION")' },
                    },
                },
                clusterMetrics: {
                    "kube-state-metrics": {
                        extraMetricProcessingRules: [
                            "rule {",
                            '  source_labels = ["namespace"]',
                            '  regex = "production"',
                            '  action = "keep"',
                            "}",
                        ].join("\n"),
                    },
                },
                hostMetrics: { windowsHosts: { enabled: true } },
                clusterEvents: {
                    namespaces: ["production"],
                    extraProcessingStages: [
                        "stage.logfmt {",
                        '  payload = ""',
                        "}",
                        "",
                        "stage.json {",
                        '  source = "payload"',
                        "  expressions = {",
                        '    sku = "id",',
                        '    count = "",',
                        "  }",
                        "}",
                        "",
                        "stage.static {",
                        "  values = {",
                        '    site = "lab2",',
                        "  }",
                        "}",
                        "",
                        "stage.labels {",
                        "  values = {",
                        '    sku  = "",',
                        '    count = "",',
                        "  }",
                        "}",
                    ].join("\n"),
                },
                podLogsViaLoki: {
                    extraDiscoveryRules: [
                        "rule {",
                        '  source_labels = ["__meta_kubernetes_namespace"]',
                        '  regex = "production"',
                        '  action = "keep"',
                        "}",
                    ].join("\n"),
                    extraLogProcessingStages: [
                        "stage.json {",
                        '  source = "payload"',
                        "  expressions = {",
                        '    sku = "id",',
                        '    count = "",',
                        "  }",
                        "}",
                        "",
                        "stage.labels {",
                        "  values = {",
                        '    sku  = "",',
                        '    count = "",',
                        "  }",
                        "}",
                    ].join("\n"),
                    staticLabels: { site: "lab2" },
                    staticLabelsFrom: { color: 'env("COLOR")' },
                },
                collectors: {
                    "alloy-metrics": {
                        alloy: { extraEnv: [{ name: "REGION", value: "northwest" }] },
                    },
                    "alloy-singleton": {
                        alloy: { extraEnv: [{ name: "REGION", value: "northwest" }] },
                    },
                    "alloy-logs": {
                        alloy: {
                            extraEnv: [
                                { name: "REGION", value: "northwest" },
                                { name: "COLOR", value: "blue" },
                            ],
                        },
                    },
                },
                telemetryServices: { "windows-exporter": { deploy: true } },
            },
        },
        expect: (r) => {
            const mimir = block(config(r, "alloy-metrics"), 'prometheus.remote_write "mimir"');
            expect(mimir).to.contain('regex = "metric_to_drop|another_metric_to_drop"');
            expect(mimir).to.contain('region = env("REGION")');
            expect(config(r, "alloy-singleton")).to.contain('site = "lab2"');
            const logs = config(r, "alloy-logs");
            expect(logs).to.contain('color = env("COLOR")');
            expect(block(logs, 'loki.write "loki"')).to.contain('region = env("REGION")');
            expect(alloy(r, "alloy-logs").alloy.extraEnv).to.deep.include({
                name: "COLOR",
                value: "blue",
            });
        },
    },
];

const REFUSED: Refused[] = [
    {
        example: "features/integrations/mysql",
        note: "Instances are first-class (integrations.mysql.instances). dev-db's data source name carries a password and prod-db's auth a literal one: refused. Translated, every instance reads its credentials from a Secret, as staging-db does in the example (the dev and prod Secrets' names are the user's).",
        asWritten: {
            clusterName: "mysql-integration-cluster",
            integrations: {
                mysql: {
                    instances: [
                        {
                            name: "dev-db",
                            exporter: { dataSourceName: "root:password@database.dev.svc:3306/" },
                            logs: { enabled: false },
                        },
                        {
                            name: "staging-db",
                            exporter: {
                                dataSource: {
                                    host: "database.staging.svc",
                                    protocol: "tcp",
                                    port: 3306,
                                    auth: {
                                        usernameKey: "mysql-username",
                                        passwordKey: "mysql-root-password",
                                    },
                                },
                            },
                            secret: { create: false, name: "mysql-creds", namespace: "staging" },
                            logs: { enabled: false },
                        },
                        {
                            name: "prod-db",
                            exporter: {
                                dataSource: {
                                    host: "database.prod.svc",
                                    auth: { username: "db-admin", password: "db-password" },
                                },
                            },
                            logs: { labelSelectors: { "app.kubernetes.io/instance": "prod-db" } },
                        },
                    ],
                },
            },
        },
        refused: [
            ["integrations.mysql.instances[0].exporter.dataSourceName", "credential-in-values"],
            [
                "integrations.mysql.instances[2].exporter.dataSource.auth.password",
                "credential-in-values",
            ],
        ],
        literals: ["root:password", "db-password"],
        translated: {
            changes: {
                clusterName: "mysql-integration-cluster",
                integrations: {
                    mysql: {
                        instances: ["dev", "staging", "prod"].map((env) => ({
                            name: `${env}-db`,
                            exporter: {
                                dataSource: {
                                    host: `database.${env}.svc`,
                                    protocol: "tcp",
                                    port: 3306,
                                    auth: {
                                        usernameKey: "mysql-username",
                                        passwordKey: "mysql-root-password",
                                    },
                                },
                            },
                            secret: { create: false, name: "mysql-creds", namespace: env },
                            logs:
                                env === "prod"
                                    ? {
                                          labelSelectors: {
                                              "app.kubernetes.io/instance": "prod-db",
                                          },
                                      }
                                    : { enabled: false },
                        })),
                    },
                },
            },
            expect: (r) => {
                const metrics = config(r, "alloy-metrics");
                for (const env of ["dev", "staging", "prod"]) {
                    expect(metrics).to.contain(`prometheus.exporter.mysql "${env}_db"`);
                    expect(block(metrics, `remote.kubernetes.secret "${env}_db"`)).to.contain(
                        `namespace = "${env}"`,
                    );
                }
                expect(config(r, "alloy-logs")).to.contain('regex = "(?:prod-db)"');
            },
        },
    },
    {
        example: "auth/embedded-secrets",
        note: "Mimir's SigV4 keys and Tempo's basic auth are literals, embedded: refused; Loki's auth is the program's Secret (destination-owned), its literal token refused too. Translated: Mimir's SigV4 keys and Tempo's basic auth from existing Secrets (*Key, secret.create false), Loki's auth left to the program.",
        asWritten: {
            clusterName: "embedded-secrets-example-cluster",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            features: { applicationObservability: true },
            values: {
                destinations: {
                    mimir: {
                        auth: {
                            type: "sigv4",
                            sigv4: {
                                region: "ap-southeast-2",
                                accessKey: "my-access-key",
                                secretKey: "my-secret-key",
                            },
                        },
                        secret: { embed: true },
                    },
                    loki: {
                        auth: { type: "bearerToken", bearerToken: "my-bearer-token" },
                        secret: { embed: true },
                    },
                    tempo: {
                        auth: { type: "basic", username: "my-username", password: "my-password" },
                        secret: { embed: true },
                    },
                },
            },
        },
        refused: [
            ["values.destinations.mimir.auth.sigv4.accessKey", "credential-in-values"],
            ["values.destinations.mimir.auth.sigv4.secretKey", "credential-in-values"],
            ["values.destinations.loki.auth.bearerToken", "credential-in-values"],
            ["values.destinations.loki.auth", "destination-owned"],
            ["values.destinations.loki.secret", "destination-owned"],
            ["values.destinations.tempo.auth.password", "credential-in-values"],
        ],
        literals: ["my-access-key", "my-secret-key", "my-bearer-token", "my-password"],
        translated: {
            changes: {
                clusterName: "embedded-secrets-example-cluster",
                tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
                features: { applicationObservability: true },
                values: {
                    destinations: {
                        mimir: {
                            auth: {
                                type: "sigv4",
                                sigv4: {
                                    region: "ap-southeast-2",
                                    accessKeyKey: "accessKey",
                                    secretKeyKey: "secretKey",
                                },
                            },
                            secret: { create: false, name: "mimir-sigv4", namespace: "monitoring" },
                        },
                        tempo: {
                            auth: {
                                type: "basic",
                                usernameKey: "username",
                                passwordKey: "password",
                            },
                            secret: { create: false, name: "tempo-auth", namespace: "monitoring" },
                        },
                    },
                },
            },
            expect: (r) => {
                const sigv4 = block(config(r, "alloy-metrics"), 'prometheus.remote_write "mimir"');
                expect(sigv4).to.contain('region = "ap-southeast-2"');
                expect(sigv4).to.contain('remote.kubernetes.secret.mimir.data["secretKey"]');
                expect(config(r, "alloy-receiver")).to.contain(
                    'password = remote.kubernetes.secret.tempo.data["password"]',
                );
                expect(ofKind(r.k8s, "Secret")).to.deep.equal([]);
            },
        },
    },
    {
        example: "auth/bearer-token",
        note: "Mimir's literal bearer token and the LOKI_BEARER_TOKEN variable's literal value: refused; Loki's auth (a token from that variable) is the program's Secret: refused as destination-owned. Translated: Mimir's token from a Secret (bearerTokenKey), Tempo's as in the example, the Jaeger Thrift HTTP receiver through values, no variable.",
        asWritten: {
            clusterName: "bearer-token-example-cluster",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            features: { applicationObservability: true },
            values: {
                destinations: {
                    mimir: { auth: { type: "bearerToken", bearerToken: "sample-bearer-token" } },
                    loki: {
                        auth: { type: "bearerToken", bearerTokenFrom: 'env("LOKI_BEARER_TOKEN")' },
                    },
                    tempo: {
                        auth: { type: "bearerToken", bearerTokenKey: "tempoBearerToken" },
                        secret: { create: false, name: "my-tempo-secret", namespace: "tempo" },
                    },
                },
                applicationObservability: {
                    receivers: { jaeger: { thriftHttp: { enabled: true } } },
                },
                collectors: {
                    "alloy-logs": {
                        alloy: {
                            extraEnv: [{ name: "LOKI_BEARER_TOKEN", value: "sample-bearer-token" }],
                        },
                    },
                },
            },
        },
        refused: [
            ["values.collectors.alloy-logs.alloy.extraEnv[0].value", "credential-in-values"],
            ["values.destinations.mimir.auth.bearerToken", "credential-in-values"],
            ["values.destinations.loki.auth", "destination-owned"],
        ],
        literals: ["sample-bearer-token"],
        translated: {
            changes: {
                clusterName: "bearer-token-example-cluster",
                tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
                features: { applicationObservability: true },
                values: {
                    destinations: {
                        mimir: {
                            auth: { type: "bearerToken", bearerTokenKey: "bearerToken" },
                            secret: {
                                create: false,
                                name: "mimir-bearer-token",
                                namespace: "monitoring",
                            },
                        },
                        tempo: {
                            auth: { type: "bearerToken", bearerTokenKey: "tempoBearerToken" },
                            secret: { create: false, name: "my-tempo-secret", namespace: "tempo" },
                        },
                    },
                    applicationObservability: {
                        receivers: { jaeger: { thriftHttp: { enabled: true } } },
                    },
                },
            },
            expect: (r) => {
                expect(
                    block(config(r, "alloy-metrics"), 'prometheus.remote_write "mimir"'),
                ).to.contain('bearer_token = remote.kubernetes.secret.mimir.data["bearerToken"]');
                const receiver = config(r, "alloy-receiver");
                expect(block(receiver, 'otelcol.receiver.jaeger "receiver"')).to.contain(
                    "thrift_http",
                );
                expect(block(receiver, 'otelcol.auth.bearer "tempo"')).to.contain(
                    'remote.kubernetes.secret.tempo.data["tempoBearerToken"]',
                );
            },
        },
    },
    {
        example: "remote-config",
        note: "Remote configuration for every collector (collectorCommon) through values; its literal password is refused. Translated: user and password from an existing Secret.",
        asWritten: {
            clusterName: "remote-config-example-cluster",
            values: {
                collectorCommon: {
                    alloy: {
                        remoteConfig: {
                            enabled: true,
                            url: "https://remote-config.example.com/alloy",
                            auth: {
                                type: "basic",
                                username: 12345,
                                password: "my-remote-cfg-password",
                            },
                        },
                    },
                },
            },
        },
        refused: [
            ["values.collectorCommon.alloy.remoteConfig.auth.password", "credential-in-values"],
        ],
        literals: ["my-remote-cfg-password"],
        translated: {
            changes: {
                clusterName: "remote-config-example-cluster",
                values: {
                    collectorCommon: {
                        alloy: {
                            remoteConfig: {
                                enabled: true,
                                url: "https://remote-config.example.com/alloy",
                                auth: {
                                    type: "basic",
                                    usernameKey: "username",
                                    passwordKey: "password",
                                },
                                secret: {
                                    create: false,
                                    name: "alloy-remote-config",
                                    namespace: "monitoring",
                                },
                            },
                        },
                    },
                },
            },
            expect: (r) => {
                for (const collector of r.plan.collectors) {
                    const remote = block(config(r, collector), "remotecfg");
                    expect(remote, collector).to.contain(
                        'url = "https://remote-config.example.com/alloy"',
                    );
                    expect(remote, collector).to.match(
                        /password = remote\.kubernetes\.secret\.\w+\.data\["password"\]/,
                    );
                }
            },
        },
    },
    {
        example: "service-graph-metrics/default",
        note: "Tempo's insecureSkipVerify turns TLS verification off: refused (allowInsecureTls is for labs). Translated: OTLP gRPC to the in-cluster Tempo, plaintext as its tls.insecure; the service-graph processor and the receiver's signals through values; the example's collector `alloy` is the program's alloy-receiver, and its Alloy self-monitoring instance (keeping otelcol_loadbalancer_num_backends) is left out: the program generates that instance.",
        asWritten: {
            clusterName: "service-graph-metrics",
            tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
            features: { applicationObservability: true },
            values: {
                destinations: {
                    tempo: {
                        tls: { insecure: true, insecureSkipVerify: true },
                        processors: {
                            serviceGraphMetrics: {
                                enabled: true,
                                collector: { controller: { replicas: 3 } },
                            },
                        },
                    },
                },
                applicationObservability: { metrics: { enabled: false }, logs: { enabled: false } },
            },
        },
        refused: [["values.destinations.tempo.tls.insecureSkipVerify", "tls-verification-off"]],
        literals: [],
        translated: {
            changes: {
                clusterName: "service-graph-metrics",
                tempo: { url: "http://tempo.tempo.svc:4317", protocol: "grpc" },
                features: { applicationObservability: true },
                values: {
                    destinations: {
                        tempo: {
                            processors: {
                                serviceGraphMetrics: {
                                    enabled: true,
                                    collector: { controller: { replicas: 3 } },
                                },
                            },
                        },
                    },
                    applicationObservability: {
                        metrics: { enabled: false },
                        logs: { enabled: false },
                    },
                },
            },
            expect: (r) => {
                expect(config(r, "alloy-receiver")).to.contain(
                    'otelcol.exporter.loadbalancing "tempo_servicegraph"',
                );
                const grapher = alloy(r, "tempo-servicegraph");
                expect(grapher.controller.replicas).to.equal(3);
                expect(grapher.alloy.configMap.content).to.contain(
                    'otelcol.connector.servicegraph "service_graph_metrics"',
                );
            },
        },
    },
];

/** What planning and rendering one stack config gave. */
interface Result {
    raw: RawConfig;
    problems: ConfigProblem[];
    renderProblems: ConfigProblem[];
    rendered?: Rendered;
    /** What went wrong outside the checks (a render that failed after renderCheck passed). */
    error?: string;
}

const reader = projectFileReader(PROJECT_DIR);
const stackFor = (changes: Changes) => withConfig(stackConfig("dev"), changes);

/** Plans a stack as `pulumi preview` does, then renders both charts as the offline plan does. */
async function check(changes: Changes): Promise<Result> {
    const raw = stackFor(changes);
    const { stack, problems } = planStack(raw, reader);
    if (!stack || problems.length > 0) return { raw, problems, renderProblems: [] };
    const { problems: renderProblems } = await renderCheck(PROJECT_DIR, raw, stack, reader);
    if (renderProblems.length > 0) return { raw, problems, renderProblems };
    const { plan } = stack;
    // The same renders renderCheck made: Helm's results are cached, so these are read back.
    const [k8s, operator] = await Promise.all([
        render(archive("k8s-monitoring", plan.charts.k8sMonitoring.version), plan.values),
        render(ALLOY_OPERATOR_ARCHIVE, plan.alloyOperatorValues, "alloy-operator"),
    ]);
    if (!k8s.ok || !operator.ok)
        return { raw, problems, renderProblems, error: k8s.error + operator.error };
    return {
        raw,
        problems,
        renderProblems,
        rendered: { plan, k8s: objectsOf(k8s.manifests), operator: objectsOf(operator.manifests) },
    };
}

const describeProblems = (problems: readonly ConfigProblem[]) =>
    problems.map((p) => `${p.key} [${p.code}]: ${p.message} (fix: ${renderFix(p.fix)})`);

/** The accepted checks: no problem planning, none rendering, and what the example is for. */
function expectAccepted(result: Result | undefined, what: (r: Rendered) => void): void {
    expect(result, "checked").not.to.equal(undefined);
    expect(describeProblems(result!.problems), "planStack").to.deep.equal([]);
    expect(describeProblems(result!.renderProblems), "renderCheck").to.deep.equal([]);
    expect(result!.error, "helm template").to.equal(undefined);
    what(result!.rendered!);
}

describe("the chart's examples, as stack config", function () {
    this.timeout(10 * 60_000);

    const results = new Map<string, Result>();
    const translatedKey = (example: string) => `${example} (translated)`;

    before(async () => {
        const jobs = [
            ...ACCEPTED.map((c) => [c.example, c.changes] as const),
            ...REFUSED.map((c) => [translatedKey(c.example), c.translated.changes] as const),
        ];
        // One render job per core at a time (each renders both charts; Helm caches results).
        const checked = await pooled(
            jobs.map(
                ([, changes]) =>
                    () =>
                        check(changes),
            ),
        );
        jobs.forEach(([key], i) => results.set(key, checked[i]));
    });

    it("lists every example checked with its outcome", () => {
        const outcomes = [
            ...ACCEPTED.map((c) => ({ example: c.example, outcome: "accepted" })),
            ...REFUSED.map((c) => ({
                example: c.example,
                outcome: `refused as written (${[...new Set(c.refused.map(([, code]) => code))].join(", ")}); translated: accepted`,
            })),
        ];
        expect(EXAMPLES_CHECKED).to.have.deep.members(outcomes);
        expect(new Set(EXAMPLES_CHECKED.map((e) => e.example)).size).to.equal(
            EXAMPLES_CHECKED.length,
        );
        expect(EXAMPLES_CHECKED.length).to.be.at.least(20);
        for (const c of [...ACCEPTED, ...REFUSED]) expect(c.note, c.example).not.to.equal("");
    });

    // The examples themselves, where the chart's docs are at hand (K8S_MONITORING_EXAMPLES: the
    // docs/examples folder of grafana/k8s-monitoring-helm at k8s-monitoring-4.4.0; the archives do
    // not hold them): each exists, and its cluster's name is the stack's clusterName.
    it("translates examples that exist, with their cluster's name", function () {
        const dir = process.env.K8S_MONITORING_EXAMPLES;
        if (dir === undefined || !existsSync(dir)) this.skip();
        for (const c of [
            ...ACCEPTED.map((a) => ({ example: a.example, changes: a.changes })),
            ...REFUSED.map((u) => ({ example: u.example, changes: u.asWritten })),
        ]) {
            const file = path.join(dir, c.example, "values.yaml");
            expect(existsSync(file), file).to.equal(true);
            const values = parse(readFileSync(file, "utf8"));
            expect(c.changes.clusterName, c.example).to.equal(values.cluster.name);
        }
    });

    for (const c of ACCEPTED)
        it(`${c.example}: accepted, and Helm renders it`, () => {
            expectAccepted(results.get(c.example), c.expect);
        });

    for (const c of REFUSED) {
        it(`${c.example}: refused as written, never quoting a secret`, () => {
            const raw = stackFor(c.asWritten);
            const { stack, problems } = planStack(raw, reader);
            expect(stack).to.equal(undefined);
            expect(problems.map((p) => [p.key, p.code])).to.have.deep.members(
                c.refused.map(([key, code]) => [key, code]),
            );
            const said = [
                JSON.stringify(problems),
                ...problems.map((p) => `${p.message}\n${renderFix(p.fix)}`),
            ].join("\n");
            for (const literal of c.literals) expect(said).not.to.contain(literal);
            // The fixes clear these refusals; each only removes, so the translation (the literal
            // replaced by a Secret reference, below) is what then plans.
            for (const p of problems)
                expect(
                    p.fix.map((step) => step.kind),
                    p.key,
                ).to.deep.equal(["rm"]);
            let fixed = raw;
            for (const p of problems) fixed = applyFix(fixed, p.fix);
            const after = planStack(fixed, reader).problems.map((p) => [p.key, p.code]);
            for (const [key, code] of c.refused) expect(after).not.to.deep.include([key, code]);
        });

        it(`${c.example}: translated with no literal secret, accepted, and Helm renders it`, () => {
            const text = JSON.stringify(c.translated.changes);
            for (const literal of c.literals) expect(text).not.to.contain(literal);
            expectAccepted(results.get(translatedKey(c.example)), c.translated.expect);
        });
    }
});
