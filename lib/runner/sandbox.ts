/**
 * The worker's sandbox: SES lockdown (hardened intrinsics), the permission drop, and the
 * compartment an estimator's module is evaluated in.
 *
 * The compartment sees only what it is given: the hardened `{ np }` module through `require`,
 * a captured console, `performance.now`, `setTimeout`/`clearTimeout` (bound to the code windows of
 * `code_window.ts`), `Math`, `Date`, the
 * float typed arrays, and a `Deno` object that holds nothing but file operations confined to
 * the estimator's own directory (read) and the scratch directory (read and write). No process,
 * environment, network, FFI or stdio handle is reachable from it, and it cannot patch any
 * intrinsic, the counted API, its endowed globals or the meter's clock.
 *
 * @module
 */
import { resolve } from "@std/path";
import { bindModuleBody, type ModuleCompiler, moduleWrapper } from "../estimator/evaluate.ts";
import { SANDBOX_REFUSAL } from "./sandbox_hint.ts";
import type { CodeWindow } from "../contract/runner.ts";
import { WindowTimers } from "./code_window.ts";
import { ScratchQuota } from "./scratch_quota.ts";

/** The SES globals this module uses (installed by `import("ses")`). */
export interface SesGlobals {
  /** Freezes the realm's intrinsics; callable once per realm. */
  lockdown(options: Record<string, unknown>): void;
  /** Deep-freezes `value` through its properties and prototypes, returning it. */
  harden<T>(value: T): T;
  /** Creates an isolated global scope sharing the realm's frozen intrinsics. */
  Compartment: new (options: { globals: Record<string, unknown>; __options__: true }) => {
    readonly globalThis: object;
    evaluate(source: string): unknown;
  };
}

/**
 * Every lockdown option, given explicitly so SES never consults the environment (the worker
 * has no env permission). Errors keep their stacks ("unsafe") so estimator tracebacks stay
 * useful; `reporting: "none"` keeps SES's own notes out of the worker's output.
 */
const LOCKDOWN_OPTIONS = {
  errorTaming: "unsafe",
  errorTrapping: "none",
  reporting: "none",
  unhandledRejectionTrapping: "none",
  regExpTaming: "safe",
  localeTaming: "safe",
  consoleTaming: "unsafe",
  overrideTaming: "moderate",
  stackFiltering: "verbose",
  domainTaming: "safe",
  evalTaming: "safe-eval",
  overrideDebug: [],
  legacyRegeneratorRuntimeTaming: "safe",
  __hardenTaming__: "safe",
} as const;

let ses: SesGlobals | undefined;

/**
 * Loads SES and locks the realm down: every intrinsic (Object, Array, Function, Math, JSON,
 * the typed arrays and their prototypes, ...) is frozen from here on. Idempotent.
 *
 * `globalThis.process` is hidden while SES loads its options, so its environment lookups see
 * nothing instead of tripping the env permission.
 *
 * @returns The SES globals.
 */
export async function installLockdown(): Promise<SesGlobals> {
  if (ses) return ses;
  await import("ses");
  const g = globalThis as unknown as SesGlobals & Record<string, unknown>;
  const process = Object.getOwnPropertyDescriptor(g, "process");
  Object.defineProperty(g, "process", { value: undefined, configurable: true, writable: true });
  try {
    g.lockdown({ ...LOCKDOWN_OPTIONS });
  } finally {
    if (process) Object.defineProperty(g, "process", process);
    else delete g.process;
  }
  ses = { lockdown: g.lockdown, harden: g.harden, Compartment: g.Compartment };
  return ses;
}

/** Permissions the worker never needs: revoked outright before estimator code runs. */
const ALWAYS_REVOKED = ["net", "run", "env", "ffi", "sys"] as const;

/** What {@link dropPermissions} left in place. */
export interface PermissionReport {
  /** Permission names whose query still says "granted" after the drop (empty when confined). */
  readonly stillGranted: readonly string[];
  /** Whether read or write access is granted everywhere (the compiled binary's baked flags). */
  readonly globalFileAccess: boolean;
}

/**
 * Revokes network, subprocess, environment, FFI and system access, whatever the process was
 * started with. Read and write access stay as granted: under `deno run` the flags already limit
 * them to the estimator's directory and the scratch directory; a compiled binary carries its
 * flags baked in and cannot narrow a global grant to a path, so there the confined file API
 * of {@link createSandbox} is the limit.
 *
 * @returns What is still granted.
 */
export function dropPermissions(): PermissionReport {
  for (const name of ALWAYS_REVOKED) Deno.permissions.revokeSync({ name });
  const stillGranted = ALWAYS_REVOKED.filter((name) =>
    Deno.permissions.querySync({ name }).state === "granted"
  );
  const globalFileAccess = (["read", "write"] as const).some((name) =>
    Deno.permissions.querySync({ name }).state === "granted"
  );
  return { stillGranted, globalFileAccess };
}

/** Where the estimator may touch files. */
export interface FileRoots {
  /** Directories it may read (its own directory, the scratch directory). */
  readonly read: readonly string[];
  /** Directories it may write (the scratch directory). */
  readonly write: readonly string[];
}

/** What {@link createSandbox} needs. */
export interface SandboxOptions {
  /** The captured console the estimator writes to. */
  readonly console: Console;
  /** Where the estimator may read and write files. */
  readonly roots: FileRoots;
  /** The most the write roots may hold together, in bytes (see `scratch_quota.ts`). */
  readonly scratchLimitBytes: number;
  /** The clock behind the estimator's `performance.now` (the meter's own captured clock). */
  readonly now: () => number;
  /** Receives a line for each exception a timer callback threw and each cancelled timer. */
  readonly report: (line: string) => void;
}

/** The pieces the loader needs to evaluate an estimator inside the compartment. */
export interface Sandbox {
  /** Compiles a module body inside the compartment (the loader's compile seam). */
  readonly compile: ModuleCompiler;
  /** Hardens a value handed to the estimator (the `whest` module). */
  readonly harden: <T>(value: T) => T;
  /** The windows in which the estimator's timers may fire (see `code_window.ts`). */
  readonly window: CodeWindow;
}

/**
 * Builds the compartment an estimator runs in. Call after {@link installLockdown}.
 *
 * @param options Console, file roots, clock and the timer-error sink.
 * @returns The compartment compiler, SES's `harden` and the code windows of its timers.
 * @throws Error when lockdown has not been installed.
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  if (!ses) throw new Error("createSandbox: installLockdown() must run first");
  const { harden, Compartment } = ses;
  const now = options.now;
  const timers = new WindowTimers(options.report);
  const globals = harden({
    console: options.console,
    performance: { now: () => now() },
    setTimeout: (callback: unknown, delayMs?: unknown, ...args: unknown[]) =>
      timers.setTimeout(callback, delayMs, ...args),
    clearTimeout: (id: unknown) => timers.clearTimeout(id),
    Math,
    Date,
    // SES keeps the float arrays off new compartments (their NaN bit patterns are a side
    // channel between compartments); estimators need them and share no compartment.
    Float32Array,
    Float64Array,
    Deno: withRefusals(confinedFiles(options.roots, options.scratchLimitBytes)),
  });
  const compartment = new Compartment({ globals: { ...globals }, __options__: true });
  const global = compartment.globalThis;
  for (const name of Object.keys(globals)) {
    Object.defineProperty(global, name, { writable: false, configurable: false });
  }
  const compile: ModuleCompiler = (code, sourceUrl) => {
    const body = compartment.evaluate(moduleWrapper(code, sourceUrl));
    return bindModuleBody(body as (...args: unknown[]) => void);
  };
  return { compile, harden, window: timers };
}

/**
 * The estimator's `Deno`: file operations only, each checked against the roots first; writes
 * are also charged to the write roots' quota.
 */
function confinedFiles(roots: FileRoots, scratchLimitBytes: number) {
  const readRoots = roots.read.map((root) => realPathOfExistingPart(resolve(root)));
  const writeRoots = roots.write.map((root) => realPathOfExistingPart(resolve(root)));
  const quota = new ScratchQuota(writeRoots, scratchLimitBytes);
  const read = (path: unknown) => confine(path, readRoots, "read");
  const write = (path: unknown) => confine(path, writeRoots, "write");
  const writeBytes = (path: unknown, bytes: Uint8Array) => {
    const target = write(path);
    quota.write(target, byteLengthOf(bytes), () => Deno.writeFileSync(target, bytes));
  };
  const encoder = new TextEncoder();
  return {
    readFileSync: (path: unknown) => guard(() => Deno.readFileSync(read(path))),
    readTextFileSync: (path: unknown) => guard(() => Deno.readTextFileSync(read(path))),
    readFile: (path: unknown) => promise(() => Deno.readFileSync(read(path))),
    readTextFile: (path: unknown) => promise(() => Deno.readTextFileSync(read(path))),
    readDirSync: (path: unknown) =>
      guard(() =>
        Array.from(Deno.readDirSync(read(path)), (e) => ({
          name: e.name,
          isFile: e.isFile,
          isDirectory: e.isDirectory,
          isSymlink: e.isSymlink,
        }))
      ),
    statSync: (path: unknown) =>
      guard(() => {
        const s = Deno.statSync(read(path));
        return { size: s.size, isFile: s.isFile, isDirectory: s.isDirectory };
      }),
    writeFileSync: (path: unknown, data: Uint8Array) =>
      guard(() => writeBytes(path, bytesOf(data))),
    writeTextFileSync: (path: unknown, text: unknown) =>
      guard(() => writeBytes(path, encoder.encode(String(text)))),
    writeFile: (path: unknown, data: Uint8Array) => promise(() => writeBytes(path, bytesOf(data))),
    writeTextFile: (path: unknown, text: unknown) =>
      promise(() => writeBytes(path, encoder.encode(String(text)))),
    mkdirSync: (path: unknown) =>
      guard(() => {
        const target = write(path);
        quota.mkdir(target, () => Deno.mkdirSync(target, { recursive: true }));
      }),
    removeSync: (path: unknown) =>
      guard(() => {
        const target = write(path);
        quota.remove(target, () => Deno.removeSync(target, { recursive: true }));
      }),
  };
}

/**
 * Gives the estimator's `Deno` a getter for every other name of the real `Deno` namespace, so
 * that `Deno.env.get(...)` says what refused it instead of "cannot read properties of
 * undefined".
 */
function withRefusals<T extends object>(files: T): T {
  for (const name of Object.keys(Deno)) {
    if (Object.hasOwn(files, name)) continue;
    Object.defineProperty(files, name, {
      enumerable: false,
      get() {
        throw new TypeError(`Deno.${name} ${SANDBOX_REFUSAL}`);
      },
    });
  }
  return files;
}

/**
 * Resolves `path` (through symlinks, as far as it exists) and returns it when it lies inside
 * one of `roots` (real paths); throws PermissionDenied otherwise.
 */
function confine(path: unknown, roots: readonly string[], access: "read" | "write"): string {
  if (typeof path !== "string") throw new TypeError(`${access}: the path must be a string`);
  const target = realPathOfExistingPart(resolve(path));
  const inside = roots.some((root) =>
    target === root || target.startsWith(root.endsWith("/") ? root : `${root}/`)
  );
  if (!inside) {
    throw permissionDenied(
      `${access} access to "${path}" is denied: the sandbox allows ${
        roots.length ? roots.join(", ") : "no directory"
      }`,
    );
  }
  return target;
}

/** The real path of the longest existing prefix of `path`, with the rest appended as given. */
function realPathOfExistingPart(path: string): string {
  const parts = path.split("/");
  for (let keep = parts.length; keep > 1; keep--) {
    try {
      const real = Deno.realPathSync(parts.slice(0, keep).join("/"));
      const rest = parts.slice(keep);
      return rest.length ? `${real.replace(/\/$/, "")}/${rest.join("/")}` : real;
    } catch {
      // this prefix does not exist (or cannot be resolved): try a shorter one
    }
  }
  return path;
}

/**
 * Runs a file operation and rethrows its failure as a plain Error with the same name and
 * message, so no runtime-internal error class reaches the estimator.
 */
function guard<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const plain = new Error(error instanceof Error ? error.message : String(error));
    plain.name = error instanceof Error ? String(error.name) : "Error";
    throw plain;
  }
}

function promise<T>(operation: () => T): Promise<T> {
  try {
    return Promise.resolve(guard(operation));
  } catch (error) {
    return Promise.reject(error);
  }
}

function permissionDenied(message: string): Error {
  const error = new Error(message);
  error.name = "PermissionDenied";
  return error;
}

/** The intrinsic `byteLength` getter: reads the array's own length, whatever its subclass says. */
const TYPED_ARRAY_BYTE_LENGTH = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  "byteLength",
)!.get!;

function byteLengthOf(bytes: Uint8Array): number {
  return Reflect.apply(TYPED_ARRAY_BYTE_LENGTH, bytes, []) as number;
}

function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  throw new TypeError("writeFile: the data must be a Uint8Array");
}
