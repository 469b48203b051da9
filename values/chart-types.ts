// The part of k8s-monitoring 4.x's values this program writes, in the chart's own vocabulary
// (destinations, collectors and presets, features, integrations). The chart's schema checks little of
// this (collectors are a bare object there), so these types are the guard.

export type { CollectorName } from "../config/features";
import type { CollectorName } from "../config/features";
export type DestinationName = "mimir" | "loki" | "tempo" | "pyroscope";

export type CollectorPreset =
    | "clustered"
    | "statefulset"
    | "deployment"
    | "daemonset"
    | "singleton"
    | "filesystem-log-reader"
    | "privileged";

/** A Secret the chart reads instead of creating one (`secret.create: false`), or values inlined (`embed`). */
export type DestinationSecret =
    { create: false; name: string; namespace: string } | { embed: true };

export interface DestinationTls {
    /** A CA bundle file inside the collector pods; takes precedence over `ca` and `caFrom`. */
    caFile?: string;
    /** OTLP over gRPC without TLS (an in-cluster Service over plain http). */
    insecure?: boolean;
}

/** `destinations.<name>` with `type: prometheus` (Mimir). */
export interface PrometheusDestination {
    type: "prometheus";
    url: string;
    /** Sent as X-Scope-OrgID: an Alloy expression, the tenant as a string literal. */
    tenantIdFrom: string;
    tls?: DestinationTls;
    /** PrometheusRule objects synced to the Mimir ruler by `mimir.rules.kubernetes`. */
    rules?: { enabled: true; collector: CollectorName; address: string };
}

/** `destinations.<name>` with `type: loki`. */
export interface LokiDestination {
    type: "loki";
    url: string;
    /** Key in the Secret that holds the tenant ID. */
    tenantIdKey: string;
    auth: { type: "basic"; usernameKey: string; passwordKey: string };
    secret: DestinationSecret;
    tls?: DestinationTls;
}

/** `destinations.<name>` with `type: otlp` (Tempo: traces only). */
export interface OtlpDestination {
    type: "otlp";
    url: string;
    protocol: "grpc" | "http";
    /** Sent as X-Scope-OrgID: an Alloy expression, the tenant as a string literal. */
    tenantIdFrom: string;
    metrics: { enabled: boolean };
    logs: { enabled: boolean };
    traces: { enabled: boolean };
    tls?: DestinationTls;
}

/** `destinations.<name>` with `type: pyroscope`. */
export interface PyroscopeDestination {
    type: "pyroscope";
    url: string;
    tenantIdFrom: string;
    tls?: DestinationTls;
}

export interface VolumeMount {
    name: string;
    mountPath: string;
    readOnly: boolean;
}

export interface ConfigMapVolume {
    name: string;
    configMap: { name: string };
}

/** `collectorCommon.alloy` / `collectors.<name>`: the Alloy chart's values plus the chart's own keys. */
export interface CollectorSettings {
    alloy?: {
        /** Anonymous usage statistics to Grafana Labs; upstream default is true. */
        enableReporting?: boolean;
        mounts?: { extra: VolumeMount[] };
    };
    controller?: { volumes?: { extra: ConfigMapVolume[] } };
}

export interface Collector extends CollectorSettings {
    presets: CollectorPreset[];
    /** Destinations rendered into this collector even when no feature on it uses them. */
    includeDestinations?: DestinationName[];
    /** Alloy configuration appended to the collector's own; Helm runs it through `tpl`. */
    extraConfig?: string;
}

export interface Feature {
    enabled: boolean;
    collector?: CollectorName;
}

export interface IntegrationInstance {
    name: string;
    namespaces?: string[];
    labelSelectors?: Record<string, string | string[]>;
    [key: string]: unknown;
}

/** The part of k8s-monitoring's values this program writes; each feature's as its row sets it. */
export interface K8sMonitoringValues {
    cluster: { name: string };
    destinations: {
        mimir: PrometheusDestination;
        loki: LokiDestination;
        tempo?: OtlpDestination;
        pyroscope?: PyroscopeDestination;
    };
    clusterMetrics: Feature & {
        controlPlane: { enabled: boolean };
        kubeProxy: { enabled: boolean };
    };
    hostMetrics: Feature & { linuxHosts?: { enabled: boolean } };
    prometheusOperatorObjects: Feature;
    clusterEvents: Feature & { logFormat?: "json" };
    podLogsViaLoki: Feature;
    podLogsViaKubernetesApi?: Feature;
    nodeLogs: Feature;
    annotationAutodiscovery?: Feature;
    applicationObservability?: Feature & Record<string, unknown>;
    autoInstrumentation?: Feature;
    profiling?: Feature & Record<string, unknown>;
    integrations: { collector: CollectorName } & Record<string, unknown>;
    collectorCommon: { alloy: CollectorSettings };
    collectors: Partial<Record<CollectorName, Collector>>;
    telemetryServices: Record<
        "kube-state-metrics" | "node-exporter" | "windows-exporter",
        { deploy: boolean }
    > & { beyla?: { deploy: boolean } };
    "alloy-operator": { deploy: false };
}
