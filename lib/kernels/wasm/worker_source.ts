/**
 * The source text of a kernel worker thread, built from the same functions the calling thread
 * runs (jobs.ts), so the two can never drift apart.
 *
 * Workers are started from a `data:` URL of this text rather than from a file: that works under
 * `deno run`, inside a `deno compile` binary and in a sandbox without read permission.
 *
 * @module
 */

import { CONTROL, drainJobs, HEADER, JOB_KIND, runJob } from "./jobs.ts";

/** A worker's message loop; runs in the worker, so it may only use its argument and globals. */
function workerMain(port: {
  once(event: "message", listener: (data: WorkerInit) => void): void;
}): void {
  port.once("message", ({ module, memory, index }) => {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    // deno-lint-ignore no-explicit-any
    const ex = instance.exports as any;
    const h = new Int32Array(memory.buffer, 0, CONTROL.BYTES / 4);
    const word = new BigInt64Array(memory.buffer, 0, 1);
    let seen = Atomics.load(h, CONTROL.GENERATION);
    for (;;) {
      if (index < Atomics.load(h, CONTROL.ACTIVE_WORKERS)) {
        Atomics.add(h, CONTROL.WORKER_JOBS, drainJobs(ex, h, word));
      }
      // kernels publish batches back to back (pack, then compute): poll briefly before sleeping,
      // since a futex wake-up costs tens of microseconds
      const until = performance.now() + CONTROL.SPIN_MS;
      while (Atomics.load(h, CONTROL.GENERATION) === seen && performance.now() < until);
      Atomics.wait(h, CONTROL.GENERATION, seen);
      seen = Atomics.load(h, CONTROL.GENERATION);
    }
  });
}

/** The message that starts a worker. */
export interface WorkerInit {
  /** The compiled kernel module (shared with the calling thread, not recompiled). */
  module: WebAssembly.Module;
  /** The shared memory holding the control block and all buffers. */
  memory: WebAssembly.Memory;
  /** The worker's index; it sits out while the index is at or above the active count. */
  index: number;
}

/**
 * The worker module's source text.
 *
 * @returns An ES module that waits for one {@link WorkerInit} message, then runs jobs forever.
 */
export function workerSource(): string {
  return [
    `import { parentPort } from "node:worker_threads";`,
    `const CONTROL = ${JSON.stringify(CONTROL)};`,
    `const HEADER = ${JSON.stringify(HEADER)};`,
    `const JOB_KIND = ${JSON.stringify(JOB_KIND)};`,
    `const runJob = ${runJob.toString()};`,
    `const drainJobs = ${drainJobs.toString()};`,
    `(${workerMain.toString()})(parentPort);`,
  ].join("\n");
}

/** The worker source as a `data:` URL. */
export function workerUrl(): URL {
  const bytes = new TextEncoder().encode(workerSource());
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return new URL(`data:text/javascript;base64,${btoa(binary)}`);
}
