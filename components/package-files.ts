// This package's own files (the charts' schemas, schema.json, package.json), found from where its
// code runs: the repository's root for the sources, the installed package's root for dist/.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The nearest folder above this module with a package.json (dist/ has none of its own). */
export const PACKAGE_ROOT: string = (() => {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    }
})();

/** A file of this package as text, or undefined when it is not there. */
export function readPackageFile(file: string): string | undefined {
    try {
        return readFileSync(path.join(PACKAGE_ROOT, file), "utf8");
    } catch {
        return undefined;
    }
}
