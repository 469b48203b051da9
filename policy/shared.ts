// What the program and the policy pack share, written once: what counts as a credential, the bounded
// walk over chart values, and the defaults both rely on. The program's config checks, message
// redaction and chart-values scan use it, and so does the pack (which ships it; the program imports
// it from here). No dependencies, so that the pack still installs and publishes on its own.
// Each value is read as a whole: a password may hold spaces, tabs or other separators.

/** Defaults the program applies and the pack's policies assume. */
export const SHARED_DEFAULTS = {
    /** The namespace everything is deployed to (the one labelled privileged). */
    namespace: "monitoring",
    /** The Secret holding Loki's credentials. */
    lokiSecretName: "loki-tenant-auth",
} as const;

// A key Pulumi's property paths take after a dot; anything else goes in ["..."].
const PLAIN_PATH_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Renders a path (`["blackbox", "targets", 0, "url"]`) the way `pulumi config set --path` parses it:
 * `blackbox.targets[0].url`, and `labelSelectors["app.kubernetes.io/name"]` for keys with dots.
 */
export function configPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((out, part) => {
        if (typeof part === "number") return `${out}[${part}]`;
        const name = String(part);
        if (!PLAIN_PATH_KEY.test(name)) return `${out}[${JSON.stringify(name)}]`;
        return out === "" ? name : `${out}.${name}`;
    }, "");
}

/** A config path (`values.collectors["alloy-metrics"].presets[0]`) as `pulumi config set --path` reads it: configPath's inverse. */
export function parseConfigPath(key: string): (string | number)[] {
    const parts: (string | number)[] = [];
    const re = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/gy;
    let match: RegExpExecArray | null;
    while (re.lastIndex < key.length && (match = re.exec(key)) !== null) {
        if (match[1] !== undefined) parts.push(Number(match[1]));
        else if (match[2] !== undefined) parts.push(JSON.parse(`"${match[2]}"`) as string);
        else parts.push(match[3]);
    }
    return parts;
}

/** How deep chart values may nest: no chart value is deeper, and nothing deeper is walked. */
export const MAX_DEPTH = 64;

/** One node of a tree: where it is (keys and indices), its value, and the map or list holding it. */
export interface TreeNode {
    path: (string | number)[];
    value: unknown;
    parent?: unknown;
}

/**
 * Every node of `tree` under `root`, maps and lists included, iteratively (no recursion to
 * overflow). A node deeper than MAX_DEPTH below the root is yielded once as `tooDeep` and not
 * entered; `skip` stops the walk from entering a node's children.
 */
export function* walk(
    tree: unknown,
    root: readonly (string | number)[] = [],
    skip: (node: TreeNode) => boolean = () => false,
): Generator<TreeNode & { tooDeep: boolean }> {
    const pending: TreeNode[] = [{ path: [...root], value: tree }];
    while (pending.length > 0) {
        const node = pending.pop()!;
        const tooDeep = node.path.length - root.length > MAX_DEPTH;
        yield { ...node, tooDeep };
        if (tooDeep || skip(node)) continue;
        const { value, path } = node;
        if (Array.isArray(value))
            value.forEach((item, i) =>
                pending.push({ path: [...path, i], value: item, parent: value }),
            );
        else if (isMap(value))
            for (const key of Object.keys(value))
                pending.push({ path: [...path, key], value: value[key], parent: value });
    }
}

/** A Kubernetes Secret object with data in it (e.g. in a chart's extraObjects). */
export function isSecretObject(value: unknown): boolean {
    return (
        isMap(value) &&
        typeof value.kind === "string" &&
        value.kind.toLowerCase() === "secret" &&
        (value.data !== undefined || value.stringData !== undefined)
    );
}

/** Keys ending in a credential's word whose value only names a Kubernetes Secret (charts' own names). */
const NAMES_A_SECRET = new Set(["cloudIntegrationSecret", "existingSecret"]);

/** A key whose string value is a credential: the whole key or its last word (authToken, api_key…).
 *  Keys that only name one (passwordKey, bearerTokenFile, secretName, clientSecretFrom) do not match. */
export const SECRET_KEY =
    /(?:^|[-_]|(?<=[a-z]))(?:password|passwd|secret|token|api[-_]?key|access[-_]?key|secret[-_]?key|private[-_]?key|credentials?)$/i;
/** A literal secret written into Alloy configuration (`password = "…"`), as opposed to a reference. */
const ALLOY_LITERAL_SECRET =
    /\b(?:password|bearer_token|client_secret|secret_key|secret_access_key|api_key|token)\s*=\s*"[^"\s]/;
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Keys that hold a database's data source name (the mysql and postgresql integrations' exporters). */
const DSN_KEY = /(?:^|[-_]|(?<=[a-z]))(?:dataSourceName|dsn)$/i;
// A quote (or bracket) that opens a URL written in configuration, and the one that closes it.
const CLOSING_QUOTE: Readonly<Record<string, string>> = { '"': '"', "'": "'", "`": "`", "<": ">" };
// A host after the user info: `loki.example.com`, `10.0.0.1:3100`, then the URL's end or its path.
const HOST_AFTER_AT = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?=[/?#"'`<>,;)\]}\s]|$)/;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;

/** A half-open range [start, end) of a text. */
export type Span = readonly [number, number];

/** Where each `scheme://` of a text starts and where its "://" is, in order. Linear. */
function schemes(text: string): { start: number; sep: number }[] {
    const found: { start: number; sep: number }[] = [];
    for (let sep = text.indexOf("://"); sep >= 0; sep = text.indexOf("://", sep + 3)) {
        let start = sep;
        while (start > 0 && SCHEME_CHAR.test(text[start - 1])) start--;
        if (start < sep) found.push({ start, sep });
    }
    return found;
}

/**
 * Whether the '@' at `at` of a URL that starts at `start` ends user info: it does unless it sits in
 * the URL's first word and a URL parser reads that word without user info (`https://host/a@b`).
 */
function isUserInfo(text: string, start: number, at: number): boolean {
    if (HOST_AFTER_AT.test(text.slice(at + 1, at + 300))) return true;
    let end = start;
    while (end < text.length && !/\s/.test(text[end])) end++;
    // White space before the @: a password with spaces (`https://writer:correct horse@loki`).
    if (end < at) return true;
    try {
        const url = new URL(text.slice(start, end));
        return url.username !== "" || url.password !== "";
    } catch {
        // An @ after the scheme that a URL parser cannot place: a password holding '/' or ':'.
        return true;
    }
}

/** The first `close` in `region` that no backslash escapes, or the region's length. */
function closingIn(region: string, close: string): number {
    for (let i = region.indexOf(close); i >= 0; i = region.indexOf(close, i + 1)) {
        let backslashes = 0;
        while (region[i - 1 - backslashes] === "\\") backslashes++;
        if (backslashes % 2 === 0) return i;
    }
    return region.length;
}

/**
 * Where the user info of a URL ends in `region` (its authority onwards, up to where the URL ends for
 * certain: its closing quote, the next URL or the text's end), or -1. User info runs to the last '@'
 * before the host, whatever the password holds (spaces, '/', '@', quotes). An unquoted URL in running
 * text may be followed by a quoted string holding an '@' (`https://host/docs, "ops@example.com"`):
 * an '@' whose host is closed by a quote that opened inside the region belongs to that string, and
 * the user info can only end before that quote.
 */
function userInfoEnd(region: string, quoted: boolean): number {
    const at = region.lastIndexOf("@");
    if (at < 0 || quoted) return at;
    const host = HOST_AFTER_AT.exec(region.slice(at + 1, at + 300));
    const after = host ? region[at + 1 + host[0].length] : undefined;
    if (after === undefined || !Object.hasOwn(CLOSING_QUOTE, after)) return at;
    const opening = region.indexOf(after);
    return opening >= 0 && opening < at ? region.lastIndexOf("@", opening - 1) : at;
}

/**
 * The user info of every URL in `text` (`https://user:pass@host` → the span of `user:pass`). A URL
 * in quotes (`"…"`, `'…'`, `` `…` ``, `<…>`, as in Alloy configuration) ends at its closing quote;
 * any other runs to the next URL, across white space and quotes, so that a password holding spaces
 * or quotes is covered whole; its user info ends at the last '@' before the host, so that one
 * holding '/' or '@' is too. `schemeless` also takes `user:pass@host` without a scheme (a
 * tcp_connect target) when the text has no URL. Linear in the text's length.
 */
export function credentialSpans(text: string, options: { schemeless?: boolean } = {}): Span[] {
    const spans: Span[] = [];
    const found = schemes(text);
    found.forEach(({ start, sep }, i) => {
        const from = sep + 3;
        const next = i + 1 < found.length ? found[i + 1].start : text.length;
        // Native searches over each URL's own region keep the whole scan linear.
        let region = text.slice(from, next);
        const opening = text[start - 1];
        const quoted = start > 0 && Object.hasOwn(CLOSING_QUOTE, opening);
        if (quoted) region = region.slice(0, closingIn(region, CLOSING_QUOTE[opening]));
        const at = userInfoEnd(region, quoted);
        if (at >= 0 && isUserInfo(text, start, from + at)) spans.push([from, from + at]);
    });
    if (found.length === 0 && options.schemeless) {
        const at = text.lastIndexOf("@");
        if (at > 0) spans.push([0, at]);
    }
    return spans;
}

/** Whether a text carries a URL with user info. */
export function hasUrlCredentials(text: string): boolean {
    return credentialSpans(text).length > 0;
}

/** The text without the user info of its URLs (`https://host`): what a fix may suggest instead. */
export function withoutCredentials(text: string): string {
    let out = "";
    let last = 0;
    for (const [start, end] of credentialSpans(text)) {
        out += text.slice(last, start);
        last = end + 1; // the '@' goes with the user info
    }
    return out + text.slice(last);
}

/** The text with the user info of its URLs replaced (`https://REDACTED@host`), also without a scheme. */
export function redactCredentials(text: string): string {
    let out = "";
    let last = 0;
    for (const [start, end] of credentialSpans(text, { schemeless: true })) {
        out += `${text.slice(last, start)}REDACTED`;
        last = end;
    }
    return out + text.slice(last);
}

/**
 * Why a value in chart values is (or carries) a credential, as a noun phrase, or undefined. `path`
 * is where it is, its last element the key; `parent` the map or list holding it. Never the value.
 */
export function credentialReason(
    path: readonly (string | number)[],
    value: unknown,
    parent?: unknown,
): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    const key = String(path[path.length - 1] ?? "");
    if (PRIVATE_KEY_PEM.test(value)) return "a private key";
    if (hasUrlCredentials(value)) return "a URL with credentials in it";
    // A database DSN without a scheme (`user:pass@tcp(db:3306)/`): user info runs to its last '@'.
    if (DSN_KEY.test(key) && /:[^@]*@/.test(value.slice(0, value.lastIndexOf("@") + 1)))
        return "a data source name with a password in it";
    if (SECRET_KEY.test(key) && !NAMES_A_SECRET.has(key)) return `a literal ${key}`;
    if (key === "key" && path[path.length - 2] === "tls") return "a literal TLS private key";
    // An environment variable by name and value: { name: API_TOKEN, value: "…" }.
    if (key === "value" && isMap(parent) && typeof parent.name === "string")
        if (SECRET_KEY.test(parent.name)) return `the literal value of ${parent.name}`;
    if (ALLOY_LITERAL_SECRET.test(value)) return "Alloy configuration with a literal secret in it";
    return undefined;
}

export const isMap = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);

/** Keys whose `true` turns TLS verification off, in chart values and Alloy objects. */
const INSECURE_KEYS = new Set([
    "insecureSkipVerify",
    "insecure_skip_verify",
    "tlsSkipVerify",
    "skipTlsVerify",
]);

/**
 * How a value turns TLS verification off, as a noun phrase, or undefined: a `true` at one of the
 * keys that do it, or Alloy configuration that says so. `path` ends with the value's key.
 */
export function tlsVerificationOff(
    path: readonly (string | number)[],
    value: unknown,
): string | undefined {
    if (INSECURE_KEYS.has(String(path.at(-1))) && (value === true || value === "true"))
        return "a switch that turns off TLS verification";
    if (typeof value === "string" && /\binsecure_skip_verify\s*=\s*true\b/.test(value))
        return "Alloy configuration that turns off TLS verification";
    return undefined;
}
