import { Secret } from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_LABELS } from "./labels";
import { RandomPassword } from "@pulumi/random/randomPassword";

/** Generated passwords: long, and without characters that trip up htpasswd files or URLs. */
export const GENERATED_PASSWORD_LENGTH = 32;

export interface TenantCredentialsArgs {
    /** Namespace of the Secret. */
    namespace: pulumi.Input<string>;
    /** Name of the Secret the chart reads (`destinations.loki.secret.name`). */
    secretName: string;
    /** Basic-auth user. */
    username: string;
    /** Tenant ID, sent as X-Scope-OrgID. */
    tenantId: string;
    /** The password; when undefined, a random one is generated and kept in state as a secret. */
    password?: pulumi.Input<string>;
    /** Keys of the Secret, as the chart's destination names them. */
    keys: { username: string; password: string; tenantId: string };
}

/**
 * A tenant's credentials in a Kubernetes Secret that the chart only references, so that the
 * password never passes through chart values (which Pulumi would store in plaintext).
 */
export class TenantCredentials extends pulumi.ComponentResource {
    readonly secret: Secret;
    /** The password, always a secret Output. */
    readonly password: pulumi.Output<string>;
    /** Present when the password was generated here. */
    readonly generatedPassword?: RandomPassword;

    constructor(name: string, args: TenantCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("alloy-monitoring:index:TenantCredentials", name, {}, opts);

        if (args.password === undefined)
            this.generatedPassword = new RandomPassword(
                `${name}-password`,
                { length: GENERATED_PASSWORD_LENGTH, special: false },
                { parent: this },
            );
        // Marked secret here too: RandomPassword's own marking is applied by the engine, not the SDK.
        this.password = pulumi.secret(args.password ?? this.generatedPassword!.result);

        this.secret = new Secret(
            `${name}-secret`,
            {
                metadata: {
                    name: args.secretName,
                    namespace: args.namespace,
                    labels: MANAGED_LABELS,
                },
                type: "Opaque",
                stringData: {
                    [args.keys.username]: args.username,
                    [args.keys.password]: this.password,
                    [args.keys.tenantId]: args.tenantId,
                },
            },
            { parent: this, additionalSecretOutputs: ["data", "stringData"] },
        );

        this.registerOutputs({ secret: this.secret, password: this.password });
    }
}
