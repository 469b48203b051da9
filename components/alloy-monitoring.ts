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
 * What a cluster's telemetry pipeline is made of: the stack config's settings (config/schema.ts;
 * every key, its meaning and default in the README's config table, generated from the schema), with
 * the Loki password as an Input. Without a password one is generated with `@pulumi/random` and kept
 * in state as a secret. Every value is checked before anything is created.
 */
export type AlloyMonitoringArgs = Omit<
    SettingsInput,
    "lokiPassword" | "lokiNextPassword" | "ambientKubeconfig" | "rolloutWave"
> & {
    /** Loki's password. Default: generated with `@pulumi/random`, kept in state as a secret. */
    lokiPassword?: pulumi.Input<string>;
    /** During a rotation, the next password, for `loki.nextUsername`. Default: none. */
    lokiNextPassword?: pulumi.Input<string>;
};

/**
 * The same pipeline from a plan already made and checked (`planStack`, as index.ts does), so that a
 * stack is planned once per preview.
 */
export interface PlannedAlloyMonitoringArgs {
    plan: DeploymentPlan;
    /** Loki's password. Default: generated with `@pulumi/random`, kept in state as a secret. */
    lokiPassword?: pulumi.Input<string>;
    /** During a rotation, the next password, for the plan's `loki.nextUsername`. Default: none. */
    lokiNextPassword?: pulumi.Input<string>;
}

/** The provider's annotation that makes a server-side apply win its field conflicts. */
export const PATCH_FORCE = "pulumi.com/patchForce";

/**
 * Marks each Kubernetes object to win its server-side apply conflicts: taking over a release that
 * `helm install` or Argo CD made means owning fields that their field managers set (the engine
 * showed `conflict with "kubectl-create" using v1: .data.password`).
 */
const forceApply: pulumi.ResourceTransform = ({ type, props, opts }) => {
    if (!type.startsWith("kubernetes:") || type.startsWith("kubernetes:helm.sh/")) return undefined;
    const metadata = (props.metadata ?? {}) as Record<string, unknown>;
    const annotations = (metadata.annotations ?? {}) as Record<string, unknown>;
    return {
        props: {
            ...props,
            metadata: { ...metadata, annotations: { ...annotations, [PATCH_FORCE]: "true" } },
        },
        opts,
    };
};

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

    constructor(
        name: string,
        args: AlloyMonitoringArgs | PlannedAlloyMonitoringArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        const { lokiPassword, lokiNextPassword } = args;
        // A library caller's settings are checked here, once, before anything is registered (this
        // component included); a program hands the plan it has already checked.
        const plan =
            "plan" in args
                ? args.plan
                : planOrThrow({ ...args, lokiPassword: undefined, lokiNextPassword: undefined });
        super(
            "alloy-monitoring:index:AlloyMonitoring",
            name,
            // What the policy pack reads to follow this stack's own choices (README, "Policies"):
            // the namespace it labels privileged and the Secret whose data must stay secret.
            {
                namespace: plan.spec.namespace,
                lokiSecretName: plan.spec.loki.secretName,
                allowInsecureTls: plan.spec.allowInsecureTls,
            },
            {
                ...opts,
                // On every object below, the charts' included: see forceApply.
                transforms: [...(opts?.transforms ?? []), ...(plan.takeOver ? [forceApply] : [])],
            },
        );
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
                ...(spec.loki.nextUsername !== undefined && lokiNextPassword !== undefined
                    ? { next: { username: spec.loki.nextUsername, password: lokiNextPassword } }
                    : {}),
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
            {
                namespace,
                source: plan.charts.alloyOperator,
                values: plan.alloyOperatorValues,
                retainCrds: !plan.removeCrdsOnDestroy,
            },
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
