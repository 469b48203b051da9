// Every `fail` in k8s-monitoring 4.5.0's templates (its release, commit 17047d16 of
// grafana/k8s-monitoring-helm; `template` is path:line in charts/k8s-monitoring/), and how a stack is
// kept from reaching it at `pulumi preview`, each row one of:
//   - values (and settings): a stack that would reach it is refused at `refusedAt`, by the mirrored
//     rule that claims the template (values/chart-rules/, its code `chart:<first template>`), or by
//     the program check `code` names (credentials, what the program owns, the chart's schema…);
//   - render: the program accepts it and the chart itself refuses it: `helm template` in the offline
//     plan (npm run plan) and the provider's render at `pulumi preview`, both before anything is
//     created; the plan names the key at or under `refusedAt`;
//   - cluster: it depends on the live cluster (lookup, API discovery); the README says what to do;
//   - unreachable: no render by helm.v4.Chart can reach it, and why.
// tests/chart-template-fails.spec.ts holds the program and Helm to every row.
import type { SettingsInput } from "../config/schema";

export type TemplateFail = { template: string; fails: string; note?: string } & (
    | {
          values: Record<string, unknown>;
          /** The stack config besides `values` (feature toggles, destinations). */
          settings?: Partial<SettingsInput>;
          refusedAt: string;
          /** A program check's code, where no mirrored rule claims the template. */
          code?: string;
          /** Left to the chart itself: accepted by the plan, refused by the render. */
          render?: true;
          /**
           * How Helm itself refuses the row's values when not with the row's fail: its schema
           * first, another template check first (this fail is then shadowed), or only against a
           * live cluster (`lookup`, which `helm template` skips).
           */
          helmRefuses?: { schema: string } | { cluster: string } | { earlier: string };
      }
    | { cluster: string }
    | { unreachable: string }
);

export const CATALOGUE: TemplateFail[] = [
    {
        template: "charts/feature-annotation-autodiscovery/templates/_validation.tpl:10",
        fails: "Either Pods or Services must be enabled for this feature to work.",
        settings: { features: { annotationAutodiscovery: true } },
        values: {
            annotationAutodiscovery: {
                collector: "alloy-metrics",
                pods: { enabled: false },
                services: { enabled: false },
            },
        },
        refusedAt: "values.annotationAutodiscovery",
        render: true,
    },
    {
        template: "charts/feature-application-observability/templates/_validation.tpl:14",
        fails: "At least one receiver must be enabled to use Application Observability.",
        settings: {
            features: { applicationObservability: true },
            tempo: { url: "https://tempo.example.com:4317" },
        },
        values: {
            applicationObservability: {
                receivers: { otlp: { grpc: { enabled: false }, http: { enabled: false } } },
            },
        },
        refusedAt: "values.applicationObservability.receivers",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_helpers.tpl:44",
        fails: "Unable to find any %s pods matching the configured labelMatchers in namespace %q.",
        cluster:
            "looks up pods matching clusterMetrics.kube-state-metrics.labelMatchers in the live cluster; reached only with deploy: false and labelMatchers set, when no such pod runs (README, Known limits)",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_validation.tpl:17",
        fails: "The kube-state-metrics configuration requires a connection to kube-state-metrics",
        values: { telemetryServices: { "kube-state-metrics": { deploy: false } } },
        refusedAt: "values.telemetryServices.kube-state-metrics.deploy",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_validation.tpl:37",
        fails: 'The key "node-exporter" found under clusterMetrics is no longer valid.',
        values: { clusterMetrics: { "node-exporter": { enabled: true } } },
        refusedAt: "values.clusterMetrics.node-exporter",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_validation.tpl:51",
        fails: 'The key "windows-exporter" found under clusterMetrics is no longer valid.',
        values: { clusterMetrics: { "windows-exporter": { enabled: true } } },
        refusedAt: "values.clusterMetrics.windows-exporter",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_validation.tpl:64",
        fails: 'The key "opencost" found under clusterMetrics is no longer valid.',
        values: { clusterMetrics: { opencost: { enabled: true } } },
        refusedAt: "values.clusterMetrics.opencost",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_validation.tpl:78",
        fails: 'The key "kepler" found under clusterMetrics is no longer valid.',
        values: { clusterMetrics: { kepler: { enabled: true } } },
        refusedAt: "values.clusterMetrics.kepler",
    },
    {
        template: "charts/feature-cluster-metrics/templates/_validation.tpl:91",
        fails: 'The key "%s" found under clusterMetrics.kube-state-metrics is a deployment-level setting.',
        values: { clusterMetrics: { "kube-state-metrics": { deploy: true } } },
        refusedAt: "values.clusterMetrics.kube-state-metrics.deploy",
    },
    {
        template: "charts/feature-cost-metrics/templates/_helpers.tpl:44",
        fails: "Unable to find any %s pods matching the configured labelMatchers in namespace %q.",
        values: {
            clusterMetrics: { enabled: false },
            costMetrics: {
                enabled: true,
                collector: "alloy-metrics",
                opencost: {
                    namespace: "opencost",
                    labelMatchers: { "app.kubernetes.io/name": "no-such-opencost" },
                },
            },
        },
        refusedAt: "values.costMetrics.enabled",
        render: true,
        helmRefuses: { cluster: "looks up OpenCost's pods in the live cluster" },
    },
    {
        template: "charts/feature-cost-metrics/templates/_validation.tpl:15",
        fails: "The OpenCost configuration requires a connection to OpenCost",
        values: { costMetrics: { enabled: true, collector: "alloy-metrics" } },
        refusedAt: "values.costMetrics.enabled",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_collector_validation.tpl:11",
        fails: "Collecting Linux host metrics with Alloy (hostMetrics.linuxHosts.source: alloy) requires Alloy to be",
        values: { hostMetrics: { linuxHosts: { source: "alloy" } } },
        refusedAt: "values.hostMetrics.linuxHosts.source",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_collector_validation.tpl:26",
        fails: "Collecting Linux host metrics with Alloy (hostMetrics.linuxHosts.source: alloy) requires Alloy to mo",
        values: { hostMetrics: { linuxHosts: { source: "alloy", collector: "alloy-logs" } } },
        refusedAt: "values.hostMetrics.linuxHosts.source",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_collector_validation.tpl:41",
        fails: "Collecting Windows host metrics with Alloy (hostMetrics.windowsHosts.source: alloy) requires Alloy t",
        values: { hostMetrics: { windowsHosts: { enabled: true, source: "alloy" } } },
        refusedAt: "values.hostMetrics.windowsHosts.enabled",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_collector_validation.tpl:50",
        fails: "Collecting Windows host metrics with Alloy (hostMetrics.windowsHosts.source: alloy) requires Alloy t",
        values: {
            hostMetrics: {
                windowsHosts: { enabled: true, source: "alloy", collector: "alloy-logs" },
            },
        },
        refusedAt: "values.hostMetrics.windowsHosts.enabled",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_helpers.tpl:44",
        fails: "Unable to find any %s pods matching the configured labelMatchers in namespace %q.",
        cluster:
            "the same lookup for an existing node-exporter (Helm keeps clusterMetrics' copy of this helper); reached only with node-exporter.deploy: false and labelMatchers that find no pod (README, Known limits)",
    },
    {
        template: "charts/feature-host-metrics/templates/_validation.tpl:16",
        fails: "The Linux host configuration requires a connection to Node Exporter",
        values: { telemetryServices: { "node-exporter": { deploy: false } } },
        refusedAt: "values.telemetryServices.node-exporter.deploy",
    },
    {
        template: "charts/feature-host-metrics/templates/_validation.tpl:33",
        fails: 'The key "%s" found under hostMetrics.linuxHosts is a deployment-level setting.',
        values: { hostMetrics: { linuxHosts: { nodeSelector: { "kubernetes.io/os": "linux" } } } },
        refusedAt: "values.hostMetrics.linuxHosts.nodeSelector",
    },
    {
        template: "charts/feature-host-metrics/templates/_validation.tpl:53",
        fails: "The Windows host configuration requires a connection to Windows Exporter",
        values: { hostMetrics: { windowsHosts: { enabled: true } } },
        refusedAt: "values.hostMetrics.windowsHosts.enabled",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_validation.tpl:70",
        fails: 'The key "%s" found under hostMetrics.windowsHosts is a deployment-level setting.',
        values: {
            hostMetrics: { windowsHosts: { enabled: true, deploy: true } },
            telemetryServices: { "windows-exporter": { deploy: true } },
        },
        refusedAt: "values.hostMetrics.windowsHosts.enabled",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_validation.tpl:90",
        fails: "The host energy metrics configuration requires a connection to Kepler",
        values: { hostMetrics: { energyMetrics: { enabled: true } } },
        refusedAt: "values.hostMetrics.energyMetrics.enabled",
        render: true,
    },
    {
        template: "charts/feature-host-metrics/templates/_validation.tpl:107",
        fails: 'The key "%s" found under hostMetrics.energyMetrics is a deployment-level setting.',
        values: {
            hostMetrics: { energyMetrics: { enabled: true, deploy: true } },
            telemetryServices: { kepler: { deploy: true } },
        },
        refusedAt: "values.hostMetrics.energyMetrics.enabled",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_alloy.tpl:335",
        fails: "The Alloy integration requires a label selector",
        values: {
            integrations: { alloy: { instances: [{ name: "alloy", namespaces: ["default"] }] } },
        },
        refusedAt: "values.integrations.alloy.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_cert-manager.tpl:204",
        fails: "The cert-manager integration requires a label selector",
        values: {
            integrations: {
                "cert-manager": { instances: [{ name: "cert-manager", namespaces: ["default"] }] },
            },
        },
        refusedAt: "values.integrations.cert-manager.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_dcgm-exporter.tpl:327",
        fails: "The DCGM Exporter integration requires a label selector",
        values: {
            integrations: {
                "dcgm-exporter": {
                    instances: [{ name: "dcgm-exporter", namespaces: ["default"] }],
                },
            },
        },
        refusedAt: "values.integrations.dcgm-exporter.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_etcd.tpl:197",
        fails: "The etcd integration requires a label selector",
        values: {
            integrations: { etcd: { instances: [{ name: "etcd", namespaces: ["default"] }] } },
        },
        refusedAt: "values.integrations.etcd.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_grafana.tpl:21",
        fails: "The Grafana integration requires a label selector",
        values: {
            integrations: { grafana: { instances: [{ name: "grafana", labelSelectors: null }] } },
        },
        refusedAt: "values.integrations.grafana.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_loki.tpl:21",
        fails: "The Loki integration requires a label selector",
        values: { integrations: { loki: { instances: [{ name: "loki", labelSelectors: null }] } } },
        refusedAt: "values.integrations.loki.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_mimir.tpl:21",
        fails: "The Mimir integration requires a label selector",
        values: {
            integrations: { mimir: { instances: [{ name: "mimir", labelSelectors: null }] } },
        },
        refusedAt: "values.integrations.mimir.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-integrations/templates/_integration_mysql.tpl:31",
        fails: "Missing data source details for MySQL exporter.",
        values: { integrations: { mysql: { instances: [{ name: "db" }] } } },
        refusedAt: "values.integrations.mysql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_mysql.tpl:44",
        fails: "Enabling Database Observability for MySQL requires exporter metrics.",
        values: {
            integrations: {
                mysql: {
                    instances: [
                        {
                            name: "db",
                            metrics: { enabled: false },
                            databaseObservability: { enabled: true },
                        },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.mysql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_mysql.tpl:49",
        fails: "The label %q in databaseObservability.labels for instance %q is reserved and cannot be overridden.",
        values: {
            integrations: {
                mysql: {
                    instances: [
                        {
                            name: "db",
                            exporter: { dataSource: { host: "db.example.svc" } },
                            databaseObservability: { enabled: true, labels: { job: "x" } },
                        },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.mysql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_mysql.tpl:66",
        fails: "The MySQL integration requires a label selector",
        values: {
            integrations: {
                mysql: {
                    instances: [
                        { name: "db", exporter: { dataSource: { host: "db.example.svc" } } },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.mysql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_postgresql.tpl:31",
        fails: "Missing data source details for PostgreSQL exporter.",
        values: { integrations: { postgresql: { instances: [{ name: "db" }] } } },
        refusedAt: "values.integrations.postgresql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_postgresql.tpl:44",
        fails: "Enabling Database Observability for PostgreSQL requires exporter metrics.",
        values: {
            integrations: {
                postgresql: {
                    instances: [
                        {
                            name: "db",
                            metrics: { enabled: false },
                            databaseObservability: { enabled: true },
                        },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.postgresql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_postgresql.tpl:49",
        fails: "The label %q in databaseObservability.labels for instance %q is reserved and cannot be overridden.",
        values: {
            integrations: {
                postgresql: {
                    instances: [
                        {
                            name: "db",
                            exporter: { dataSource: { host: "db.example.svc" } },
                            databaseObservability: { enabled: true, labels: { job: "x" } },
                        },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.postgresql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_postgresql.tpl:66",
        fails: "The PostgreSQL integration requires a label selector",
        values: {
            integrations: {
                postgresql: {
                    instances: [
                        { name: "db", exporter: { dataSource: { host: "db.example.svc" } } },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.postgresql",
        render: true,
    },
    {
        template: "charts/feature-integrations/templates/_integration_tempo.tpl:21",
        fails: "The tempo integration requires a label selector",
        values: {
            integrations: { tempo: { instances: [{ name: "tempo", labelSelectors: null }] } },
        },
        refusedAt: "values.integrations.tempo.instances[0].labelSelectors",
    },
    {
        template: "charts/feature-node-logs/templates/_collector_validation.tpl:11",
        fails: "Node Logs feature requires Alloy to be a DaemonSet.",
        settings: { features: { nodeLogs: true } },
        values: { nodeLogs: { collector: "alloy-metrics" } },
        refusedAt: "values.collectors.alloy-metrics.presets",
    },
    {
        template: "charts/feature-node-logs/templates/_collector_validation.tpl:25",
        fails: "Node Logs feature requires Alloy to mount /var/log.",
        settings: { features: { nodeLogs: true } },
        values: {
            nodeLogs: { collector: "alloy-logs" },
            collectors: { "alloy-logs": { presets: ["clustered", "daemonset"] } },
        },
        refusedAt: "values.collectors.alloy-logs.presets",
    },
    {
        template: "charts/feature-pod-logs-objects/templates/_collector_validation.tpl:16",
        fails: "PodLogs Objects feature requires Alloy DaemonSet to be in clustering mode.",
        values: {
            podLogsObjects: { enabled: true, collector: "alloy-logs" },
            collectors: { "alloy-logs": { alloy: { clustering: { enabled: false } } } },
        },
        refusedAt: "values.collectors.alloy-logs.presets",
        code: "chart:templates/collectors/_collector_validations.tpl:64",
        helmRefuses: { earlier: "feature requires clustering to be enabled on the %s collector." },
    },
    {
        template: "charts/feature-pod-logs-objects/templates/_collector_validation.tpl:29",
        fails: "PodLogs Objects feature requires Alloy with multiple replicas to be in clustering mode.",
        values: {
            podLogsObjects: { enabled: true, collector: "alloy-metrics" },
            collectors: {
                "alloy-metrics": {
                    alloy: { clustering: { enabled: false } },
                    controller: { replicas: 2 },
                },
            },
        },
        refusedAt: "values.collectors.alloy-metrics.presets",
        code: "chart:templates/collectors/_collector_validations.tpl:64",
        helmRefuses: { earlier: "feature requires clustering to be enabled on the %s collector." },
    },
    {
        template: "charts/feature-pod-logs-objects/templates/_collector_validation.tpl:41",
        fails: "PodLogs Objects feature requires Alloy to be a DaemonSet when using nodeFilter.",
        values: { podLogsObjects: { enabled: true, collector: "alloy-metrics", nodeFilter: true } },
        refusedAt: "values.podLogsObjects.enabled",
        render: true,
    },
    {
        template:
            "charts/feature-pod-logs-via-kubernetes-api/templates/_collector_validation.tpl:17",
        fails: 'Pod Logs feature requires Alloy DaemonSet to be in clustering mode when using the "kubernetesApi" ga',
        settings: { features: { podLogsViaKubernetesApi: true, podLogs: false } },
        values: {
            podLogsViaKubernetesApi: { collector: "alloy-logs" },
            collectors: { "alloy-logs": { alloy: { clustering: { enabled: false } } } },
        },
        refusedAt: "values.collectors.alloy-logs.presets",
        code: "chart:templates/collectors/_collector_validations.tpl:64",
        helmRefuses: { earlier: "feature requires clustering to be enabled on the %s collector." },
    },
    {
        template:
            "charts/feature-pod-logs-via-kubernetes-api/templates/_collector_validation.tpl:30",
        fails: 'Pod Logs feature requires Alloy with multiple replicas to be in clustering mode when using the "kube',
        settings: { features: { podLogsViaKubernetesApi: true, podLogs: false } },
        values: {
            podLogsViaKubernetesApi: { collector: "alloy-metrics" },
            collectors: {
                "alloy-metrics": {
                    alloy: { clustering: { enabled: false } },
                    controller: { replicas: 2 },
                },
            },
        },
        refusedAt: "values.collectors.alloy-metrics.presets",
        code: "chart:templates/collectors/_collector_validations.tpl:64",
        helmRefuses: { earlier: "feature requires clustering to be enabled on the %s collector." },
    },
    {
        template: "charts/feature-pod-logs-via-loki/templates/_collector_validation.tpl:15",
        fails: "Pod Logs feature requires Alloy to be a DaemonSet.",
        values: { podLogsViaLoki: { collector: "alloy-singleton" } },
        refusedAt: "values.collectors.alloy-singleton.presets",
    },
    {
        template: "charts/feature-pod-logs-via-loki/templates/_collector_validation.tpl:29",
        fails: "Pod Logs feature requires Alloy to mount /var/log.",
        values: { collectors: { "alloy-logs": { presets: ["clustered", "daemonset"] } } },
        refusedAt: "values.collectors.alloy-logs.presets",
    },
    {
        template:
            "charts/feature-pod-logs-via-opentelemetry/templates/_collector_validation.tpl:15",
        fails: "Pod Logs feature requires Alloy to be a DaemonSet.",
        settings: { features: { podLogs: false } },
        values: { podLogsViaOpenTelemetry: { enabled: true, collector: "alloy-metrics" } },
        refusedAt: "values.podLogsViaOpenTelemetry.enabled",
        render: true,
    },
    {
        template:
            "charts/feature-pod-logs-via-opentelemetry/templates/_collector_validation.tpl:30",
        fails: "Pod Logs feature requires Alloy to mount /var/log.",
        settings: { features: { podLogs: false } },
        values: {
            podLogsViaOpenTelemetry: { enabled: true, collector: "alloy-logs" },
            collectors: { "alloy-logs": { presets: ["clustered", "daemonset"] } },
        },
        refusedAt: "values.podLogsViaOpenTelemetry.enabled",
        render: true,
    },
    {
        template: "charts/feature-profiling/templates/_validation.tpl:12",
        fails: "At least one profiling type must be enabled for this feature to work.",
        settings: {
            features: { profiling: true },
            pyroscope: { url: "https://pyroscope.example.com" },
        },
        values: {
            profiling: {
                ebpf: { enabled: false },
                java: { enabled: false },
                pprof: { enabled: false },
            },
        },
        refusedAt: "values.profiling",
    },
    {
        template: "charts/feature-prometheus-operator-objects/templates/_validations.tpl:14",
        fails: "At least one of ServiceMonitors, PodMonitors, Probes, or ScrapeConfigs must be enabled.",
        values: {
            prometheusOperatorObjects: {
                podMonitors: { enabled: false },
                probes: { enabled: false },
                serviceMonitors: { enabled: false },
            },
        },
        refusedAt: "values.prometheusOperatorObjects",
    },
    {
        template: "charts/feature-prometheus-operator-objects/templates/_validations.tpl:26",
        fails: "The Prometheus Operator Objects feature no longer incldues the CRDs.",
        values: { prometheusOperatorObjects: { crds: { enabled: true } } },
        refusedAt: "values.prometheusOperatorObjects.crds",
    },
    {
        template: "charts/feature-windows-event-logs/templates/_collector_validation.tpl:11",
        fails: "Windows Event Logs feature requires Alloy to be a DaemonSet, so that an Alloy Pod runs on every Wind",
        values: {
            windowsEventLogs: {
                enabled: true,
                collector: "alloy-metrics",
                sources: [{ name: "app", eventLogName: "Application" }],
            },
        },
        refusedAt: "values.windowsEventLogs.enabled",
        render: true,
    },
    {
        template: "charts/feature-windows-event-logs/templates/_collector_validation.tpl:19",
        fails: "Windows Event Logs feature requires Alloy to run on Windows Nodes with host access, so it can read t",
        values: {
            windowsEventLogs: {
                enabled: true,
                collector: "alloy-logs",
                sources: [{ name: "app", eventLogName: "Application" }],
            },
        },
        refusedAt: "values.windowsEventLogs.enabled",
        render: true,
    },
    {
        template: "charts/feature-windows-event-logs/templates/_validation.tpl:10",
        fails: "The Windows Event Logs feature requires at least one source.",
        values: { windowsEventLogs: { enabled: true, collector: "alloy-logs" } },
        refusedAt: "values.windowsEventLogs.enabled",
        render: true,
    },
    {
        template: "charts/feature-windows-event-logs/templates/_validation.tpl:15",
        fails: "Each entry in `windowsEventLogs.sources` must set a `name`, which is used for the Alloy component la",
        values: {
            windowsEventLogs: {
                enabled: true,
                sources: [{ eventLogName: "Application" }],
                collector: "alloy-logs",
            },
        },
        refusedAt: "values.windowsEventLogs.enabled",
        render: true,
    },
    {
        template: "charts/feature-windows-event-logs/templates/_validation.tpl:18",
        fails: "Duplicate Windows Event Logs source name %q. Each `windowsEventLogs.sources` entry must have a uniqu",
        values: {
            windowsEventLogs: {
                enabled: true,
                sources: [
                    { name: "app", eventLogName: "Application" },
                    { name: "app", eventLogName: "System" },
                ],
                collector: "alloy-logs",
            },
        },
        refusedAt: "values.windowsEventLogs.enabled",
        render: true,
    },
    {
        template: "charts/feature-windows-event-logs/templates/_validation.tpl:23",
        fails: "Windows Event Logs source %q must set `eventLogName`, or an XML-form `xpathQuery` that specifies the",
        values: {
            windowsEventLogs: {
                enabled: true,
                sources: [{ name: "app" }],
                collector: "alloy-logs",
            },
        },
        refusedAt: "values.windowsEventLogs.enabled",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:39",
        fails: "The SDK Injector requires an allowlist of usernames permitted to create or update annotated injectio",
        values: { telemetryServices: { sdkInjector: { deploy: true } } },
        refusedAt: "values.telemetryServices.sdkInjector",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:64",
        fails: "Deploying the Beyla agent via telemetryServices.beyla.enabled is not supported.",
        values: { telemetryServices: { beyla: { deploy: true, enabled: true } } },
        refusedAt: "values.telemetryServices.beyla",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:79",
        fails: "Two Beyla instances are configured to deploy their Kubernetes metadata caches.",
        settings: { features: { autoInstrumentation: true } },
        values: {
            autoInstrumentation: { collector: "alloy-logs" },
            telemetryServices: { beyla: { deploy: true, k8sCache: { replicas: 1 } } },
        },
        refusedAt: "values.telemetryServices.beyla",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:153",
        fails: "A Node Exporter already appears to be running in this cluster on port %d.",
        cluster:
            "looks up DaemonSets in the live cluster: another node-exporter on port 9100 (e.g. kube-prometheus-stack) stops the first preview; README, Known limits, gives the values that use it instead",
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:186",
        fails: "OpenCost cloud integration is enabled, which mounts a writable volume at /var/configs.",
        values: {
            telemetryServices: {
                opencost: { deploy: true, opencost: { cloudIntegrationSecret: "my-cloud-secret" } },
            },
        },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:198",
        fails: "The OpenCost default cluster id should match the cluster name.",
        values: { telemetryServices: { opencost: { deploy: true } } },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:218",
        fails: "OpenCost requires linking to a Prometheus data source.",
        values: {
            telemetryServices: {
                opencost: {
                    deploy: true,
                    opencost: { exporter: { defaultClusterId: "dev-cluster" } },
                },
            },
        },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:251",
        fails: "OpenCost requires a url to a Prometheus data source.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: { exporter: { defaultClusterId: "dev-cluster" } },
                },
            },
        },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:267",
        fails: "The username for %s and OpenCost do not match.",
        note: "Reached only with a literal credential in values, which is refused first; with a Secret the chart does not compare them.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: {
                        exporter: { defaultClusterId: "dev-cluster" },
                        prometheus: {
                            external: { url: "https://mimir.dev.example.com/api/v1/query" },
                        },
                    },
                },
            },
            destinations: {
                mimir: {
                    auth: { type: "basic", username: "user1", password: "pass1" },
                    secret: { embed: true },
                },
            },
        },
        refusedAt: "values.destinations.mimir.auth.password",
        code: "credential-in-values",
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:279",
        fails: "The password for %s and OpenCost do not match.",
        note: "Reached only with a literal credential in values, which is refused first; with a Secret the chart does not compare them.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: {
                        exporter: { defaultClusterId: "dev-cluster" },
                        prometheus: {
                            external: { url: "https://mimir.dev.example.com/api/v1/query" },
                            username: "user1",
                        },
                    },
                },
            },
            destinations: {
                mimir: {
                    auth: { type: "basic", username: "user1", password: "pass1" },
                    secret: { embed: true },
                },
            },
        },
        refusedAt: "values.destinations.mimir.auth.password",
        code: "credential-in-values",
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:291",
        fails: "OpenCost requires the secret for %s to be set.",
        note: "Reached only with a literal credential in values, which is refused first; with a Secret the chart does not compare them.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: {
                        exporter: { defaultClusterId: "dev-cluster" },
                        prometheus: {
                            external: { url: "https://mimir.dev.example.com/api/v1/query" },
                        },
                    },
                },
            },
            destinations: {
                mimir: {
                    secret: { embed: false },
                    auth: { type: "basic", username: "user1", password: "pass1" },
                },
            },
        },
        refusedAt: "values.destinations.mimir.auth.password",
        code: "credential-in-values",
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:303",
        fails: "The username secret key for %s and OpenCost do not match.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: {
                        exporter: { defaultClusterId: "dev-cluster" },
                        prometheus: {
                            external: { url: "https://mimir.dev.example.com/api/v1/query" },
                            existingSecretName: "mimir-auth",
                        },
                    },
                },
            },
            destinations: {
                mimir: {
                    secret: { embed: false, create: false, name: "mimir-auth" },
                    auth: { type: "basic", usernameKey: "user", passwordKey: "pass" },
                },
            },
        },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:315",
        fails: "The password secret key for %s and OpenCost do not match.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: {
                        exporter: { defaultClusterId: "dev-cluster" },
                        prometheus: {
                            external: { url: "https://mimir.dev.example.com/api/v1/query" },
                            existingSecretName: "mimir-auth",
                            username_key: "user",
                        },
                    },
                },
            },
            destinations: {
                mimir: {
                    secret: { embed: false, create: false, name: "mimir-auth" },
                    auth: { type: "basic", usernameKey: "user", passwordKey: "pass" },
                },
            },
        },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:326",
        fails: "Unable to provide guidance for configuring OpenCost to use %s authentication for %s.",
        note: "Reached only with a literal credential in values, which is refused first; with a Secret the chart does not compare them.",
        values: {
            costMetrics: { enabled: true, collector: "alloy-metrics" },
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: {
                        exporter: { defaultClusterId: "dev-cluster" },
                        prometheus: {
                            external: { url: "https://mimir.dev.example.com/api/v1/query" },
                        },
                    },
                },
            },
            destinations: { mimir: { auth: { type: "bearerToken", bearerToken: "abc" } } },
        },
        refusedAt: "values.destinations.mimir.auth.bearerToken",
        code: "credential-in-values",
    },
    {
        template: "charts/telemetry-services/templates/_validate.tpl:340",
        fails: 'The destination "%s" is not a Prometheus data source.',
        values: {
            telemetryServices: {
                opencost: {
                    deploy: true,
                    metricsSource: "mimir",
                    opencost: { exporter: { defaultClusterId: "dev-cluster" } },
                },
            },
        },
        refusedAt: "values.telemetryServices.opencost",
        render: true,
    },
    {
        template: "templates/_alloy_operator_validations.tpl:66",
        fails: "Another Alloy Operator appears to be running in this cluster.",
        values: { "alloy-operator": { deploy: true } },
        refusedAt: "values.alloy-operator.deploy",
        code: "operator-deployed-twice",
        helmRefuses: { cluster: "looks up the operator's Deployments in the live cluster" },
    },
    {
        template: "templates/_crd-validation.tpl:13",
        fails: "The %s Helm chart v3.0 requires the Alloy CRD to be deployed.",
        values: { "alloy-operator": { crds: { deployAlloyCRD: false } } },
        refusedAt: "values.alloy-operator.crds.deployAlloyCRD",
        code: "operator-crd-off",
    },
    {
        template: "templates/_crd-validation.tpl:23",
        fails: "The %s Helm chart v3.0 requires the Alloy CRD to be deployed.",
        unreachable: "runs only on a Helm upgrade; helm.v4.Chart always renders as an install",
    },
    {
        template: "templates/_platform_validations.tpl:80",
        fails: "This Kubernetes cluster appears to be Azure AKS.",
        cluster:
            "detects AKS from the live cluster's nodes and wants an annotation on every collector; README, Known limits, gives the values for AKS",
    },
    {
        template: "templates/_platform_validations.tpl:91",
        fails: "This Kubernetes cluster appears to be Azure AKS.",
        cluster:
            "on AKS, wants the same annotation on kube-state-metrics; README, Known limits, gives the values for AKS",
    },
    {
        template: "templates/_platform_validations.tpl:101",
        fails: "This Kubernetes cluster appears to be OpenShift. Please set the platform to enable compatibility: gl",
        cluster:
            "detects OpenShift from the API and wants global.platform: openshift; README, Known limits, gives the value",
    },
    {
        template: "templates/_replace_component.tpl:87",
        fails: "Could not find the component %s %q to replace in any collector's configuration.",
        values: {
            replaceComponent: [
                { type: "prometheus.relabel", name: "does_not_exist", content: "// x" },
            ],
        },
        refusedAt: "values.replaceComponent",
        render: true,
    },
    {
        template: "templates/_validations.tpl:47",
        fails: "The Helm chart values appears to be from version 1.x of the k8s-monitoring Helm chart.",
        values: { externalServices: { prometheus: { host: "https://prometheus.example.com" } } },
        refusedAt: "values.externalServices",
        code: "legacy-key",
    },
    {
        template: "templates/_validations.tpl:58",
        fails: "A Cluster name is required!",
        values: { cluster: { name: "" } },
        refusedAt: "values.cluster.name",
        code: "cluster-name-overridden",
    },
    {
        template: "templates/_validations.tpl:81",
        fails: "No features are enabled. Please choose a feature to start monitoring. For example: clusterMetrics: e",
        unreachable:
            "dead in 4.4.0: every collector carries a default extraConfig, so the check always finds a feature",
    },
    {
        template: "templates/collectors/_collector_helpers.tpl:69",
        fails: "The %s feature requires that port %d to be open on the %s collector.",
        unreachable:
            "not by the row 4.4.0 failed on: since 4.5.0 applicationObservability opens its receiver ports on its collector itself (4317 renders without extraPorts); the receiving features that still call it are ones this program refuses as a whole",
    },
    {
        template: "templates/collectors/_collector_helpers.tpl:181",
        fails: 'The collector "%s" is using an unknown preset: %s',
        values: {
            collectors: { "alloy-metrics": { presets: ["clustered", "statefulset", "larg"] } },
        },
        refusedAt: "values.collectors.alloy-metrics.presets[2]",
        code: "unknown-preset",
    },
    {
        template: "templates/collectors/_collector_remoteConfig.tpl:151",
        fails: "The remote configuration feature requires the environment variable GCLOUD_RW_API_KEY to be set. Plea",
        values: {
            collectors: {
                "alloy-metrics": {
                    remoteConfig: { enabled: true, url: "https://fleet.example.com" },
                },
            },
        },
        refusedAt: "values.collectors.alloy-metrics.remoteConfig",
        render: true,
    },
    {
        template: "templates/collectors/_collector_validations.tpl:10",
        fails: "The %s feature requires a collector to be assigned.",
        values: { clusterEvents: { collector: "" } },
        refusedAt: "values.clusterEvents.collector",
        code: "feature-collector-missing",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:18",
        fails: 'The %s feature wants to use a collector named "%s", but that collector does not exist or is disabled',
        values: { collectors: { "alloy-logs": { enabled: false } } },
        refusedAt: "values.podLogsViaLoki.collector",
        code: "feature-collector-missing",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:40",
        fails: "The %s collector is enabled, but there are no enabled features that will use it.",
        settings: { features: { clusterEvents: false } },
        values: { selfReporting: { enabled: false } },
        refusedAt: "values.collectors.alloy-singleton",
        code: "idle-collector",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:64",
        fails: "The %s feature requires clustering to be enabled on the %s collector.",
        values: { collectors: { "alloy-metrics": { presets: ["large"] } } },
        refusedAt: "values.collectors.alloy-metrics.presets",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:120",
        fails: "The Alloy collector %q is using a component which is not available in its current stability level (%",
        values: { podLogsViaLoki: { secretFilter: { enabled: true } } },
        refusedAt: "values.podLogsViaLoki.secretFilter.enabled",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:134",
        fails: "At least one collector should be enabled",
        values: {
            destinations: { mimir: { rules: { enabled: false } } },
            collectors: {
                "alloy-metrics": { enabled: false },
                "alloy-singleton": { enabled: false },
                "alloy-logs": { enabled: false },
            },
        },
        refusedAt: "values.clusterMetrics.collector",
        code: "feature-collector-missing",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:149",
        fails: 'The %s collector combines the deprecated "privileged" preset with the "root" or "host-network" prese',
        values: {
            collectors: {
                "alloy-logs": {
                    presets: [
                        "clustered",
                        "filesystem-log-reader",
                        "daemonset",
                        "privileged",
                        "root",
                    ],
                },
            },
        },
        refusedAt: "values.collectors.alloy-logs.presets",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:167",
        fails: "Multiple collectors resolve to the same Kubernetes resource name %q: %s",
        values: {
            collectors: {
                alloy_metrics: { presets: ["clustered"], extraConfig: "// its own work" },
            },
        },
        refusedAt: "values.collectors.alloy_metrics",
    },
    {
        template: "templates/collectors/_collector_validations.tpl:181",
        fails: "The feature %s is referencing a collector named %q but it does not exist.",
        values: { clusterMetrics: { collector: "alloy-metric" } },
        refusedAt: "values.clusterMetrics.collector",
        code: "feature-collector-missing",
    },
    {
        template: "templates/dataProcessors/_dataProcessor_ec2Enrichment.tpl:161",
        fails: "The processor %q does not have any tags to enrich with.",
        values: { dataProcessors: { ec2: { type: "ec2Enrichment", region: "us-east-1" } } },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_ec2Enrichment.tpl:165",
        fails: "The processor %q has an empty value for tags.%s. Please set it to the name of the EC2 tag to copy.",
        values: {
            dataProcessors: {
                ec2: { type: "ec2Enrichment", region: "us-east-1", tags: { team: "" } },
            },
        },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_ec2Enrichment.tpl:186",
        fails: "The processor %q requires Alloy to use the experimental stability level when enriching %s.",
        values: {
            dataProcessors: {
                ec2: { type: "ec2Enrichment", region: "us-east-1", tags: { team: "Team" } },
            },
            clusterMetrics: { dataProcessors: ["ec2"] },
        },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_kubernetesEnrichment.tpl:297",
        fails: "The processor %q does not have anything to enrich with.",
        values: { dataProcessors: { enrich: { type: "kubernetesEnrichment" } } },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_kubernetesEnrichment.tpl:302",
        fails: "The processor %q has an empty value for %s.%s. Please set it to the name of the Kubernetes label or ",
        values: {
            dataProcessors: { enrich: { type: "kubernetesEnrichment", podLabels: { app: "" } } },
        },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_kubernetesEnrichment.tpl:326",
        fails: "The processor %q requires Alloy to use the experimental stability level when enriching %s.",
        values: {
            dataProcessors: {
                enrich: {
                    type: "kubernetesEnrichment",
                    podLabels: { app: "app.kubernetes.io/name" },
                },
            },
            clusterMetrics: { dataProcessors: ["enrich"] },
        },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_validations.tpl:5",
        fails: "Invalid characters in processor name %q. Processor names must match `[-_a-zA-Z0-9]+`.",
        values: { dataProcessors: { "my.proc": { type: "custom" } } },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_validations.tpl:8",
        fails: "Processor %q must have a `type` set.",
        values: { dataProcessors: { myproc: { podLabels: { app: "app.kubernetes.io/name" } } } },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_validations.tpl:12",
        fails: "Processor %q has unknown type %q. Known processor types: %v",
        values: { dataProcessors: { myproc: { type: "kubernetesEnrichmen" } } },
        refusedAt: "values.dataProcessors",
        code: "chart-schema",
        helmRefuses: { schema: "dataProcessors.myproc.type" },
    },
    {
        template: "templates/dataProcessors/_dataProcessor_validations.tpl:31",
        fails: "Feature %q references processor %q which is not defined under `dataProcessors:`.",
        values: { clusterMetrics: { dataProcessors: ["enrich"] } },
        refusedAt: "values.clusterMetrics.dataProcessors",
        render: true,
    },
    {
        template: "templates/dataProcessors/_dataProcessor_validations.tpl:36",
        fails: "Feature %q (type=%s, ecosystem=%s) requires processor %q to support that (type, ecosystem), but it d",
        values: {
            dataProcessors: {
                drop: {
                    type: "custom",
                    logs: {
                        loki: {
                            enabled: true,
                            config: 'loki.process "drop" {\n  forward_to = []\n}',
                            input: "loki.process.drop.receiver",
                        },
                    },
                },
            },
            clusterMetrics: { dataProcessors: ["drop"] },
        },
        refusedAt: "values.dataProcessors",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:13",
        fails: 'Destination "%s" has an unsupported protocol: %s.',
        values: {
            destinations: {
                otlp: { type: "otlp", url: "https://otlp.example.com:4317", protocol: "HTTP" },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:27",
        fails: 'Destination "%s" sets a custom path for %s, which is only supported when protocol is "http".',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    metrics: { path: "/v1/metrics" },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:42",
        fails: 'Destination "%s" does not support proxyURL.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    proxyURL: "http://proxy:3128",
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:58",
        fails: "Destination \"%s\" is using Grafana Cloud OTLP gateway but has incorrect protocol '%s'. The gateway re",
        values: {
            destinations: {
                otlp: { type: "otlp", url: "https://otlp-gateway-prod-us-east-0.grafana.net/otlp" },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:70",
        fails: "Destination \"%s\" is using Grafana Cloud Traces but has incorrect protocol '%s'. Grafana Cloud Traces",
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://tempo-prod-04-prod-us-east-0.grafana.net:443",
                    protocol: "http",
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:85",
        fails: 'Destination "%s" is using Grafana Cloud Traces but has metrics enabled. Tempo only supports traces.',
        values: {
            destinations: {
                otlp: { type: "otlp", url: "https://tempo-prod-04-prod-us-east-0.grafana.net:443" },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:96",
        fails: 'Destination "%s" is using Grafana Cloud Traces but has logs enabled. Tempo only supports traces.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://tempo-prod-04-prod-us-east-0.grafana.net:443",
                    metrics: { enabled: false },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:107",
        fails: 'Destination "%s" is using Grafana Cloud Traces but has traces disabled.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://tempo-prod-04-prod-us-east-0.grafana.net:443",
                    metrics: { enabled: false },
                    logs: { enabled: false },
                    traces: { enabled: false },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:125",
        fails: 'Destination "%s" is missing a required field.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    sendingQueue: { batch: { enabled: true } },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:136",
        fails: 'Destination "%s" has an invalid configuration.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    sendingQueue: { batch: { enabled: true, sizer: "requests" } },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:148",
        fails: 'Destination "%s" is missing a required field.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    sendingQueue: { batch: { enabled: true, sizer: "items" } },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:160",
        fails: 'Destination "%s" is missing a required field.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    sendingQueue: {
                        batch: { enabled: true, sizer: "items", flushTimeout: "200ms" },
                    },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:173",
        fails: 'Destination "%s" is missing a required field.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    sendingQueue: {
                        batch: {
                            enabled: true,
                            sizer: "items",
                            flushTimeout: "200ms",
                            minSize: 1000,
                        },
                    },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:186",
        fails: 'Destination "%s" has an invalid configuration.',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    sendingQueue: {
                        batch: {
                            enabled: true,
                            sizer: "items",
                            flushTimeout: "200ms",
                            minSize: 1000,
                            maxSize: 1000,
                        },
                    },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_otlp_validations.tpl:210",
        fails: 'Destination "%s" uses the "static" service graph load balancer resolver, which requires a StatefulSe',
        values: {
            destinations: {
                otlp: {
                    type: "otlp",
                    url: "https://otlp.example.com:4317",
                    processors: {
                        serviceGraphMetrics: {
                            enabled: true,
                            loadBalancer: { resolver: "static" },
                            collector: { controller: { type: "deployment" } },
                        },
                    },
                },
            },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:41",
        fails: 'Destination "%s" (type: router) does not have any defaultDestinations.',
        values: { destinations: { router: { type: "router", ecosystem: "prometheus" } } },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:55",
        fails: 'Destination "%s" (type: router) has an invalid or missing ecosystem: %q.',
        values: { destinations: { router: { type: "router", defaultDestinations: ["mimir"] } } },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:77",
        fails: 'Destination "%s" (type: router) has a route (#%d) whose match is not a list.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: { label: "namespace", op: "equals", value: "prod" },
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:82",
        fails: 'Destination "%s" (type: router) has a route (#%d) with an empty match.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [{ destinations: ["mimir"] }],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:91",
        fails: 'Destination "%s" (type: router) route #%d condition #%d is not a map.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [{ match: ["namespace=prod"], destinations: ["mimir"] }],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:99",
        fails: 'Destination "%s" (type: router, ecosystem: %s) route #%d condition #%d uses `%s`, but an %s router m',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [
                                {
                                    resourceAttribute: "k8s.namespace.name",
                                    op: "equals",
                                    value: "prod",
                                },
                            ],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:103",
        fails: 'Destination "%s" (type: router, ecosystem: %s) route #%d condition #%d must set `%s`.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [{ match: [{ op: "equals", value: "prod" }], destinations: ["mimir"] }],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:109",
        fails: 'Destination "%s" (type: router) route #%d condition #%d %s must be a string: %v.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: 123, op: "equals", value: "prod" }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:115",
        fails: 'Destination "%s" (type: router) route #%d condition #%d has an invalid resourceAttribute: %q.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "otlp",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [
                                { resourceAttribute: "k8s namespace", op: "equals", value: "prod" },
                            ],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:121",
        fails: 'Destination "%s" (type: router) route #%d condition #%d has an invalid label: %q.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "k8s.namespace.name", op: "equals", value: "prod" }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:129",
        fails: 'Destination "%s" (type: router) route #%d condition #%d has an invalid or missing op: %q.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "eq", value: "prod" }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:137",
        fails: 'Destination "%s" (type: router, ecosystem: %s) route #%d condition #%d uses op `%s`, which the Prome',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "notEquals", value: "prod" }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:142",
        fails: 'Destination "%s" (type: router, ecosystem: %s) route #%d condition #%d uses op `matches` alongside o',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [
                                { label: "namespace", op: "equals", value: "prod" },
                                { label: "job", op: "matches", value: "kube.*" },
                            ],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:152",
        fails: 'Destination "%s" (type: router) route #%d condition #%d uses op `in`, so value must be a list: %v.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "in", value: "prod" }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:157",
        fails: 'Destination "%s" (type: router) route #%d condition #%d uses op `in` with an empty value list.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "in", value: [] }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:163",
        fails: 'Destination "%s" (type: router) route #%d condition #%d has a non-string value in its `in` list: %v.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "in", value: ["prod", 1] }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:170",
        fails: 'Destination "%s" (type: router) route #%d condition #%d op `%s` requires a string value: %v.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "equals", value: 8080 }],
                            destinations: ["mimir"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:199",
        fails: 'Destination "%s" (type: router) has a route (#%d) with an empty or missing destinations list.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [{ match: [{ label: "namespace", op: "equals", value: "prod" }] }],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:210",
        fails: 'Destination "%s" (type: router) has a route (#%d) referencing unknown destination "%s".',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "equals", value: "prod" }],
                            destinations: ["mimir-eu"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:219",
        fails: 'Destination "%s" (type: router) has a route (#%d) with an empty signals list.',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "equals", value: "prod" }],
                            destinations: ["mimir"],
                            signals: [],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:225",
        fails: 'Destination "%s" (type: router) has a route (#%d) with an unknown signal "%s".',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "equals", value: "prod" }],
                            destinations: ["mimir"],
                            signals: ["metric"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:230",
        fails: 'Destination "%s" (type: router, ecosystem: %s) has a route (#%d) covering the "%s" signal, which thi',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "equals", value: "prod" }],
                            destinations: ["mimir"],
                            signals: ["logs"],
                        },
                    ],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:245",
        fails: 'Destination "%s" (type: router) has a route (#%d) referencing another router destination "%s".',
        values: {
            destinations: {
                "router-a": {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                    routes: [
                        {
                            match: [{ label: "namespace", op: "equals", value: "prod" }],
                            destinations: ["router-b"],
                        },
                    ],
                },
                "router-b": {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                },
            },
        },
        refusedAt: "values.destinations.router-a.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:258",
        fails: 'Destination "%s" (type: router) has a defaultDestinations entry referencing unknown destination "%s"',
        values: {
            destinations: {
                router: {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir-eu"],
                },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:269",
        fails: 'Destination "%s" (type: router) has a defaultDestinations entry referencing another router destinati',
        values: {
            destinations: {
                "router-a": {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["router-b"],
                },
                "router-b": {
                    type: "router",
                    ecosystem: "prometheus",
                    defaultDestinations: ["mimir"],
                },
            },
        },
        refusedAt: "values.destinations.router-a.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:301",
        fails: 'Destination "%s" (type: router, ecosystem: %s) fans out to destination "%s" (type: %s), which cannot',
        values: {
            destinations: {
                router: { type: "router", ecosystem: "prometheus", defaultDestinations: ["loki"] },
            },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:409",
        fails: 'Feature "%s" sends %s to router destination "%s", but that router has no route or defaultDestination',
        values: {
            destinations: {
                "mimir-eu": { type: "prometheus", url: "https://mimir-eu.example.com/api/v1/push" },
                router: { type: "router", ecosystem: "otlp", defaultDestinations: ["mimir-eu"] },
            },
            podLogsViaLoki: { destinations: ["router"] },
        },
        refusedAt: "values.destinations.router.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_router_validations.tpl:419",
        fails: 'Feature "%s" collects %s via the %s pipeline and routes it through router "%s", but that router is d',
        values: {
            destinations: {
                otlp: { type: "otlp", url: "https://otlp.example.com:4317" },
                router: { type: "router", ecosystem: "otlp", defaultDestinations: ["otlp"] },
            },
            clusterMetrics: { destinations: ["router"] },
        },
        refusedAt: "values.destinations.otlp.type",
        render: true,
    },
    {
        template: "templates/destinations/_destination_validations.tpl:14",
        fails: "Multiple destinations resolve to the same Kubernetes resource name %q: %s",
        values: {
            destinations: {
                Mimir: { type: "prometheus", url: "https://mimir-eu.example.com/api/v1/push" },
            },
        },
        refusedAt: "values.destinations.Mimir",
    },
    {
        template: "templates/destinations/_destination_validations.tpl:95",
        fails: "No destinations found that can accept %s from the %s feature.",
        values: { clusterMetrics: { destinations: ["loki"] } },
        refusedAt: "values.clusterMetrics.destinations",
    },
    {
        template: "templates/destinations/_destination_validations.tpl:108",
        fails: 'Destination "%s" has invalid characters in its name.',
        values: {
            destinations: {
                "mimir.eu": { type: "prometheus", url: "https://mimir-eu.example.com/api/v1/push" },
            },
        },
        refusedAt: 'values.destinations["mimir.eu"]',
    },
    {
        template: "templates/destinations/_destination_validations.tpl:118",
        fails: 'Destination "%s" does not have a type.',
        values: { destinations: { tempo: { url: "https://otlp.example.com:4317" } } },
        refusedAt: "values.destinations.tempo.type",
    },
    {
        template: "templates/destinations/_destination_validations.tpl:127",
        fails: 'Destination "%s" is using an unknown type: %s',
        values: {
            destinations: { tempo: { type: "tempo", url: "https://otlp.example.com:4317" } },
        },
        refusedAt: "values.destinations.tempo.type",
    },
    {
        template: "templates/destinations/_destination_validations.tpl:141",
        fails: 'Destination "%s" is using basic auth but does not have a username.',
        values: { destinations: { mimir: { auth: { type: "basic" } } } },
        refusedAt: "values.destinations.mimir.auth",
    },
    {
        template: "templates/destinations/_destination_validations.tpl:153",
        fails: 'Destination "%s" is using basic auth but does not have a password.',
        values: { destinations: { mimir: { auth: { type: "basic", username: "u" } } } },
        refusedAt: "values.destinations.mimir.auth",
    },
    {
        template: "templates/destinations/_destination_validations.tpl:180",
        fails: 'Destination "%s" has rules.enabled=true, but rules.collector "%s" is not an enabled collector.',
        values: { destinations: { mimir: { rules: { collector: "alloy-rules" } } } },
        refusedAt: "values.destinations.mimir.rules.collector",
        code: "rules-collector-missing",
    },
    {
        template: "templates/features/_feature_auto_instrumentation.tpl:79",
        fails: "A workload already appears to bind host port %d on this cluster's nodes.",
        settings: { features: { autoInstrumentation: true } },
        values: { autoInstrumentation: { collector: "alloy-metrics" } },
        refusedAt: "values.autoInstrumentation",
        render: true,
        helmRefuses: {
            cluster: "looks up the workloads that bind the host port in the live cluster",
        },
    },
    {
        template: "templates/features/_feature_integrations.tpl:169",
        fails: "The %s feature has an instance %q of type %q assigned to collector %q, but that collector does not exist or is disabled.",
        note: "New in 4.5.0: an instance may name its own collector.",
        values: {
            integrations: {
                etcd: {
                    instances: [
                        {
                            name: "etcd",
                            labelSelectors: { "app.kubernetes.io/name": "etcd" },
                            collector: "alloy-missing",
                        },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.etcd.instances[0].collector",
    },
    {
        template: "templates/features/_feature_integrations.tpl:214",
        fails: "Service integrations that include logs requires enabling the Pod Logs feature.",
        settings: { features: { podLogs: false } },
        values: {
            integrations: {
                loki: {
                    instances: [
                        { name: "loki", labelSelectors: { "app.kubernetes.io/name": "loki" } },
                    ],
                },
            },
        },
        refusedAt: "values.integrations.loki.instances[0].logs.enabled",
    },
    {
        template: "templates/features/_feature_profiling.tpl:101",
        fails: "The %s feature has %q enabled and assigned to collector %q, but that collector does not exist or is disabled.",
        note: "New in 4.5.0: each profiling type may name its own collector.",
        settings: {
            features: { profiling: true },
            pyroscope: { url: "https://pyroscope.example.com" },
        },
        values: { profiling: { ebpf: { collector: "alloy-missing" } } },
        refusedAt: "values.profiling.ebpf.collector",
        code: "feature-collector-missing",
    },
    {
        template: "templates/features/_feature_kubernetes_manifests.tpl:53",
        fails: "The %s feature requires k8s-manifest-tail to be deployed.",
        values: { kubernetesManifests: { enabled: true, collector: "alloy-metrics" } },
        refusedAt: "values.kubernetesManifests.enabled",
        render: true,
    },
    {
        template: "templates/otlp/sampler/policies/_helpers.tpl:108",
        fails: "invalid policy type: %s",
        values: {
            destinations: {
                tempo: {
                    type: "otlp",
                    url: "https://tempo.example.com",
                    metrics: { enabled: false },
                    logs: { enabled: false },
                    traces: { enabled: true },
                    processors: {
                        tailSampling: {
                            enabled: true,
                            policies: [{ name: "p1", type: "probabilistc" }],
                        },
                    },
                },
            },
        },
        refusedAt: "values.destinations.tempo.type",
        render: true,
    },
];
