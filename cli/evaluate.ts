// Runs the real program (index.ts) offline, under the Pulumi SDK's mock monitor, and records every
// registration with its inputs, parent, provider and dependencies (which the SDK's Mocks interface
// alone does not show). The offline tools and the tests evaluate stacks through this one function.
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import type { RawConfig } from "../config/decode";

/** The mock RandomPassword's result: what a generated password reads as offline. */
export const GENERATED_PASSWORD = "generated-by-mock-RandomPassword-0123456789";
/** The mock RandomId's hex (16 bytes): the htpasswd salt offline. */
export const MOCK_RANDOM_ID_HEX = "00112233445566778899aabbccddeeff";

export interface Registration {
    type: string;
    name: string;
    custom: boolean;
    urn: string;
    /** Inputs as the engine receives them (secrets still wrapped). */
    inputs: Record<string, unknown>;
    /** URN of the parent ("" for the stack itself). */
    parent: string;
    /** URNs of explicit and implicit dependencies. */
    dependencies: string[];
    /** The provider reference (`<urn>::<id>`) a custom resource is registered with; "" for the default. */
    provider: string;
    /** Providers by package handed to a component (remote components such as helm.v4.Chart use them). */
    providers: Record<string, string>;
    /** Outputs the engine keeps secret besides those the provider marks. */
    additionalSecretOutputs: string[];
    /** How many transforms the engine applies to this resource's children and itself. */
    transforms: number;
}

export interface Evaluation {
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
    getAdditionalsecretoutputsList(): string[];
    getTransformsList(): unknown[];
}
interface RegisterResponse {
    getUrn(): string;
}
type Callback = (err: Error | null, response?: RegisterResponse) => void;
interface Monitor {
    registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

function providersOf(req: RegisterRequest): Record<string, string> {
    const providers: Record<string, string> = {};
    req.getProvidersMap().forEach((ref, pkg) => (providers[pkg] = ref));
    return providers;
}

export interface EvaluateOptions {
    /** The project folder: index.ts, Pulumi.yaml. */
    dir: string;
    project: string;
    stack: string;
}

// The SDK's runtime (config, mocks, the stack) is one per process: whatever evaluates a program,
// and reads what it registered, takes its turn.
let turn: Promise<unknown> = Promise.resolve();

// A program that throws rejects the stack's promise, which the evaluation reports, and inside the SDK
// promises nobody awaits, whose echoes of the same error Node would print again with a stack trace.
const reported = new WeakSet<object>();
function reportOnce(error: Error): void {
    reported.add(error);
    if (process.listeners("unhandledRejection").includes(dropEcho)) return;
    process.on("unhandledRejection", dropEcho);
}
function dropEcho(reason: unknown): void {
    if (typeof reason === "object" && reason !== null && reported.has(reason)) return;
    // Anything else still fails the process, as without this listener (unless someone else listens).
    if (process.listenerCount("unhandledRejection") === 1) throw reason;
}

/** Runs `work` after every earlier one has finished: one program evaluation at a time. */
export function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
}

/** Evaluates the program in `dir` with the stack config `raw`, as `pulumi preview` would. */
export async function evaluateProgram(
    raw: RawConfig,
    options: EvaluateOptions,
): Promise<Evaluation> {
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
                if (args.type === "random:index/randomId:RandomId") state.hex = MOCK_RANDOM_ID_HEX;
                if (args.type === "kubernetes:helm.sh/v4:Chart") state.resources = [];
                return { id: args.custom ? `${args.name}-id` : undefined, state };
            },
            call(args) {
                return args.inputs as Record<string, unknown>;
            },
        },
        options.project,
        options.stack,
        true,
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
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    transforms: req.getTransformsList().length,
                });
            callback(err, response);
        });

    const entry = require.resolve(path.join(options.dir, "index"));
    // The program runs afresh for each stack: its own modules too, not those of the last run.
    for (const key of Object.keys(require.cache))
        if (
            key.startsWith(options.dir + path.sep) &&
            !key.includes(`${path.sep}node_modules${path.sep}`)
        )
            delete require.cache[key];
    let moduleExports: Record<string, unknown> | undefined;
    let error: Error | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(() => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            moduleExports = { ...(require(entry) as Record<string, unknown>) };
            return Promise.resolve(moduleExports);
        });
    } catch (e) {
        error = e as Error;
        reportOnce(error);
    }
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return {
        registrations,
        ...(moduleExports ? { exports: moduleExports } : {}),
        ...(error ? { error } : {}),
    };
}
