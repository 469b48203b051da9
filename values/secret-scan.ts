// No secret may reach chart values: Pulumi keeps them in state and in every rendered object in
// plaintext. This walks whatever a stack adds to the values (the `values` overrides, integration
// instances) and refuses anything that is or carries a credential, without ever quoting it.
import { isMap, LIMITS } from "../config/objects";
import { type ConfigProblem, configPath, removeCommand } from "../config/problems";
import { credentialReason } from "../policy/credentials";

/**
 * Problems for every credential in `tree`, a part of the stack config at `root` (e.g. `["values"]`).
 * Messages name the key and never the value.
 */
export function secretProblems(tree: unknown, root: readonly (string | number)[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const report = (path: readonly (string | number)[], message: string, fix: string) =>
        problems.push({ key: configPath(path), message, fix });
    const pending: { node: unknown; path: (string | number)[]; parent?: unknown }[] = [
        { node: tree, path: [...root] },
    ];
    while (pending.length > 0) {
        const { node, path, parent } = pending.pop()!;
        // Deeper trees are refused rather than walked (the decoder's bound).
        if (path.length - root.length > LIMITS.depth) {
            report(
                path,
                `is nested more than ${LIMITS.depth} levels deep: chart values are never that deep`,
                removeCommand(configPath(path)),
            );
            continue;
        }
        if (typeof node === "string") {
            const reason = credentialReason(path, node, parent);
            if (reason)
                report(
                    path,
                    `holds ${reason} (not shown here): chart values are stored in Pulumi state and in the rendered objects in plaintext; keep the secret in a Kubernetes Secret and reference it (e.g. a destination's secret: { create: false, name, namespace } with auth.passwordKey)`,
                    removeCommand(configPath(path)),
                );
            continue;
        }
        if (Array.isArray(node)) {
            node.forEach((item, index) =>
                pending.push({ node: item, path: [...path, index], parent: node }),
            );
            continue;
        }
        if (!isMap(node)) continue;
        const kind = node.kind;
        if (
            typeof kind === "string" &&
            kind.toLowerCase() === "secret" &&
            (node.data !== undefined || node.stringData !== undefined)
        ) {
            report(
                path,
                "is a Kubernetes Secret with data, written into chart values, which are stored in plaintext: create the Secret outside the chart (kubectl, External Secrets, SOPS) and reference it by name",
                removeCommand(configPath(path)),
            );
            continue;
        }
        for (const key of Object.keys(node))
            pending.push({ node: node[key], path: [...path, key], parent: node });
    }
    return problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
