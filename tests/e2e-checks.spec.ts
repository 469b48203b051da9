// The end-to-end workflow's logic, against small HTTP servers on loopback standing in for Loki,
// Mimir and the Kubernetes API (kubectl proxy). Bounded in attempts and time; nothing else is reached.
import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { main } from "../scripts/e2e/check";
import {
    lokiHasLogs,
    mimirHasUp,
    namespaceGone,
    noAlloyLeft,
    waitFor,
} from "../scripts/e2e/checks";

type Handler = (req: http.IncomingMessage, calls: number) => { status: number; body: unknown };

async function serve(
    handler: Handler,
): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
    let calls = 0;
    const server = http.createServer((req, res) => {
        calls++;
        const { status, body } = handler(req, calls);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        calls: () => calls,
        close: () => new Promise((done) => server.close(() => done())),
    };
}

const fast = { timeoutMs: 2000, intervalMs: 10 };

describe("end-to-end checks", () => {
    it("finds the cluster's logs in Loki under its tenant, once they arrive", async () => {
        const loki = await serve((req, calls) => {
            const url = new URL(req.url!, "http://x");
            if (req.headers["x-scope-orgid"] !== "e2e") return { status: 401, body: "no org id" };
            expect(url.pathname).to.equal("/loki/api/v1/query_range");
            expect(url.searchParams.get("query")).to.equal('{cluster="e2e"}');
            return {
                status: 200,
                body: { data: { result: calls < 3 ? [] : [{ values: [["1", "line"]] }] } },
            };
        });
        const result = await waitFor(() => lokiHasLogs(loki.url, "e2e", "e2e"), fast);
        expect(result).to.deep.equal({
            ok: true,
            detail: '1 streams, 1 lines for {cluster="e2e"}',
        });
        expect(loki.calls()).to.equal(3);
        expect((await lokiHasLogs(loki.url, "other", "e2e")).ok).to.equal(false);
        await loki.close();
    });

    it("finds up{cluster=…} in Mimir under the tenant", async () => {
        const mimir = await serve((req) => {
            const url = new URL(req.url!, "http://x");
            expect(url.pathname).to.equal("/prometheus/api/v1/query");
            const ok =
                req.headers["x-scope-orgid"] === "e2e" &&
                url.searchParams.get("query") === 'up{cluster="e2e"}';
            return {
                status: 200,
                body: { data: { result: ok ? [{ metric: {}, value: [0, "1"] }] : [] } },
            };
        });
        expect(await mimirHasUp(mimir.url, "e2e", "e2e")).to.deep.equal({
            ok: true,
            detail: '1 series of up{cluster="e2e"}',
        });
        expect((await mimirHasUp(mimir.url, "wrong", "e2e")).ok).to.equal(false);
        await mimir.close();
    });

    it("gives up when the time is up, with what it last saw", async () => {
        const never = await serve(() => ({ status: 200, body: { data: { result: [] } } }));
        const started = Date.now();
        const attempts: number[] = [];
        const result = await waitFor(() => mimirHasUp(never.url, "e2e", "e2e"), {
            timeoutMs: 200,
            intervalMs: 20,
            onAttempt: (n) => attempts.push(n),
        });
        expect(result.ok).to.equal(false);
        expect(result.detail).to.equal('0 series of up{cluster="e2e"}');
        expect(Date.now() - started).to.be.lessThan(2000);
        expect(attempts.length).to.be.greaterThan(1);
        await never.close();
    });

    it("waits for the namespace to go, and names Alloy objects stuck on finalizers", async () => {
        const api = await serve((req, calls) => {
            if (req.url === "/api/v1/namespaces/monitoring")
                return calls < 3
                    ? { status: 200, body: { status: { phase: "Terminating" } } }
                    : { status: 404, body: {} };
            return {
                status: 200,
                body: {
                    items: [
                        {
                            metadata: {
                                namespace: "monitoring",
                                name: "alloy-metrics",
                                finalizers: ["collectors.grafana.com/finalizer"],
                            },
                        },
                    ],
                },
            };
        });
        expect((await namespaceGone(api.url, "monitoring")).detail).to.equal(
            "namespace monitoring is still there (Terminating)",
        );
        expect((await waitFor(() => namespaceGone(api.url, "monitoring"), fast)).ok).to.equal(true);
        expect(await noAlloyLeft(api.url)).to.deep.equal({
            ok: false,
            detail: "1 Alloy objects left, stuck on finalizers: monitoring/alloy-metrics",
        });
        await api.close();
        const clean = await serve(() => ({ status: 404, body: {} }));
        expect((await noAlloyLeft(clean.url)).ok).to.equal(true);
        await clean.close();
    });

    it("exits 0 when every check passes, 1 when one does not, 2 for a usage mistake", async () => {
        const backend = await serve((req) =>
            req.url!.startsWith("/loki")
                ? { status: 200, body: { data: { result: [{ values: [["1", "x"]] }] } } }
                : { status: 200, body: { data: { result: [] } } },
        );
        const log: string[] = [];
        const code = await main(
            [
                "telemetry",
                "--loki",
                backend.url,
                "--mimir",
                backend.url,
                "--cluster",
                "e2e",
                "--timeout-seconds",
                "0.2",
                "--interval-seconds",
                "0.05",
            ],
            (l) => log.push(l),
        );
        expect(code).to.equal(1);
        expect(log.filter((l) => !l.startsWith(" "))).to.deep.equal([
            'ok: logs in Loki (tenant e2e): 1 streams, 1 lines for {cluster="e2e"}',
            'FAILED: metrics in Mimir (tenant e2e): 0 series of up{cluster="e2e"}',
        ]);
        expect(await main(["nonsense"], () => undefined)).to.equal(2);
        await backend.close();
    });
});
