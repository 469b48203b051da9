// What the end-to-end workflow asserts, over HTTP only, so that the logic is unit-tested here
// against local servers (tests/e2e-checks.spec.ts): telemetry with the cluster's tenant reaches Loki
// and Mimir, and after `pulumi destroy` nothing is left in the cluster (through `kubectl proxy`).

export interface WaitOptions {
    /** Give up after this long. */
    timeoutMs: number;
    /** Time between attempts. */
    intervalMs: number;
    /** Called after each failed attempt, with what it saw. */
    onAttempt?: (attempt: number, detail: string) => void;
}

export interface Check {
    ok: boolean;
    /** What was seen, for the log: counts and statuses, never credentials. */
    detail: string;
}

/** Runs `check` until it passes or the time is up; bounded in attempts and time. */
export async function waitFor(check: () => Promise<Check>, options: WaitOptions): Promise<Check> {
    const deadline = Date.now() + options.timeoutMs;
    let last: Check = { ok: false, detail: "not tried" };
    for (let attempt = 1; attempt <= 100000; attempt++) {
        try {
            last = await check();
        } catch (error) {
            last = { ok: false, detail: (error as Error).message };
        }
        if (last.ok) return last;
        options.onAttempt?.(attempt, last.detail);
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise((done) => setTimeout(done, Math.min(options.intervalMs, left)));
    }
    return last;
}

async function getJson(
    url: string,
    headers: Record<string, string> = {},
    timeoutMs = 10000,
): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: unknown = text;
    try {
        body = JSON.parse(text) as unknown;
    } catch {
        // not JSON: keep the text
    }
    return { status: response.status, body };
}

/** Logs of the cluster in Loki, under its tenant: LogQL `{cluster="<name>"}` over the last hour. */
export async function lokiHasLogs(
    lokiUrl: string,
    tenant: string,
    cluster: string,
): Promise<Check> {
    const query = new URLSearchParams({
        query: `{cluster="${cluster}"}`,
        limit: "10",
        since: "1h",
    });
    const { status, body } = await getJson(
        `${lokiUrl}/loki/api/v1/query_range?${query.toString()}`,
        {
            "X-Scope-OrgID": tenant,
        },
    );
    if (status !== 200) return { ok: false, detail: `Loki answered ${status}` };
    const streams = (body as { data?: { result?: { values?: unknown[] }[] } }).data?.result ?? [];
    const lines = streams.reduce((n, s) => n + (s.values?.length ?? 0), 0);
    return {
        ok: lines > 0,
        detail: `${streams.length} streams, ${lines} lines for {cluster="${cluster}"}`,
    };
}

/** Metrics of the cluster in Mimir, under its tenant: PromQL `up{cluster="<name>"}`. */
export async function mimirHasUp(
    mimirUrl: string,
    tenant: string,
    cluster: string,
): Promise<Check> {
    const query = new URLSearchParams({ query: `up{cluster="${cluster}"}` });
    const { status, body } = await getJson(
        `${mimirUrl}/prometheus/api/v1/query?${query.toString()}`,
        {
            "X-Scope-OrgID": tenant,
        },
    );
    if (status !== 200) return { ok: false, detail: `Mimir answered ${status}` };
    const series = (body as { data?: { result?: unknown[] } }).data?.result ?? [];
    return { ok: series.length > 0, detail: `${series.length} series of up{cluster="${cluster}"}` };
}

/** After destroy: the namespace is gone (404), not stuck terminating. `api` is `kubectl proxy`'s URL. */
export async function namespaceGone(api: string, namespace: string): Promise<Check> {
    const { status, body } = await getJson(
        `${api}/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    );
    if (status === 404) return { ok: true, detail: `namespace ${namespace} is gone` };
    const phase = (body as { status?: { phase?: string } }).status?.phase ?? `HTTP ${status}`;
    return { ok: false, detail: `namespace ${namespace} is still there (${phase})` };
}

/** After destroy: no Alloy object is left anywhere, and so none is stuck on a finalizer. */
export async function noAlloyLeft(api: string): Promise<Check> {
    const { status, body } = await getJson(`${api}/apis/collectors.grafana.com/v1alpha1/alloys`);
    // The CRD itself is deleted with the operator's release: then the API does not know the kind.
    if (status === 404) return { ok: true, detail: "the Alloy kind is gone with its CRD" };
    if (status !== 200) return { ok: false, detail: `the API answered ${status}` };
    const items =
        (
            body as {
                items?: {
                    metadata?: { namespace?: string; name?: string; finalizers?: string[] };
                }[];
            }
        ).items ?? [];
    if (items.length === 0) return { ok: true, detail: "no Alloy object left" };
    const stuck = items
        .filter((i) => (i.metadata?.finalizers ?? []).length > 0)
        .map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`);
    return {
        ok: false,
        detail: `${items.length} Alloy objects left${stuck.length > 0 ? `, stuck on finalizers: ${stuck.join(", ")}` : ""}`,
    };
}
