/**
 * What the host undoes when it is interrupted: SIGINT or SIGTERM kills the worker processes,
 * removes the scratch directories, prints one `interrupted` line and exits 130 or 143, with no
 * partial report. Resources register a synchronous cleanup while they exist; cleanups run last
 * registered first (a worker is killed before the scratch directory it writes to is removed).
 *
 * @example
 * ```ts
 * import { atInterrupt } from "./interrupt.ts";
 * const dir = Deno.makeTempDirSync();
 * const release = atInterrupt(() => Deno.removeSync(dir, { recursive: true }));
 * // ... work ...
 * release();
 * Deno.removeSync(dir, { recursive: true });
 * ```
 *
 * @module
 */

const cleanups: (() => void)[] = [];

/** The exit code of each handled signal: 128 + its number, as shells report it. */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Registers a cleanup to run if the process is interrupted.
 *
 * @param cleanup Synchronous, quick, and safe to run while anything else is half done.
 * @returns Removes the cleanup (call it once the resource is released the normal way).
 */
export function atInterrupt(cleanup: () => void): () => void {
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.lastIndexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

/**
 * Runs every registered cleanup, newest first, each at most once; a failing one does not stop
 * the rest.
 */
export function runInterruptCleanups(): void {
  while (cleanups.length > 0) {
    try {
      cleanups.pop()!();
    } catch {
      // the process is going away; the next cleanup still matters
    }
  }
}

/**
 * Makes SIGINT and SIGTERM end the process cleanly: cleanups, one `whest: interrupted` line on
 * stderr, exit 130 or 143. Signals this platform cannot listen for are skipped.
 *
 * @param exit How to exit (tests substitute it).
 * @returns Removes the listeners.
 */
export function installInterruptHandlers(exit: (code: number) => void = Deno.exit): () => void {
  const removers: (() => void)[] = [];
  for (const [signal, code] of Object.entries(INTERRUPT_EXIT_CODES)) {
    const listener = () => {
      runInterruptCleanups();
      Deno.stderr.writeSync(new TextEncoder().encode(`whest: interrupted (${signal})\n`));
      exit(code);
    };
    try {
      Deno.addSignalListener(signal as Deno.Signal, listener);
      removers.push(() => Deno.removeSignalListener(signal as Deno.Signal, listener));
    } catch {
      // e.g. SIGTERM on Windows: the default behaviour stays
    }
  }
  return () => removers.forEach((remove) => remove());
}
