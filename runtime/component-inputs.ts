// What the engine hands a component provider: args deserialized as Outputs where they are secret,
// unknown at preview, or depend on other resources. The component plans from plain values, so each
// arg becomes one here, or an UnresolvedArg it reports (config/decode.ts).
import * as pulumi from "@pulumi/pulumi";
import { UnresolvedArg } from "../config/decode";
import { SECRET_ARG_KEYS } from "../config/schema";

// An Output's state, which the SDK keeps on the object (no public accessor awaits it).
interface OutputState {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
    resources(): Set<pulumi.Resource>;
}

/**
 * Args as the component takes them: an Output becomes its value when it is known and not secret,
 * with its resources as dependencies; otherwise an UnresolvedArg at its place. The passwords stay as
 * they came (the component hands them on as Inputs).
 */
export async function resolveArgs(
    inputs: pulumi.Inputs,
): Promise<{ args: Record<string, unknown>; dependsOn: pulumi.Resource[] }> {
    const dependsOn: pulumi.Resource[] = [];
    const resolve = async (value: unknown, depth: number): Promise<unknown> => {
        if (pulumi.Output.isInstance(value)) {
            const state = value as unknown as OutputState;
            if (!(await state.isKnown)) return new UnresolvedArg("unknown");
            if (await state.isSecret) return new UnresolvedArg("secret");
            dependsOn.push(...state.resources());
            return resolve(await state.promise(), depth + 1);
        }
        // Deeper trees are refused by the component's own checks; nothing here walks them.
        if (depth > 64 || value === null || typeof value !== "object") return value;
        if (Array.isArray(value)) return Promise.all(value.map((v) => resolve(v, depth + 1)));
        const entries = await Promise.all(
            Object.entries(value).map(async ([k, v]) => [k, await resolve(v, depth + 1)] as const),
        );
        return Object.fromEntries(entries);
    };
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs))
        args[key] = SECRET_ARG_KEYS.includes(key) ? value : await resolve(value, 0);
    return { args, dependsOn };
}
