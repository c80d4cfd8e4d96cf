/**
 * `whest doctor`: what this machine and this install give a run, one check a line — the Deno
 * runtime, how whest was started, cores, the WASM SIMD builds the engine accepts, the system
 * BLAS and the ffi permission it needs, kernel threads, the Deno and ground-truth caches,
 * writable working and temporary directories, and free disk. Each check passes, warns (a run
 * still works, slower or with less), or fails (a run cannot work).
 *
 * @module
 */
import { envVar } from "../core/env.ts";
import { dirname, join } from "@std/path";
import { UsageError } from "../core/errors.ts";
import { WHEST_VERSION } from "../core/version.ts";
import { applyThreads } from "../config/threads.ts";
import { defaultCacheDir } from "../groundtruth/cache.ts";
import { blasVendor, findBlas, openBlas } from "../kernels/blas/library.ts";
import { supportedVariants } from "../kernels/wasm/loader.ts";
import { type LaunchKind, launchKind } from "../runner/worker_process.ts";

/** A check's verdict. */
export type DoctorStatus = "pass" | "warn" | "fail";

/** One line of the doctor's table. */
export interface DoctorCheck {
  /** Short name (`deno`, `blas`, `free-disk`, ...). */
  readonly check: string;
  /** pass, warn or fail. */
  readonly status: DoctorStatus;
  /** One line: what was found, and for a warning or failure what to do. */
  readonly detail: string;
}

/** What the checks read from the environment; tests substitute parts of it. */
export interface DoctorEnvironment {
  /** Reads an environment variable (undefined when unset or not allowed). */
  readonly env: (name: string) => string | undefined;
  /** How whest was started. */
  readonly launch: LaunchKind;
  /** Logical cores. */
  readonly cores: number;
  /** The WASM builds the engine validates. */
  readonly wasmVariants: readonly string[];
  /** Free bytes on the temporary directory's file system, or null when unknown. */
  readonly freeDiskBytes: (dir: string) => Promise<number | null>;
}

/** Below this much free space a run's scratch directory (1 GiB by default) may not fit. */
const LOW_DISK_BYTES = 1024 ** 3;

/**
 * Free bytes on the file system holding `dir`, from `df -Pk` (POSIX output, 1024-byte blocks);
 * null when `df` is missing, not allowed, or says something else.
 *
 * @param dir A directory on the file system to measure.
 */
export async function dfFreeBytes(dir: string): Promise<number | null> {
  try {
    const output = await new Deno.Command("df", {
      args: ["-Pk", dir],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!output.success) return null;
    const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
    const fields = lines[lines.length - 1].trim().split(/\s+/);
    const available = Number(fields[3]);
    return Number.isFinite(available) ? available * 1024 : null;
  } catch {
    return null;
  }
}

/** The environment of this process. */
export function currentEnvironment(): DoctorEnvironment {
  return {
    env: (name) => envVar(name) || undefined,
    launch: launchKind(),
    cores: navigator.hardwareConcurrency ?? 1,
    wasmVariants: supportedVariants(),
    freeDiskBytes: dfFreeBytes,
  };
}

const pass = (check: string, detail: string): DoctorCheck => ({ check, status: "pass", detail });
const warn = (check: string, detail: string): DoctorCheck => ({ check, status: "warn", detail });
const fail = (check: string, detail: string): DoctorCheck => ({ check, status: "fail", detail });

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

function denoCheck(): DoctorCheck {
  const { deno, v8, typescript } = Deno.version;
  const major = Number(deno.split(".")[0]);
  const detail = `Deno ${deno} (V8 ${v8}, TypeScript ${typescript}), whest ${WHEST_VERSION}`;
  return major >= 2 ? pass("deno", detail) : fail("deno", `${detail}: whest needs Deno 2`);
}

function launchCheck(kind: LaunchKind): DoctorCheck {
  const how: Record<LaunchKind, string> = {
    checkout: "a checkout (deno run main.ts): the worker runs from the same files",
    bundle: "a bundle (dist/whest.js): the worker runs the same file",
    compiled: "a compiled binary: the worker is the same binary",
  };
  return pass("launch", how[kind]);
}

function coresCheck(cores: number): DoctorCheck {
  return cores >= 2
    ? pass("cores", `${cores} logical cores`)
    : warn("cores", `${cores} logical core: the sampler and kernels run on one thread`);
}

function wasmChecks(variants: readonly string[]): DoctorCheck[] {
  return [
    variants.includes("simd") ? pass("wasm-simd", "WebAssembly SIMD kernels validate") : warn(
      "wasm-simd",
      "this engine refuses WebAssembly SIMD: the scalar or JS kernels are used",
    ),
    variants.includes("relaxed")
      ? pass("wasm-relaxed-simd", "relaxed SIMD (fused multiply-add) kernels validate")
      : warn("wasm-relaxed-simd", "no relaxed SIMD here: the plain SIMD build is used (slower)"),
  ];
}

function ffiGranted(path?: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "ffi", path }).state === "granted";
  } catch {
    return false;
  }
}

function blasChecks(env: (name: string) => string | undefined): DoctorCheck[] {
  const override = env("WHEST_BLAS");
  const path = findBlas(override);
  const ffi = ffiGranted(path);
  const ffiCheck = ffi
    ? pass("ffi", "the ffi permission is granted (the BLAS backend may load)")
    : warn("ffi", "no ffi permission: run with --allow-ffi (the whest task does) to use a BLAS");
  if (path === undefined) {
    return [
      warn(
        "blas",
        "no system BLAS found: the WASM kernels are used (install OpenBLAS, or set WHEST_BLAS)",
      ),
      ffiCheck,
    ];
  }
  if (override !== undefined) {
    let isFile = false;
    try {
      isFile = Deno.statSync(path).isFile;
    } catch {
      isFile = false;
    }
    if (!isFile) return [warn("blas", `WHEST_BLAS=${path} is not a file`), ffiCheck];
  }
  if (!ffi) {
    return [pass("blas", `${path} (${blasVendor(path)}); not opened without ffi`), ffiCheck];
  }
  try {
    // opened once per process and kept (a BLAS is never unloaded; see openBlas)
    const vendor = openBlas(path).vendor;
    return [pass("blas", `${path} (${vendor}) opens and binds cblas_sgemm/dgemm`), ffiCheck];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [warn("blas", `${path} does not load: ${reason}`), ffiCheck];
  }
}

function threadsCheck(): DoctorCheck {
  try {
    const threads = applyThreads(null);
    return pass(
      "threads",
      `${threads} kernel threads (WHEST_THREADS, or run --threads N, to change)`,
    );
  } catch (error) {
    if (error instanceof UsageError) return fail("threads", error.message);
    throw error;
  }
}

/**
 * Deno's cache directory: `DENO_DIR`, else the platform's default. A compiled binary carries
 * its modules and needs none (and `deno info` is not available inside one).
 */
function denoCacheDir(env: (name: string) => string | undefined): string | undefined {
  const explicit = env("DENO_DIR");
  if (explicit) return explicit;
  const home = env("HOME");
  if (Deno.build.os === "windows") {
    const local = env("LOCALAPPDATA");
    return local ? join(local, "deno") : undefined;
  }
  if (Deno.build.os === "darwin") return home ? join(home, "Library", "Caches", "deno") : undefined;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return join(xdg, "deno");
  return home ? join(home, ".cache", "deno") : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function denoCacheCheck(env: (name: string) => string | undefined, launch: LaunchKind) {
  if (launch === "compiled") {
    return pass("deno-cache", "not needed: the compiled binary carries its modules");
  }
  const dir = denoCacheDir(env);
  if (dir === undefined) return warn("deno-cache", "unknown (neither DENO_DIR nor HOME is set)");
  return isDirectory(dir)
    ? pass("deno-cache", dir)
    : warn("deno-cache", `${dir} does not exist: run 'deno install' in the checkout first`);
}

/** Whether a file can be created in `dir` (one is written and removed). */
function writable(dir: string): boolean {
  const probe = join(dir, `.whest-doctor-${crypto.randomUUID()}`);
  try {
    Deno.writeTextFileSync(probe, "");
    Deno.removeSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** The nearest existing directory at or above `path`; undefined when that is a file. */
function nearestExisting(path: string): string | undefined {
  let dir = path;
  for (;;) {
    let info: Deno.FileInfo | null = null;
    try {
      info = Deno.statSync(dir);
    } catch {
      info = null;
    }
    if (info !== null) return info.isDirectory ? dir : undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function groundTruthCacheCheck(env: (name: string) => string | undefined): DoctorCheck {
  const dir = defaultCacheDir(env);
  if (dir === undefined) {
    return warn("groundtruth-cache", "no cache directory (no HOME): seeded runs recompute it");
  }
  const existing = nearestExisting(dir);
  if (existing !== undefined && writable(existing)) {
    return pass("groundtruth-cache", existing === dir ? dir : `${dir} (created on first use)`);
  }
  return warn(
    "groundtruth-cache",
    `${dir} cannot be written: seeded runs recompute their ground truth (set WHEST_CACHE_DIR)`,
  );
}

function workingDirectoryCheck(): DoctorCheck {
  let cwd: string;
  try {
    cwd = Deno.cwd();
  } catch {
    return warn("working-dir", "the working directory cannot be read");
  }
  return writable(cwd)
    ? pass("working-dir", `${cwd} is writable`)
    : warn("working-dir", `${cwd} is not writable: give --output a writable path`);
}

async function tempDirectoryChecks(
  freeDiskBytes: (dir: string) => Promise<number | null>,
): Promise<DoctorCheck[]> {
  let dir: string;
  try {
    dir = await Deno.makeTempDir({ prefix: "whest-doctor-" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      fail("temp-dir", `cannot create a temporary directory (runs need one): ${reason}`),
      warn("free-disk", "unknown"),
    ];
  }
  const parent = dirname(dir);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const free = await freeDiskBytes(parent);
  const disk = free === null
    ? warn("free-disk", `unknown on ${parent} (no df)`)
    : free < LOW_DISK_BYTES
    ? warn("free-disk", `${formatBytes(free)} free on ${parent}: under the 1 GiB scratch quota`)
    : pass("free-disk", `${formatBytes(free)} free on ${parent}`);
  return [pass("temp-dir", `${parent} is writable (scratch directories go here)`), disk];
}

/**
 * Runs every check, in the order the table shows them.
 *
 * @example
 * ```ts
 * import { runDoctor } from "./doctor.ts";
 * const checks = await runDoctor();
 * // checks.find((c) => c.check === "deno")?.status === "pass"
 * ```
 * @param environment What to check (default: this process's).
 */
export async function runDoctor(
  environment: DoctorEnvironment = currentEnvironment(),
): Promise<DoctorCheck[]> {
  const { env } = environment;
  return [
    denoCheck(),
    launchCheck(environment.launch),
    coresCheck(environment.cores),
    ...wasmChecks(environment.wasmVariants),
    ...blasChecks(env),
    threadsCheck(),
    denoCacheCheck(env, environment.launch),
    groundTruthCacheCheck(env),
    workingDirectoryCheck(),
    ...await tempDirectoryChecks(environment.freeDiskBytes),
  ];
}

/**
 * The exit code of a doctor run: 1 on any failure, or with `strict` on any warning; else 0.
 *
 * @param checks The checks.
 * @param strict `--strict`.
 */
export function doctorExitCode(checks: readonly DoctorCheck[], strict: boolean): number {
  if (checks.some((c) => c.status === "fail")) return 1;
  return strict && checks.some((c) => c.status === "warn") ? 1 : 0;
}
