// Features: the template checks that stacks hit, mirrored (a key and a fix before the chart fails).
import { isHelmEmpty as isEmpty, isMap } from "../../config/objects";
import { removeKey, renderFix, setKey } from "../../config/fixes";
import { at, dig } from "../overrides";
import { collectorTraits, enabled, type ChartRule, type Path, type RuleProblem } from "./rule";

export const FEATURE_RULES: readonly ChartRule[] = [
    {
        // First-class features turned empty through values: nothing left for the chart to run.
        templates: [
            "charts/feature-profiling/templates/_validation.tpl:12",
            "charts/feature-application-observability/templates/_validation.tpl:14",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const allOff = (path: Path, parts: string[]) =>
                parts.every((part) => dig(values, [...path, part, "enabled"]) !== true);
            if (enabled(values, "profiling") && allOff(["profiling"], ["ebpf", "java", "pprof"]))
                problems.push({
                    key: at(["profiling"]),
                    message:
                        "turns every profiling type off (ebpf, java, pprof), which the chart refuses: keep one, or turn features.profiling off",
                    fix: [setKey("features.profiling", "false")],
                });
            const receivers = [
                "otlp.grpc",
                "otlp.http",
                "zipkin",
                "jaeger.grpc",
                "jaeger.thriftBinary",
                "jaeger.thriftCompact",
                "jaeger.thriftHttp",
            ];
            if (
                enabled(values, "applicationObservability") &&
                receivers.every(
                    (r) =>
                        dig(values, [
                            "applicationObservability",
                            "receivers",
                            ...r.split("."),
                            "enabled",
                        ]) !== true,
                )
            )
                problems.push({
                    key: at(["applicationObservability", "receivers"]),
                    message:
                        "turns every receiver off, which the chart refuses: applications could send nothing; keep OTLP on, or turn features.applicationObservability off",
                    fix: [removeKey(at(["applicationObservability", "receivers"]))],
                });
            return problems;
        },
    },
    {
        // Settings of the deployed services belong under telemetryServices in 4.x (migration guards).
        templates: [
            "charts/feature-cluster-metrics/templates/_validation.tpl:37",
            "charts/feature-cluster-metrics/templates/_validation.tpl:51",
            "charts/feature-cluster-metrics/templates/_validation.tpl:64",
            "charts/feature-cluster-metrics/templates/_validation.tpl:78",
            "charts/feature-cluster-metrics/templates/_validation.tpl:91",
            "charts/feature-host-metrics/templates/_validation.tpl:33",
            "charts/feature-prometheus-operator-objects/templates/_validations.tpl:26",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const moved = (path: Path, instead: string) =>
                problems.push({
                    key: at(path),
                    message: `is a setting of an earlier chart major, which 4.x refuses here; it belongs under ${instead}`,
                    fix: [removeKey(at(path))],
                });
            for (const key of ["node-exporter", "windows-exporter", "opencost", "kepler"])
                if (dig(values, ["clusterMetrics", key]) !== undefined)
                    moved(["clusterMetrics", key], `telemetryServices.${key}`);
            const ksmDeployment = [
                "autosharding",
                "collectors",
                "customLabels",
                "customResourceState",
                "deploy",
                "extraArgs",
                "image",
                "nodeSelector",
                "podAnnotations",
                "prometheusScrape",
                "rbac",
                "releaseLabel",
                "replicas",
                "resources",
                "tolerations",
                "updateStrategy",
            ];
            const ksm = dig(values, ["clusterMetrics", "kube-state-metrics"]);
            for (const key of Object.keys(isMap(ksm) ? ksm : {}))
                if (ksmDeployment.includes(key))
                    moved(
                        ["clusterMetrics", "kube-state-metrics", key],
                        `telemetryServices.kube-state-metrics.${key}`,
                    );
            const nodeDeployment = [
                "affinity",
                "configmaps",
                "containerSecurityContext",
                "deploy",
                "dnsConfig",
                "env",
                "extraArgs",
                "extraHostVolumeMounts",
                "extraInitContainers",
                "extraVolumeMounts",
                "extraVolumes",
                "hostNetwork",
                "hostPID",
                "image",
                "imagePullSecrets",
                "nodeSelector",
                "podAnnotations",
                "podLabels",
                "rbac",
                "releaseLabel",
                "resources",
                "secrets",
                "securityContext",
                "serviceAccount",
                "tolerations",
                "updateStrategy",
            ];
            const linux = dig(values, ["hostMetrics", "linuxHosts"]);
            for (const key of Object.keys(isMap(linux) ? linux : {}))
                if (nodeDeployment.includes(key))
                    moved(
                        ["hostMetrics", "linuxHosts", key],
                        `telemetryServices.node-exporter.${key}`,
                    );
            const crds = dig(values, ["prometheusOperatorObjects", "crds"]);
            if (isMap(crds) && !isEmpty(crds.enabled))
                problems.push({
                    key: at(["prometheusOperatorObjects", "crds"]),
                    message:
                        "deploys the Prometheus Operator CRDs, which 4.x no longer bundles: install them separately (README, Requirements)",
                    fix: [removeKey(at(["prometheusOperatorObjects", "crds"]))],
                });
            return problems;
        },
    },
    {
        templates: [
            "charts/feature-cluster-metrics/templates/_validation.tpl:17",
            "charts/feature-host-metrics/templates/_validation.tpl:16",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const needs = (service: string, feature: Path, on: boolean) => {
                if (!on || dig(values, ["telemetryServices", service, "deploy"]) === true) return;
                if (!isEmpty(dig(values, [...feature, "labelMatchers"]))) return;
                problems.push({
                    key: at(["telemetryServices", service, "deploy"]),
                    message: `is off, but ${feature.join(".")} has no labelMatchers to find an existing ${service}: the chart refuses to render without one or the other; deploy it, or point at yours with ${renderFix([setKey(at([...feature, "labelMatchers", "app.kubernetes.io/name"]), "<its name label>")])}`,
                    fix: [removeKey(at(["telemetryServices", service, "deploy"]))],
                });
            };
            needs(
                "kube-state-metrics",
                ["clusterMetrics", "kube-state-metrics"],
                enabled(values, "clusterMetrics") &&
                    dig(values, ["clusterMetrics", "kube-state-metrics", "enabled"]) !== false,
            );
            needs(
                "node-exporter",
                ["hostMetrics", "linuxHosts"],
                enabled(values, "hostMetrics") &&
                    dig(values, ["hostMetrics", "linuxHosts", "enabled"]) === true &&
                    dig(values, ["hostMetrics", "linuxHosts", "source"]) !== "alloy",
            );
            return problems;
        },
    },
    {
        templates: ["charts/feature-prometheus-operator-objects/templates/_validations.tpl:14"],
        check: (values) => {
            if (!enabled(values, "prometheusOperatorObjects")) return [];
            const defaults: Record<string, boolean> = {
                podMonitors: true,
                probes: true,
                serviceMonitors: true,
                scrapeConfigs: false,
            };
            const any = Object.entries(defaults).some(([kind, on]) => {
                const value = dig(values, ["prometheusOperatorObjects", kind, "enabled"]);
                return value === undefined ? on : !isEmpty(value);
            });
            return any
                ? []
                : [
                      {
                          key: at(["prometheusOperatorObjects"]),
                          message:
                              "turns off PodMonitors, ServiceMonitors, Probes and ScrapeConfigs alike, which the chart refuses: turn the feature off instead",
                          fix: [setKey("features.prometheusOperatorObjects", "false")],
                      },
                  ];
        },
    },
    {
        templates: [
            "charts/feature-pod-logs-via-loki/templates/_collector_validation.tpl:15",
            "charts/feature-pod-logs-via-loki/templates/_collector_validation.tpl:29",
            "charts/feature-node-logs/templates/_collector_validation.tpl:11",
            "charts/feature-node-logs/templates/_collector_validation.tpl:25",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            for (const feature of ["podLogsViaLoki", "nodeLogs"]) {
                if (!enabled(values, feature)) continue;
                const name = dig(values, [feature, "collector"]);
                if (typeof name !== "string" || !isMap(dig(values, ["collectors", name]))) continue;
                const { controller, varlog } = collectorTraits(values, name);
                // Pod logs take a collector without a type as a DaemonSet; node logs do not.
                const daemonset =
                    controller === "daemonset" ||
                    (controller === undefined && feature === "podLogsViaLoki");
                if (!daemonset)
                    problems.push({
                        key: at(["collectors", name, "presets"]),
                        message: `gives ${name} no DaemonSet controller (${controller ?? "none"}), but ${feature} runs on it and reads every node's /var/log: add the daemonset preset or move ${feature} to a DaemonSet collector`,
                        fix: [
                            setKey(at(["collectors", name, "presets"]), "<presets with daemonset>"),
                        ],
                    });
                const journal = dig(values, ["nodeLogs", "journal", "path"]);
                const needsVarlog =
                    feature === "podLogsViaLoki" ||
                    typeof journal !== "string" ||
                    journal.startsWith("/var/log");
                if (daemonset && needsVarlog && !varlog)
                    problems.push({
                        key: at(["collectors", name, "presets"]),
                        message: `gives ${name} no /var/log mount, but ${feature} reads logs from it: keep the filesystem-log-reader preset`,
                        fix: [
                            setKey(
                                at(["collectors", name, "presets"]),
                                "<presets with filesystem-log-reader>",
                            ),
                        ],
                    });
            }
            return problems;
        },
    },
];
