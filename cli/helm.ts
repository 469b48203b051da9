// The real Helm, the version the Kubernetes provider embeds, rendering chart archives: the offline
// plan's judge of what the chart itself refuses (npm run plan), and the tests'. Renders are cached.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    realpathSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import { cpus, homedir, tmpdir } from "node:os";
import path from "node:path";
import { sha256 } from "../values/chart-archives";

/** Builds the toolchain's tools from Go modules (cached): the last line of its output is their bin. */
const TOOLCHAIN = path.join(__dirname, "..", "scripts", "engine", "toolchain.sh");

function toolchainHelm(): string {
    const fromEnv = process.env.ENGINE_BIN;
    if (fromEnv && existsSync(path.join(fromEnv, "helm"))) return path.join(fromEnv, "helm");
    const out = execFileSync(TOOLCHAIN, ["helm"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 16 << 20,
    });
    return path.join(out.trim().split("\n").at(-1)!, "helm");
}

/** The cluster the provider renders against in the engine tests, told to `helm template`. */
export const KUBE_VERSION = "v1.34.4";
export const API_VERSIONS = ["monitoring.coreos.com/v1", "monitoring.coreos.com/v1alpha1"];

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
    const binary = toolchainHelm();
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

let scratchDir: string | undefined;
/** A folder for values files, made on first use and removed when the process exits. */
function scratch(): string {
    if (scratchDir === undefined) {
        const dir = mkdtempSync(path.join(tmpdir(), "alloy-monitoring-helm-"));
        process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
        scratchDir = dir;
    }
    return scratchDir;
}
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

/** What a render is of: a chart archive, the values (several -f files, coalesced by Helm), where. */
export interface RenderInput {
    archive: string;
    layers: unknown[];
    release: string;
    namespace: string;
}

/** `helm template` as the provider renders (hooks skipped), for a cluster with the CRDs it needs. */
export function renderChart({ archive, layers, release, namespace }: RenderInput): Promise<Render> {
    const text = JSON.stringify(layers.length === 1 ? layers[0] : layers);
    const args = [
        "template",
        release,
        archive,
        "--namespace",
        namespace,
        "--no-hooks",
        "--kube-version",
        KUBE_VERSION,
        ...API_VERSIONS.flatMap((v) => ["--api-versions", v]),
    ];
    const useCache = process.env.HELM_RENDER_CACHE !== "off";
    const cached = useCache
        ? path.join(CACHE_DIR, `${cacheKey(archive, args, text)}.json`)
        : undefined;
    if (cached && existsSync(cached))
        return Promise.resolve(JSON.parse(readFileSync(cached, "utf8")) as Render);
    const files = layers.map((layer) => {
        const file = path.join(scratch(), `values-${counter++}.json`);
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

/**
 * `helm template` of `chartArchive` with `values` in namespace monitoring; a list of values is
 * several `-f` files, which Helm coalesces itself (a null there deletes a default).
 */
export function render(
    chartArchive: string,
    values: unknown,
    release = "k8s-monitoring",
    layers: unknown[] = [values],
): Promise<Render> {
    return renderChart({ archive: chartArchive, layers, release, namespace: "monitoring" });
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
