// Rotating Loki's password without rejected pushes: the next password is staged with a user of its
// own, so the gateway can accept both (its htpasswd holds one line per user) before the collectors
// switch. The engine shows the same steps on a cluster (tests/engine/day-two.spec.ts).
import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { renderFix } from "../config/fixes";
import { planStack } from "../values/plan";
import { htpasswdLine } from "../values/htpasswd";
import {
    MOCK_RANDOM_ID_HEX,
    resolve,
    runProgram,
    stackConfig,
    unwrapSecrets,
    withConfig,
} from "./harness";

const CURRENT = "current-Loki-password-1";
const NEXT = "next-Loki-password-2";
const staged = (changes: Record<string, unknown>, secrets: string[]) =>
    withConfig(stackConfig("dev"), { lokiPassword: CURRENT, ...changes }, [
        "lokiPassword",
        ...secrets,
    ]);

describe("Loki password rotation", () => {
    it("refuses a next password without a user of its own, or a user without a password", () => {
        const problemsOf = (changes: Record<string, unknown>, secrets: string[] = []) =>
            planStack(staged(changes, secrets)).problems.map((p) => [
                p.code,
                p.key,
                renderFix(p.fix),
            ]);
        expect(problemsOf({ lokiNextPassword: NEXT }, ["lokiNextPassword"])).to.deep.equal([
            [
                "rotation-without-user",
                "loki.nextUsername",
                "pulumi config set --path loki.nextUsername dev-cluster-next",
            ],
        ]);
        const loki = stackConfig("dev").values["alloy-monitoring:loki"];
        const withUser = (nextUsername: string) => ({
            loki: { ...(JSON.parse(loki) as object), nextUsername },
        });
        expect(problemsOf(withUser("dev-cluster-next"))).to.deep.equal([
            [
                "rotation-without-password",
                "loki.nextUsername",
                "pulumi config rm --path loki.nextUsername",
            ],
        ]);
        expect(
            problemsOf({ ...withUser("dev-cluster"), lokiNextPassword: NEXT }, [
                "lokiNextPassword",
            ]).map(([code]) => code),
        ).to.deep.equal(["rotation-same-user"]);
        // Like the current password: never in plaintext, never quoted.
        const plaintext = planStack(staged({ ...withUser("u2"), lokiNextPassword: NEXT }, []));
        expect(plaintext.problems.map((p) => [p.code, p.key])).to.deep.equal([
            ["password-not-secret", "lokiNextPassword"],
        ]);
        expect(JSON.stringify(plaintext.problems)).not.to.contain(NEXT);
    });

    it("stages the next password in the gateway's lines only: the Secret keeps the current one", async () => {
        const loki = JSON.parse(stackConfig("dev").values["alloy-monitoring:loki"]) as object;
        const run = await runProgram(
            staged(
                { loki: { ...loki, nextUsername: "dev-cluster-next" }, lokiNextPassword: NEXT },
                ["lokiNextPassword"],
            ),
        );
        expect(run.error).to.equal(undefined);
        const salt = Buffer.from(MOCK_RANDOM_ID_HEX, "hex");
        const htpasswd = await resolve(run.exports!.lokiHtpasswd as pulumi.Output<string>);
        expect(htpasswd).to.deep.equal({
            value: `${htpasswdLine("dev-cluster", CURRENT, salt)}\n${htpasswdLine("dev-cluster-next", NEXT, salt)}\n`,
            secret: true,
        });
        const secret = run.registrations.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        const stringData = (unwrapSecrets(secret.inputs) as { stringData: object }).stringData;
        expect(stringData).to.include({ username: "dev-cluster", password: CURRENT });
        expect(
            JSON.stringify(run.registrations.map((r) => unwrapSecrets(r.inputs))),
        ).not.to.contain(NEXT);
    });
});
