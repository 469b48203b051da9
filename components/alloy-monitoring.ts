import { Namespace } from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { UnresolvedArg } from "../config/decode";
import { setKey, editStackFile } from "../config/fixes";
import { type ConfigProblem, formatArgsProblems, quote } from "../config/problems";
import { SECRET_ARG_KEYS } from "../config/schema";
import { type ComponentArgsSeen, type PasswordArg, planComponent } from "../values/component";
import { loadChartModel } from "../values/chart-model";
import type { DeploymentPlan } from "../values/plan";
import type { AlloyMonitoringArgs } from "./alloy-monitoring-args";
import { AlloyOperator, K8sMonitoring } from "./charts";
import { MANAGED_LABELS } from "./labels";
import { readPackageFile } from "./package-files";
import { TenantCredentials } from "./tenant-credentials";
import { TrustBundle } from "./trust-bundle";

export type * from "./alloy-monitoring-args";

export const ALLOY_MONITORING_TYPE = "alloy-monitoring:index:AlloyMonitoring";

/** The outputs that are secrets (the package's schema marks them; tests check the program's). */
export const SECRET_OUTPUTS = ["lokiHtpasswd", "lokiPassword"] as const;

/** Where Loki is, as the collectors reach it: its push URL, tenant, user and the Secret they read. */
export interface LokiEndpoint {
    /** Loki's push URL. */
    url: string;
    /** The tenant (`X-Scope-OrgID`). */
    tenantId: string;
    /** The basic-auth user. */
    username: string;
    /** The Secret (in `namespace`) that holds the tenant, user and password the collectors send. */
    secretName: string;
}

/** Where Mimir is: its remote-write URL, tenant and, with the rules sync, its ruler. */
export interface MimirEndpoint {
    /** Mimir's remote-write URL. */
    url: string;
    /** The tenant (`X-Scope-OrgID`). */
    tenantId: string;
    /** The ruler API's base URL (the rules sync); absent without it. */
    rulerUrl?: string;
}

/** The CA bundle every collector trusts. */
export interface TrustBundleMount {
    /** The ConfigMap that holds it. */
    configMap: string;
    /** Its key in the ConfigMap. */
    key: string;
    /** Its path in the collector pods (`tls.caFile`). */
    caFile: string;
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

/** Args the component could not read as plain values, as problems at their keys. */
function unresolvedProblems(settings: Record<string, unknown>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const visit = (value: unknown, key: string, depth: number) => {
        if (value instanceof UnresolvedArg)
            problems.push(
                value.reason === "secret"
                    ? {
                          code: "secret-not-allowed",
                          key,
                          message:
                              "is a secret, but only lokiPassword and lokiNextPassword may be: this value goes into chart values, which Pulumi stores in plaintext (its value is not shown here)",
                          fix: [setKey(key, "<value>")],
                      }
                    : {
                          code: "arg-not-known",
                          key,
                          message:
                              "is not known yet (an output of a resource still to be created): AlloyMonitoring checks and plans its charts from known values before it creates anything, so give it a value known before the deployment",
                          fix: [
                              editStackFile(
                                  `give ${key} a literal or a config value instead of another resource's output`,
                              ),
                          ],
                      },
            );
        else if (pulumi.Output.isInstance(value))
            problems.push({
                code: "arg-is-output",
                key,
                message:
                    "is an Output: AlloyMonitoring checks and plans its charts from plain values before it creates anything",
                fix: [editStackFile(`pass ${key} as a plain value`)],
            });
        else if (depth < 64 && value !== null && typeof value === "object")
            for (const [k, v] of Object.entries(value))
                visit(v, Array.isArray(value) ? `${key}[${k}]` : `${key}.${k}`, depth + 1);
    };
    for (const [key, value] of Object.entries(settings)) visit(value, key, 0);
    return problems;
}

function passwordArg(value: unknown): PasswordArg {
    if (value === undefined || value === null || value === "") return "absent";
    return typeof value === "string" ? "plain" : "secret";
}

/** Whether the options name a Kubernetes provider, or the parent hands one down. */
function hasKubernetesProvider(opts: pulumi.ComponentResourceOptions | undefined): boolean {
    // The package of a provider: the SDK's own method, not in its typings.
    const packageOf = (p: pulumi.ProviderResource) =>
        (p as unknown as { getPackage?: () => string }).getPackage?.();
    if (opts?.provider && packageOf(opts.provider) === "kubernetes") return true;
    const providers = opts?.providers;
    if (Array.isArray(providers)) {
        if (providers.some((p) => packageOf(p) === "kubernetes")) return true;
    } else if (providers && "kubernetes" in providers) return true;
    return opts?.parent?.getProvider("kubernetes::Namespace") !== undefined;
}

/** Checks and plans the args before anything is registered; the report names every problem. */
function planOrThrow(
    name: string,
    args: AlloyMonitoringArgs,
    opts: pulumi.ComponentResourceOptions | undefined,
): DeploymentPlan {
    const raw = (args ?? {}) as unknown as Record<string, unknown>;
    const settings = Object.fromEntries(
        Object.entries(raw).filter(([key]) => !SECRET_ARG_KEYS.includes(key)),
    );
    const unresolved = unresolvedProblems(settings);
    const seen: ComponentArgsSeen = {
        settings,
        passwords: Object.fromEntries(SECRET_ARG_KEYS.map((key) => [key, passwordArg(raw[key])])),
        kubernetesProvider: hasKubernetesProvider(opts),
        unresolved,
    };
    const { plan, problems } = planComponent(seen, {
        chartModel: (chart, version) => loadChartModel(readPackageFile, chart, version),
    });
    // A RunError shows its message without a stack trace: the message is the whole report.
    if (!plan)
        throw new pulumi.RunError(formatArgsProblems(`AlloyMonitoring ${quote(name)}`, problems));
    return plan;
}

/**
 * A cluster's telemetry pipeline: namespace, Loki credentials, trust bundle, the Alloy Operator and
 * Grafana's k8s-monitoring chart with three Alloy collectors sending metrics to Mimir and logs to
 * Loki. Its args are the stack config's keys; every one is checked, and every problem reported at
 * once, before anything is created. Every Kubernetes object goes through the Kubernetes provider
 * its options pass; without one it refuses, rather than use an ambient kubeconfig.
 *
 * Create order is namespace → Secret/ConfigMap → operator and CRD → collectors; destroy runs in
 * reverse, which stands in for the chart's cleanup hooks that `helm.v4.Chart` does not run.
 */
export class AlloyMonitoring extends pulumi.ComponentResource {
    /** The namespace everything is in. */
    readonly namespace: pulumi.Output<string>;
    /** The k8s-monitoring chart's version. */
    readonly chartVersion: pulumi.Output<string>;
    /** The Alloy collectors the chart runs (`alloy-metrics`, `alloy-singleton`, `alloy-logs`, …). */
    readonly collectors: pulumi.Output<string[]>;
    /** The cluster's name: `cluster.name` on all telemetry. */
    readonly clusterName: pulumi.Output<string>;
    /** Where the logs go. */
    readonly loki: pulumi.Output<LokiEndpoint>;
    /** Where the metrics go. */
    readonly mimir: pulumi.Output<MimirEndpoint>;
    /** The CA bundle every collector trusts; absent when they trust the system's CAs. */
    readonly trustBundle?: pulumi.Output<TrustBundleMount>;
    /** The names of the blackbox probes. */
    readonly blackboxTargets: pulumi.Output<string[]>;
    /** Whether chart values may turn TLS verification off (the policy pack reads it). */
    readonly allowInsecureTls: pulumi.Output<boolean>;
    /**
     * Loki's side of basic auth, a secret: htpasswd lines (bcrypt) for the gateway, one per user
     * (two during a password rotation).
     */
    readonly lokiHtpasswd: pulumi.Output<string>;
    /** The generated Loki password, a secret; absent when the args give one. */
    readonly lokiPassword?: pulumi.Output<string>;

    constructor(name: string, args: AlloyMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan = planOrThrow(name, args, opts);
        const { spec } = plan;
        // The policy pack follows what the component declares (README, "Policies"): its namespace,
        // Loki Secret and TLS opt-in, read from its outputs (registered below) and these inputs.
        const declared = {
            namespace: spec.namespace,
            loki: { secretName: spec.loki.secretName },
            allowInsecureTls: spec.allowInsecureTls,
        };
        super(ALLOY_MONITORING_TYPE, name, declared, {
            ...opts,
            // On every object below, the charts' included: see forceApply.
            transforms: [...(opts?.transforms ?? []), ...(plan.takeOver ? [forceApply] : [])],
        });

        const namespaceResource = new Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: spec.namespace,
                    labels: { ...POD_SECURITY_LABELS, ...MANAGED_LABELS },
                },
            },
            { parent: this },
        );
        const namespace = namespaceResource.metadata.name;

        const lokiCredentials = new TenantCredentials(
            `${name}-loki`,
            {
                namespace,
                secretName: spec.loki.secretName,
                username: spec.loki.username,
                tenantId: spec.loki.tenantId,
                ...(args.lokiPassword ? { password: args.lokiPassword } : {}),
                keys: plan.lokiSecretKeys,
                ...(spec.loki.nextUsername !== undefined && args.lokiNextPassword
                    ? {
                          next: {
                              username: spec.loki.nextUsername,
                              password: args.lokiNextPassword,
                          },
                      }
                    : {}),
            },
            { parent: this },
        );

        const trustBundle = spec.trustBundle
            ? new TrustBundle(
                  `${name}-trust-bundle`,
                  {
                      namespace,
                      configMap: spec.trustBundle.configMap,
                      key: spec.trustBundle.key,
                      pem: spec.trustBundle.pem,
                  },
                  { parent: this },
              )
            : undefined;

        const operator = new AlloyOperator(
            `${name}-operator`,
            {
                namespace,
                source: plan.charts.alloyOperator,
                values: plan.alloyOperatorValues,
                retainCrds: !plan.removeCrdsOnDestroy,
            },
            { parent: this, dependsOn: [namespaceResource] },
        );

        const inputs: pulumi.Resource[] = [namespaceResource, lokiCredentials.secret];
        if (trustBundle?.configMap) inputs.push(trustBundle.configMap);
        new K8sMonitoring(
            `${name}-k8s-monitoring`,
            { namespace, source: plan.charts.k8sMonitoring, values: plan.values },
            { parent: this, dependsOn: [...inputs, operator.chart] },
        );

        this.namespace = namespace;
        this.chartVersion = pulumi.output(plan.charts.k8sMonitoring.version);
        this.collectors = pulumi.output(plan.collectors);
        this.clusterName = pulumi.output(spec.clusterName);
        this.loki = pulumi.output({
            url: spec.loki.url,
            tenantId: spec.loki.tenantId,
            username: spec.loki.username,
            secretName: lokiCredentials.secret.metadata.name,
        });
        this.mimir = pulumi.output({
            url: spec.mimir.url,
            tenantId: spec.mimir.tenantId,
            ...(spec.mimir.rulerUrl !== undefined ? { rulerUrl: spec.mimir.rulerUrl } : {}),
        });
        if (spec.trustBundle)
            this.trustBundle = pulumi.output({
                configMap: spec.trustBundle.configMap,
                key: spec.trustBundle.key,
                caFile: spec.trustBundle.caFile,
            });
        this.blackboxTargets = pulumi.output(spec.blackboxTargets.map((t) => t.name));
        this.allowInsecureTls = pulumi.output(spec.allowInsecureTls);
        this.lokiHtpasswd = lokiCredentials.htpasswd;
        if (lokiCredentials.generatedPassword) this.lokiPassword = lokiCredentials.password;

        this.registerOutputs(this.outputs());
    }

    /**
     * The outputs by name, as a stack exports them: a key that is absent is left out, not
     * undefined (an undefined stack output draws a warning).
     */
    outputs(): Record<string, pulumi.Output<unknown>> {
        const outputs: Record<string, pulumi.Output<unknown>> = {
            namespace: this.namespace,
            chartVersion: this.chartVersion,
            collectors: this.collectors,
            clusterName: this.clusterName,
            loki: this.loki,
            mimir: this.mimir,
            blackboxTargets: this.blackboxTargets,
            allowInsecureTls: this.allowInsecureTls,
            lokiHtpasswd: this.lokiHtpasswd,
        };
        if (this.trustBundle) outputs.trustBundle = this.trustBundle;
        if (this.lokiPassword) outputs.lokiPassword = this.lokiPassword;
        return outputs;
    }
}
