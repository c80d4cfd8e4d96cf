/**
 * Watches a worker's resident memory from the host and reports when it crosses a cap.
 *
 * V8's `--max-old-space-size` does not cover typed arrays (their backing stores live outside
 * the JS heap), so an estimator can allocate far past it; the resident set, read from
 * `/proc/<pid>/status` on Linux, covers everything the process touched.
 *
 * @module
 */

/** How often the watch polls, in milliseconds. */
export const DEFAULT_POLL_MS = 50;

const RSS_LINE = /^VmRSS:\s+(\d+)\s+kB$/m;

/**
 * Reads a process's resident set size.
 *
 * @param pid The process id.
 * @returns Bytes, or undefined where `/proc` is unavailable (not Linux, no read permission,
 *   or the process has gone).
 * @example
 * ```ts
 * import { readRssBytes } from "./memory_watch.ts";
 * console.log(readRssBytes(Deno.pid)); // e.g. 52428800 on Linux
 * ```
 */
export function readRssBytes(pid: number): number | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(`/proc/${pid}/status`);
  } catch {
    return undefined;
  }
  const match = RSS_LINE.exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Polls a process's resident memory and calls `onExceeded` once when it passes the limit.
 *
 * @example
 * ```ts
 * import { MemoryWatch } from "./memory_watch.ts";
 * const watch = new MemoryWatch(Deno.pid, 8192 * 2 ** 20, (rss) => console.log("over", rss));
 * watch.stop();
 * ```
 */
export class MemoryWatch {
  readonly #pid: number;
  readonly #limitBytes: number;
  readonly #onExceeded: (rssBytes: number) => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #peakBytes = 0;

  /**
   * Starts polling (where `/proc` is readable; elsewhere the watch stays idle).
   *
   * @param pid The process to watch.
   * @param limitBytes The cap on its resident set.
   * @param onExceeded Called once with the resident bytes that crossed the cap.
   * @param pollMs Polling period; default {@link DEFAULT_POLL_MS}.
   */
  constructor(
    pid: number,
    limitBytes: number,
    onExceeded: (rssBytes: number) => void,
    pollMs = DEFAULT_POLL_MS,
  ) {
    this.#pid = pid;
    this.#limitBytes = limitBytes;
    this.#onExceeded = onExceeded;
    if (readRssBytes(pid) === undefined) return;
    this.#timer = setInterval(() => this.#poll(), pollMs);
  }

  /** Whether the watch is polling (false where `/proc` is unavailable, or once stopped). */
  get active(): boolean {
    return this.#timer !== undefined;
  }

  /** The largest resident set seen so far, in bytes. */
  get peakBytes(): number {
    return this.#peakBytes;
  }

  /** Stops polling; safe to call twice. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #poll(): void {
    const rss = readRssBytes(this.#pid);
    if (rss === undefined) {
      this.stop();
      return;
    }
    this.#peakBytes = Math.max(this.#peakBytes, rss);
    if (rss > this.#limitBytes) {
      this.stop();
      this.#onExceeded(rss);
    }
  }
}
