// Which cluster a stack deploys to. A stack names it explicitly; the program never falls back to
// whatever kubeconfig context happens to be active on the machine that runs `pulumi up`.
import type { RawConfig } from "./decode";
import { type ConfigProblem, suggest } from "./problems";
import { removeKey, renderFix, setKey } from "./fixes";

/** The Kubernetes provider's own config keys, read here to build the program's explicit provider. */
export const KUBERNETES_CONTEXT = "kubernetes:context";
export const KUBERNETES_KUBECONFIG = "kubernetes:kubeconfig";
/**
 * Pulumi.yaml's project setting that turns the default Kubernetes provider off: every Kubernetes
 * resource uses the program's explicit provider, built from the binding.
 */
export const DISABLED_DEFAULT_PROVIDERS = {
    key: "pulumi:disable-default-providers",
    value: ["kubernetes"],
    comment:
        "Every Kubernetes resource uses the program's explicit provider (built from the stack's cluster\nbinding); this turns a missed one into an error instead of a deploy to the active kubeconfig.",
} as const;

/** This program's key for pipelines that hand every job its own kubeconfig. */
export const AMBIENT_KUBECONFIG = "ambientKubeconfig";

export type ClusterBinding =
    /** A context of the kubeconfig on the machine (KUBECONFIG or ~/.kube/config). */
    | { source: "context"; context: string }
    /** A kubeconfig from stack config: its contents (a secret) or a path; the context in it optional. */
    | { source: "kubeconfig"; secret: boolean; context?: string }
    /** Explicitly the environment's kubeconfig or in-cluster credentials (CI jobs that bring their own). */
    | { source: "ambient"; context?: string };

const SET_CONTEXT = setKey("kubernetes:context", "<kubeconfig-context>");
const SET_KUBECONFIG = setKey("kubernetes:kubeconfig", undefined, {
    secret: true,
    fromFile: "<kubeconfig-file>",
});

/** The provider keys the program's explicit provider is built from; the CLI hands it no others. */
const PROVIDER_KEYS = [KUBERNETES_CONTEXT, KUBERNETES_KUBECONFIG];

/**
 * Other `kubernetes:` keys: a typo of a binding key, or a key that does nothing (the default
 * provider that would read it is disabled). `meantBinding`: a typo stands for a binding key that is
 * missing, whose own "not set" problem would only repeat it.
 */
function providerKeyProblems(raw: RawConfig): { problems: ConfigProblem[]; meantBinding: boolean } {
    const problems: ConfigProblem[] = [];
    let meantBinding = false;
    for (const key of Object.keys(raw.values)
        .filter((k) => k.startsWith("kubernetes:"))
        .sort()) {
        if (PROVIDER_KEYS.includes(key)) continue;
        const near = suggest(key, PROVIDER_KEYS);
        if (near !== undefined && raw.values[near] === undefined) {
            meantBinding = true;
            const secret = raw.secretKeys.has(key) || near === KUBERNETES_KUBECONFIG;
            problems.push({
                code: "provider-key-typo",
                key,
                message: `is not a key of the Kubernetes provider; did you mean ${near}?`,
                fix: [
                    removeKey(key),
                    secret
                        ? SET_KUBECONFIG
                        : setKey(
                              near,
                              isKubeconfigContents(raw.values[key]) || raw.values[key] === ""
                                  ? "<kubeconfig-context>"
                                  : raw.values[key],
                          ),
                ],
            });
            continue;
        }
        problems.push({
            code: "provider-key-inert",
            key,
            message: `has no effect: this program deploys through its own Kubernetes provider, built from ${PROVIDER_KEYS.join(" and ")} only (the default provider, which reads the other kubernetes: keys, is disabled)`,
            fix: [removeKey(key)],
        });
    }
    return { problems, meantBinding };
}

/** A kubeconfig's contents rather than its path: they hold credentials. */
function isKubeconfigContents(value: string): boolean {
    return /[\r\n]/.test(value) || /^\s*[{[]/.test(value) || /^\s*apiVersion\s*:/.test(value);
}

/**
 * Reads the binding from raw config. `ambient` is the checked value of `ambientKubeconfig`. Never
 * quotes a kubeconfig, which may carry tokens and keys.
 */
export function decodeClusterBinding(
    raw: RawConfig,
    ambient: boolean,
): { binding?: ClusterBinding; problems: ConfigProblem[] } {
    const problems: ConfigProblem[] = [];
    // A key left empty in the stack file (`kubernetes:context:`) reaches the program as the CLI
    // marshals YAML null: the text "null".
    const given = (key: string) => (raw.values[key] === "null" ? "" : raw.values[key]);
    const context = given(KUBERNETES_CONTEXT);
    const kubeconfig = given(KUBERNETES_KUBECONFIG);
    const kubeconfigSecret = raw.secretKeys.has(KUBERNETES_KUBECONFIG);

    if (context !== undefined && context.trim() === "")
        problems.push({
            code: "context-empty",
            key: KUBERNETES_CONTEXT,
            message: "is empty: name the kubeconfig context of this stack's cluster",
            fix: [SET_CONTEXT],
        });
    if (kubeconfig !== undefined) {
        if (kubeconfig.trim() === "")
            problems.push({
                code: "kubeconfig-empty",
                key: KUBERNETES_KUBECONFIG,
                message: "is empty: give the cluster's kubeconfig (as a secret) or its path",
                fix: [SET_KUBECONFIG],
            });
        else if (!kubeconfigSecret && isKubeconfigContents(kubeconfig))
            problems.push({
                code: "kubeconfig-plaintext",
                key: KUBERNETES_KUBECONFIG,
                message:
                    "holds a kubeconfig in plaintext in the stack file; its credentials must be an encrypted secret (its contents are not shown here)",
                fix: [removeKey(KUBERNETES_KUBECONFIG), SET_KUBECONFIG],
            });
        if (ambient)
            problems.push({
                code: "binding-conflict",
                key: AMBIENT_KUBECONFIG,
                message:
                    "is true, but kubernetes:kubeconfig names a kubeconfig too: choose the stack's (remove ambientKubeconfig) or the environment's (pulumi config rm kubernetes:kubeconfig)",
                fix: [removeKey(AMBIENT_KUBECONFIG)],
            });
    }
    const typos = providerKeyProblems(raw);
    problems.push(...typos.problems);
    if (context === undefined && kubeconfig === undefined && !ambient && !typos.meantBinding)
        problems.push({
            code: "no-cluster-binding",
            key: KUBERNETES_CONTEXT,
            message: `is not set, nor kubernetes:kubeconfig: this stack does not say which cluster it deploys to, and the program never falls back to the kubeconfig context that happens to be active; name a context of your kubeconfig, or give the stack its kubeconfig (${renderFix([SET_KUBECONFIG])}), or, for a CI job that provides its own, pulumi config set ambientKubeconfig true`,
            fix: [SET_CONTEXT],
        });
    if (problems.length > 0) return { problems };

    const named = context !== undefined ? { context } : {};
    if (kubeconfig !== undefined)
        return { binding: { source: "kubeconfig", secret: kubeconfigSecret, ...named }, problems };
    if (ambient) return { binding: { source: "ambient", ...named }, problems };
    return { binding: { source: "context", context }, problems };
}
