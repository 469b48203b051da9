// What a deployment without Pulumi needs, from a stack's plan: the charts' values files and the
// objects this program creates itself — the Loki Secret without its password, which stays out of
// every file written here.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { shellQuote } from "../config/fixes";
import type { StackResult } from "./stacks";
import { revealSafe } from "./plan-document";

/** Stands in for the Loki password in the exported Secret; the README says how to fill it. */
export const PASSWORD_PLACEHOLDER = "REPLACE-WITH-THE-LOKI-PASSWORD";

const OBJECT_KINDS: Record<string, { apiVersion: string; kind: string; file: string }> = {
    "kubernetes:core/v1:Namespace": { apiVersion: "v1", kind: "Namespace", file: "namespace.yaml" },
    "kubernetes:core/v1:ConfigMap": {
        apiVersion: "v1",
        kind: "ConfigMap",
        file: "trust-bundle.yaml",
    },
    "kubernetes:core/v1:Secret": { apiVersion: "v1", kind: "Secret", file: "loki-secret.yaml" },
};

/** Writes the export of a planned stack into `dir`; returns the files written, relative to it. */
export function exportStack(result: StackResult, dir: string): string[] {
    const { document, plan, evaluation } = result;
    if (!document || !plan || !evaluation) throw new Error(`stack ${result.stack} did not plan`);
    const written: string[] = [];
    const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
        written.push(file);
    };
    const k8sMonitoring = document.charts["k8s-monitoring"];
    const operator = document.charts["alloy-operator"];
    write("values.yaml", stringify(k8sMonitoring.values));
    write("alloy-operator-values.yaml", stringify(operator.values));

    const passwordKey = plan.plan.lokiSecretKeys.password;
    for (const r of evaluation.registrations) {
        const kind = OBJECT_KINDS[r.type];
        if (!kind) continue;
        const inputs = revealSafe(r.inputs) as Record<string, unknown>;
        const object: Record<string, unknown> = {
            apiVersion: kind.apiVersion,
            kind: kind.kind,
            ...inputs,
        };
        if (kind.kind === "Secret") {
            // Only the keys the chart reads; the password is a placeholder, never the value.
            const { username, tenantId } = plan.plan.spec.loki;
            object.stringData = {
                [plan.plan.lokiSecretKeys.username]: username,
                [plan.plan.lokiSecretKeys.tenantId]: tenantId,
                [passwordKey]: PASSWORD_PLACEHOLDER,
            };
            delete object.data;
        }
        write(path.join("manifests", kind.file), stringify(object));
    }

    const { namespace } = plan.plan.spec;
    const secret = plan.plan.spec.loki.secretName;
    const repoFlag = (chart: typeof operator) =>
        chart.repository ? ` --repo ${chart.repository}` : "";
    // The stack's own cluster, never whatever context happens to be active.
    const { cluster } = document;
    const kubeconfigPath =
        cluster.kubeconfig && "path" in cluster.kubeconfig ? cluster.kubeconfig.path : undefined;
    const flags = (contextFlag: string) =>
        [
            kubeconfigPath !== undefined ? ` --kubeconfig ${shellQuote(kubeconfigPath)}` : "",
            cluster.context !== undefined ? ` ${contextFlag} ${shellQuote(cluster.context)}` : "",
        ].join("");
    const kubectl = `kubectl${flags("--context")}`;
    const helm = (args: string) => `helm upgrade --install ${args}${flags("--kube-context")}`;
    const target =
        cluster.source === "kubeconfig" && kubeconfigPath === undefined
            ? "# The stack's kubeconfig is a secret in its config: `(umask 077; pulumi config get kubernetes:kubeconfig > kubeconfig)`, then export KUBECONFIG=$PWD/kubeconfig."
            : cluster.source === "ambient"
              ? "# The stack deploys with the environment's kubeconfig (ambientKubeconfig): point KUBECONFIG at its cluster first."
              : `# The stack's cluster: ${[kubeconfigPath !== undefined ? `the kubeconfig ${kubeconfigPath}` : "", cluster.context !== undefined ? `the context ${cluster.context}` : ""].filter(Boolean).join(", ")}.`;
    write(
        "README.md",
        [
            `# ${result.stack}: k8s-monitoring without Pulumi`,
            "",
            `Exported by \`npm run -s plan -- ${result.stack} --export <dir>\` from the stack's config; the same`,
            "values `pulumi preview` hands the charts. Install in this order:",
            "",
            "```sh",
            target,
            `${kubectl} apply -f manifests/namespace.yaml`,
            ...(written.includes(path.join("manifests", "trust-bundle.yaml"))
                ? [`${kubectl} apply -f manifests/trust-bundle.yaml`]
                : []),
            `# The Loki Secret: its password is a placeholder here. Fill it from your secret store, e.g.:`,
            `sed "s|${PASSWORD_PLACEHOLDER}|$LOKI_PASSWORD|" manifests/loki-secret.yaml | ${kubectl} apply -f -`,
            helm(
                `${operator.release} ${operator.chart}${repoFlag(operator)} --version ${operator.version} --namespace ${namespace} -f alloy-operator-values.yaml`,
            ),
            helm(
                `${k8sMonitoring.release} ${k8sMonitoring.chart}${repoFlag(k8sMonitoring)} --version ${k8sMonitoring.version} --namespace ${namespace} -f values.yaml`,
            ),
            "```",
            "",
            `The collectors read Loki's credentials from the Secret \`${secret}\` (keys ${Object.values(plan.plan.lokiSecretKeys).join(", ")});`,
            "no secret is in these files. For GitOps, commit the values and manifests, and have your",
            "secret tooling (External Secrets, SOPS, Sealed Secrets) create the Secret instead of the sed line.",
            "Uninstall in reverse order: k8s-monitoring first, while the operator can still clear the collectors' finalizers.",
            "",
        ].join("\n"),
    );
    return written;
}
