// The AlloyMonitoring component's planning, for a program that adds the component itself (a
// TypeScript library user, or a YAML, Python or Go program through the package): the same checks as
// a stack's (tryPlanDeployment, rotationProblems), on args instead of raw config, plus what only a
// component's caller can get wrong: a stack's own key, a password that is not a secret, no
// Kubernetes provider. Pure: the component hands in what it saw of its args and options.
import { editStackFile, removeKey, setKey } from "../config/fixes";
import { isMap, RESERVED_KEYS, treeProblems } from "../config/objects";
import { type ConfigProblem, uniqueProblems } from "../config/problems";
import { SECRET_ARG_KEYS, STACK_ONLY_KEYS } from "../config/schema";
import { isUnder } from "../config/decode";
import { type DeploymentPlan, type PlanContext, rotationProblems, tryPlanDeployment } from "./plan";

/** How a password arrived: not at all, as a secret (an Output), or as a plain string. */
export type PasswordArg = "absent" | "secret" | "plain";

/** What the component saw of its args and options, with the passwords reduced to how they came. */
export interface ComponentArgsSeen {
    /** The args as given, but the passwords (never read here). */
    settings: Record<string, unknown>;
    /** Each password arg (SECRET_ARG_KEYS: lokiPassword, lokiNextPassword) by how it came. */
    passwords: Readonly<Record<string, PasswordArg>>;
    /** Whether the options name a Kubernetes provider (or the parent hands one down). */
    kubernetesProvider: boolean;
    /**
     * Problems found before planning, with keys left out of `settings` (an arg not yet known at
     * preview, a secret where a plain value goes): reported with the rest, in one report.
     */
    unresolved?: readonly ConfigProblem[];
}

/** The key under which a missing provider is reported: a resource option, not an arg. */
export const PROVIDER_OPTION = "provider";

/** Plans the component from its args, or returns every problem found; never throws on bad input. */
export function planComponent(
    seen: ComponentArgsSeen,
    context: PlanContext = {},
): { plan?: DeploymentPlan; problems: ConfigProblem[] } {
    const problems: ConfigProblem[] = [...(seen.unresolved ?? [])];
    const withheld = problems.map((p) => p.key);
    const settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(isMap(seen.settings) ? seen.settings : {})) {
        if (isUnder(key, withheld) || value === undefined) continue;
        if (RESERVED_KEYS.has(key)) {
            problems.push({
                code: "reserved-key",
                key,
                message: `is named ${key}, which JavaScript reserves: not an arg of AlloyMonitoring`,
                fix: [removeKey(key)],
            });
            continue;
        }
        const why = STACK_ONLY_KEYS.get(key);
        if (why !== undefined) {
            problems.push({
                code: "stack-only-key",
                key,
                message: `is a stack's own key, which the AlloyMonitoring component does not take (${why})`,
                fix: [removeKey(key)],
            });
            continue;
        }
        const shape = treeProblems(value, [key]);
        if (shape.length > 0) {
            problems.push(...shape);
            continue;
        }
        // An unknown key goes on to the schema, which names the key it probably meant.
        settings[key] = value;
    }
    for (const key of SECRET_ARG_KEYS)
        if (seen.passwords[key] === "plain")
            problems.push({
                code: "password-not-secret",
                key,
                message:
                    "is a plain string; a password must be a secret (its value is not shown here): pass it as one, e.g. a secret config value, `pulumi.secret(…)`, or `fn::secret` in YAML",
                fix: [setKey(key, undefined, { secret: true })],
            });
    if (!seen.kubernetesProvider)
        problems.push({
            code: "no-kubernetes-provider",
            key: PROVIDER_OPTION,
            message:
                "names no Kubernetes provider: every object goes to the cluster of the provider the options pass (`provider` or `providers`), never to an ambient kubeconfig",
            fix: [
                editStackFile(
                    "pass the cluster's Kubernetes provider in AlloyMonitoring's resource options (`provider: <your kubernetes.Provider>`)",
                ),
            ],
        });

    const planned = tryPlanDeployment(settings, context);
    problems.push(...planned.problems.filter((p) => !isUnder(p.key, withheld)));
    if (planned.plan)
        problems.push(
            ...rotationProblems(
                planned.plan.spec.loki,
                (seen.passwords.lokiNextPassword ?? "absent") !== "absent",
            ),
        );
    const unique = uniqueProblems(problems);
    if (unique.length > 0 || !planned.plan) return { problems: unique };
    return { plan: planned.plan, problems: [] };
}
