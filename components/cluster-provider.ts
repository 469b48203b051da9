import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterBinding } from "../config/cluster-binding";

export interface ClusterProviderArgs {
    /** Which cluster, as the stack names it. */
    binding: ClusterBinding;
    /** The kubeconfig's contents or path, with `binding.source` "kubeconfig". */
    kubeconfig?: pulumi.Input<string>;
}

/**
 * The explicit Kubernetes provider of a stack: every Kubernetes resource of the program goes
 * through it (handed down by AlloyMonitoring), never through the default provider, which would use
 * whatever kubeconfig context is active.
 */
export function clusterProvider(
    name: string,
    args: ClusterProviderArgs,
    opts?: pulumi.CustomResourceOptions,
): Provider {
    const { binding } = args;
    return new Provider(
        name,
        {
            // Objects that exist already are adopted, not refused (AlreadyExists, since provider
            // 4.29): the Alloy CRD a destroyed stack kept, another stack's copy of it on the same
            // cluster, a release installed by helm or Argo CD that this stack takes over.
            upsertExistingObjects: true,
            // A collector's configuration (a ConfigMap) changes in place instead of being deleted
            // and made again, which the engine showed for every config change and chart bump.
            enableConfigMapMutable: true,
            ...(binding.context !== undefined ? { context: binding.context } : {}),
            ...(binding.source === "kubeconfig" && args.kubeconfig !== undefined
                ? { kubeconfig: args.kubeconfig }
                : {}),
        },
        opts,
    );
}
