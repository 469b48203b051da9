import { Secret } from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_LABELS } from "./labels";
import { RandomId } from "@pulumi/random/randomId";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { htpasswdLine, SALT_BYTES } from "../values/htpasswd";

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
    /**
     * During a rotation, the next credentials: in `htpasswd` beside the current ones, not in the
     * Secret. Default: none.
     */
    next?: { username: string; password: pulumi.Input<string> };
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
    /**
     * The gateway's side, always a secret: an htpasswd line (bcrypt) for the current credentials,
     * and one for the next credentials during a rotation.
     */
    readonly htpasswd: pulumi.Output<string>;

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

        // The salt is random once and kept in state, so that each line is the same on every run.
        const salt = new RandomId(
            `${name}-htpasswd-salt`,
            { byteLength: SALT_BYTES },
            { parent: this },
        );
        const next = args.next;
        this.htpasswd = pulumi.secret(
            pulumi
                .all([this.password, salt.hex, next ? next.password : ""])
                .apply(([password, hex, nextPassword]) => {
                    const bytes = Buffer.from(hex, "hex");
                    const lines = [htpasswdLine(args.username, password, bytes)];
                    if (next) lines.push(htpasswdLine(next.username, nextPassword, bytes));
                    return `${lines.join("\n")}\n`;
                }),
        );

        this.registerOutputs({
            secret: this.secret,
            password: this.password,
            htpasswd: this.htpasswd,
        });
    }
}
