// Which cluster a stack deploys to: named by the stack, never the kubeconfig that happens to be active.
import { expect } from "chai";
import { decodeClusterBinding } from "../config/cluster-binding";
import type { RawConfig } from "../config/decode";
import { planStack } from "../values/plan";
import { stackConfig, withConfig } from "./harness";
import { renderFix } from "../config/fixes";

const KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "users:",
    "- name: admin",
    "  user:",
    "    token: kubeconfig-token-do-not-print",
].join("\n");

function raw(values: Record<string, string>, secret: string[] = []): RawConfig {
    return { values, secretKeys: new Set(secret) };
}

describe("cluster binding", () => {
    it("binds to a context of the local kubeconfig", () => {
        expect(
            decodeClusterBinding(raw({ "kubernetes:context": "prod-eu-1" }), false),
        ).to.deep.equal({
            binding: { source: "context", context: "prod-eu-1" },
            problems: [],
        });
    });

    it("refuses a context left empty in the stack file, which the CLI hands over as the text null", () => {
        for (const empty of ["", "null", "  "]) {
            const { binding, problems } = decodeClusterBinding(
                raw({ "kubernetes:context": empty }),
                false,
            );
            expect(binding, JSON.stringify(empty)).to.equal(undefined);
            expect(problems.map((p) => [p.key, p.message])).to.deep.equal([
                [
                    "kubernetes:context",
                    "is empty: name the kubeconfig context of this stack's cluster",
                ],
            ]);
        }
    });

    it("binds to a kubeconfig stored as a secret, optionally with a context in it", () => {
        const { binding, problems } = decodeClusterBinding(
            raw({ "kubernetes:kubeconfig": KUBECONFIG, "kubernetes:context": "admin" }, [
                "kubernetes:kubeconfig",
            ]),
            false,
        );
        expect(problems).to.deep.equal([]);
        expect(binding).to.deep.equal({ source: "kubeconfig", secret: true, context: "admin" });
    });

    it("accepts a kubeconfig path in plaintext: a path holds no credentials", () => {
        const { binding } = decodeClusterBinding(
            raw({ "kubernetes:kubeconfig": "/etc/kube/prod.yaml" }),
            false,
        );
        expect(binding).to.deep.equal({ source: "kubeconfig", secret: false });
    });

    it("uses the environment's kubeconfig only when the stack says so", () => {
        expect(decodeClusterBinding(raw({}), true).binding).to.deep.equal({ source: "ambient" });
        expect(
            decodeClusterBinding(raw({ "kubernetes:context": "ci" }), true).binding,
        ).to.deep.equal({ source: "ambient", context: "ci" });
    });

    it("refuses a stack that names no cluster, with the ways to name one", () => {
        const { binding, problems } = decodeClusterBinding(raw({}), false);
        expect(binding).to.equal(undefined);
        expect(problems).to.have.length(1);
        expect(problems[0].key).to.equal("kubernetes:context");
        expect(problems[0].message).to.contain("never falls back");
        // One command to paste; the other ways are in the message.
        expect(renderFix(problems[0].fix)).to.equal(
            "pulumi config set kubernetes:context <kubeconfig-context>",
        );
        expect(problems[0].message).to.contain("pulumi config set --secret kubernetes:kubeconfig");
        expect(problems[0].message).to.contain("pulumi config set ambientKubeconfig true");
    });

    it("answers a mistyped provider key with the key it meant, not with 'not set'", () => {
        const typo = decodeClusterBinding(raw({ "kubernetes:contxt": "prod-eu-1" }), false);
        expect(typo.problems).to.deep.equal([
            {
                code: "provider-key-typo",
                key: "kubernetes:contxt",
                message:
                    "is not a key of the Kubernetes provider; did you mean kubernetes:context?",
                fix: [
                    { kind: "rm", key: "kubernetes:contxt" },
                    { kind: "set", key: "kubernetes:context", value: "prod-eu-1" },
                ],
            },
        ]);
        // A mistyped kubeconfig is set again as a secret, its contents never quoted.
        const secret = decodeClusterBinding(
            raw({ "kubernetes:kubeconfg": KUBECONFIG }, ["kubernetes:kubeconfg"]),
            false,
        );
        expect(secret.problems.map((p) => renderFix(p.fix))).to.deep.equal([
            "pulumi config rm kubernetes:kubeconfg; cat <kubeconfig-file> | pulumi config set --secret kubernetes:kubeconfig",
        ]);
        expect(JSON.stringify(secret.problems)).not.to.contain("kubeconfig-token-do-not-print");
        // Another provider key does nothing here: the program's provider never reads it.
        const inert = decodeClusterBinding(
            raw({ "kubernetes:context": "prod-eu-1", "kubernetes:namespace": "monitoring" }),
            false,
        );
        expect(inert.problems.map((p) => [p.code, p.key, renderFix(p.fix)])).to.deep.equal([
            ["provider-key-inert", "kubernetes:namespace", "pulumi config rm kubernetes:namespace"],
        ]);
    });

    it("refuses a kubeconfig's contents in plaintext, without quoting them", () => {
        const { problems } = decodeClusterBinding(
            raw({ "kubernetes:kubeconfig": KUBECONFIG }),
            false,
        );
        expect(problems.map((p) => p.key)).to.deep.equal(["kubernetes:kubeconfig"]);
        expect(renderFix(problems[0].fix)).to.contain("--secret kubernetes:kubeconfig");
        expect(JSON.stringify(problems)).not.to.contain("kubeconfig-token-do-not-print");
    });

    it("refuses an empty context, and ambient plus a kubeconfig at once", () => {
        expect(
            decodeClusterBinding(raw({ "kubernetes:context": " " }), false).problems.map(
                (p) => p.key,
            ),
        ).to.deep.equal(["kubernetes:context"]);
        expect(
            decodeClusterBinding(raw({ "kubernetes:kubeconfig": "/k.yaml" }), true).problems.map(
                (p) => p.key,
            ),
        ).to.deep.equal(["ambientKubeconfig"]);
    });

    it("is checked with the rest of the config: every problem at once", () => {
        const config = stackConfig("dev");
        const values = { ...config.values };
        delete values["kubernetes:context"];
        const { problems } = planStack(
            withConfig({ values, secretKeys: config.secretKeys }, { clusterName: "Bad_Name" }),
        );
        expect(problems.map((p) => p.key)).to.have.members(["kubernetes:context", "clusterName"]);
    });
});
