/**
 * How many threads the WASM kernels use: `setWasmThreads` (for a `--threads` flag) wins, then
 * the `WHEST_THREADS` environment variable, then every core the machine reports.
 *
 * @module
 */
import { envVar } from "../../core/env.ts";

let chosen: number | undefined;
let fromEnvironment: number | undefined | null = null;

/** Upper bound on the thread count (far above any machine this runs on). */
export const MAX_THREADS = 256;

/**
 * Parses a thread count, rejecting anything but an integer in [1, MAX_THREADS].
 *
 * @param value The text or number to parse.
 * @param source Where it came from, for the error message.
 */
export function parseThreads(value: string | number, source: string): number {
  const n = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new RangeError(
      `${source} must be an integer from 1 to ${MAX_THREADS}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** WHEST_THREADS, or undefined when unset or unreadable (no --allow-env counts as unset). */
function readEnvironment(): number | undefined {
  const text = envVar("WHEST_THREADS");
  if (text === undefined || text.trim() === "") return undefined;
  return parseThreads(text, "WHEST_THREADS");
}

/**
 * Sets the thread count for WASM kernels created without an explicit count (a `--threads`
 * flag calls this). Takes effect at the next kernel call.
 *
 * @param threads An integer from 1 to 256, or undefined to return to WHEST_THREADS / all cores.
 * @example
 * ```ts
 * import { setWasmThreads } from "./threads.ts";
 * setWasmThreads(1); // single-threaded from now on
 * ```
 */
export function setWasmThreads(threads: number | undefined): void {
  chosen = threads === undefined ? undefined : parseThreads(threads, "threads");
}

/**
 * The thread count in force: the setter's value, else WHEST_THREADS (read once), else
 * `navigator.hardwareConcurrency`.
 */
export function wasmThreads(): number {
  if (chosen !== undefined) return chosen;
  if (fromEnvironment === null) fromEnvironment = readEnvironment();
  if (fromEnvironment !== undefined) return fromEnvironment;
  return Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1));
}
