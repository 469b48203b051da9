// Untrusted trees: stack config is JSON that anyone may have typed, merged or pasted. Everything that
// walks or merges it goes through these, so that no input can crash the program, hang it, or reach
// an object's prototype.
import { isMap, MAX_DEPTH } from "../policy/shared";
import { type ConfigProblem, configPath } from "./problems";
import { removeKey } from "./fixes";

/** A plain object (what YAML and JSON call a map): not null, not a list. */
export { isMap };

export const LIMITS = {
    /** Nesting of any config value: chart values are a dozen levels deep at most. */
    depth: MAX_DEPTH,
    /** Size of one config value as the CLI hands it over (a large CA bundle is about 250 KB). */
    bytes: 1024 * 1024,
} as const;

/** Helm's `empty`: what a template's `if not` treats as absent. */
export function isHelmEmpty(value: unknown): boolean {
    return (
        value === undefined ||
        value === null ||
        value === "" ||
        value === false ||
        value === 0 ||
        (Array.isArray(value) && value.length === 0) ||
        (isMap(value) && Object.keys(value).length === 0)
    );
}

/** Indices of the items whose `name` an earlier item has: list names must be unique. */
export function repeatedNameIndices(items: readonly unknown[]): number[] {
    const seen = new Set<unknown>();
    const repeated: number[] = [];
    items.forEach((item, index) => {
        const name = isMap(item) ? item.name : undefined;
        if (name === undefined) return;
        if (seen.has(name)) repeated.push(index);
        seen.add(name);
    });
    return repeated;
}

/** Keys that name an object's machinery in JavaScript: never chart values, refused wherever they appear. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
    "__proto__",
    "constructor",
    "prototype",
]);

/**
 * Problems with the shape of an untrusted tree at `root`: nesting deeper than LIMITS.depth, reserved
 * or empty keys. Iterative and linear in the tree's size; a tree without problems is safe to walk
 * and merge recursively.
 */
export function treeProblems(tree: unknown, root: readonly (string | number)[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const pending: { node: unknown; path: (string | number)[] }[] = [
        { node: tree, path: [...root] },
    ];
    while (pending.length > 0) {
        const { node, path } = pending.pop()!;
        if (node === null || typeof node !== "object") continue;
        if (path.length - root.length >= LIMITS.depth) {
            problems.push({
                code: "too-deep",
                key: configPath(path),
                message: `is nested more than ${LIMITS.depth} levels deep, which no chart value is`,
                fix: [removeKey(configPath(path))],
            });
            continue;
        }
        if (Array.isArray(node)) {
            node.forEach((item, index) => pending.push({ node: item, path: [...path, index] }));
            continue;
        }
        for (const key of Object.keys(node)) {
            const at = configPath([...path, key]);
            if (RESERVED_KEYS.has(key) || key === "")
                problems.push({
                    code: "reserved-key",
                    key: at,
                    message:
                        key === ""
                            ? "is a key with an empty name, which no chart value has"
                            : `is named ${key}, which JavaScript reserves and no chart value uses`,
                    fix: [removeKey(at)],
                });
            else
                pending.push({
                    node: (node as Record<string, unknown>)[key],
                    path: [...path, key],
                });
        }
    }
    return problems;
}
