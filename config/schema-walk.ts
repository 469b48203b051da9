// Reading a zod schema's structure, written once: the fixes (a key's known keys and default) and the
// generated docs (a key's documentation, whether it is required, its default) both unwrap the same
// wrappers.
import type { z } from "zod";

type Def = {
    type?: string;
    defaultValue?: unknown;
    innerType?: z.ZodType;
    in?: z.ZodType;
    out?: z.ZodType;
};
export const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

export interface Unwrapped {
    /** The schema under its wrappers (optional, default, prefault, nullable, pipe). */
    inner: z.ZodType;
    /** Every wrapper on the way and the inner schema, outermost first (each may carry metadata). */
    layers: z.ZodType[];
    /** Neither optional nor defaulted. */
    required: boolean;
    hasDefault: boolean;
    /** A default's value; a prefault's is parsed, so an object's is what its fields' defaults make. */
    defaultValue?: unknown;
}

export function unwrapSchema(schema: z.ZodType): Unwrapped {
    let node = schema;
    const layers: z.ZodType[] = [];
    let required = true;
    let hasDefault = false;
    let defaultValue: unknown;
    for (let guard = 0; guard < 64; guard++) {
        layers.push(node);
        const def = defOf(node);
        if (def.type === "default" || def.type === "prefault") {
            required = false;
            hasDefault = true;
            defaultValue = def.type === "prefault" ? node.parse(undefined) : def.defaultValue;
        } else if (def.type === "optional") required = false;
        else if (def.type !== "nullable" && def.type !== "nonoptional" && def.type !== "pipe")
            break;
        // A pipe from a preprocess step (a transform) into the schema: the schema is what counts.
        node = (
            def.type === "pipe"
                ? defOf(def.in!).type === "transform"
                    ? def.out
                    : def.in
                : def.innerType
        )!;
    }
    return { inner: node, layers, required, hasDefault, defaultValue };
}

/** The schema at `path` (keys, list items, record values) of `schema`, unwrapped, or undefined. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): Unwrapped | undefined {
    let here = unwrapSchema(schema);
    for (const step of path) {
        const { inner } = here;
        const def = defOf(inner);
        const next =
            def.type === "object"
                ? (inner as unknown as { shape: Record<string, z.ZodType> }).shape[String(step)]
                : def.type === "array"
                  ? (inner as unknown as { element: z.ZodType }).element
                  : def.type === "record"
                    ? (inner as unknown as { valueType: z.ZodType }).valueType
                    : undefined;
        if (next === undefined) return undefined;
        here = unwrapSchema(next);
    }
    return here;
}
