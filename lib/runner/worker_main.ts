/**
 * The sandboxed worker: the child process behind `--runner subprocess` (`whest __worker`).
 *
 * Boot order matters: the protocol channel (stdout's writer, the stdin reader thread) and the
 * meter's clock are captured first, stray console output is sent to stderr, SES locks the
 * realm down, and only then does the host's `start` arrive; permissions are dropped and the
 * estimator is evaluated in its compartment. From then on the worker answers one frame at a
 * time: `stage` (keep the next MLP's weights), `predict` (meter one MLP), `close` (teardown,
 * exit). The estimator's console lines go back in `log` frames, never onto stdout.
 *
 * @module
 */
import { clockMs } from "../budget/engine.ts";
import { parseFlags } from "../config/flags.ts";
import { openBlasKernels } from "../kernels/select.ts";
import { kernels, useKernels } from "../kernels/mod.ts";
import { parseThreads, setWasmThreads, wasmThreads } from "../kernels/wasm/threads.ts";
import { captureConsole } from "../estimator/console.ts";
import { callPredict, runTeardown, startEstimator } from "../estimator/executor.ts";
import { type LoadedEstimator, WHEST_MODULE } from "../estimator/loader.ts";
import { cleanTraceback, describeError } from "../estimator/traceback.ts";
import type { CodeWindow } from "../contract/runner.ts";
import { describeInert } from "./inert.ts";
import { floatBytes, type HostMessage, mlpFromPayload, type WorkerMessage } from "./messages.ts";
import { encodeFrameBytes, type Frame } from "./protocol.ts";
import { startSelfWatch } from "./memory_watch.ts";
import { createSandbox, dropPermissions, installLockdown } from "./sandbox.ts";
import { BYTES_PER_MB } from "./scratch_quota.ts";
import { startStdinReader } from "./stdin_reader.ts";
import { type PredictOutcome, SetupFailure } from "../contract/runner.ts";

/** Staged MLPs kept at most (the host stages one ahead; older ones are dropped). */
const MAX_STAGED = 2;

/** Console methods that print to stdout by default; the worker sends them to stderr. */
const STDOUT_PRINTERS = ["log", "info", "debug", "dir", "dirxml", "table", "trace"] as const;

type HostFrame = Frame<HostMessage>;

/** The worker's command-line flags (set by the host, not by users). */
export const WORKER_FLAGS = {
  threads: "string",
  "memory-limit-mb": "string",
  blas: "string",
  lapack: "boolean",
} as const;

/**
 * Runs the worker until the host closes it or goes away; exits the process itself.
 *
 * @param args `--threads N`: the kernel threads, as the host uses (the worker cannot read
 *   WHEST_THREADS itself: it has no environment access); `--memory-limit-mb MB`: the cap its
 *   watcher thread reports crossing.
 * @returns Never returns normally (the process exits); the type fits a command's `run`.
 */
export async function runWorker(args: readonly string[] = []): Promise<number> {
  const { values } = parseFlags("__worker", args, WORKER_FLAGS);
  if (typeof values.threads === "string") setWasmThreads(parseThreads(values.threads, "--threads"));
  const limitMb = Number(values["memory-limit-mb"]);
  startSelfWatch(limitMb > 0 ? limitMb * 2 ** 20 : 0);
  const writeSync = Deno.stdout.writeSync.bind(Deno.stdout);
  const exit = Deno.exit;
  const send = (header: WorkerMessage, payload?: Uint8Array) => {
    const bytes = encodeFrameBytes(header, payload);
    for (let off = 0; off < bytes.byteLength;) off += writeSync(bytes.subarray(off));
  };
  const toStderr = console.error.bind(console);
  for (const name of STDOUT_PRINTERS) {
    (console as unknown as Record<string, unknown>)[name] = toStderr;
  }
  const notes: string[] = [];
  addEventListener("error", (event) => {
    event.preventDefault();
    notes.push(`uncaught exception: ${event.message}`);
  });
  addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    // the reason is the estimator's value: describe it without running any of its code
    notes.push(`unhandled promise rejection: ${describeInert(event.reason)}`);
  });
  const frames = startStdinReader();
  if (typeof values.blas === "string") useBlas(values.blas, values.lapack === true);
  warmKernels();
  await installLockdown();
  send({ type: "ready", kernels: kernels().name });
  const session = new WorkerSession(send, notes);
  for (;;) {
    let frame: HostFrame | null;
    try {
      frame = await frames.next();
    } catch (error) {
      send({ type: "fatal", message: describeError(error) });
      return exit(1);
    }
    if (frame === null) return exit(0);
    const done = await session.handle(frame);
    if (done !== undefined) return exit(done);
  }
}

/**
 * Makes the host's BLAS this worker's backend: opened now, before lockdown and before any
 * estimator code; `dropPermissions` then revokes ffi, and the library's functions live only in
 * the backend's closure, which nothing handed to the estimator reaches.
 */
function useBlas(path: string, lapack: boolean): void {
  useKernels(openBlasKernels(path, wasmThreads(), lapack));
}

/**
 * Builds the kernel backend (its WASM module and worker threads) and runs one small matmul of
 * each float type, so the first predict pays for none of it.
 */
function warmKernels(): void {
  const backend = kernels();
  const a32 = new Float32Array(64 * 64).fill(1);
  backend.matmulF32(a32, a32, new Float32Array(64 * 64), 64, 64, 64, false, false);
  const a64 = new Float64Array(64 * 64).fill(1);
  backend.matmulF64(a64, a64, new Float64Array(64 * 64), 64, 64, 64, false, false);
}

/** The worker's state between frames: the loaded estimator and the staged MLPs. */
class WorkerSession {
  readonly #send: (header: WorkerMessage, payload?: Uint8Array) => void;
  readonly #notes: string[];
  readonly #staged = new Map<number, HostFrame>();
  #loaded: LoadedEstimator | undefined;
  #window: CodeWindow | undefined;

  constructor(send: (header: WorkerMessage, payload?: Uint8Array) => void, notes: string[]) {
    this.#send = send;
    this.#notes = notes;
  }

  /** Handles one frame; returns an exit code when the worker should stop. */
  async handle(frame: HostFrame): Promise<number | undefined> {
    const message = frame.header;
    switch (message.type) {
      case "start":
        await this.#start(message);
        return undefined;
      case "stage":
        this.#staged.set(message.stageId, frame);
        for (const id of this.#staged.keys()) {
          if (this.#staged.size > MAX_STAGED) this.#staged.delete(id);
        }
        return undefined;
      case "predict":
        return this.#predict(message, frame.payload);
      case "close":
        await this.#close();
        return 0;
      default:
        return this.#fatal(`unexpected host message '${(message as { type: string }).type}'`);
    }
  }

  async #start(message: Extract<HostMessage, { type: "start" }>): Promise<void> {
    if (this.#loaded) return void this.#fatal("'start' sent twice");
    const { source, ctx, setupTimeoutS, readRoots, scratchLimitMb } = message;
    const permissions = dropPermissions();
    if (permissions.stillGranted.length > 0) {
      return this.#send({
        type: "setup_failed",
        code: "SETUP_ERROR",
        message: `the worker could not drop ${permissions.stillGranted.join(", ")} permission`,
        phase: "load",
      });
    }
    const captured = captureConsole();
    const scratch = ctx.scratch_dir;
    const sandbox = createSandbox({
      console: captured.console,
      roots: { read: [...readRoots, scratch], write: [scratch] },
      scratchLimitBytes: scratchLimitMb * BYTES_PER_MB,
      now: clockMs,
      report: (line) => this.#notes.push(line),
    });
    try {
      const { loaded, logs } = await startEstimator(source, ctx, setupTimeoutS ?? Infinity, {
        compile: sandbox.compile,
        whestModule: sandbox.harden(WHEST_MODULE),
        console: captured,
        window: sandbox.window,
      });
      this.#loaded = loaded;
      this.#window = sandbox.window;
      this.#sendLogs(logs);
      this.#send({ type: "started" });
    } catch (error) {
      this.#sendLogs(captured.drain());
      if (error instanceof SetupFailure) {
        this.#send({
          type: "setup_failed",
          code: error.code,
          message: error.message,
          traceback: error.traceback,
          phase: error.phase,
        });
      } else {
        this.#send({
          type: "setup_failed",
          code: "SETUP_ERROR",
          message: `loading the estimator failed: ${describeError(error)}`,
          traceback: cleanTraceback(error),
          phase: "load",
        });
      }
    }
  }

  async #predict(
    message: Extract<HostMessage, { type: "predict" }>,
    payload: ArrayBuffer,
  ): Promise<number | undefined> {
    const started = clockMs();
    const loaded = this.#loaded;
    const window = this.#window;
    if (!loaded || !window) return this.#fatal("'predict' before a successful 'start'");
    let weights = payload;
    if (message.stageId !== undefined) {
      const staged = this.#staged.get(message.stageId);
      if (!staged) return this.#fatal(`'predict' names stage ${message.stageId}, never received`);
      this.#staged.delete(message.stageId);
      weights = staged.payload;
    }
    let outcome: PredictOutcome;
    try {
      const spec = mlpFromPayload(message.mlp, weights);
      window.open("predict");
      let call;
      try {
        call = callPredict(loaded, spec, message.limits, { copyWeights: false });
      } finally {
        // the promise jobs predict queued run now, inside its budget context; its timers are
        // cancelled (predict is synchronous, so it could never have awaited them)
        await window.close();
      }
      outcome = call.finish();
    } catch (error) {
      outcome = {
        error: {
          code: "PREDICT_ERROR",
          message: describeError(error),
          traceback: cleanTraceback(error),
        },
        logs: loaded.drainLogs(),
      };
    }
    this.#sendLogs(outcome.logs ?? []);
    const values = outcome.predictions?.values;
    this.#send(
      {
        type: "result",
        summary: outcome.summary,
        limitFlag: outcome.limitFlag,
        error: outcome.error,
        predictions: outcome.predictions && {
          shape: outcome.predictions.shape,
          dtype: values instanceof Float32Array ? "float32" : "float64",
        },
        workerTimeS: (clockMs() - started) / 1000,
      },
      values && floatBytes(values),
    );
    return undefined;
  }

  async #close(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (!loaded) return this.#send({ type: "closed" });
    const { logs, error } = await runTeardown(loaded, this.#window);
    this.#sendLogs(logs);
    this.#send({ type: "closed", error });
  }

  /** Sends the estimator's lines and any worker notes (timer exceptions) as one log frame. */
  #sendLogs(lines: readonly string[]): void {
    const all = [...lines, ...this.#notes.splice(0)];
    if (all.length > 0) this.#send({ type: "log", lines: all });
  }

  #fatal(message: string): number {
    this.#send({ type: "fatal", message });
    return 1;
  }
}
