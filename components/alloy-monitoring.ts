import { Namespace } from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/problems";
import type { SettingsInput } from "../config/schema";
import { type DeploymentPlan, planDeployment } from "../values/plan";
import { AlloyOperator, K8sMonitoring } from "./charts";
import { MANAGED_LABELS } from "./labels";
import { TenantCredentials } from "./tenant-credentials";
import { TrustBundle } from "./trust-bundle";

/**
 * What a cluster's telemetry pipeline is made of. Nested shapes and their defaults are those of the
 * stack config (README, "Stack config"); every value is checked before anything is created.
 */
export interface AlloyMonitoringArgs {
    /** Required. The cluster's name (DNS-1123 label): `cluster.name`, both tenant IDs, the Loki user. */
    clusterName: string;
    /** Namespace for everything, created with privileged Pod Security. Default `monitoring`. */
    namespace?: string;
    /** Chart versions and repository. Default k8s-monitoring 4.4.0, alloy-operator 0.6.3, Grafana's repository. */
    chart?: SettingsInput["chart"];
    /** Required: `url` (push URL). `tenantId` and `username` default to clusterName, `secretName` to `loki-tenant-auth`. */
    loki: SettingsInput["loki"];
    /** Loki's password. Default: generated with `@pulumi/random` and kept in state as a secret. */
    lokiPassword?: pulumi.Input<string>;
    /** Required: `url` (remote-write URL). `tenantId` defaults to clusterName, `rulerUrl` to the base of `url`. */
    mimir: SettingsInput["mimir"];
    /** `{ configMap, key }` (existing) or `{ pem }` (created here). Default: none, the system CAs. */
    trustBundle?: SettingsInput["trustBundle"];
    /** Probes from alloy-metrics. Default: enabled, probing Loki's and Mimir's /ready endpoints. */
    blackbox?: SettingsInput["blackbox"];
    /** cert-manager self-monitoring (default on, namespace `cert-manager`) and instances of chart integrations. */
    integrations?: SettingsInput["integrations"];
    /** Feature toggles. Default: everything on except kube-proxy and node logs. */
    features?: SettingsInput["features"];
    /** Raw k8s-monitoring values merged over the generated ones, then checked. Default none. */
    values?: Record<string, unknown>;
}

// The args are the settings plus the password: keep the two declarations from drifting apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const argsMatchSettings: Same<
    Omit<AlloyMonitoringArgs, "lokiPassword">,
    Omit<SettingsInput, "lokiPassword" | "ambientKubeconfig">
> = true;
void argsMatchSettings;

export const POD_SECURITY_LABELS = {
    // Host paths (/var/log), hostNetwork/hostPID for node-exporter and NET_RAW for Alloy need it.
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/audit": "privileged",
    "pod-security.kubernetes.io/warn": "privileged",
} as const;

function planOrThrow(settings: SettingsInput): DeploymentPlan {
    try {
        return planDeployment(settings);
    } catch (error) {
        // A RunError shows its message without a stack trace: the message is the whole report.
        if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
        throw error;
    }
}

/**
 * A cluster's telemetry pipeline: namespace, Loki credentials, trust bundle, the Alloy Operator and
 * Grafana's k8s-monitoring chart with three Alloy collectors sending metrics to Mimir and logs to Loki.
 *
 * Create order is namespace → Secret/ConfigMap → operator and CRD → collectors; destroy runs in reverse,
 * which stands in for the chart's cleanup hooks that `helm.v4.Chart` does not run.
 */
export class AlloyMonitoring extends pulumi.ComponentResource {
    /** Everything derived from the args, including the exact chart values. */
    readonly plan: DeploymentPlan;
    readonly namespace: Namespace;
    readonly lokiCredentials: TenantCredentials;
    readonly trustBundle?: TrustBundle;
    readonly operator: AlloyOperator;
    readonly k8sMonitoring: K8sMonitoring;

    constructor(name: string, args: AlloyMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        const { lokiPassword, ...settings } = args;
        // Checked before anything is registered, this component included.
        const plan = planOrThrow(settings);
        super("alloy-monitoring:index:AlloyMonitoring", name, {}, opts);
        this.plan = plan;
        const { spec } = plan;

        this.namespace = new Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: spec.namespace,
                    labels: { ...POD_SECURITY_LABELS, ...MANAGED_LABELS },
                },
            },
            { parent: this },
        );
        const namespace = this.namespace.metadata.name;

        this.lokiCredentials = new TenantCredentials(
            `${name}-loki`,
            {
                namespace,
                secretName: spec.loki.secretName,
                username: spec.loki.username,
                tenantId: spec.loki.tenantId,
                password: lokiPassword,
                keys: plan.lokiSecretKeys,
            },
            { parent: this },
        );

        if (spec.trustBundle)
            this.trustBundle = new TrustBundle(
                `${name}-trust-bundle`,
                {
                    namespace,
                    configMap: spec.trustBundle.configMap,
                    key: spec.trustBundle.key,
                    pem: spec.trustBundle.pem,
                },
                { parent: this },
            );

        this.operator = new AlloyOperator(
            `${name}-operator`,
            { namespace, source: plan.charts.alloyOperator, values: plan.alloyOperatorValues },
            { parent: this, dependsOn: [this.namespace] },
        );

        const inputs: pulumi.Resource[] = [this.namespace, this.lokiCredentials.secret];
        if (this.trustBundle?.configMap) inputs.push(this.trustBundle.configMap);
        this.k8sMonitoring = new K8sMonitoring(
            `${name}-k8s-monitoring`,
            { namespace, source: plan.charts.k8sMonitoring, values: plan.values },
            { parent: this, dependsOn: [...inputs, this.operator.chart] },
        );

        this.registerOutputs({
            namespace,
            collectors: plan.collectors,
            lokiSecretName: this.lokiCredentials.secret.metadata.name,
        });
    }

    /** Stack outputs a user needs: where things are, the tenants and URLs. No secret among them. */
    summary() {
        const { spec, collectors, charts } = this.plan;
        const { trustBundle } = spec;
        return {
            namespace: this.namespace.metadata.name,
            chartVersion: charts.k8sMonitoring.version,
            collectors,
            clusterName: spec.clusterName,
            loki: {
                url: spec.loki.url,
                tenantId: spec.loki.tenantId,
                username: spec.loki.username,
                secretName: this.lokiCredentials.secret.metadata.name,
            },
            mimir: spec.mimir,
            // Keys are left out rather than undefined: an undefined stack output draws a warning.
            ...(trustBundle
                ? {
                      trustBundle: {
                          configMap: trustBundle.configMap,
                          key: trustBundle.key,
                          caFile: trustBundle.caFile,
                      },
                  }
                : {}),
            blackboxTargets: spec.blackboxTargets.map((t) => t.name),
        };
    }
}
