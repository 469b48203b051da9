// MonitoringSpec → k8s-monitoring 4.x chart values. Pure: the same spec always gives the same values.
import { blackboxConfig } from "./blackbox";
import type {
    Collector,
    CollectorName,
    CollectorSettings,
    IntegrationInstance,
    K8sMonitoringValues,
    LokiDestination,
    PrometheusDestination,
} from "./chart-types";
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

/** Which collectors run: alloy-singleton only with something to do, alloy-logs only with a log feature. */
export function enabledCollectors(spec: MonitoringSpec): CollectorName[] {
    const { features } = spec;
    const names: CollectorName[] = ["alloy-metrics"];
    // Rules sync alone keeps the singleton busy too: self-reporting picks the singleton-preset collector.
    if (features.clusterEvents || features.rulesSync) names.push("alloy-singleton");
    if (features.podLogs || features.nodeLogs) names.push("alloy-logs");
    return names;
}

function mimirDestination(spec: MonitoringSpec): PrometheusDestination {
    const { mimir, trustBundle } = spec;
    return {
        type: "prometheus",
        url: mimir.url,
        tenantId: mimir.tenantId,
        // The tenant ID is no secret: inline it rather than have the chart make a Secret for it.
        secret: { embed: true },
        ...(trustBundle ? { tls: { caFile: trustBundle.caFile } } : {}),
        ...(mimir.rulerUrl !== undefined
            ? { rules: { enabled: true, collector: "alloy-singleton", address: mimir.rulerUrl } }
            : {}),
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
    const metrics: Collector = { presets: ["clustered", "statefulset"] };
    if (spec.blackboxTargets.length > 0) {
        metrics.includeDestinations = ["mimir"];
        metrics.extraConfig = blackboxConfig(
            spec.blackboxTargets,
            "prometheus.remote_write.mimir",
            spec.trustBundle?.caFile,
        );
    }
    const all: Record<CollectorName, Collector> = {
        "alloy-metrics": metrics,
        "alloy-singleton": { presets: ["clustered", "singleton"] },
        "alloy-logs": { presets: ["clustered", "filesystem-log-reader", "daemonset"] },
    };
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

export function k8sMonitoringValues(spec: MonitoringSpec): K8sMonitoringValues {
    const { features } = spec;
    const enabled = enabledCollectors(spec);
    return {
        cluster: { name: spec.clusterName },
        destinations: { mimir: mimirDestination(spec), loki: lokiDestination(spec) },
        clusterMetrics: {
            enabled: true,
            collector: "alloy-metrics",
            controlPlane: { enabled: features.controlPlane },
            // Explicit: with the control plane on, the chart scrapes kube-proxy unless this is false.
            kubeProxy: { enabled: features.kubeProxy },
        },
        hostMetrics: features.hostMetrics
            ? { enabled: true, collector: "alloy-metrics", linuxHosts: { enabled: true } }
            : { enabled: false },
        prometheusOperatorObjects: features.prometheusOperatorObjects
            ? { enabled: true, collector: "alloy-metrics" }
            : { enabled: false },
        clusterEvents: features.clusterEvents
            ? { enabled: true, collector: "alloy-singleton", logFormat: "json" }
            : { enabled: false },
        podLogsViaLoki: features.podLogs
            ? { enabled: true, collector: "alloy-logs" }
            : { enabled: false },
        nodeLogs: features.nodeLogs
            ? { enabled: true, collector: "alloy-logs" }
            : { enabled: false },
        integrations: integrations(spec, enabled),
        collectorCommon: { alloy: collectorCommon(spec) },
        collectors: collectors(spec, enabled),
        // Every deploy flag explicit: some Helm versions mis-coalesce the subchart's own defaults.
        telemetryServices: {
            "kube-state-metrics": { deploy: true },
            "node-exporter": { deploy: features.hostMetrics },
            "windows-exporter": { deploy: false },
        },
        // The operator is its own release, so that destroy removes the collectors before it.
        "alloy-operator": { deploy: false },
    };
}
