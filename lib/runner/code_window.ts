/**
 * The windows in which estimator code may run inside the worker: setup (with loading), each
 * predict, and teardown. Outside them no estimator code runs, so none of it escapes the meter
 * (predict) or the cap (setup, teardown).
 *
 * The estimator has two ways to schedule work for later: `setTimeout` (the compartment's only
 * timer) and promise jobs (`Promise.then`, `async` functions). Timers go through
 * {@link WindowTimers}: a timer fires only while a window is open, and closing a window
 * cancels every timer still pending (a timer armed while no window is open never fires).
 * Promise jobs cannot be cancelled, so closing a window lets them run: it waits for one turn
 * of the host's event loop (an immediate: a few microseconds, where a zero-delay timeout takes
 * about 2 ms), by which point every job queued so far, and every job those queued, has run. The caller keeps its meter open until `close()` resolves, so that work is
 * billed to the window it was queued in (a predict's FLOPs and wall time, the setup limit).
 *
 * @module
 */
import { setImmediate } from "node:timers";
import type { CodeWindow, WindowPhase } from "../contract/runner.ts";

/**
 * One turn of the host's event loop: resolves after every promise job queued before the call
 * (and every job those queue) has run, since the job queue is emptied before the event loop
 * runs its immediates.
 */
export function settleJobs(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The estimator's `setTimeout`/`clearTimeout`, bound to the code windows: the one place that
 * knows which timers the estimator has pending.
 */
export class WindowTimers implements CodeWindow {
  readonly #report: (line: string) => void;
  /** The estimator's timer ids mapped to the host's, for the timers still pending. */
  readonly #pending = new Map<number, ReturnType<typeof setTimeout>>();
  #nextId = 1;
  #phase: WindowPhase | undefined;

  /**
   * Creates the timers, every window closed.
   *
   * @param report Receives a line for each exception a timer callback threw and for timers
   *   cancelled when a window closed.
   */
  constructor(report: (line: string) => void) {
    this.#report = report;
  }

  /** The phase whose window is open, or undefined between windows. */
  get phase(): WindowPhase | undefined {
    return this.#phase;
  }

  /**
   * The estimator's `setTimeout`: takes only functions (a string would be evaluated outside
   * the compartment) and reports what a callback throws instead of letting it kill the worker.
   * Armed while no window is open, it returns an id and never fires.
   *
   * @param callback The function to call.
   * @param delayMs Milliseconds to wait (non-numbers count as 0).
   * @param args Arguments for the callback.
   * @returns The timer's id, for {@link WindowTimers.clearTimeout}.
   */
  setTimeout(callback: unknown, delayMs?: unknown, ...args: unknown[]): number {
    if (typeof callback !== "function") {
      throw new TypeError("setTimeout: the callback must be a function");
    }
    const id = this.#nextId++;
    if (this.#phase === undefined) return id;
    const hostId = setTimeout(() => {
      this.#pending.delete(id);
      try {
        callback(...args);
      } catch (error) {
        this.#report(
          `uncaught exception in a timer: ${String((error as Error)?.message ?? error)}`,
        );
      }
    }, Number(delayMs) || 0);
    this.#pending.set(id, hostId);
    return id;
  }

  /**
   * The estimator's `clearTimeout`: cancels one of its pending timers; anything else is ignored.
   *
   * @param id An id {@link WindowTimers.setTimeout} returned.
   */
  clearTimeout(id: unknown): void {
    if (typeof id !== "number") return;
    const hostId = this.#pending.get(id);
    if (hostId === undefined) return;
    clearTimeout(hostId);
    this.#pending.delete(id);
  }

  /** Opens the window of `phase`. */
  open(phase: WindowPhase): void {
    this.#phase = phase;
  }

  /** Cancels the pending timers (reporting how many), then lets queued promise jobs run. */
  async close(): Promise<void> {
    const phase = this.#phase;
    this.#phase = undefined;
    const cancelled = this.#pending.size;
    for (const hostId of this.#pending.values()) clearTimeout(hostId);
    this.#pending.clear();
    if (cancelled > 0) {
      this.#report(
        `${cancelled} timer${cancelled === 1 ? "" : "s"} still pending when ${
          phase ?? "the window"
        } returned ${
          cancelled === 1 ? "was" : "were"
        } cancelled: estimator code runs only inside setup, predict and teardown`,
      );
    }
    await settleJobs();
  }
}
