/**
 * The contract between the scorer and a runner (local or sandboxed subprocess).
 *
 * A runner owns one estimator for a whole run: `start` loads it and runs `setup(ctx)`, each
 * `predict` meters one MLP inside a fresh budget context, `close` runs `teardown()`. The scorer
 * validates what comes back (shape, float32 cast, finiteness) so both runners share one set of
 * rules.
 *
 * @module
 */
import type { BudgetSummary } from "../budget/summary.ts";
import type { MlpSpec } from "./mlp.ts";

/** The setup context handed to `setup(ctx)` (reference-behaviour §5). */
export interface SetupContext {
  /** Width n of every MLP in the run. */
  readonly width: number;
  /** Depth d of every MLP in the run. */
  readonly depth: number;
  /** FLOP budget B of each predict. */
  readonly flop_budget: number;
  /** Version of the estimator API (`API_VERSION`). */
  readonly api_version: string;
  /** A per-run temporary directory the estimator may read and write. */
  readonly scratch_dir: string;
  /**
   * The submission's directory (`resolveSubmission`): `--submission-dir`, else the estimator
   * file's directory, where only that file is readable; the working directory for a built-in.
   */
  readonly submission_dir: string;
  /**
   * The run's seed, or null for an unseeded run. Parity with the official evaluator: a known
   * seed lets an estimator regenerate the inputs, so graded runs use fresh entropy.
   */
  readonly seed: number | null;
}

/** Error codes a runner or the scorer attaches to a failed MLP (reference-behaviour §5). */
export type ErrorCode =
  | "SETUP_TIMEOUT"
  | "SETUP_ERROR"
  | "SETUP_PROTOCOL_ERROR"
  | "PREDICT_ERROR"
  | "PREDICT_TIMEOUT"
  | "PREDICT_NO_DATA"
  | "WORKER_EOF"
  | "WORKER_BROKEN_PIPE"
  | "WORKER_IO_ERROR"
  | "WORKER_PROTOCOL_ERROR"
  | "WORKER_RESTART_FAILED"
  | "ESTIMATOR_BAD_SHAPE"
  | "ESTIMATOR_NON_FINITE";

/** An estimator failure as reported per MLP. */
export interface EstimatorFailure {
  /** The failure's error code, copied to the row's `error_code`. */
  readonly code: ErrorCode;
  /** One line: what went wrong, quoting the values involved. */
  readonly message: string;
  /** The stack trace, shown only with `--debug`. */
  readonly traceback?: string;
}

/** The raw predictions an estimator returned, before the scorer's float32 cast and checks. */
export interface RawPredictions {
  /** The returned array's shape; the scorer requires [depth, width]. */
  readonly shape: readonly number[];
  /** Row-major values. */
  readonly values: Float32Array | Float64Array;
}

/** Which budget limit stopped a predict from inside (thrown by the budget context). */
export type InsideLimitFlag = "budget_exhausted" | "time_exhausted";

/** What one predict produced: predictions and a meter summary, a limit flag, or an error. */
export interface PredictOutcome {
  /** Present when predict returned normally. */
  readonly predictions?: RawPredictions;
  /** The budget context's summary (present unless the call failed with an error). */
  readonly summary?: BudgetSummary;
  /** Set when the budget context threw BudgetExhaustedError or TimeExhaustedError. */
  readonly limitFlag?: InsideLimitFlag;
  /** Set when predict raised, or the runner failed around it. */
  readonly error?: EstimatorFailure;
  /** Console output the estimator produced during this call (shown to the user). */
  readonly logs?: readonly string[];
}

/** Limits a runner applies to each predict. */
export interface PredictLimits {
  /** The FLOP budget B, as the estimator is told. */
  readonly flopBudget: number;
  /**
   * The FLOPs the budget context allows, when not B: `validate` tells the estimator 100 and
   * meters with no cap ("no budget active"). Default B.
   */
  readonly meteredFlopCap?: number;
  /** Wall-time limit for one predict, in seconds. */
  readonly wallTimeLimitS: number;
}

/** The part of `start` that failed: loading the estimator, or running its setup. */
export type SetupPhase = "load" | "setup";

/** What teardown left to report: a failure changes no score, but `validate` shows it. */
export interface TeardownOutcome {
  /** Set when teardown raised or could not finish. */
  readonly error?: EstimatorFailure;
}

/** Thrown by `start` when setup fails; the whole run aborts (exit 1). */
export class SetupFailure extends Error {
  /**
   * Records how setup failed.
   *
   * @param code SETUP_TIMEOUT, SETUP_ERROR or SETUP_PROTOCOL_ERROR.
   * @param message One line describing the failure.
   * @param traceback The estimator's stack, shown with `--debug`.
   * @param phase Whether loading the estimator (file, transpile, module body, export) or its
   *   `setup` failed; `validate` reports them as separate checks.
   */
  constructor(
    readonly code: "SETUP_TIMEOUT" | "SETUP_ERROR" | "SETUP_PROTOCOL_ERROR",
    message: string,
    readonly traceback?: string,
    readonly phase: SetupPhase = "setup",
  ) {
    super(message);
    this.name = "SetupFailure";
  }
}

/** A runner: local (in-process, for debugging) or subprocess (sandboxed, the default). */
export interface Runner {
  /** Loads the estimator and runs its setup; throws {@link SetupFailure}. */
  start(ctx: SetupContext, setupTimeoutS: number): Promise<void>;
  /** Runs one predict under a fresh budget context. Never throws for estimator faults. */
  predict(mlp: MlpSpec, limits: PredictLimits): Promise<PredictOutcome>;
  /**
   * Optional hint, called right after `predict` is called and before it resolves: `mlp` is
   * the one the next `predict` will ask for, so a runner may move its weights meanwhile.
   */
  prefetch?(mlp: MlpSpec): void;
  /** Runs teardown and releases resources; safe to call twice (the second does nothing). */
  close(): Promise<TeardownOutcome>;
}

/** The phases whose windows let estimator code run. */
export type WindowPhase = "setup" | "predict" | "teardown";

/** Opens and closes the windows in which estimator code may run. */
export interface CodeWindow {
  /**
   * Opens the window of a phase: the estimator's timers may fire until it closes.
   *
   * @param phase The phase about to call estimator code.
   */
  open(phase: WindowPhase): void;
  /**
   * Closes the window: cancels the estimator's pending timers, then lets its queued promise
   * jobs run to completion. Keep the phase's meter open until this resolves.
   */
  close(): Promise<void>;
}
