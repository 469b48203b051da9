// No secret may reach chart values: Pulumi keeps them in state and in every rendered object in
// plaintext. This walks whatever a stack adds to the values (the `values` overrides, integration
// instances) and refuses anything that is or carries a credential, without ever quoting it.
import { isMap, LIMITS } from "../config/objects";
import { type ConfigProblem, configPath, removeCommand } from "../config/problems";
import { hasUrlCredentials } from "../config/rules";

// A key whose string value is a credential: the whole key, or its last word (authToken, api_key…).
// Keys that only name one (passwordKey, bearerTokenFile, secretName, clientSecretFrom) do not match.
const SECRET_KEY =
    /(?:^|[-_]|(?<=[a-z]))(?:password|passwd|secret|token|api[-_]?key|access[-_]?key|secret[-_]?key|private[-_]?key|credentials?)$/i;
// A literal secret written into Alloy configuration (`password = "…"`), as opposed to a reference.
const ALLOY_LITERAL_SECRET =
    /\b(?:password|bearer_token|client_secret|secret_key|secret_access_key|api_key|token)\s*=\s*"[^"\s]/;
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

function why(key: string, value: string, path: readonly (string | number)[]): string | undefined {
    if (PRIVATE_KEY_PEM.test(value)) return "holds a private key";
    if (hasUrlCredentials(value)) return "holds a URL with credentials in it";
    if (value === "") return undefined;
    if (SECRET_KEY.test(key)) return `is a literal ${key}`;
    if (key === "key" && path[path.length - 2] === "tls") return "is a literal TLS private key";
    if (ALLOY_LITERAL_SECRET.test(value))
        return "is Alloy configuration with a literal secret in it";
    return undefined;
}

/**
 * Problems for every credential in `tree`, a part of the stack config at `root` (e.g. `["values"]`).
 * Messages name the key and never the value.
 */
export function secretProblems(tree: unknown, root: readonly (string | number)[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const report = (path: readonly (string | number)[], message: string, fix: string) =>
        problems.push({ key: configPath(path), message, fix });
    const pending: { node: unknown; path: (string | number)[] }[] = [
        { node: tree, path: [...root] },
    ];
    while (pending.length > 0) {
        const { node, path } = pending.pop()!;
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
            const reason = why(String(path[path.length - 1] ?? ""), node, path);
            if (reason)
                report(
                    path,
                    `${reason} (not shown here): chart values are stored in Pulumi state and in the rendered objects in plaintext; keep the secret in a Kubernetes Secret and reference it (e.g. a destination's secret: { create: false, name, namespace } with auth.passwordKey)`,
                    removeCommand(configPath(path)),
                );
            continue;
        }
        if (Array.isArray(node)) {
            node.forEach((item, index) => pending.push({ node: item, path: [...path, index] }));
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
        // An environment variable by name and value: { name: API_TOKEN, value: "…" }.
        if (
            typeof node.name === "string" &&
            SECRET_KEY.test(node.name) &&
            typeof node.value === "string" &&
            node.value !== ""
        ) {
            report(
                [...path, "value"],
                `is the literal value of ${node.name} (not shown here): chart values are stored in plaintext; use valueFrom: { secretKeyRef: { name, key } }`,
                removeCommand(configPath([...path, "value"])),
            );
            continue;
        }
        for (const key of Object.keys(node))
            pending.push({ node: node[key], path: [...path, key] });
    }
    return problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
