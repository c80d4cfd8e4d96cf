/**
 * The subprocess runner (the default): the estimator runs in a sandboxed child process, one
 * long-lived worker per run, with its caps enforced from outside.
 *
 * `start` spawns the worker, waits until its sandbox is installed and runs load + setup within
 * the setup limit; each `predict` sends one MLP (or names the one staged by `prefetch`) and
 * waits at most max(30 s, wall limit + 5 s) for the reply; `close` runs teardown. A worker
 * that dies fails only the MLP it was working on: the next `predict` starts a fresh worker and
 * reruns setup. Limits are judged on the worker's own clock; transport is never charged.
 *
 * @module
 */
import { resolve } from "@std/path";
import { DEFAULT_MEMORY_LIMIT_MB, DEFAULT_SCRATCH_LIMIT_MB } from "../config/run_config.ts";
import type { MlpSpec } from "../contract/mlp.ts";
import { EstimatorLoadError } from "../estimator/errors.ts";
import { wasmThreads } from "../kernels/wasm/threads.ts";
import type { EstimatorSource } from "../estimator/loader.ts";
import { resolveEstimator } from "../estimator/source.ts";
import { resolveSubmission, type Submission } from "../estimator/submission.ts";
import type { LogSink } from "./local.ts";
import { mlpHeader, predictionsFromPayload, weightChunks, type WorkerMessage } from "./messages.ts";
import { type Frame, ProtocolError } from "./protocol.ts";
import {
  type EstimatorFailure,
  type PredictLimits,
  type PredictOutcome,
  type Runner,
  type SetupContext,
  SetupFailure,
  type TeardownOutcome,
} from "../contract/runner.ts";
import { type WorkerDeath, WorkerGone, workerLaunch, WorkerProcess } from "./worker_process.ts";

/** Seconds a worker may take to start and install its sandbox before `start` gives up. */
export const BOOT_TIMEOUT_S = 60;
/** Slack past the setup limit before the host kills a setup that never returns. */
export const SETUP_KILL_SLACK_S = 1;
/** Seconds teardown may take before the worker is killed. */
export const CLOSE_TIMEOUT_S = 5;
/** Appended to every worker start failure. */
const LOCAL_HINT = " (to debug, run the estimator in-process with --runner local)";

/**
 * The host's wait for a predict reply before it kills the worker: max(30 s, wall limit + 5 s).
 *
 * @param wallTimeLimitS The predict wall-time limit in seconds.
 */
export function defaultPredictTimeoutS(wallTimeLimitS: number): number {
  return Math.max(30, wallTimeLimitS + 5);
}

/** Options of a {@link SubprocessRunner}. */
export interface SubprocessOptions {
  /** Resident-memory cap of the worker in MB (also V8's heap cap); default 8192. */
  readonly memoryLimitMb?: number;
  /** Host wait for a predict reply in seconds; default {@link defaultPredictTimeoutS}. */
  readonly predictTimeoutS?: number | null;
  /** What the estimator may read; default its file alone (`resolveSubmission`). */
  readonly submission?: Submission;
  /** The scratch directory's quota in MB; default 1024. */
  readonly scratchLimitMb?: number;
  /** The BLAS file the host's kernels use: the worker opens the same one (before any estimator code). */
  readonly blasPath?: string;
  /** Whether that BLAS backs np.linalg with its LAPACK, as on the host. */
  readonly lapack?: boolean;
  /** `--class NAME`: the export to use; default the usual choice (the default export). */
  readonly className?: string | null;
}

/** The MLP staged in the current worker by `prefetch`, by identity. */
interface Staged {
  readonly mlp: MlpSpec;
  readonly stageId: number;
  readonly worker: WorkerProcess;
}

/**
 * Runs an estimator in a sandboxed worker process.
 *
 * @example
 * ```ts
 * import { SubprocessRunner } from "./subprocess.ts";
 * const runner = new SubprocessRunner("mean_propagation", (line) => console.error(line));
 * // await runner.start(ctx, 5); const outcome = await runner.predict(mlp, limits); await runner.close();
 * ```
 */
export class SubprocessRunner implements Runner {
  readonly #estimator: string;
  readonly #className: string | null;
  readonly #log: LogSink;
  readonly #memoryLimitMb: number;
  readonly #predictTimeoutS: number | null;
  readonly #blasPath: string | undefined;
  readonly #lapack: boolean;
  #workerKernels: string | undefined;
  readonly #submission: Submission;
  readonly #scratchLimitMb: number;
  #source: EstimatorSource | undefined;
  #ctx: SetupContext | undefined;
  #setupTimeoutS = Infinity;
  #worker: WorkerProcess | undefined;
  #staged: Staged | undefined;
  #nextStageId = 1;
  #closed = false;

  /**
   * Creates the runner; nothing starts until {@link SubprocessRunner.start}.
   *
   * @param estimator A built-in estimator's name or the path of an estimator file.
   * @param log Where the estimator's console output goes (default: dropped).
   * @param options Memory cap, predict timeout, submission and scratch quota.
   */
  constructor(estimator: string, log: LogSink = () => {}, options: SubprocessOptions = {}) {
    this.#estimator = estimator;
    this.#className = options.className ?? null;
    this.#log = log;
    this.#memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
    this.#predictTimeoutS = options.predictTimeoutS ?? null;
    this.#blasPath = options.blasPath;
    this.#lapack = options.lapack ?? false;
    this.#submission = options.submission ?? resolveSubmission(estimator, null);
    this.#scratchLimitMb = options.scratchLimitMb ?? DEFAULT_SCRATCH_LIMIT_MB;
  }

  /** The kernel backend the current worker reported when it booted (undefined before). */
  get workerKernels(): string | undefined {
    return this.#workerKernels;
  }

  /** Spawns the worker, loads the estimator and runs `setup(ctx)`; throws {@link SetupFailure}. */
  async start(ctx: SetupContext, setupTimeoutS: number): Promise<void> {
    if (this.#source) throw new Error("SubprocessRunner.start: already started");
    try {
      this.#source = { ...resolveEstimator(this.#estimator), exportName: this.#className };
    } catch (error) {
      if (error instanceof EstimatorLoadError) {
        throw new SetupFailure("SETUP_ERROR", error.message, undefined, "load");
      }
      throw error;
    }
    this.#ctx = ctx;
    this.#setupTimeoutS = setupTimeoutS;
    this.#worker = await this.#startWorker();
  }

  /**
   * Sends the next MLP's weights ahead, so they arrive while the current predict runs.
   * Skipped when no worker is running; `predict` then sends them itself.
   *
   * @param mlp The MLP that the next `predict` call will ask for.
   */
  prefetch(mlp: MlpSpec): void {
    const worker = this.#worker;
    if (!worker || worker.death) return;
    const stageId = this.#nextStageId++;
    this.#staged = { mlp, stageId, worker };
    worker.send({ type: "stage", stageId, mlp: mlpHeader(mlp) }, weightChunks(mlp)).catch(() => {
      // a dead worker is noticed (and reported) by the predict that needs it
    });
  }

  /** Runs one predict in the worker; estimator faults and worker deaths come back as values. */
  async predict(mlp: MlpSpec, limits: PredictLimits): Promise<PredictOutcome> {
    if (!this.#source) throw new Error("SubprocessRunner.predict: start() was not called");
    if (this.#closed) throw new Error("SubprocessRunner.predict: the runner is closed");
    let worker = this.#worker;
    if (!worker || worker.death) {
      if (worker?.death) {
        this.#log(
          `the worker died between predicts (${describeDeath(worker.death)}); restarting it`,
        );
      }
      await worker?.close();
      this.#worker = undefined;
      try {
        worker = this.#worker = await this.#startWorker();
      } catch (error) {
        if (!(error instanceof SetupFailure)) throw error;
        return failed(
          "WORKER_RESTART_FAILED",
          `restarting the worker failed (${error.code}): ${error.message}`,
        );
      }
    }
    const staged = this.#staged;
    this.#staged = undefined;
    const useStage = staged !== undefined && staged.mlp === mlp && staged.worker === worker;
    const header = {
      type: "predict",
      mlp: mlpHeader(mlp),
      limits,
      stageId: useStage ? staged.stageId : undefined,
    };
    const timeoutS = this.#predictTimeoutS ?? defaultPredictTimeoutS(limits.wallTimeLimitS);
    try {
      const sent = worker.send(header, useStage ? [] : weightChunks(mlp));
      // a failed write also kills the worker, which next() reports
      sent.catch(() => {});
      const reply = await worker.next(timeoutS);
      await sent;
      return resultOutcome(reply, mlp);
    } catch (error) {
      if (!(error instanceof WorkerGone) && !(error instanceof ProtocolError)) throw error;
      // this MLP fails; the next predict starts a fresh worker
      await worker.close();
      if (this.#worker === worker) this.#worker = undefined;
      return error instanceof WorkerGone
        ? { error: predictDeathFailure(error.death, worker) }
        : failed("WORKER_PROTOCOL_ERROR", error.message);
    }
  }

  /** Runs teardown in the worker and stops it; safe to call twice. */
  async close(): Promise<TeardownOutcome> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#staged = undefined;
    if (!worker) return {};
    try {
      if (worker.death) return {};
      await worker.send({ type: "close" });
      const reply = await worker.next(CLOSE_TIMEOUT_S);
      if (reply.header.type === "closed" && reply.header.error) {
        this.#log(`teardown failed: ${reply.header.error.message}`);
        return { error: reply.header.error };
      }
      return {};
    } catch (error) {
      if (!(error instanceof WorkerGone)) throw error;
      const message = `teardown did not finish: ${describeDeath(error.death)}`;
      this.#log(message);
      return { error: { code: "PREDICT_ERROR", message } };
    } finally {
      await worker.close();
    }
  }

  /** Spawns a worker and runs start + setup in it; kills it and throws SetupFailure on failure. */
  async #startWorker(): Promise<WorkerProcess> {
    const source = this.#source!;
    const ctx = this.#ctx!;
    const scratch = resolve(ctx.scratch_dir);
    const { readRoots, named, dir } = this.#submission;
    const launch = workerLaunch({
      readRoots: [...readRoots, scratch],
      writeRoots: [scratch],
      // a readable working directory: the named submission directory, else scratch
      cwd: named ? dir : scratch,
      memoryLimitMb: this.#memoryLimitMb,
      threads: wasmThreads(),
      blasPath: this.#blasPath,
      lapack: this.#lapack,
    });
    let worker: WorkerProcess;
    try {
      worker = new WorkerProcess(launch, this.#memoryLimitMb, (lines) => lines.forEach(this.#log));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SetupFailure(
        "SETUP_ERROR",
        `cannot start the worker process (${reason}); grant whest --allow-run or use --runner local`,
      );
    }
    try {
      const ready = await worker.next(BOOT_TIMEOUT_S);
      expect(ready, "ready");
      this.#workerKernels = (ready.header as { kernels?: string }).kernels;
    } catch (error) {
      await worker.close();
      throw bootFailure(error);
    }
    try {
      await worker.send({
        type: "start",
        source,
        ctx,
        setupTimeoutS: this.#setupTimeoutS,
        readRoots,
        scratchLimitMb: this.#scratchLimitMb,
      });
      const reply = await worker.next(this.#setupTimeoutS + SETUP_KILL_SLACK_S);
      if (reply.header.type === "setup_failed") {
        const { code, message, traceback, phase } = reply.header;
        throw new SetupFailure(code, message, traceback, phase);
      }
      expect(reply, "started");
      return worker;
    } catch (error) {
      await worker.close();
      if (error instanceof SetupFailure) throw error;
      if (error instanceof ProtocolError) {
        throw new SetupFailure("SETUP_PROTOCOL_ERROR", error.message);
      }
      if (error instanceof WorkerGone) throw setupDeathFailure(error.death, this.#setupTimeoutS);
      throw error;
    }
  }
}

function expect(frame: Frame<WorkerMessage>, type: WorkerMessage["type"]): void {
  if (frame.header.type === "fatal") {
    throw new ProtocolError(`the worker failed: ${frame.header.message}`);
  }
  if (frame.header.type !== type) {
    throw new ProtocolError(
      `expected a '${type}' frame from the worker, got '${frame.header.type}'`,
    );
  }
}

/** Converts a `result` frame into an outcome, checking what the worker announced. */
function resultOutcome(frame: Frame<WorkerMessage>, mlp: MlpSpec): PredictOutcome {
  expect(frame, "result");
  const header = frame.header as Extract<WorkerMessage, { type: "result" }>;
  if (header.error) return { error: header.error };
  if (header.limitFlag) return { summary: header.summary, limitFlag: header.limitFlag };
  if (!header.predictions || !header.summary) {
    return failed(
      "PREDICT_NO_DATA",
      `the worker's reply for ${mlp.name} carried neither predictions nor an error`,
    );
  }
  const predictions = predictionsFromPayload(
    header.predictions.shape,
    header.predictions.dtype,
    frame.payload,
  );
  return { predictions, summary: header.summary };
}

function failed(code: EstimatorFailure["code"], message: string): PredictOutcome {
  return { error: { code, message } };
}

/** One line describing a worker's death, quoting the values involved. */
export function describeDeath(death: WorkerDeath): string {
  switch (death.reason) {
    case "timeout":
      return `no reply within ${death.afterS} s; the worker was killed`;
    case "memory":
      return `the worker's resident memory reached ${mb(death.rssBytes)} MB, over the limit of ${
        mb(death.limitBytes)
      } MB; the worker was killed`;
    case "exited":
      return `the worker ${death.detail}`;
    default:
      return death.detail;
  }
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

/** The failure of the MLP whose predict the worker died on. */
function predictDeathFailure(death: WorkerDeath, worker: WorkerProcess): EstimatorFailure {
  const message = describeDeath(death);
  const traceback = worker.stderrTail || undefined;
  switch (death.reason) {
    case "timeout":
      return { code: "PREDICT_TIMEOUT", message: `predict gave ${message}` };
    case "memory":
      return { code: "PREDICT_ERROR", message: `out of memory: ${message}`, traceback };
    case "exited":
      return death.outOfMemory
        ? { code: "PREDICT_ERROR", message: `out of memory (V8 heap limit): ${message}`, traceback }
        : { code: "WORKER_EOF", message: `${message} during predict`, traceback };
    case "protocol":
      return { code: "WORKER_PROTOCOL_ERROR", message };
    case "broken_pipe":
      return { code: "WORKER_BROKEN_PIPE", message: `writing to the worker failed: ${message}` };
    case "io":
      return { code: "WORKER_IO_ERROR", message: `talking to the worker failed: ${message}` };
  }
}

/** The failure of a worker that never reported ready. */
function bootFailure(error: unknown): SetupFailure {
  if (error instanceof WorkerGone) {
    const death = error.death;
    const why = death.reason === "timeout"
      ? `it did not report ready within ${death.afterS} s`
      : describeDeath(death);
    return new SetupFailure(
      "SETUP_ERROR",
      `the worker process failed to start: ${why}${LOCAL_HINT}`,
      undefined,
      "load",
    );
  }
  if (error instanceof ProtocolError) {
    return new SetupFailure("SETUP_PROTOCOL_ERROR", error.message, undefined, "load");
  }
  throw error;
}

/** The setup failure for a worker that died during load + setup. */
function setupDeathFailure(death: WorkerDeath, setupTimeoutS: number): SetupFailure {
  if (death.reason === "timeout") {
    return new SetupFailure(
      "SETUP_TIMEOUT",
      `load + setup did not finish within the limit of ${setupTimeoutS} s; the worker was killed after ${death.afterS} s`,
    );
  }
  if (death.reason === "protocol") return new SetupFailure("SETUP_PROTOCOL_ERROR", death.detail);
  return new SetupFailure("SETUP_ERROR", `the worker died during start: ${describeDeath(death)}`);
}
