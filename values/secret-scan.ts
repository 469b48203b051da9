// No secret may reach chart values: Pulumi keeps them in state and in every rendered object in
// plaintext. This walks whatever a stack adds to the values (the `values` overrides, integration
// instances) and refuses anything that is or carries a credential, without ever quoting it.
import { type ConfigProblem, configPath } from "../config/problems";
import { removeKey } from "../config/fixes";
import { credentialReason, isSecretObject, MAX_DEPTH, walk } from "../policy/shared";

/**
 * Problems for every credential in `tree`, a part of the stack config at `root` (e.g. `["values"]`).
 * Messages name the key and never the value.
 */
export function secretProblems(tree: unknown, root: readonly (string | number)[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const report = (code: string, path: readonly (string | number)[], message: string) =>
        problems.push({
            code,
            key: configPath(path),
            message,
            fix: [removeKey(configPath(path))],
        });
    // A Secret object is reported whole; what it holds is not walked.
    for (const { path, value, parent, tooDeep } of walk(tree, root, (n) =>
        isSecretObject(n.value),
    )) {
        if (tooDeep)
            report(
                "too-deep",
                path,
                `is nested more than ${MAX_DEPTH} levels deep: chart values are never that deep`,
            );
        else if (isSecretObject(value))
            report(
                "secret-in-values",
                path,
                "is a Kubernetes Secret with data, written into chart values, which are stored in plaintext: create the Secret outside the chart (kubectl, External Secrets, SOPS) and reference it by name",
            );
        else {
            const reason = credentialReason(path, value, parent);
            if (reason)
                report(
                    "credential-in-values",
                    path,
                    `holds ${reason} (not shown here): chart values are stored in Pulumi state and in the rendered objects in plaintext; keep the secret in a Kubernetes Secret and reference it (e.g. a destination's secret: { create: false, name, namespace } with auth.passwordKey)`,
                );
        }
    }
    return problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
