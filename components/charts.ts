import { Chart } from "@pulumi/kubernetes/helm/v4";
import * as pulumi from "@pulumi/pulumi";
import type { ChartSource } from "../values/plan";

export interface ChartArgs {
    /** Namespace of the release. */
    namespace: pulumi.Input<string>;
    /** Chart name (or oci:// reference), exact version and repository. */
    source: ChartSource;
    /** Chart values. They must hold no secret: rendered objects keep them in plaintext. */
    values: Record<string, unknown>;
    /**
     * Leave the chart's CustomResourceDefinitions in the cluster on destroy (`retainOnDelete`).
     * Default: false, they are deleted with the release.
     */
    retainCrds?: boolean;
}

export const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * Marks the chart's CRDs `retainOnDelete`. A transform, since `helm.v4.Chart` registers its objects
 * itself; the engine applies it to each child the provider registers.
 */
const retainCrds: pulumi.ResourceTransform = ({ type, props, opts }) =>
    type === CRD_TYPE
        ? { props, opts: pulumi.mergeOptions(opts, { retainOnDelete: true }) }
        : undefined;

/**
 * A chart rendered by `helm.v4.Chart` with a fixed release name, so that the names of the objects it
 * renders stay the same across stacks. The component's `dependsOn` also applies to the chart itself.
 */
abstract class ReleasedChart extends pulumi.ComponentResource {
    readonly chart: Chart;

    protected constructor(
        type: string,
        releaseName: string,
        name: string,
        args: ChartArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        // The chart's source and values as this component's inputs: helm.v4.Chart is a remote
        // component, and what policies and reviewers see of it on the engine is only what its
        // provider registers, without them (tests/engine showed `chart undefined`).
        super(
            type,
            name,
            {
                chart: args.source.chart,
                version: args.source.version,
                ...(args.source.repositoryOpts
                    ? { repository: args.source.repositoryOpts.repo }
                    : {}),
                values: args.values,
                retainCrds: args.retainCrds ?? false,
            },
            opts,
        );
        this.chart = new Chart(
            name,
            {
                name: releaseName,
                namespace: args.namespace,
                chart: args.source.chart,
                version: args.source.version,
                ...(args.source.repositoryOpts
                    ? { repositoryOpts: args.source.repositoryOpts }
                    : {}),
                values: args.values,
            },
            {
                parent: this,
                dependsOn: opts?.dependsOn,
                ...(args.retainCrds ? { transforms: [retainCrds] } : {}),
            },
        );
        this.registerOutputs({ resources: this.chart.resources });
    }
}

/**
 * The Alloy Operator and its CRD, as a release of its own: k8s-monitoring depends on it, so on destroy
 * the collectors (Alloy objects) go first while the operator can still clear their finalizers. The
 * CRD is cluster-wide: kept on destroy unless the stack asks (`crds.removeOnDestroy`).
 */
export class AlloyOperator extends ReleasedChart {
    static readonly releaseName = "alloy-operator";
    constructor(name: string, args: ChartArgs, opts?: pulumi.ComponentResourceOptions) {
        super("alloy-monitoring:index:AlloyOperator", AlloyOperator.releaseName, name, args, opts);
    }
}

/** Grafana's k8s-monitoring chart: the collectors, their features and destinations. */
export class K8sMonitoring extends ReleasedChart {
    static readonly releaseName = "k8s-monitoring";
    constructor(name: string, args: ChartArgs, opts?: pulumi.ComponentResourceOptions) {
        super("alloy-monitoring:index:K8sMonitoring", K8sMonitoring.releaseName, name, args, opts);
    }
}
