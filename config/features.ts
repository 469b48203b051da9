// The feature toggles (`features.<toggle>`), one row each: what the README and Pulumi.yaml say of
// it, its default, the chart feature it turns on, the collector that runs it and the signals it sends.
// The schema's `features` section, the collectors the plan deploys and the destinations each
// signal needs are derived from here; the values each row sets are in values/k8s-monitoring.ts
// (FEATURE_VALUES, typed by these rows). A new toggle: its row, its values, a test.
import type { ChartFeature, Signal } from "./chart-facts";

/** The collectors this program deploys, each only while a feature runs on it. */
export const COLLECTORS = {
    /** Clustered StatefulSet: cluster-wide scraping, shared by its replicas. */
    "alloy-metrics": { presets: ["clustered", "statefulset"] },
    /** One clustered replica: what must run once per cluster. */
    "alloy-singleton": { presets: ["clustered", "singleton"] },
    /** DaemonSet reading each node's /var/log. */
    "alloy-logs": { presets: ["clustered", "filesystem-log-reader", "daemonset"] },
    /** A Deployment behind a Service that applications send OTLP to. */
    "alloy-receiver": { presets: ["deployment"] },
    /** Privileged DaemonSet for eBPF profiling of each node's processes. */
    "alloy-profiles": { presets: ["privileged", "daemonset"] },
} as const;
export type CollectorName = keyof typeof COLLECTORS;

export interface FeatureRow {
    /** The README's and Pulumi.yaml's description of the toggle. */
    description: string;
    /** What a wrong value is told: "must be true or false: <what>". */
    what: string;
    default: boolean;
    /** The chart feature the toggle turns on (or tunes: controlPlane, kubeProxy); none for rulesSync. */
    chart?: ChartFeature;
    collector: CollectorName;
    /** What it sends; a signal without a destination in the stack config is refused. */
    signals: readonly Signal[];
}

export const FEATURE_TABLE = {
    controlPlane: {
        description: "API server, scheduler, controller manager, DNS",
        what: "scrape the API server, scheduler, controller manager and DNS",
        default: true,
        chart: "clusterMetrics",
        collector: "alloy-metrics",
        signals: ["metrics"],
    },
    kubeProxy: {
        description: "kube-proxy metrics; off: Cilium replaces it",
        what: "scrape kube-proxy (off: Cilium replaces it)",
        default: false,
        chart: "clusterMetrics",
        collector: "alloy-metrics",
        signals: ["metrics"],
    },
    hostMetrics: {
        description: "node-exporter host metrics; off also stops deploying it",
        what: "node-exporter host metrics",
        default: true,
        chart: "hostMetrics",
        collector: "alloy-metrics",
        signals: ["metrics"],
    },
    podLogs: {
        description: "pod logs from `/var/log/pods` (a DaemonSet)",
        what: "pod logs from /var/log/pods",
        default: true,
        chart: "podLogsViaLoki",
        collector: "alloy-logs",
        signals: ["logs"],
    },
    podLogsViaKubernetesApi: {
        description:
            "pod logs through the Kubernetes API, for nodes where DaemonSets cannot run (EKS Fargate, GKE Autopilot); instead of `podLogs`",
        what: "pod logs through the Kubernetes API",
        default: false,
        chart: "podLogsViaKubernetesApi",
        collector: "alloy-singleton",
        signals: ["logs"],
    },
    nodeLogs: {
        description: "journald node logs; off: Talos has none",
        what: "journald node logs (off: Talos has no journald)",
        default: false,
        chart: "nodeLogs",
        collector: "alloy-logs",
        signals: ["logs"],
    },
    clusterEvents: {
        description: "Kubernetes events as JSON logs",
        what: "Kubernetes events as logs",
        default: true,
        chart: "clusterEvents",
        collector: "alloy-singleton",
        signals: ["logs"],
    },
    prometheusOperatorObjects: {
        description: "PodMonitors, ServiceMonitors, Probes",
        what: "scrape PodMonitors, ServiceMonitors and Probes",
        default: true,
        chart: "prometheusOperatorObjects",
        collector: "alloy-metrics",
        signals: ["metrics"],
    },
    annotationAutodiscovery: {
        description:
            'scrape pods and services annotated `k8s.grafana.com/scrape: "true"` (the chart\'s annotations)',
        what: "scrape annotated pods and services",
        default: false,
        chart: "annotationAutodiscovery",
        collector: "alloy-metrics",
        signals: ["metrics"],
    },
    rulesSync: {
        description: "PrometheusRules → Mimir ruler",
        what: "sync PrometheusRules to the Mimir ruler",
        default: true,
        collector: "alloy-singleton",
        signals: [],
    },
    applicationObservability: {
        description:
            "OTLP receivers (gRPC 4317, HTTP 4318) on `alloy-receiver` for applications: traces to `tempo`, span metrics to Mimir, logs to Loki; needs `tempo.url`",
        what: "receive applications' OTLP traces, metrics and logs",
        default: false,
        chart: "applicationObservability",
        collector: "alloy-receiver",
        signals: ["traces", "metrics", "logs"],
    },
    autoInstrumentation: {
        description:
            "Beyla eBPF auto-instrumentation of every pod: RED metrics to Mimir, and traces through `applicationObservability` when that is on",
        what: "Beyla eBPF auto-instrumentation",
        default: false,
        chart: "autoInstrumentation",
        collector: "alloy-metrics",
        signals: ["metrics"],
    },
    profiling: {
        description:
            "continuous profiling (eBPF, Java, pprof) on `alloy-profiles`, a privileged DaemonSet, to `pyroscope`; needs `pyroscope.url`",
        what: "continuous profiling to Pyroscope",
        default: false,
        chart: "profiling",
        collector: "alloy-profiles",
        signals: ["profiles"],
    },
} as const satisfies Record<string, FeatureRow>;

export type FeatureToggle = keyof typeof FEATURE_TABLE;
export const FEATURE_TOGGLES = Object.keys(FEATURE_TABLE) as FeatureToggle[];
/** Each row, typed as a FeatureRow. */
export const featureRow = (toggle: FeatureToggle): FeatureRow => FEATURE_TABLE[toggle];

/** The stack config key a signal's destination comes from, where it is optional. */
export const SIGNAL_DESTINATION: Partial<Record<Signal, "tempo" | "pyroscope">> = {
    traces: "tempo",
    profiles: "pyroscope",
};
