// Single-value rules shared by the config schema. Each returns what is wrong with a value, or
// undefined when it is fine; messages say what a valid value looks like and never echo secrets.
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { hasUrlCredentials, withoutCredentials } from "../policy/shared";
import { quote } from "./problems";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
const EXACT_SEMVER =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
// Mimir and Loki tenant IDs: at most 150 of these characters, and not "." or "..".
const TENANT_ID = /^[A-Za-z0-9!._*'()-]{1,150}$/;

export function dnsLabelProblem(value: string): string | undefined {
    if (value.length <= 63 && DNS1123_LABEL.test(value)) return undefined;
    return (
        `${quote(value)} is not a valid Kubernetes name (DNS-1123 label): use at most 63 ` +
        `lowercase letters, digits and '-', starting and ending with a letter or digit`
    );
}

export function dnsSubdomainProblem(value: string): string | undefined {
    if (value.length <= 253 && DNS1123_SUBDOMAIN.test(value)) return undefined;
    return (
        `${quote(value)} is not a valid Kubernetes object name (DNS-1123 subdomain): use ` +
        `lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`
    );
}

export function configMapKeyProblem(value: string): string | undefined {
    if (value.length <= 253 && CONFIGMAP_KEY.test(value)) return undefined;
    return `${quote(value)} is not a valid ConfigMap key: use letters, digits, '-', '_' and '.'`;
}

export function tenantIdProblem(value: string): string | undefined {
    if (TENANT_ID.test(value) && value !== "." && value !== "..") return undefined;
    return (
        `${quote(value)} is not a valid tenant ID: use at most 150 letters, digits and ` +
        `!-_.*'() characters ("|" would split it into several tenants)`
    );
}

export function usernameProblem(value: string): string | undefined {
    if (value.length > 0 && !value.includes(":") && !/\s/.test(value)) return undefined;
    return `${quote(value)} cannot be a basic-auth user name: it must be non-empty, without ':' or spaces`;
}

export function exactVersionProblem(value: string): string | undefined {
    if (EXACT_SEMVER.test(value)) return undefined;
    return `${quote(value)} is not an exact version: pin one release such as "4.5.0", not a range`;
}

/** This program renders the v4 values model (collectors and destinations as maps). */
export function chartVersionProblem(value: string): string | undefined {
    const notExact = exactVersionProblem(value);
    if (notExact) return notExact;
    const major = Number(value.split(".")[0]);
    if (major === 4) return undefined;
    const why =
        major < 4
            ? "v3 and older use destination lists and top-level alloy-* collectors, which 4.x dropped"
            : "a new major may rename or remove the values this program renders";
    return `k8s-monitoring ${value} is not supported: this program renders the chart's 4.x values (collectors, presets, destination maps); ${why}`;
}

/** The gRPC port Loki and Mimir listen on; their push APIs are HTTP. */
const GRPC_PORT = "9095";

/**
 * A host whose traffic stays inside the cluster or the pod: a Service name (`loki.monitoring.svc`,
 * `….svc.cluster.local`) or loopback.
 */
export function isInClusterHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, "");
    return (
        host.endsWith(".svc") ||
        host.endsWith(".svc.cluster.local") ||
        host === "localhost" ||
        /^127\.\d+\.\d+\.\d+$/.test(host) ||
        host === "[::1]"
    );
}

export function httpUrlProblem(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `${quote(value)} is not a URL: give an absolute http(s) URL`;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
        return `${quote(value)} uses ${url.protocol.replace(":", "")}: only http and https are supported`;
    if (url.username || url.password || hasUrlCredentials(value))
        return (
            `${quote(value)} carries credentials: they would be stored in chart values and ` +
            `Pulumi state in plaintext; remove them from the URL (Loki's password goes in the lokiPassword secret)`
        );
    if (url.hash)
        return `${quote(value)} has a #fragment, which a server never receives: remove it`;
    return undefined;
}

/**
 * Basic auth over plain http to a host outside the cluster sends the password readable on every
 * network it crosses; in-cluster Service URLs stay on the cluster's network and are fine.
 */
export function plaintextBasicAuthProblem(value: string, allowed: boolean): string | undefined {
    if (allowed) return undefined;
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return undefined; // httpUrlProblem reports it
    }
    if (url.protocol !== "http:" || isInClusterHost(url.hostname)) return undefined;
    return (
        `${quote(value)} is plain http to a host outside the cluster, and Loki gets basic auth: ` +
        `its password would cross the network readable; use https, or, for a lab that accepts ` +
        `this, pulumi config set --path loki.allowPlaintextHttp true`
    );
}

/** The text without trailing '/' (a loop: the regex /\/+$/ is quadratic on long runs of '/'). */
export function trimTrailingSlashes(value: string): string {
    let end = value.length;
    while (end > 0 && value[end - 1] === "/") end--;
    return value.slice(0, end);
}

/**
 * Where both charts come from: an OCI registry path, an http(s) index, or a local directory of chart
 * archives (`file:///abs/dir`, or a path relative to the project) for clusters without a repository.
 */
export type ChartRepository =
    | { kind: "oci"; registry: string }
    | { kind: "http"; url: string }
    | { kind: "local"; dir: string };

function localDir(path: string): string {
    return trimTrailingSlashes(path) || (path.startsWith("/") ? "/" : "");
}

export function chartRepository(value: string): ChartRepository {
    if (value.startsWith("oci://")) return { kind: "oci", registry: trimTrailingSlashes(value) };
    if (value.startsWith("file://")) return { kind: "local", dir: localDir(value.slice(7)) };
    if (!value.includes("://")) return { kind: "local", dir: localDir(value) };
    return { kind: "http", url: value };
}

export function repositoryProblem(value: string): string | undefined {
    const repository = chartRepository(value);
    switch (repository.kind) {
        case "oci": {
            const rest = repository.registry.slice("oci://".length);
            if (/^[^\s/@]+(\/[^\s/@]+)*$/.test(rest)) return undefined;
            return `${quote(value)} is not an OCI registry path such as oci://ghcr.io/grafana/helm-charts`;
        }
        case "local":
            if (value.startsWith("file://") && !repository.dir.startsWith("/"))
                return `${quote(value)} is not a file:// URL of an absolute directory such as file:///srv/charts; a path relative to the project works too`;
            // Control characters and whitespace at the ends are typos, never a directory anyone meant.
            if (
                repository.dir === "" ||
                [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ||
                value.trim() !== value
            )
                return `${quote(value)} is not a directory of chart archives such as file:///srv/charts or charts`;
            return undefined;
        case "http": {
            const problem = httpUrlProblem(value);
            return (
                problem &&
                `${problem}; an OCI registry (oci://…) or a directory of chart archives (file:///…) works too`
            );
        }
    }
}

/** A DNS name (labels of letters, digits and '-') or an IPv4 address; checked label by label. */
function isHostName(value: string): boolean {
    if (value.length === 0 || value.length > 253) return false;
    return value.split(".").every((label) => /^[A-Za-z0-9-]{1,63}$/.test(label));
}

/** `host:port`, as the blackbox tcp prober takes it: a name, an IPv4 or a bracketed IPv6 address. */
export function hostPortProblem(value: string): string | undefined {
    const colon = value.lastIndexOf(":");
    const host = value.slice(0, Math.max(colon, 0));
    const port = value.slice(colon + 1);
    const validHost =
        host.startsWith("[") && host.endsWith("]")
            ? isIP(host.slice(1, -1)) === 6
            : isIP(host) === 4 || isHostName(host);
    if (
        colon > 0 &&
        validHost &&
        /^\d{1,5}$/.test(port) &&
        Number(port) > 0 &&
        Number(port) < 65536
    )
        return undefined;
    return `${quote(value)} is not host:port (e.g. "mimir.example.com:443", "[2001:db8::1]:443")`;
}

/** A bare host name or IP address (IPv6 too, also with an IPv4 part), as the icmp prober takes it. */
export function hostProblem(value: string): string | undefined {
    if (isIP(value) !== 0 || isHostName(value)) return undefined;
    return `${quote(value)} is not a host name or IP address`;
}

/**
 * The PEM blocks of a text, found with plain string search so that any input, however malformed,
 * is read in linear time. A BEGIN line without its END line ends the search with `unterminated`.
 */
function pemBlocks(pem: string): { label: string; text: string }[] | { unterminated: number } {
    const blocks: { label: string; text: string }[] = [];
    let from = 0;
    for (;;) {
        const begin = pem.indexOf("-----BEGIN ", from);
        if (begin < 0) return blocks;
        const labelEnd = pem.indexOf("-----", begin + 11);
        const label = labelEnd < 0 ? "" : pem.slice(begin + 11, labelEnd);
        if (labelEnd < 0 || !/^[A-Z0-9 ]{1,64}$/.test(label))
            return { unterminated: blocks.length + 1 };
        const endLine = `-----END ${label}-----`;
        const end = pem.indexOf(endLine, labelEnd + 5);
        if (end < 0) return { unterminated: blocks.length + 1 };
        blocks.push({ label, text: pem.slice(begin, end + endLine.length) });
        from = end + endLine.length;
    }
}

/** The certificates in a PEM bundle; text between blocks (comments) is allowed, as trust-manager writes none. */
export function parseCertificates(pem: string): {
    certificates: X509Certificate[];
    problem?: string;
} {
    const certificates: X509Certificate[] = [];
    const blocks = pemBlocks(pem);
    if (!Array.isArray(blocks))
        return {
            certificates,
            problem: `block ${blocks.unterminated} has no matching -----END ...----- line`,
        };
    for (const [index, block] of blocks.entries()) {
        if (block.label !== "CERTIFICATE")
            return {
                certificates,
                problem: `block ${index + 1} is a "${block.label}", not a CERTIFICATE: a trust bundle holds CA certificates only (never a private key)`,
            };
        try {
            certificates.push(new X509Certificate(block.text));
        } catch {
            return { certificates, problem: `certificate ${index + 1} does not parse as X.509` };
        }
    }
    if (certificates.length === 0)
        return {
            certificates,
            problem:
                "holds no PEM certificate: give one or more -----BEGIN CERTIFICATE----- blocks",
        };
    return { certificates };
}

// Corrections: the user's own value made valid, for a fix that keeps what they meant. Each returns
// undefined when nothing sensible is left, and the fix falls back to a <placeholder>.

function squeeze(text: string, invalid: RegExp, max: number, edge: RegExp): string | undefined {
    // Only the start can survive the cut below: look at no more, whatever the input's size.
    const value = text.slice(0, max * 2);
    let out = value.replace(invalid, "-").replace(/-{2,}/g, "-").replace(edge, "");
    out = out.slice(0, max).replace(edge, "");
    return out === "" ? undefined : out;
}

export function toDnsLabel(value: string): string | undefined {
    return squeeze(value.toLowerCase(), /[^a-z0-9-]+/g, 63, /^[^a-z0-9]+|[^a-z0-9]+$/g);
}

export function toDnsSubdomain(value: string): string | undefined {
    return squeeze(value.toLowerCase(), /[^a-z0-9.-]+/g, 253, /^[^a-z0-9]+|[^a-z0-9]+$/g);
}

export function toConfigMapKey(value: string): string | undefined {
    return squeeze(value, /[^-._a-zA-Z0-9]+/g, 253, /^-+|-+$/g);
}

export function toTenantId(value: string): string | undefined {
    const out = squeeze(value, /[^A-Za-z0-9!._*'()-]+/g, 150, /^-+|-+$/g);
    return out === "." || out === ".." ? undefined : out;
}

export function toUsername(value: string): string | undefined {
    return squeeze(value, /[:\s]+/g, 256, /^-+|-+$/g);
}

export function toExactVersion(value: string): string | undefined {
    return /(\d+\.\d+\.\d+)/.exec(value)?.[1];
}

/** The same URL as http(s), without credentials or fragment; a bare host gets https://. */
export function toHttpUrl(value: string): string | undefined {
    const attempt = (text: string) => {
        try {
            const url = new URL(text);
            if (url.protocol !== "http:" && url.protocol !== "https:") {
                if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
                // Loki's and Mimir's gRPC port; their HTTP APIs are elsewhere (a gateway's 443
                // or 80), so the port goes rather than stay wrong.
                if (url.port === GRPC_PORT) url.port = "";
                const scheme = isInClusterHost(url.hostname) ? "http" : "https";
                const rest = url.href.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
                return attempt(`${scheme}://${rest}`);
            }
            url.username = "";
            url.password = "";
            url.hash = "";
            return url.host === "" ? undefined : url.href;
        } catch {
            return undefined;
        }
    };
    // User info goes as this program reads it (to the last '@' before the host), before a URL
    // parser could read part of a password as the host and keep the rest in the path.
    const bare = withoutCredentials(value);
    return (
        attempt(bare) ??
        (/^[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(bare) ? attempt(`https://${bare}`) : undefined)
    );
}

export function toProbeName(value: string): string | undefined {
    return squeeze(value, /[^A-Za-z0-9_.-]+/g, 63, /^-+|-+$/g);
}
