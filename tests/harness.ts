// Runs the whole program (index.ts) under Pulumi's mocks and records every registration with its
// inputs, parent and dependencies, which the SDK's Mocks interface alone does not show.
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import type { RawConfig } from "../config/decode";
import { loadStackFiles } from "../config/stack-files";

export const PROJECT_DIR = path.join(__dirname, "..");
export const GENERATED_PASSWORD = "generated-by-mock-RandomPassword-0123456789";

export interface Registration {
    type: string;
    name: string;
    custom: boolean;
    urn: string;
    /** Inputs as the engine receives them (secrets still wrapped). */
    inputs: Record<string, unknown>;
    parent: string;
    /** URNs of explicit and implicit dependencies. */
    dependencies: string[];
    /** The provider reference (`<urn>::<id>`) a custom resource is registered with; "" for the default. */
    provider: string;
    /** Providers by package handed to a component (remote components such as helm.v4.Chart use them). */
    providers: Record<string, string>;
}

export interface ProgramRun {
    registrations: Registration[];
    /** The program module's exports (stack outputs as Outputs), when it ran. */
    exports?: Record<string, unknown>;
    error?: Error;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getProvider(): string;
    getProvidersMap(): { forEach(callback: (value: string, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
}
type Callback = (err: Error | null, response?: RegisterResponse) => void;
interface Monitor {
    registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

/** Stack config for a stack file plus the project defaults, as the CLI would pass it. */
export function stackConfig(stack: string, secrets: Record<string, string> = {}): RawConfig {
    return loadStackFiles(PROJECT_DIR, stack, secrets).raw;
}

/** Same config with keys set (objects as values) or removed (undefined), as `pulumi config set` would. */
export function withConfig(
    raw: RawConfig,
    changes: Record<string, unknown>,
    secretKeys: string[] = [],
): RawConfig {
    const values: Record<string, string> = { ...raw.values };
    for (const [key, value] of Object.entries(changes)) {
        const fullKey = `alloy-monitoring:${key}`;
        if (value === undefined) delete values[fullKey];
        else values[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const secrets = new Set(raw.secretKeys);
    for (const key of secretKeys) secrets.add(`alloy-monitoring:${key}`);
    return { values, secretKeys: secrets };
}

function providersOf(req: RegisterRequest): Record<string, string> {
    const providers: Record<string, string> = {};
    req.getProvidersMap().forEach((ref, pkg) => (providers[pkg] = ref));
    return providers;
}

export async function runProgram(raw: RawConfig): Promise<ProgramRun> {
    pulumi.runtime.setAllConfig({ ...raw.values }, [...raw.secretKeys]);
    const inputsByKey = new Map<string, Record<string, unknown>>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                inputsByKey.set(
                    `${args.type}::${args.name}`,
                    args.inputs as Record<string, unknown>,
                );
                const state: Record<string, unknown> = {
                    ...(args.inputs as Record<string, unknown>),
                };
                // Deliberately not secret: the program must mark the password secret itself.
                if (args.type === "random:index/randomPassword:RandomPassword")
                    state.result = GENERATED_PASSWORD;
                if (args.type === "kubernetes:helm.sh/v4:Chart") state.resources = [];
                return { id: args.custom ? `${args.name}-id` : undefined, state };
            },
            call(args) {
                return args.inputs as Record<string, unknown>;
            },
        },
        "alloy-monitoring",
        "dev",
        false,
    );

    const registrations: Registration[] = [];
    const monitor = (pulumi.runtime as unknown as { getMonitor(): Monitor }).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, response) => {
            if (response)
                registrations.push({
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    urn: response.getUrn(),
                    inputs: inputsByKey.get(`${req.getType()}::${req.getName()}`) ?? {},
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    provider: req.getProvider(),
                    providers: providersOf(req),
                });
            callback(err, response);
        });

    const entry = require.resolve(path.join(PROJECT_DIR, "index"));
    delete require.cache[entry];
    let moduleExports: Record<string, unknown> | undefined;
    let error: Error | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(() => {
            // require, not import: the program must run afresh for each config.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            moduleExports = { ...(require(entry) as Record<string, unknown>) };
            return Promise.resolve(moduleExports);
        });
    } catch (e) {
        error = e as Error;
    }
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { registrations, exports: moduleExports, error };
}

/** Resolves an Output's value (and whether it is secret) in a test. */
export function resolve<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    return new Promise((done) => {
        void pulumi
            .isSecret(output)
            .then((secret) => output.apply((value) => done({ value, secret })));
    });
}

/** Removes the engine's secret wrappers from mock inputs, noting the paths that were secret. */
export function unwrapSecrets(value: unknown, at = "", secrets: string[] = []): unknown {
    if (pulumi.runtime.isRpcSecret(value)) {
        secrets.push(at);
        return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value), at, secrets);
    }
    if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${at}[${i}]`, secrets));
    if (value !== null && typeof value === "object")
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [
                k,
                unwrapSecrets(v, at ? `${at}.${k}` : k, secrets),
            ]),
        );
    return value;
}
