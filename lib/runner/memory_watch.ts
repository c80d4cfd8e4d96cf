/**
 * Watches a worker's resident memory and reports when it crosses a cap.
 *
 * V8's `--max-old-space-size` does not cover typed arrays (their backing stores live outside
 * the JS heap), so an estimator can allocate far past it; the resident set covers everything
 * the process touched. Two watches, whichever is possible: the host polls
 * `/proc/<pid>/status` (Linux; Deno lets only an `--allow-all` process read `/proc`), and the
 * worker runs a watcher thread of its own that reads `Deno.memoryUsage().rss` and, over the
 * cap, writes one marker line to stderr (which no estimator can reach) for the host to act on.
 * Either way the host kills the worker.
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

/** Starts the line the worker's watcher thread writes to stderr when the cap is crossed. */
export const MEMORY_MARKER = "whest-worker: resident memory over the limit:";

/**
 * Reads a watcher-thread marker line.
 *
 * @param line One line of the worker's stderr.
 * @returns The resident and limit bytes it reports, or undefined for any other line.
 * @example
 * ```ts
 * import { MEMORY_MARKER, parseMemoryMarker } from "./memory_watch.ts";
 * console.log(parseMemoryMarker(`${MEMORY_MARKER} rss=300 limit=200`)); // { rssBytes: 300, limitBytes: 200 }
 * ```
 */
export function parseMemoryMarker(
  line: string,
): { rssBytes: number; limitBytes: number } | undefined {
  if (!line.startsWith(MEMORY_MARKER)) return undefined;
  const match = / rss=(\d+) limit=(\d+)$/.exec(line);
  return match ? { rssBytes: Number(match[1]), limitBytes: Number(match[2]) } : undefined;
}

/** The watcher thread's body; runs in its own thread, so it may only use its arguments and globals. */
function watcherMain(marker: string, limitBytes: number, pollMs: number, parentPid: number): void {
  let overReported = false;
  setInterval(() => {
    // An orphan is reparented: the host is gone, so the worker goes too (the thread kept the
    // run grant Deno.kill needs; the main thread revoked its own).
    if (Deno.ppid !== parentPid) {
      try {
        Deno.kill(Deno.pid, "SIGKILL");
      } catch {
        // the stdin reader's end-of-input exit is the other line
      }
    }
    if (overReported || !(limitBytes > 0)) return;
    const rss = Deno.memoryUsage().rss;
    if (rss <= limitBytes) return;
    overReported = true;
    Deno.stderr.writeSync(new TextEncoder().encode(`${marker} rss=${rss} limit=${limitBytes}\n`));
  }, pollMs);
}

/**
 * Starts the worker-side watcher thread (from a `data:` URL: no file, no permission). Call it
 * in the worker before any estimator code runs. It reports a resident set over the cap, and
 * ends the process if its parent (the host) goes away.
 *
 * @param limitBytes The cap on the process's resident set; 0 for none (the parent is still
 *   watched).
 * @param pollMs Polling period; default {@link DEFAULT_POLL_MS}.
 */
export function startSelfWatch(limitBytes: number, pollMs = DEFAULT_POLL_MS): void {
  const source = `(${watcherMain.toString()})(${
    JSON.stringify(MEMORY_MARKER)
  }, ${limitBytes}, ${pollMs}, ${Deno.ppid});`;
  const bytes = new TextEncoder().encode(source);
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  new Worker(`data:text/javascript;base64,${btoa(binary)}`, { type: "module" });
}
