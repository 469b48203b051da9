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
}

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
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.registerOutputs({ resources: this.chart.resources });
    }
}

/**
 * The Alloy Operator and its CRD, as a release of its own: k8s-monitoring depends on it, so on destroy
 * the collectors (Alloy objects) go first while the operator can still clear their finalizers.
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
