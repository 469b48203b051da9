// Day two on the real engine: what happens to a running stack after its first deploy. Destroy
// deletes the collectors while the operator still runs (so its finalizers clear) and leaves the
// cluster-wide CRDs to the other teams that use them, unless the stack asks to remove them.
//
// What the local cluster cannot show: its pods never run (kwok), so the operator never adds or
// clears a finalizer itself. A stand-in here does what the helm-based operator does: it puts its
// finalizer (`uninstall-helm-release`) on each Alloy object, and clears it once the object is being
// deleted, only while the operator's Deployment is still there. Were the operator deleted first,
// the finalizers would stay and destroy would hang; the test's timeout turns that into a failure.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listStacks, loadStackFiles } from "../../cli/stack-files";
import { projectFileReader } from "../../runtime/pulumi-config";
import { planStack } from "../../values/plan";
import {
    CHART_ARCHIVES,
    engineBin,
    EngineStack,
    LocalCluster,
    previewSteps,
    run,
    tail,
} from "../../scripts/engine/engine";
import { htpasswdAccepts, PROJECT_DIR } from "../harness";

const NAMESPACE = "monitoring";
const ALLOY = "alloys.collectors.grafana.com";
const ALLOY_CRD = "alloys.collectors.grafana.com";
const PODLOGS_CRD = "podlogs.monitoring.grafana.com";
/** The finalizer a helm-based operator (operator-sdk's helm-operator, as alloy-operator is) adds. */
const OPERATOR_FINALIZER = "uninstall-helm-release";

/** Destroy may take this long; a destroy stuck on a finalizer is stopped and fails the test. */
const DESTROY_TIMEOUT_MS = 4 * 60_000;
/**
 * How long the stand-in takes to act on a deleted Alloy object, as the operator does (it notices,
 * uninstalls the collector's objects, then lets go). An operator deleted in parallel with its
 * collectors is gone by then; one deleted only after them is still there.
 */
const RECONCILE_DELAY_MS = 5_000;

interface Clearance {
    alloy: string;
    /** Whether the operator's Deployment was there (and not being deleted) when the object was. */
    operatorRunning: boolean;
}

/**
 * Acts as the operator would for the Alloy objects in `namespace`: a while after one is deleted,
 * it clears its finalizer, if its Deployment still runs then. Returns what it saw, when stopped.
 */
function standInOperator(cluster: LocalCluster, namespace: string) {
    const seen = new Map<string, Clearance>();
    const deletedAt = new Map<string, number>();
    let running = true;
    const loop = (async () => {
        while (running) {
            const list = await cluster.get("-n", namespace, ALLOY).catch(() => undefined);
            for (const alloy of list?.items ?? []) {
                const name: string = alloy.metadata.name;
                if (!alloy.metadata.deletionTimestamp) continue;
                if (!(alloy.metadata.finalizers ?? []).includes(OPERATOR_FINALIZER)) continue;
                if (!deletedAt.has(name)) deletedAt.set(name, Date.now());
                if (Date.now() - deletedAt.get(name)! < RECONCILE_DELAY_MS) continue;
                const operator = await cluster.get("-n", namespace, "deployment", "alloy-operator");
                const operatorRunning =
                    operator !== undefined && !operator.metadata.deletionTimestamp;
                if (!seen.has(name)) seen.set(name, { alloy: name, operatorRunning });
                // A deleted operator clears nothing: the object waits, as it would on a cluster.
                if (!operatorRunning) continue;
                await setFinalizers(cluster, name, null);
            }
            await new Promise((resolve) => setTimeout(resolve, 300));
        }
    })();
    return {
        async stop(): Promise<Clearance[]> {
            running = false;
            await loop;
            return [...seen.values()];
        },
    };
}

/** Sets an Alloy object's finalizers (null clears them), as the operator does. */
function setFinalizers(cluster: LocalCluster, name: string, finalizers: string[] | null) {
    return cluster.kubectl(
        ...["-n", NAMESPACE, "patch", ALLOY, name, "--type=merge"],
        ...["-p", JSON.stringify({ metadata: { finalizers } })],
    );
}

/** Each Alloy object's UID: the same UIDs mean the same objects, updated rather than made again. */
async function alloyUids(cluster: LocalCluster): Promise<Record<string, string>> {
    const list = await cluster.get("-n", NAMESPACE, ALLOY);
    return Object.fromEntries(
        (list?.items ?? []).map((a: { metadata: { name: string; uid: string } }) => [
            a.metadata.name,
            a.metadata.uid,
        ]),
    );
}

/** Another team's CRD, as its own install would have applied it (from the operator's chart). */
async function applyPodLogsCrd(cluster: LocalCluster): Promise<void> {
    const archive = path.join(CHART_ARCHIVES, "alloy-operator-0.6.3.tgz");
    const crd = await run("tar", [
        "-xzOf",
        archive,
        "alloy-operator/charts/podlogs-crd/crds/monitoring.grafana.com_podlogs.yaml",
    ]);
    expect(crd.code, crd.stderr).to.equal(0);
    const applied = await run(
        path.join(engineBin(), "kubectl"),
        ["--kubeconfig", cluster.kubeconfig, "apply", "-f", "-"],
        { input: crd.stdout },
    );
    expect(applied.code, applied.stderr).to.equal(0);
}

/** Each Alloy object's generation: it moves only when the collector's spec (its config) changes. */
async function alloyGenerations(cluster: LocalCluster): Promise<Record<string, number>> {
    const list = await cluster.get("-n", NAMESPACE, ALLOY);
    return Object.fromEntries(
        (list?.items ?? []).map((a: { metadata: { name: string; generation: number } }) => [
            a.metadata.name,
            a.metadata.generation,
        ]),
    );
}

async function lokiSecret(cluster: LocalCluster): Promise<Record<string, string>> {
    const secret = await cluster.get("-n", NAMESPACE, "secret", "loki-tenant-auth");
    return Object.fromEntries(
        Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
            k,
            Buffer.from(v, "base64").toString(),
        ]),
    );
}

/** The gateway's lines from the stack output, as `user → hash`. */
async function htpasswdOf(stack: EngineStack): Promise<Record<string, string>> {
    const out = await stack.must(["stack", "output", "lokiHtpasswd", "--show-secrets"]);
    return Object.fromEntries(
        out.stdout
            .trim()
            .split("\n")
            .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
    );
}

async function alloyNames(cluster: LocalCluster): Promise<string[]> {
    const list = await cluster.get("-n", NAMESPACE, ALLOY);
    return (list?.items ?? []).map((a: { metadata: { name: string } }) => a.metadata.name).sort();
}

describe("engine: day two on the real CLI, provider and a local control plane", function () {
    this.timeout(30 * 60_000);
    const cluster = new LocalCluster(mkdtempSync(path.join(tmpdir(), "alloy-monitoring-cluster-")));
    // Any stack file: destroy and the CRDs do not depend on the features a stack turns on.
    const from = listStacks(PROJECT_DIR)[0];

    before(async () => {
        await cluster.start();
    });
    after(async () => {
        await cluster.stop();
        if (!process.env.ENGINE_KEEP) rmSync(cluster.dir, { recursive: true, force: true });
    });

    describe("destroy: the operator outlives its collectors, and the CRDs stay", () => {
        let stack: EngineStack;

        before(async () => {
            await applyPodLogsCrd(cluster);
            stack = new EngineStack("destroy", cluster);
            await stack.initFrom(from);
        });
        after(async () => {
            // Whatever happened above: no finalizer holds anything, nothing is left deployed.
            for (const name of await alloyNames(cluster).catch(() => []))
                await setFinalizers(cluster, name, null);
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            await cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found");
            stack.remove();
        });

        it("destroys without waiting on the operator's finalizers, and keeps the Alloy and PodLogs CRDs", async () => {
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            const collectors = await alloyNames(cluster);
            expect(collectors).to.have.length.greaterThan(0);
            for (const name of collectors) {
                const added = await setFinalizers(cluster, name, [OPERATOR_FINALIZER]);
                expect(added.code, added.stderr).to.equal(0);
            }

            const operator = standInOperator(cluster, NAMESPACE);
            const destroy = await stack.pulumi(
                ["destroy", "--yes", "--skip-preview"],
                undefined,
                DESTROY_TIMEOUT_MS,
            );
            const cleared = await operator.stop();
            expect(destroy.code, tail(destroy.stdout + destroy.stderr)).to.equal(0);
            // Every collector was deleted while the operator ran: its finalizer could clear.
            expect(cleared).to.have.deep.members(
                collectors.map((alloy) => ({ alloy, operatorRunning: true })),
            );
            expect(await cluster.get("namespace", NAMESPACE)).to.equal(undefined);
            // Cluster-wide: another team's collectors live on these.
            expect(await cluster.get("crd", ALLOY_CRD)).not.to.equal(undefined);
            expect(await cluster.get("crd", PODLOGS_CRD)).not.to.equal(undefined);
        });

        it("deploys again onto the CRD it kept", async () => {
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            expect(await alloyNames(cluster)).to.have.length.greaterThan(0);
            const again = await stack.pulumi(["preview", "--expect-no-changes"]);
            expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
        });

        it("with crds.removeOnDestroy, deletes the Alloy CRD and no other team's CRD", async () => {
            await stack.set("crds.removeOnDestroy", "true", { path: true });
            const preview = await stack.pulumi(["preview", "--diff"]);
            expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            const destroy = await stack.pulumi(
                ["destroy", "--yes", "--skip-preview"],
                undefined,
                DESTROY_TIMEOUT_MS,
            );
            expect(destroy.code, tail(destroy.stdout + destroy.stderr)).to.equal(0);
            expect(await cluster.get("crd", ALLOY_CRD)).to.equal(undefined);
            expect(await cluster.get("crd", PODLOGS_CRD)).not.to.equal(undefined);
        });
    });

    describe("Loki password rotation: the gateway accepts the next password before the collectors use it", () => {
        let stack: EngineStack;
        // Test values, set through stdin.
        const current = "current-Loki-password-5d2e81";
        const next = "next-Loki-password-93b7c4";
        let user: string;
        let generations: Record<string, number>;

        before(async () => {
            stack = new EngineStack("rotation", cluster);
            await stack.initFrom(from);
            await stack.set("lokiPassword", current, { secret: true });
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            user = (await lokiSecret(cluster)).username;
            generations = await alloyGenerations(cluster);
        });
        after(async () => {
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            await cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found");
            stack.remove();
        });

        it("gives the gateway an htpasswd line (bcrypt) for the collectors' user and password", async () => {
            const lines = await htpasswdOf(stack);
            expect(Object.keys(lines)).to.deep.equal([user]);
            expect(htpasswdAccepts(current, lines[user])).to.equal(true);
            expect(htpasswdAccepts(next, lines[user])).to.equal(false);
        });

        it("stages the next password: a second user's line for the gateway, nothing changed on the cluster", async () => {
            await stack.set("lokiNextPassword", next, { secret: true });
            await stack.set("loki.nextUsername", `${user}-next`, { path: true });
            const preview = await stack.pulumi(["preview", "--json"]);
            expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
            const changed = previewSteps(preview.stdout).filter(
                (s) => s.op !== "same" && s.type !== "pulumi:pulumi:Stack",
            );
            expect(changed, "resources a staged password changes").to.deep.equal([]);
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);

            const lines = await htpasswdOf(stack);
            expect(Object.keys(lines)).to.deep.equal([user, `${user}-next`]);
            expect(htpasswdAccepts(current, lines[user])).to.equal(true);
            expect(htpasswdAccepts(next, lines[`${user}-next`])).to.equal(true);
            expect(await lokiSecret(cluster)).to.include({ username: user, password: current });
            expect(await alloyGenerations(cluster)).to.deep.equal(generations);
        });

        it("switches the collectors: the Secret changes and no Alloy object does, so no collector restarts", async () => {
            await stack.set("lokiPassword", next, { secret: true });
            await stack.set("loki.username", `${user}-next`, { path: true });
            await stack.rm("lokiNextPassword");
            await stack.rm("loki.nextUsername", { path: true });
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);

            expect(await lokiSecret(cluster)).to.include({
                username: `${user}-next`,
                password: next,
            });
            // The collectors read the Secret through remote.kubernetes.secret, which polls it:
            // their spec is the same, so the operator rolls no pod; the new password is read live.
            expect(await alloyGenerations(cluster)).to.deep.equal(generations);
            const logs = await cluster.get(
                "-n",
                NAMESPACE,
                "configmap",
                "k8s-monitoring-alloy-logs",
            );
            const config = String(logs.data["config.alloy"]);
            expect(config).to.match(
                /remote\.kubernetes\.secret "loki" \{\s*name\s*= "loki-tenant-auth"/,
            );
            expect(config).not.to.contain(next);
            const lines = await htpasswdOf(stack);
            expect(Object.keys(lines)).to.deep.equal([`${user}-next`]);
            expect(htpasswdAccepts(next, lines[`${user}-next`])).to.equal(true);
            const state = (await stack.must(["stack", "export"])).stdout;
            expect(state).not.to.contain(next);
            expect(state).not.to.contain(current);
        });
    });

    // A cluster that already runs the release, as `helm install` (or Argo CD, which renders the same
    // chart) left it: the stack takes it over. `--no-hooks`, since hook Jobs never finish here.
    describe("taking over a release installed with helm", () => {
        let stack: EngineStack;
        const helm = (...args: string[]) =>
            run(path.join(engineBin(), "helm"), [
                "--kubeconfig",
                cluster.kubeconfig,
                "--kube-context",
                "local",
                ...args,
            ]);

        before(async () => {
            stack = new EngineStack("takeover", cluster);
            await stack.initFrom(from);
        });
        after(async () => {
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            await cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found");
            stack.remove();
        });

        it("with takeOver, adopts every object of the helm release, replacing no collector", async () => {
            // The same values the stack plans, as the existing install would have been made with.
            const { stack: planned } = planStack(
                loadStackFiles(PROJECT_DIR, from).raw,
                projectFileReader(PROJECT_DIR),
            );
            const plan = planned!.plan;
            const dir = mkdtempSync(path.join(tmpdir(), "helm-values-"));
            writeFileSync(
                path.join(dir, "operator.json"),
                JSON.stringify(plan.alloyOperatorValues),
            );
            writeFileSync(path.join(dir, "k8s-monitoring.json"), JSON.stringify(plan.values));
            await cluster.kubectl("create", "namespace", NAMESPACE);
            await cluster.kubectl(
                ...["-n", NAMESPACE, "create", "secret", "generic", plan.spec.loki.secretName],
                `--from-literal=username=${plan.spec.loki.username}`,
                "--from-literal=password=installed-by-hand",
                `--from-literal=tenantId=${plan.spec.loki.tenantId}`,
            );
            if (plan.spec.trustBundle)
                await cluster.kubectl(
                    ...["-n", NAMESPACE, "create", "configmap", plan.spec.trustBundle.configMap],
                    `--from-literal=${plan.spec.trustBundle.key}=unused`,
                );
            for (const [release, archive, values] of [
                ["alloy-operator", "alloy-operator-0.6.3.tgz", "operator.json"],
                [
                    "k8s-monitoring",
                    `k8s-monitoring-${plan.charts.k8sMonitoring.version}.tgz`,
                    "k8s-monitoring.json",
                ],
            ]) {
                const installed = await helm(
                    "install",
                    release,
                    path.join(CHART_ARCHIVES, archive),
                    ...["--namespace", NAMESPACE, "--no-hooks", "--values", path.join(dir, values)],
                );
                expect(installed.code, installed.stderr).to.equal(0);
            }
            rmSync(dir, { recursive: true, force: true });
            const uids = await alloyUids(cluster);
            expect(Object.keys(uids)).to.have.length.greaterThan(0);

            // Without takeOver, the fields another manager set with other values stop the stack.
            const refused = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(refused.code).not.to.equal(0);
            expect(refused.stdout + refused.stderr).to.contain("conflict with");
            await stack.set("takeOver", "true");
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            expect((await lokiSecret(cluster)).password).not.to.equal("installed-by-hand");
            expect(
                await alloyUids(cluster),
                "the collectors' Alloy objects, by UID: the same objects, not new ones",
            ).to.deep.equal(uids);
            // The stack owns them now: a second preview has nothing to do.
            const again = await stack.pulumi(["preview", "--expect-no-changes"]);
            expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
            // README, Operations, step 3: helm forgets the releases, the objects stay.
            const forgotten = await cluster.kubectl(
                ...["-n", NAMESPACE, "delete", "secret"],
                ...["-l", "owner=helm,name in (k8s-monitoring,alloy-operator)"],
            );
            expect(forgotten.code, forgotten.stderr).to.equal(0);
            const releases = await helm("list", "--namespace", NAMESPACE, "--short");
            expect(releases.stdout.trim()).to.equal("");
            expect(await alloyNames(cluster)).to.deep.equal(Object.keys(uids).sort());
        });
    });

    // A chart bump as Renovate brings it: the pin moves from 4.4.0 to 4.5.0 on a running stack.
    describe("chart bump: k8s-monitoring 4.4.0 to 4.5.0 on a running stack", () => {
        let stack: EngineStack;

        before(async () => {
            stack = new EngineStack("bump", cluster);
            await stack.initFrom(from);
            await stack.set("chart.version", "4.4.0", { path: true });
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
        });
        after(async () => {
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            await cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found");
            stack.remove();
        });

        it("updates in place: the preview replaces and deletes nothing, the Alloy objects stay", async () => {
            const before = await alloyUids(cluster);
            expect(Object.keys(before)).to.have.length.greaterThan(0);
            const releaseVersion = async () => {
                const info = await cluster.get(
                    "-n",
                    NAMESPACE,
                    "configmap",
                    "k8s-monitoring-release-info",
                );
                return /version="([^"]+)"/.exec(info.data["self-reporting-metric.prom"])?.[1];
            };
            expect(await releaseVersion()).to.equal("4.4.0");

            await stack.set("chart.version", "4.5.0", { path: true });
            const preview = await stack.pulumi(["preview", "--json"]);
            expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
            const steps = previewSteps(preview.stdout).filter(
                (s) => s.op !== "same" && s.type !== "pulumi:pulumi:Stack",
            );
            // What the PR's preview shows, per object (for the PR and the note).
            console.log(steps.map((s) => `      ${s.op.padEnd(8)} ${s.type} ${s.name}`).join("\n"));
            expect(
                steps.filter((s) => s.op !== "update"),
                "objects the bump would create, delete or replace",
            ).to.deep.equal([]);
            expect(steps.map((s) => s.name)).to.include(
                "alloy-monitoring-k8s-monitoring:monitoring/k8s-monitoring-release-info",
            );

            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            expect(await alloyUids(cluster), "the same Alloy objects, by UID").to.deep.equal(
                before,
            );
            expect(await releaseVersion()).to.equal("4.5.0");
            const again = await stack.pulumi(["preview", "--expect-no-changes"]);
            expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
        });
    });
});
