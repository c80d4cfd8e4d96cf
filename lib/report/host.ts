/**
 * The host a run ran on, for `run_meta.host` and the report's run context. Field names
 * follow the reference's hardware record, with Deno and whest in place of Python and numpy.
 *
 * @module
 */
import { WHEST_VERSION } from "../core/version.ts";

/** What is known about the machine; a field that cannot be read is null. */
export interface HostInfo {
  /** The machine's hostname. */
  hostname: string | null;
  /** Operating system family (`Deno.build.os`, e.g. "linux"). */
  os: string;
  /** Kernel release (`Deno.osRelease()`). */
  os_release: string | null;
  /** Target triple Deno was built for (`Deno.build.target`). */
  platform: string;
  /** CPU architecture (`Deno.build.arch`, e.g. "x86_64"). */
  machine: string;
  /** Version of the Deno runtime. */
  deno_version: string;
  /** Version of this program. */
  whest_version: string;
  /** CPU model name from /proc/cpuinfo. */
  cpu_brand: string | null;
  /** Logical CPUs (`navigator.hardwareConcurrency`). */
  cpu_count_logical: number | null;
  /** Total RAM in bytes. */
  ram_total_bytes: number | null;
  /** RAM available when the run started, in bytes. */
  ram_available_bytes: number | null;
  /** Name of the numeric kernel backend the run used (e.g. "js"). */
  kernel_backend: string;
  /** Threads the WASM kernels use, here and in the subprocess worker (`--threads`). */
  kernel_threads: number;
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function cpuBrand(): string | null {
  const cpuinfo = attempt(() => Deno.readTextFileSync("/proc/cpuinfo"));
  const match = cpuinfo?.match(/^model name\s*:\s*(.+)$/m);
  return match ? match[1].trim() : null;
}

/** The machine alone, without the kernel settings of a run. */
export type MachineInfo = Omit<HostInfo, "kernel_backend" | "kernel_threads">;

/**
 * Reads the machine's description; anything that needs a missing permission is null.
 *
 * @example
 * ```ts
 * import { collectMachine } from "./host.ts";
 * const machine = collectMachine();
 * ```
 */
export function collectMachine(): MachineInfo {
  const memory = attempt(() => Deno.systemMemoryInfo());
  return {
    hostname: attempt(() => Deno.hostname()),
    os: Deno.build.os,
    os_release: attempt(() => Deno.osRelease()),
    platform: Deno.build.target,
    machine: Deno.build.arch,
    deno_version: Deno.version.deno,
    whest_version: WHEST_VERSION,
    cpu_brand: cpuBrand(),
    cpu_count_logical: navigator.hardwareConcurrency ?? null,
    ram_total_bytes: memory?.total ?? null,
    ram_available_bytes: memory?.available ?? null,
  };
}

/**
 * Reads the host description; anything that needs a missing permission is null.
 *
 * @example
 * ```ts
 * import { collectHost } from "./host.ts";
 * const host = collectHost("js", 2);
 * ```
 * @param kernelBackend The active kernel backend's name.
 * @param kernelThreads The WASM kernels' thread count in force.
 */
export function collectHost(kernelBackend: string, kernelThreads: number): HostInfo {
  return { ...collectMachine(), kernel_backend: kernelBackend, kernel_threads: kernelThreads };
}
