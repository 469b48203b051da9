// AlloyMonitoring as a component a program adds itself (the npm library, and through the package,
// YAML, Python and Go): its args are the stack config's keys, checked by the same core, with what only
// a component's caller can get wrong: a stack's own key, a plain password, no Kubernetes provider.
import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { evaluateProgram } from "../cli/evaluate";
import { renderArgsFix } from "../config/fixes";
import { formatArgsProblems } from "../config/problems";
import { type ComponentArgsSeen, planComponent, PROVIDER_OPTION } from "../values/component";
import { planDeployment } from "../values/plan";
import { applyArgsFix, PROJECT_DIR, SECRET_STAND_IN, tempDir } from "./harness";
import { minimalSettings } from "./fixtures";

/** What the component sees of args: passwords by how they came, a provider given. */
function seen(args: object, kubernetesProvider = true): ComponentArgsSeen {
    const how = (v: unknown) =>
        v === undefined ? "absent" : v === SECRET_STAND_IN ? "secret" : "plain";
    const { lokiPassword, lokiNextPassword, ...settings } = args as Record<string, unknown>;
    return {
        settings,
        passwords: { lokiPassword: how(lokiPassword), lokiNextPassword: how(lokiNextPassword) },
        kubernetesProvider,
    };
}

describe("component: args checked by the stack's core", () => {
    it("plans exactly what a stack with the same keys plans", () => {
        const args = minimalSettings({ features: { nodeLogs: true }, namespace: "telemetry" });
        const { plan, problems } = planComponent(seen(args));
        expect(problems).to.deep.equal([]);
        expect(plan!.values).to.deep.equal(planDeployment(args).values);
        expect(plan!.spec.namespace).to.equal("telemetry");
    });

    it("reports every problem at once, each with a fix that makes it go away", () => {
        const args: Record<string, unknown> = {
            ...minimalSettings({ clusterName: "Not_A_Name" }),
            lokiPassword: "a-literal-password",
            rolloutWave: 1,
            lokii: { url: "https://loki.example.com/loki/api/v1/push" },
        };
        const { problems } = planComponent(seen(args, false));
        expect(problems.map((p) => `${p.code} ${p.key}`).sort()).to.deep.equal(
            [
                "dns-label clusterName",
                "no-kubernetes-provider provider",
                "password-not-secret lokiPassword",
                "stack-only-key rolloutWave",
                "unknown-key lokii",
            ].sort(),
        );
        for (const problem of problems) {
            if (problem.key === PROVIDER_OPTION) {
                // The one fix outside the args: the options.
                expect(planComponent(seen(args, true)).problems.map((p) => p.key)).not.to.include(
                    PROVIDER_OPTION,
                );
                continue;
            }
            const fixed = applyArgsFix(args, problem.fix);
            const after = planComponent(seen(fixed, false)).problems;
            expect(
                after.map((p) => p.key),
                `${problem.key}: ${renderArgsFix(problem.fix)}`,
            ).not.to.include(problem.key);
        }
    });

    it("reads no password: a plain one is refused without being quoted", () => {
        const password = "Plain-Text-Password-123";
        const { problems } = planComponent(seen({ ...minimalSettings(), lokiPassword: password }));
        const report = formatArgsProblems('AlloyMonitoring "m"', problems);
        expect(report).to.contain("lokiPassword: is a plain string");
        expect(report).not.to.contain(password);
    });

    it("reports an arg the provider could not hand over in place of what the schema would say", () => {
        const rest: Record<string, unknown> = { ...minimalSettings() };
        delete rest.loki;
        const { problems } = planComponent({
            ...seen(rest),
            unresolved: [
                { code: "arg-not-known", key: "loki", message: "is not known yet", fix: [] },
            ],
        });
        // Not also "loki: is required": the one problem is that it is not known yet.
        expect(problems.map((p) => `${p.code} ${p.key}`)).to.deep.equal(["arg-not-known loki"]);
    });

    it("asks for the next password's user during a rotation, as a stack does", () => {
        const { problems } = planComponent(
            seen({ ...minimalSettings(), lokiNextPassword: SECRET_STAND_IN }),
        );
        expect(problems.map((p) => `${p.code} ${p.key}`)).to.deep.equal([
            "rotation-without-user loki.nextUsername",
        ]);
    });
});

describe("component: in a program of its own (the npm library)", () => {
    const SDK = (pkg: string) => JSON.stringify(path.join(PROJECT_DIR, "node_modules", pkg));

    /** A program that makes its own Kubernetes provider and adds AlloyMonitoring with `args`. */
    async function program(args: string, options = "{ provider }") {
        const dir = tempDir("library-");
        writeFileSync(
            path.join(dir, "index.ts"),
            [
                `import * as pulumi from ${SDK("@pulumi/pulumi")};`,
                `import * as k8s from ${SDK("@pulumi/kubernetes")};`,
                `import { AlloyMonitoring } from ${JSON.stringify(path.join(PROJECT_DIR, "library"))};`,
                'const provider = new k8s.Provider("cluster", { context: "kind-lab" });',
                `const monitoring = new AlloyMonitoring("lib", ${args}, ${options});`,
                "export const collectors = monitoring.collectors;",
                "void pulumi;",
            ].join("\n"),
        );
        return evaluateProgram(
            { values: {}, secretKeys: new Set() },
            { dir, project: "lib", stack: "dev" },
        );
    }

    it("builds what the plan says, every object through the caller's provider", async () => {
        const run = await program(JSON.stringify(minimalSettings()));
        expect(run.error).to.equal(undefined);
        const chart = run.registrations.find(
            (r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "lib-k8s-monitoring",
        );
        expect(chart?.inputs.values).to.deep.equal(planDeployment(minimalSettings()).values);
        const provider = run.registrations.find((r) => r.type === "pulumi:providers:kubernetes")!;
        const ref = `${provider.urn}::cluster-id`;
        const custom = run.registrations.filter(
            (r) => r.custom && r.type.startsWith("kubernetes:"),
        );
        expect(custom.length).to.be.greaterThan(0);
        for (const r of custom) expect(r.provider, `${r.type} ${r.name}`).to.equal(ref);
        for (const r of run.registrations.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart"))
            expect(r.providers.kubernetes, r.name).to.equal(ref);
    });

    it("refuses bad args with the whole report, naming their keys, before registering anything of its own", async () => {
        const run = await program(
            JSON.stringify({ ...minimalSettings({ clusterName: "Not_A_Name" }), lokii: {} }),
            "{}",
        );
        const message = run.error?.message ?? "";
        expect(message).to.match(
            /^AlloyMonitoring "lib" has 3 problems in its args; nothing was created:/,
        );
        expect(message).to.contain("\n  - clusterName: ");
        expect(message).to.contain("\n  - lokii: ");
        expect(message).to.contain("\n  - provider: names no Kubernetes provider");
        expect(message).not.to.contain("pulumi config");
        expect(run.registrations.map((r) => r.type)).to.deep.equal([
            "pulumi:pulumi:Stack",
            "pulumi:providers:kubernetes",
        ]);
    });

    it("takes a secret password, and refuses a plain one without quoting it", async () => {
        const good = await program(
            `{ ...${JSON.stringify(minimalSettings())}, lokiPassword: pulumi.secret("Secret-Password-1") }`,
        );
        expect(good.error).to.equal(undefined);
        const bad = await program(
            `{ ...${JSON.stringify(minimalSettings())}, lokiPassword: "Plain-Password-2" }`,
        );
        expect(bad.error?.message).to.contain("lokiPassword: is a plain string");
        expect(bad.error?.message).not.to.contain("Plain-Password-2");
    });
});
