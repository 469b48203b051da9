/** A plain object (what YAML and JSON call a map): not null, not a list. */
export function isMap(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
