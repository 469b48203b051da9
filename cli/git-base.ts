// The project as it is at a git revision, in a temporary folder, so that its plans can be compared
// with the working tree's: `git archive` of the revision, with this checkout's node_modules.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface BaseTree {
    dir: string;
    /** The commit the revision names. */
    commit: string;
    remove(): void;
}

function git(repo: string, args: string[], input?: Buffer): Buffer {
    const result = spawnSync("git", ["-C", repo, ...args], { input, maxBuffer: 512 << 20 });
    if (result.status !== 0)
        throw new Error(
            `git ${args.join(" ")}: ${result.stderr.toString().trim() || `exit ${result.status}`}`,
        );
    return result.stdout;
}

/** Extracts `ref` of the repository holding `projectDir` (the project may sit in a subfolder). */
export function checkoutBase(projectDir: string, ref: string): BaseTree {
    const top = git(projectDir, ["rev-parse", "--show-toplevel"]).toString().trim();
    const prefix = path.relative(top, projectDir);
    const commit = git(top, ["rev-parse", "--verify", `${ref}^{commit}`])
        .toString()
        .trim();
    const root = mkdtempSync(path.join(tmpdir(), "alloy-monitoring-base-"));
    const archive = git(top, ["archive", "--format=tar", commit, ...(prefix ? [prefix] : [])]);
    const tar = spawnSync("tar", ["-x", "-C", root], { input: archive });
    if (tar.status !== 0) throw new Error(`tar: ${tar.stderr.toString().trim()}`);
    const dir = path.join(root, prefix);
    if (!existsSync(path.join(dir, "node_modules")))
        symlinkSync(path.join(projectDir, "node_modules"), path.join(dir, "node_modules"), "dir");
    return { dir, commit, remove: () => rmSync(root, { recursive: true, force: true }) };
}
