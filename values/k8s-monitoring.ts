// MonitoringSpec → k8s-monitoring 4.x chart values. Pure: the same spec always gives the same values.
import { alloyString, blackboxConfig } from "./blackbox";
import type {
    Collector,
    CollectorName,
    CollectorSettings,
    IntegrationInstance,
    K8sMonitoringValues,
    LokiDestination,
    OtlpDestination,
    PrometheusDestination,
    PyroscopeDestination,
} from "./chart-types";
import { COLLECTORS, FEATURE_TOGGLES, featureRow, type FeatureToggle } from "../config/features";
import type { MonitoringSpec } from "./spec";
import { TRUST_BUNDLE_MOUNT_PATH } from "./spec";
import { LOG_INTEGRATIONS } from "../config/schema";

/** Keys inside the Loki Secret; the chart reads each of them with `secret.create: false`. */
export const LOKI_SECRET_KEYS = {
    username: "username",
    password: "password",
    tenantId: "tenantId",
} as const;

const TRUST_BUNDLE_VOLUME = "trust-bundle";

/**
 * Which collectors run: alloy-metrics always (cluster metrics, Alloy's own), each other one while a
 * feature on it is on (config/features.ts), in the table's order.
 */
export function enabledCollectors(spec: MonitoringSpec): CollectorName[] {
    const names = new Set<CollectorName>(["alloy-metrics"]);
    for (const toggle of FEATURE_TOGGLES)
        if (spec.features[toggle]) names.add(featureRow(toggle).collector);
    return (Object.keys(COLLECTORS) as CollectorName[]).filter((name) => names.has(name));
}

function mimirDestination(spec: MonitoringSpec): PrometheusDestination {
    const { mimir, trustBundle } = spec;
    return {
        type: "prometheus",
        url: mimir.url,
        // The tenant as an Alloy string literal: the chart reads a `*From` before any Secret, so the
        // tenant holds whether the stack adds basic auth from a Secret of its own or not, and no
        // Secret is made for it.
        tenantIdFrom: alloyString(mimir.tenantId),
        ...(trustBundle ? { tls: { caFile: trustBundle.caFile } } : {}),
        ...(mimir.rulerUrl !== undefined
            ? { rules: { enabled: true, collector: "alloy-singleton", address: mimir.rulerUrl } }
            : {}),
    };
}

/** Tempo takes traces only: span metrics and logs go to Mimir and Loki like everything else. */
function tempoDestination(
    tempo: NonNullable<MonitoringSpec["tempo"]>,
    trustBundle: MonitoringSpec["trustBundle"],
): OtlpDestination {
    return {
        type: "otlp",
        url: tempo.url,
        protocol: tempo.protocol,
        tenantIdFrom: alloyString(tempo.tenantId),
        metrics: { enabled: false },
        logs: { enabled: false },
        traces: { enabled: true },
        // gRPC to an http:// URL (an in-cluster Service) without TLS: Alloy's OTLP exporter uses
        // TLS unless told `insecure`, and a CA file would turn it on again.
        ...(tempo.protocol === "grpc" && /^http:/i.test(tempo.url)
            ? { tls: { insecure: true } }
            : trustBundle
              ? { tls: { caFile: trustBundle.caFile } }
              : {}),
    };
}

function pyroscopeDestination(
    pyroscope: NonNullable<MonitoringSpec["pyroscope"]>,
    trustBundle: MonitoringSpec["trustBundle"],
): PyroscopeDestination {
    return {
        type: "pyroscope",
        url: pyroscope.url,
        tenantIdFrom: alloyString(pyroscope.tenantId),
        ...(trustBundle ? { tls: { caFile: trustBundle.caFile } } : {}),
    };
}

function lokiDestination(spec: MonitoringSpec): LokiDestination {
    const { loki, trustBundle, namespace } = spec;
    return {
        type: "loki",
        url: loki.url,
        // With an existing Secret the chart reads every credential from it and ignores literals.
        tenantIdKey: LOKI_SECRET_KEYS.tenantId,
        auth: {
            type: "basic",
            usernameKey: LOKI_SECRET_KEYS.username,
            passwordKey: LOKI_SECRET_KEYS.password,
        },
        secret: { create: false, name: loki.secretName, namespace },
        ...(trustBundle ? { tls: { caFile: trustBundle.caFile } } : {}),
    };
}

/** Settings every collector shares. Lists here are replaced, not merged, by a collector's own. */
function collectorCommon(spec: MonitoringSpec): CollectorSettings {
    const { trustBundle } = spec;
    if (!trustBundle) return { alloy: { enableReporting: false } };
    return {
        alloy: {
            enableReporting: false,
            mounts: {
                extra: [
                    {
                        name: TRUST_BUNDLE_VOLUME,
                        mountPath: TRUST_BUNDLE_MOUNT_PATH,
                        readOnly: true,
                    },
                ],
            },
        },
        controller: {
            volumes: {
                extra: [{ name: TRUST_BUNDLE_VOLUME, configMap: { name: trustBundle.configMap } }],
            },
        },
    };
}

function collectors(
    spec: MonitoringSpec,
    enabled: readonly CollectorName[],
): K8sMonitoringValues["collectors"] {
    const all = Object.fromEntries(
        (Object.keys(COLLECTORS) as CollectorName[]).map((name) => [
            name,
            { presets: [...COLLECTORS[name].presets] },
        ]),
    ) as Record<CollectorName, Collector>;
    if (spec.blackboxTargets.length > 0) {
        all["alloy-metrics"].includeDestinations = ["mimir"];
        all["alloy-metrics"].extraConfig = blackboxConfig(
            spec.blackboxTargets,
            "prometheus.remote_write.mimir",
            spec.trustBundle?.caFile,
        );
    }
    return Object.fromEntries(enabled.map((name) => [name, all[name]]));
}

/**
 * Without pod logs the chart refuses integrations that collect logs, so their logs are turned off
 * unless the stack asked for them explicitly (then chart-rules/integrations.ts refuses the config, with the fix).
 */
function withoutPodLogs(
    name: string,
    instance: IntegrationInstance,
    spec: MonitoringSpec,
): IntegrationInstance {
    if (spec.features.podLogs || !LOG_INTEGRATIONS.includes(name)) return instance;
    const logs = (instance.logs ?? {}) as Record<string, unknown>;
    if (logs.enabled !== undefined) return instance;
    return { ...instance, logs: { ...logs, enabled: false } };
}

function integrations(
    spec: MonitoringSpec,
    enabled: readonly CollectorName[],
): K8sMonitoringValues["integrations"] {
    const instances: Record<string, IntegrationInstance[]> = {
        // One instance finds every collector of this release, and only this release's.
        alloy: [
            {
                name: "alloy",
                namespaces: [spec.namespace],
                labelSelectors: { "app.kubernetes.io/name": [...enabled] },
            },
        ],
    };
    if (spec.certManagerNamespace !== undefined)
        instances["cert-manager"] = [
            {
                name: "cert-manager",
                namespaces: [spec.certManagerNamespace],
                labelSelectors: { "app.kubernetes.io/name": "cert-manager" },
            },
        ];
    for (const [name, extra] of Object.entries(spec.extraIntegrations))
        instances[name] = [
            ...(instances[name] ?? []),
            ...extra.map((i) => withoutPodLogs(name, i, spec)),
        ];
    return {
        collector: "alloy-metrics",
        ...Object.fromEntries(
            Object.entries(instances).map(([name, list]) => [name, { instances: list }]),
        ),
    };
}

/** A chart feature turned off; the chart's own defaults hold for the rest of its settings. */
const OFF = { enabled: false } as const;
/** Features the chart leaves off and no stack of the seeds' had: not mentioned while off. */
const UNSAID = {} as const;

/**
 * The values each toggle sets, on and off (the row in config/features.ts says which chart feature
 * and collector): a toggle without an entry here does not compile.
 */
const FEATURE_VALUES: {
    [T in Exclude<FeatureToggle, "controlPlane" | "kubeProxy" | "rulesSync">]: (
        on: boolean,
        spec: MonitoringSpec,
    ) => Partial<K8sMonitoringValues>;
} = {
    hostMetrics: (on) => ({
        hostMetrics: on
            ? { enabled: true, collector: "alloy-metrics", linuxHosts: { enabled: true } }
            : OFF,
    }),
    podLogs: (on) => ({
        podLogsViaLoki: on ? { enabled: true, collector: "alloy-logs" } : OFF,
    }),
    podLogsViaKubernetesApi: (on) => ({
        ...(on
            ? { podLogsViaKubernetesApi: { enabled: true, collector: "alloy-singleton" } }
            : UNSAID),
    }),
    nodeLogs: (on) => ({ nodeLogs: on ? { enabled: true, collector: "alloy-logs" } : OFF }),
    clusterEvents: (on) => ({
        clusterEvents: on
            ? { enabled: true, collector: "alloy-singleton", logFormat: "json" }
            : OFF,
    }),
    prometheusOperatorObjects: (on) => ({
        prometheusOperatorObjects: on ? { enabled: true, collector: "alloy-metrics" } : OFF,
    }),
    annotationAutodiscovery: (on) => ({
        ...(on
            ? { annotationAutodiscovery: { enabled: true, collector: "alloy-metrics" } }
            : UNSAID),
    }),
    applicationObservability: (on) =>
        on
            ? {
                  applicationObservability: {
                      enabled: true,
                      collector: "alloy-receiver",
                      receivers: { otlp: { grpc: { enabled: true }, http: { enabled: true } } },
                      // RED metrics from every span, to Mimir beside the traces in Tempo.
                      connectors: { spanMetrics: { enabled: true } },
                  },
              }
            : UNSAID,
    autoInstrumentation: (on) => ({
        ...(on ? { autoInstrumentation: { enabled: true, collector: "alloy-metrics" } } : UNSAID),
    }),
    profiling: (on) =>
        on
            ? {
                  profiling: {
                      enabled: true,
                      collector: "alloy-profiles",
                      ebpf: { enabled: true },
                      java: { enabled: true },
                      pprof: { enabled: true },
                  },
              }
            : UNSAID,
};

export function k8sMonitoringValues(spec: MonitoringSpec): K8sMonitoringValues {
    const { features } = spec;
    const enabled = enabledCollectors(spec);
    const featureValues = Object.assign(
        {},
        ...(Object.keys(FEATURE_VALUES) as (keyof typeof FEATURE_VALUES)[]).map((toggle) =>
            FEATURE_VALUES[toggle](features[toggle], spec),
        ),
    ) as Omit<K8sMonitoringValues, "cluster" | "destinations" | "clusterMetrics">;
    return {
        cluster: { name: spec.clusterName },
        destinations: {
            mimir: mimirDestination(spec),
            loki: lokiDestination(spec),
            ...(spec.tempo ? { tempo: tempoDestination(spec.tempo, spec.trustBundle) } : {}),
            ...(spec.pyroscope
                ? { pyroscope: pyroscopeDestination(spec.pyroscope, spec.trustBundle) }
                : {}),
        },
        clusterMetrics: {
            enabled: true,
            collector: "alloy-metrics",
            controlPlane: { enabled: features.controlPlane },
            // Explicit: with the control plane on, the chart scrapes kube-proxy unless this is false.
            kubeProxy: { enabled: features.kubeProxy },
        },
        ...featureValues,
        integrations: integrations(spec, enabled),
        collectorCommon: { alloy: collectorCommon(spec) },
        collectors: collectors(spec, enabled),
        // Every deploy flag explicit: some Helm versions mis-coalesce the subchart's own defaults.
        telemetryServices: {
            "kube-state-metrics": { deploy: true },
            "node-exporter": { deploy: features.hostMetrics },
            "windows-exporter": { deploy: false },
            // Beyla's DaemonSet, which autoInstrumentation scrapes (4.5.0 deploys it here).
            ...(features.autoInstrumentation ? { beyla: { deploy: true } } : {}),
        },
        // The operator is its own release, so that destroy removes the collectors before it.
        "alloy-operator": { deploy: false },
    };
}
