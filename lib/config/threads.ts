/**
 * The kernel thread setting of a run: `--threads N` wins over `WHEST_THREADS`, which wins over
 * every core the machine reports. Both are checked at start-up, so a bad value is a one-line
 * usage error naming its source rather than a failure inside the first kernel call.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
// threads.ts rather than the wasm/mod.ts re-export: parsing a flag should not load the backend
import { MAX_THREADS, setWasmThreads, wasmThreads } from "../kernels/wasm/threads.ts";
import { parsePositiveInteger } from "./values.ts";

/**
 * Parses a thread count flag: a positive integer up to {@link MAX_THREADS}.
 *
 * @example
 * ```ts
 * import { parseThreadCount } from "./threads.ts";
 * parseThreadCount("--threads", "4"); // 4
 * ```
 * @param flag The flag, quoted in the error.
 * @param text The value as typed.
 */
export function parseThreadCount(flag: string, text: string): number {
  const value = parsePositiveInteger(flag, text);
  if (value > MAX_THREADS) {
    throw new UsageError(`${flag} must be at most ${MAX_THREADS}, got '${text}'`);
  }
  return value;
}

/**
 * Sets the kernels' thread count for this process (and the subprocess worker it starts) and
 * returns the count in force. With no explicit count, WHEST_THREADS is validated here.
 *
 * @example
 * ```ts
 * import { applyThreads } from "./threads.ts";
 * applyThreads(1); // 1: kernels run on the calling thread only
 * applyThreads(null); // WHEST_THREADS, else navigator.hardwareConcurrency
 * ```
 * @param threads The `--threads` value, or null to follow WHEST_THREADS / all cores.
 * @throws {UsageError} When WHEST_THREADS is not an integer from 1 to MAX_THREADS.
 */
export function applyThreads(threads: number | null): number {
  setWasmThreads(threads ?? undefined);
  try {
    return wasmThreads();
  } catch (error) {
    // only the WHEST_THREADS parse can throw here: the flag was validated by parseThreadCount
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}
