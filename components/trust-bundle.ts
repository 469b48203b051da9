import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_LABELS } from "./labels";

export interface TrustBundleArgs {
    /** Namespace the collectors run in; the ConfigMap must live there. */
    namespace: pulumi.Input<string>;
    /** Name of the ConfigMap. */
    configMap: string;
    /** Key of the PEM bundle inside the ConfigMap. */
    key: string;
    /**
     * PEM-encoded CA certificates. When given, the ConfigMap is created here; when absent, it is an
     * existing one (for example a trust-manager Bundle target) and nothing is created.
     */
    pem?: string;
}

/** The CA bundle the collectors trust for TLS to Loki and Mimir. */
export class TrustBundle extends pulumi.ComponentResource {
    readonly configMapName: string;
    readonly key: string;
    /** The ConfigMap made from `pem`, if any. */
    readonly configMap?: ConfigMap;

    constructor(name: string, args: TrustBundleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("alloy-monitoring:index:TrustBundle", name, {}, opts);
        this.configMapName = args.configMap;
        this.key = args.key;
        if (args.pem !== undefined)
            this.configMap = new ConfigMap(
                `${name}-configmap`,
                {
                    metadata: {
                        name: args.configMap,
                        namespace: args.namespace,
                        labels: MANAGED_LABELS,
                    },
                    data: { [args.key]: args.pem },
                },
                { parent: this },
            );
        this.registerOutputs({ configMapName: this.configMapName, key: this.key });
    }
}
