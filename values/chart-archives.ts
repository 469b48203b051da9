// Local chart archives (chart.repository = a directory) are pinned by sha256 in the project's
// chart-archives.sha256, so that a swapped or damaged archive is refused before Helm renders it.
// Pure: the caller hands in the files (index.ts and the offline tools read them from disk).
import { createHash } from "node:crypto";
import type { ConfigProblem } from "../config/problems";
import { runCommand, shellQuote } from "../config/fixes";
import type { ChartSource } from "./plan";

/**
 * The lock file, in `sha256sum` format: `<sha256>  <archive>` per line, the archive named by its file
 * name (a path before it is ignored, so that `sha256sum <dir>/<archive> >> chart-archives.sha256` pins one).
 */
export const ARCHIVE_LOCK_FILE = "chart-archives.sha256";

/** Where the published charts come from, for the fix that fetches a missing archive. */
const UPSTREAM_REPOSITORY = "https://grafana.github.io/helm-charts";

/** The pins of a lock file's text: archive file name → sha256. Comments and blank lines are ignored. */
export function parseArchiveLock(text: string): Map<string, string> {
    const pins = new Map<string, string>();
    for (const line of text.split("\n")) {
        const match = /^([0-9a-f]{64}) [ *]?(\S+)\s*$/.exec(line);
        if (match) pins.set(match[2].slice(match[2].lastIndexOf("/") + 1), match[1]);
    }
    return pins;
}

export function sha256(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Problems with the local archives that `charts` name (nothing for charts from a repository):
 * missing, not pinned in the lock, or not the pinned bytes. `read` returns a file's bytes, or
 * undefined when it does not exist.
 */
export function chartArchiveProblems(
    charts: readonly ChartSource[],
    lock: ReadonlyMap<string, string>,
    read: (path: string) => Uint8Array | undefined,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const source of charts) {
        if (source.archive === undefined) continue;
        const name = source.archive.slice(0, -`-${source.version}.tgz`.length);
        const dir = source.chart.slice(0, -source.archive.length - 1) || ".";
        const bytes = read(source.chart);
        if (bytes === undefined) {
            problems.push({
                code: "archive-missing",
                key: "chart.repository",
                message: `has no archive ${source.archive} (looked for ${source.chart}): a local chart directory holds each chart as <name>-<version>.tgz, as \`helm pull\` writes it`,
                fix: [
                    runCommand(
                        `helm pull ${name} --version ${source.version} --repo ${UPSTREAM_REPOSITORY} --destination ${shellQuote(dir)}`,
                    ),
                    runCommand(`sha256sum ${shellQuote(source.chart)} >> ${ARCHIVE_LOCK_FILE}`),
                ],
            });
            continue;
        }
        const pinned = lock.get(source.archive);
        const actual = sha256(bytes);
        if (pinned === undefined) {
            problems.push({
                code: "archive-unpinned",
                key: "chart.repository",
                message: `archive ${source.archive} is not pinned in ${ARCHIVE_LOCK_FILE}, so nothing proves it is the published chart; check where it came from before pinning it`,
                fix: [runCommand(`sha256sum ${shellQuote(source.chart)} >> ${ARCHIVE_LOCK_FILE}`)],
            });
        } else if (pinned !== actual) {
            problems.push({
                code: "archive-mismatch",
                key: "chart.repository",
                message: `archive ${source.chart} has sha256 ${actual}, but ${ARCHIVE_LOCK_FILE} pins ${pinned}: the archive was swapped or damaged`,
                fix: [
                    runCommand(
                        `helm pull ${name} --version ${source.version} --repo ${UPSTREAM_REPOSITORY} --destination ${shellQuote(dir)}`,
                    ),
                ],
            });
        }
    }
    return problems;
}
