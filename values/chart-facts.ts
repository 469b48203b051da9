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

/** Features with `enabled` and `collector`; integrations are on when any of them has instances. */
export const FEATURE_KEYS = [
    "clusterMetrics",
    "costMetrics",
    "hostMetrics",
    "clusterEvents",
    "nodeLogs",
    "windowsEventLogs",
    "podLogsViaLoki",
    "podLogsViaOpenTelemetry",
    "podLogsViaKubernetesApi",
    "podLogsObjects",
    "applicationObservability",
    "autoInstrumentation",
    "annotationAutodiscovery",
    "prometheusOperatorObjects",
    "profiling",
    "profilesReceiver",
    "kubernetesManifests",
    // New in 4.5.0.
    "prometheusMetricsReceiver",
    "lokiLogsReceiver",
] as const;

// The bounded surface: what `values` may turn on. Each of these has its template checks mirrored in
// chart-rules/; anything else a stack turns on is refused there, before the chart could fail on it.

/** Destination types whose checks are mirrored (metrics to Mimir, logs to Loki). */
export const DESTINATION_TYPES = ["prometheus", "loki"] as const;
/** Services the chart can deploy (telemetryServices); only these two are planned here. */
export const MANAGED_SERVICES: readonly string[] = ["kube-state-metrics", "node-exporter"];

/** Features this program plans and whose template checks are mirrored (chart-rules/). */
export const MANAGED_FEATURES = [
    "clusterMetrics",
    "hostMetrics",
    "prometheusOperatorObjects",
    "clusterEvents",
    "podLogsViaLoki",
    "nodeLogs",
] as const;
/** Chart features whose checks are not mirrored: refused when a stack turns them on. */
export const UNMANAGED_FEATURES = FEATURE_KEYS.filter(
    (f) => !(MANAGED_FEATURES as readonly string[]).includes(f),
);
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

/** hostMetrics' sources may each name their own collector. */
export const HOST_METRICS_SOURCES = ["linuxHosts", "windowsHosts", "energyMetrics"] as const;

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
