// Facts about k8s-monitoring's values that the checks rely on, read from the chart's values.yaml,
// values.schema.json, collectors/presets/ and templates of 4.5.0 (the default) and 4.4.0: the same
// but for the two receiver features that 4.5.0 adds.

/** Keys of earlier majors that 4.x ignores (or rejects), and what replaced them. */
export const LEGACY_KEYS: Record<string, string> = {
    podLogs: "podLogsViaLoki (or podLogsViaKubernetesApi / podLogsViaOpenTelemetry)",
    "alloy-metrics": "collectors.alloy-metrics",
    "alloy-singleton": "collectors.alloy-singleton",
    "alloy-logs": "collectors.alloy-logs",
    "alloy-receiver": "collectors.alloy-receiver",
    "alloy-profiles": "collectors.alloy-profiles",
    destinationsMap: "destinations (a map in 4.x)",
    externalServices: "destinations (externalServices is from chart 1.x)",
};

/** What a telemetry pipeline carries; each destination type takes some of them. */
export type Signal = "metrics" | "logs" | "traces" | "profiles";

/**
 * The chart's features (each a subchart with `enabled` and `collector`), with the signals each sends
 * (the chart's `destinations.validate.destinationListNotEmpty` calls), the parts that name their own
 * collector (`collectors.getCollectorForFeature`'s subfeatures), and whether the collector it runs on
 * must be clustered (`collectors.validate.clusteringEnabled`). From the templates of 4.5.0; 4.4.0 has
 * the same but for the two receiver features 4.5.0 adds.
 */
export interface ChartFeatureFacts {
    signals: readonly Signal[];
    clustered?: boolean;
    parts?: readonly string[];
}
const FEATURES = {
    clusterMetrics: { signals: ["metrics"], clustered: true },
    costMetrics: { signals: ["metrics"], clustered: true },
    // Each source is clustered unless it is `source: alloy` (it reads its own node then).
    hostMetrics: {
        signals: ["metrics"],
        clustered: true,
        parts: ["linuxHosts", "windowsHosts", "energyMetrics"],
    },
    clusterEvents: { signals: ["logs"], clustered: true },
    nodeLogs: { signals: ["logs"] },
    windowsEventLogs: { signals: ["logs"] },
    podLogsViaLoki: { signals: ["logs"] },
    podLogsViaOpenTelemetry: { signals: ["logs"] },
    podLogsViaKubernetesApi: { signals: ["logs"], clustered: true },
    podLogsObjects: { signals: ["logs"], clustered: true },
    // Each signal only where its own `<signal>.enabled` is on (all three by default).
    applicationObservability: { signals: ["metrics", "logs", "traces"] },
    autoInstrumentation: { signals: ["metrics"] },
    annotationAutodiscovery: { signals: ["metrics"], clustered: true },
    prometheusOperatorObjects: { signals: ["metrics"], clustered: true },
    profiling: { signals: ["profiles"], parts: ["ebpf", "java", "pprof"] },
    profilesReceiver: { signals: ["profiles"] },
    kubernetesManifests: { signals: ["logs"] },
    // New in 4.5.0.
    prometheusMetricsReceiver: { signals: ["metrics"] },
    lokiLogsReceiver: { signals: ["logs"] },
} as const satisfies Record<string, ChartFeatureFacts>;
export type ChartFeature = keyof typeof FEATURES;
export const CHART_FEATURES: Readonly<Record<ChartFeature, ChartFeatureFacts>> = FEATURES;

/** Features with `enabled` and `collector`; integrations are on when any of them has instances. */
export const FEATURE_KEYS = Object.keys(CHART_FEATURES) as ChartFeature[];

/**
 * Which signals each destination type takes (the chart's destinations/<type>-values.yaml and
 * `destinations.supports`): an otlp destination only those whose `<signal>.enabled` is on. Custom and
 * router destinations may take any; the chart judges them itself.
 */
export const DESTINATION_SIGNALS: Readonly<Record<string, readonly Signal[]>> = {
    prometheus: ["metrics"],
    loki: ["logs"],
    "loki-stdout": ["logs"],
    otlp: ["metrics", "logs", "traces"],
    pyroscope: ["profiles"],
    custom: ["metrics", "logs", "traces", "profiles"],
    router: ["metrics", "logs", "traces", "profiles"],
    nop: ["metrics", "logs", "traces", "profiles"],
};

/** The chart's integrations (charts/feature-integrations/integrations/<name>-values.yaml). */
export const CHART_INTEGRATIONS = [
    "alloy",
    "cert-manager",
    "dcgm-exporter",
    "etcd",
    "grafana",
    "istio",
    "loki",
    "mimir",
    "mysql",
    "postgresql",
    "tempo",
];

/** Keys of the integrations feature that are not integrations. */
export const INTEGRATIONS_SETTINGS = ["collector", "destinations", "nodeLabels", "global"];

/** Top-level keys the 4.x chart reads. */
export const TOP_LEVEL_KEYS = [
    "cluster",
    "global",
    "destinations",
    "dataProcessors",
    ...FEATURE_KEYS,
    "integrations",
    "selfReporting",
    "collectors",
    "collectorCommon",
    "telemetryServices",
    "alloy-operator",
    "replaceComponent",
    "extraObjects",
] as const;

/** The presets in collectors/presets/ (the same in 4.4.0 and 4.5.0). */
export const COLLECTOR_PRESETS = [
    "clustered",
    "daemonset",
    "deployment",
    "filesystem-log-reader",
    "host-cgroup",
    "host-network",
    "host-storage",
    "host-tracefs",
    "large",
    "linux-host-monitor",
    "medium",
    "otel-receiver",
    "privileged",
    "root",
    "service-discovery",
    "singleton",
    "small",
    "statefulset",
    "windows",
    "windows-host-process",
    "windows-scrapeable",
    "xlarge",
] as const;

/**
 * The list entries presets contribute (collectors/presets/*.yaml): the chart appends them across a
 * collector's presets, and then a list of collectorCommon's or the collector's own replaces them
 * (Helm's merge), so the program writes them back beside its own (values/overrides.ts). Checked
 * against the archive by tests/chart-contract.spec.ts.
 */
export const PRESET_LIST_ENTRIES: Readonly<
    Record<string, Readonly<Record<string, readonly Record<string, unknown>[]>>>
> = {
    "host-cgroup": {
        "alloy.mounts.extra": [{ name: "cgroup", mountPath: "/sys/fs/cgroup" }],
        "controller.volumes.extra": [
            { name: "cgroup", hostPath: { path: "/sys/fs/cgroup", type: "Directory" } },
        ],
    },
    "host-storage": {
        "alloy.mounts.extra": [
            { name: "alloy-storage", mountPath: "/var/lib/alloy", readOnly: false },
        ],
        "controller.volumes.extra": [
            {
                name: "alloy-storage",
                hostPath: { path: "/var/lib/alloy", type: "DirectoryOrCreate" },
            },
        ],
    },
    "host-tracefs": {
        "alloy.mounts.extra": [{ name: "tracefs", mountPath: "/sys/kernel/tracing" }],
        "controller.volumes.extra": [
            { name: "tracefs", hostPath: { path: "/sys/kernel/tracing", type: "Directory" } },
        ],
    },
    "linux-host-monitor": {
        "alloy.mounts.extra": [
            { name: "host-root", mountPath: "/host/root", readOnly: true },
            { name: "host-proc", mountPath: "/host/proc", readOnly: true },
            { name: "host-sys", mountPath: "/host/sys", readOnly: true },
        ],
        "controller.volumes.extra": [
            { name: "host-root", hostPath: { path: "/", type: "Directory" } },
            { name: "host-proc", hostPath: { path: "/proc", type: "Directory" } },
            { name: "host-sys", hostPath: { path: "/sys", type: "Directory" } },
        ],
    },
    "otel-receiver": {
        "alloy.extraPorts": [
            {
                name: "otlp-grpc",
                port: 4317,
                targetPort: 4317,
                protocol: "TCP",
                appProtocol: "grpc",
            },
            {
                name: "otlp-http",
                port: 4318,
                targetPort: 4318,
                protocol: "TCP",
                appProtocol: "http",
            },
        ],
    },
};
