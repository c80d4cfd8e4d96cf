/**
 * The worker threads of one WASM kernel instance and the batch runner that shares jobs with
 * them through the shared memory.
 *
 * The kernel API is synchronous, so the calling thread publishes a batch, wakes the workers,
 * claims jobs itself like any worker, then blocks (`Atomics.wait`) until the jobs others
 * claimed are done. Workers start asynchronously and may join a batch late or not at all:
 * the calling thread never waits for a job nobody claimed, so a slow start costs speed, never
 * a deadlock. Workers are unref'd, so they never keep the process alive.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import { CONTROL, drainJobs, jobWord, type KernelExports, runJob } from "./jobs.ts";
import { type WorkerInit, workerUrl } from "./worker_source.ts";

let cachedUrl: URL | undefined;

/** Runs batches of jobs on the calling thread plus up to `threads - 1` workers. */
export class JobRunner {
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #exports: KernelExports;
  readonly #h: Int32Array;
  readonly #word: BigInt64Array;
  readonly #workers: Worker[] = [];
  #generation = 0;
  #threads = 1;

  /**
   * Creates the pool over the shared memory; workers start on the first `setThreads`.
   *
   * @param module The compiled kernel module (workers instantiate it on the same memory).
   * @param memory The shared memory; its first CONTROL.BYTES bytes are the control block.
   * @param exports The calling thread's instance exports.
   */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: KernelExports) {
    this.#module = module;
    this.#memory = memory;
    this.#exports = exports;
    this.#h = new Int32Array(memory.buffer, 0, CONTROL.BYTES / 4);
    this.#word = new BigInt64Array(memory.buffer, 0, 1);
  }

  /** Int32 view of the control block and batch header, for writing a batch's parameters. */
  get header(): Int32Array {
    return this.#h;
  }

  /** Jobs run by worker threads so far (diagnostics). */
  get workerJobs(): number {
    return Atomics.load(this.#h, CONTROL.WORKER_JOBS);
  }

  /** Threads a batch may use, counting the calling thread. */
  get threads(): number {
    return this.#threads;
  }

  /**
   * Sets how many threads batches may use, starting workers as needed (they start in the
   * background; until then the calling thread does their share).
   *
   * @param threads Threads including the calling thread (at least 1).
   */
  setThreads(threads: number): void {
    this.#threads = threads;
    Atomics.store(this.#h, CONTROL.ACTIVE_WORKERS, threads - 1);
    cachedUrl ??= workerUrl();
    while (this.#workers.length < threads - 1) {
      const worker = new Worker(cachedUrl);
      // a worker that fails to start simply never claims a job
      worker.on("error", () => {});
      worker.unref();
      const init: WorkerInit = {
        module: this.#module,
        memory: this.#memory,
        index: this.#workers.length,
      };
      worker.postMessage(init);
      this.#workers.push(worker);
    }
  }

  /**
   * Runs jobs 0..total-1 of the batch whose header is already written.
   *
   * @param total Number of jobs (below 2^24).
   * @param parallel Whether to share the batch with the workers (worth it for large work only).
   */
  run(total: number, parallel: boolean): void {
    if (!parallel || this.#threads === 1) {
      for (let j = 0; j < total; j++) runJob(this.#exports, this.#h, j);
      return;
    }
    const h = this.#h;
    Atomics.store(h, CONTROL.DONE, 0);
    Atomics.store(h, CONTROL.FAILED, 0);
    this.#generation = (this.#generation + 1) & 0x7fff;
    Atomics.store(this.#word, CONTROL.JOB_WORD, jobWord(this.#generation, total));
    Atomics.add(h, CONTROL.GENERATION, 1);
    Atomics.notify(h, CONTROL.GENERATION);
    drainJobs(this.#exports, h, this.#word);
    // the last jobs usually finish within microseconds: poll before sleeping on the counter
    const until = performance.now() + CONTROL.SPIN_MS;
    let done = Atomics.load(h, CONTROL.DONE);
    while (done < total && performance.now() < until) done = Atomics.load(h, CONTROL.DONE);
    while (done < total) {
      Atomics.wait(h, CONTROL.DONE, done);
      done = Atomics.load(h, CONTROL.DONE);
    }
    if (Atomics.load(h, CONTROL.FAILED) !== 0) {
      throw new Error(
        `wasm kernels: a job of a ${total}-job batch failed (wasm trap or bad header)`,
      );
    }
  }

  /** Stops the workers; the runner stays usable on the calling thread alone. */
  close(): void {
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
    this.#threads = 1;
    Atomics.store(this.#h, CONTROL.ACTIVE_WORKERS, 0);
  }
}
