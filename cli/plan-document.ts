// What a stack will deploy, as a document a reviewer reads: the charts' values exactly as the charts
// receive them, the resources in create order, the stack outputs. Secrets never appear: anything the
// program marked secret reads "[secret]".
import * as pulumi from "@pulumi/pulumi";
import { type ClusterBinding, KUBERNETES_KUBECONFIG } from "../config/cluster-binding";
import type { StackFiles } from "./stack-files";
import type { Evaluation, Registration } from "./evaluate";

export const SECRET = "[secret]";

export interface PlannedChart {
    release: string;
    namespace: string;
    chart: string;
    version: string;
    repository?: string;
    values: Record<string, unknown>;
}

export interface PlannedResource {
    type: string;
    name: string;
    namespace?: string;
    /** `type::name` of the parent; absent for the stack. */
    parent?: string;
    /** `type::name` of the provider it is deployed with (the stack's cluster). */
    provider?: string;
    /** `type::name` of what it waits for (explicit and implicit dependencies). */
    dependsOn: string[];
}

/**
 * Which cluster the stack deploys to, as a reviewer must see it: retargeting a stack is a change
 * like any other. A kubeconfig from stack config shows as its path, or, when it is a secret, as a
 * digest of its ciphertext (which changes when the secret is set again).
 */
export interface PlannedCluster {
    /** context: a context of the deploying machine's kubeconfig; kubeconfig: one from stack config;
     *  ambient: the environment's (`ambientKubeconfig: true`). */
    source: ClusterBinding["source"];
    context?: string;
    kubeconfig?: { path: string } | { secret: true; ciphertext: string };
}

export function plannedCluster(binding: ClusterBinding, files: StackFiles): PlannedCluster {
    const context = binding.context !== undefined ? { context: binding.context } : {};
    if (binding.source !== "kubeconfig") return { source: binding.source, ...context };
    const key = KUBERNETES_KUBECONFIG;
    const kubeconfig = binding.secret
        ? { secret: true as const, ciphertext: files.ciphertexts[key] ?? "(from an environment)" }
        : { path: files.raw.values[key] };
    return { source: "kubeconfig", ...context, kubeconfig };
}

export interface PlanDocument {
    stack: string;
    cluster: PlannedCluster;
    charts: Record<string, PlannedChart>;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
}

/** A value with every secret replaced by the placeholder (the engine's wrapper, or a secret Output). */
export function revealSafe(value: unknown): unknown {
    if (pulumi.runtime.isRpcSecret(value)) return SECRET;
    if (Array.isArray(value)) return value.map(revealSafe);
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSafe(v)]));
    return value;
}

async function resolveOutputs(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const output = value;
        if (await pulumi.isSecret(output)) return SECRET;
        const resolved = await new Promise<unknown>((done) => void output.apply((v) => done(v)));
        return resolveOutputs(resolved);
    }
    if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
    if (value !== null && typeof value === "object")
        return Object.fromEntries(
            await Promise.all(
                Object.entries(value).map(async ([k, v]) => [k, await resolveOutputs(v)] as const),
            ),
        );
    return value;
}

const label = (r: Registration) => `${r.type}::${r.name}`;

/** Registrations in an order that creates every resource after its parent and what it depends on. */
export function createOrder(registrations: readonly Registration[]): Registration[] {
    const byUrn = new Map(registrations.map((r) => [r.urn, r]));
    const placed = new Set<string>();
    const order: Registration[] = [];
    const visit = (r: Registration, trail: Set<string>) => {
        if (placed.has(r.urn) || trail.has(r.urn)) return;
        trail.add(r.urn);
        for (const urn of [r.parent, ...r.dependencies]) {
            const before = byUrn.get(urn);
            if (before) visit(before, trail);
        }
        placed.add(r.urn);
        order.push(r);
    };
    for (const r of registrations) visit(r, new Set());
    return order;
}

function namespaceOf(inputs: Record<string, unknown>): string | undefined {
    const metadata = inputs.metadata as { namespace?: unknown } | undefined;
    const namespace = metadata?.namespace ?? inputs.namespace;
    return typeof namespace === "string" ? namespace : undefined;
}

/** The document for an evaluation that ran (no config error). */
export async function planDocument(
    stack: string,
    cluster: PlannedCluster,
    evaluation: Evaluation,
): Promise<PlanDocument> {
    const byUrn = new Map(evaluation.registrations.map((r) => [r.urn, r]));
    const charts: Record<string, PlannedChart> = {};
    for (const r of evaluation.registrations) {
        if (r.type !== "kubernetes:helm.sh/v4:Chart") continue;
        const inputs = revealSafe(r.inputs) as Record<string, unknown>;
        const release = String(inputs.name);
        const repository = (inputs.repositoryOpts as { repo?: string } | undefined)?.repo;
        charts[release] = {
            release,
            namespace: String(inputs.namespace),
            chart: String(inputs.chart),
            version: String(inputs.version),
            ...(repository !== undefined ? { repository } : {}),
            values: (inputs.values ?? {}) as Record<string, unknown>,
        };
    }
    const resources = createOrder(evaluation.registrations).map((r) => {
        const namespace = namespaceOf(revealSafe(r.inputs) as Record<string, unknown>);
        const parent = byUrn.get(r.parent);
        // A provider reference is `<urn>::<id>`; components name theirs by package.
        const reference = r.provider || r.providers.kubernetes || "";
        const provider = byUrn.get(reference.slice(0, reference.lastIndexOf("::")));
        return {
            type: r.type,
            name: r.name,
            ...(namespace !== undefined ? { namespace } : {}),
            ...(parent ? { parent: label(parent) } : {}),
            ...(provider ? { provider: label(provider) } : {}),
            dependsOn: r.dependencies
                .map((urn) => byUrn.get(urn))
                .filter((d) => d !== undefined)
                .map(label),
        };
    });
    const outputs = (await resolveOutputs(evaluation.exports ?? {})) as Record<string, unknown>;
    return { stack, cluster, charts, resources, outputs };
}
