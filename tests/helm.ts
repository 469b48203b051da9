// The real Helm (the toolchain's helm, the version the Kubernetes provider embeds) rendering the
// pinned chart archives, for the tests that let Helm judge the chart contract.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    realpathSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import { cpus, homedir, tmpdir } from "node:os";
import path from "node:path";
import { DEFAULTS } from "../config/schema";
import { CHART_ARCHIVES, toolchainBin } from "../scripts/engine/engine";
import { sha256 } from "../values/chart-archives";

export const archive = (chart: string, version: string) =>
    path.join(CHART_ARCHIVES, `${chart}-${version}.tgz`);
export const K8S_MONITORING_ARCHIVE = archive("k8s-monitoring", DEFAULTS.chartVersion);
export const ALLOY_OPERATOR_ARCHIVE = archive("alloy-operator", DEFAULTS.operatorVersion);

/** The cluster the provider renders against in the engine tests, told to `helm template`. */
const KUBE_VERSION = "v1.34.4";
const API_VERSIONS = ["monitoring.coreos.com/v1", "monitoring.coreos.com/v1alpha1"];

/** The Helm minor the Kubernetes provider embeds (4.25: Helm v3.18): renders agree only with it. */
export const PROVIDER_HELM = /^v3\.18\.\d+$/;

/** A helm binary's version (`v3.18.6`), or undefined when it does not run. */
function helmVersion(binary: string): string | undefined {
    try {
        return execFileSync(binary, ["version", "--template", "{{.Version}}"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            timeout: 10_000,
        }).trim();
    } catch {
        return undefined;
    }
}

/** `helm` as PATH finds it, or undefined. */
function helmOnPath(): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir || ".", "helm");
        if (existsSync(candidate)) return candidate;
    }
    return undefined;
}

let chosen: { binary: string; version: string } | undefined;

/**
 * The helm the tests render with: $HELM, else `helm` on PATH, when it is the version the provider
 * embeds; otherwise the toolchain's (built from Go modules by scripts/engine/toolchain.sh once, a few
 * minutes cold), saying why on stderr.
 */
export function helmBinary(): { binary: string; version: string } {
    if (chosen) return chosen;
    const candidate = process.env.HELM || helmOnPath();
    const version = candidate ? helmVersion(candidate) : undefined;
    if (candidate && version && PROVIDER_HELM.test(version)) {
        chosen = { binary: candidate, version };
        return chosen;
    }
    if (candidate)
        process.stderr.write(
            `tests: ${candidate} is helm ${version ?? "(did not run)"}, not the v3.18.x the Kubernetes provider embeds; building v3.18.6 from Go modules (scripts/engine/toolchain.sh helm)\n`,
        );
    const binary = path.join(toolchainBin(["helm"]), "helm");
    chosen = { binary, version: helmVersion(binary) ?? "unknown" };
    return chosen;
}

export const helm = (): string => helmBinary().binary;

export interface Render {
    ok: boolean;
    /** The rendered manifests (stdout). */
    manifests: string;
    /** Helm's error output. */
    error: string;
}

const scratch = mkdtempSync(path.join(tmpdir(), "alloy-monitoring-helm-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/**
 * Renders are cached by what determines them: the helm binary (its path holds the toolchain's
 * build key), the archive's bytes, the arguments and the values. A render takes Helm seconds of
 * CPU, so an unchanged test input is not rendered twice; HELM_RENDER_CACHE=off renders everything.
 */
const CACHE_DIR = path.join(
    process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"),
    "alloy-monitoring",
    "helm-renders",
);
const archiveHashes = new Map<string, string>();
function cacheKey(archiveFile: string, args: string[], values: string): string {
    if (!archiveHashes.has(archiveFile))
        archiveHashes.set(archiveFile, sha256(readFileSync(archiveFile)));
    return createHash("sha256")
        .update(
            // The archive by its bytes, not its path; every other argument (the release too) as is.
            JSON.stringify([
                realpathSync(helm()),
                helmBinary().version,
                args.map((arg) => (arg === archiveFile ? archiveHashes.get(archiveFile) : arg)),
                values,
            ]),
        )
        .digest("hex");
}

/**
 * `helm template` of `chartArchive` with `values`, as the provider renders it (hooks skipped); a
 * list of values is several `-f` files, which Helm coalesces itself (a null there deletes a default).
 */
export function render(
    chartArchive: string,
    values: unknown,
    release = "k8s-monitoring",
    layers: unknown[] = [values],
): Promise<Render> {
    const text = JSON.stringify(layers.length === 1 ? layers[0] : layers);
    const args = [
        "template",
        release,
        chartArchive,
        "--namespace",
        "monitoring",
        "--no-hooks",
        "--kube-version",
        KUBE_VERSION,
        ...API_VERSIONS.flatMap((v) => ["--api-versions", v]),
    ];
    const useCache = process.env.HELM_RENDER_CACHE !== "off";
    const cached = useCache
        ? path.join(CACHE_DIR, `${cacheKey(chartArchive, args, text)}.json`)
        : undefined;
    if (cached && existsSync(cached))
        return Promise.resolve(JSON.parse(readFileSync(cached, "utf8")) as Render);
    const files = layers.map((layer) => {
        const file = path.join(scratch, `values-${counter++}.json`);
        writeFileSync(file, JSON.stringify(layer));
        return file;
    });
    return new Promise((resolve) =>
        execFile(
            helm(),
            [...args, ...files.flatMap((f) => ["-f", f])],
            { maxBuffer: 64 << 20 },
            (err, stdout, stderr) => {
                // Where the values files were is not part of the result.
                const result = {
                    ok: !err,
                    manifests: stdout,
                    error: files.reduce((e, f, i) => e.split(f).join(`values-${i}.json`), stderr),
                };
                if (cached) {
                    mkdirSync(CACHE_DIR, { recursive: true });
                    writeFileSync(cached, JSON.stringify(result));
                }
                resolve(result);
            },
        ),
    );
}

/** Helm's own coalescing of `layers` (several -f files) rendered, as `render` does one. */
export const renderLayers = (chartArchive: string, layers: unknown[], release = "k8s-monitoring") =>
    render(chartArchive, undefined, release, layers);

/** Runs `jobs` with at most one per core at a time. */
export async function pooled<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
    const results: T[] = new Array<T>(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, cpus().length) }, worker));
    return results;
}

/** A catalogue message (a printf format, maybe cut short) as a pattern for Helm's error output. */
export function messagePattern(format: string): RegExp {
    // A message cut short may end inside a verb ("… level (%").
    const parts = format
        .replace(/%$/, "")
        .split(/%[sdqv]/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(parts.join(".*?"));
}

/** One `fail` call in a chart's templates. */
export interface FailSite {
    /** path:line inside the chart (`charts/feature-x/templates/_validation.tpl:10`). */
    template: string;
    /** The line itself, trimmed: what a reviewer of a chart bump compares. */
    line: string;
}

/**
 * Every `fail` the chart's own templates (and its vendored subcharts' directories) call, read from
 * the archive: so a chart bump shows which catalogue rows are new, gone or moved.
 */
export function failSites(chartArchive: string, chart = "k8s-monitoring"): FailSite[] {
    const dir = mkdtempSync(path.join(scratch, "chart-"));
    execFileSync("tar", ["-xzf", chartArchive, "-C", dir]);
    const root = path.join(dir, chart);
    const sites: FailSite[] = [];
    const walk = (rel: string) => {
        for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(child);
            else if (/\.(tpl|yaml|txt)$/.test(entry.name) && /(^|\/)templates\//.test(child))
                readFileSync(path.join(root, child), "utf8")
                    .split("\n")
                    .forEach((line, i) => {
                        // `fail` as a template action: {{ fail …}}, (fail …), | fail; not in comments.
                        if (/\{\{-?\s*fail\b|\(\s*fail\s|\|\s*fail\b/.test(line))
                            sites.push({ template: `${child}:${i + 1}`, line: line.trim() });
                    });
        }
    };
    walk("");
    return sites.sort((a, b) => a.template.localeCompare(b.template));
}
