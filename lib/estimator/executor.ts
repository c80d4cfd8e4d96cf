/**
 * Calls a loaded estimator's methods the way every runner does: `setup(ctx)` outside FLOP
 * accounting, each `predict(mlp, budget)` inside a fresh budget context, `teardown()` at the
 * end. Estimator faults become values (a {@link PredictOutcome}) or a {@link SetupFailure};
 * they never escape as exceptions.
 *
 * @module
 */
import { BudgetContext } from "../budget/context.ts";
import { clockMs } from "../budget/engine.ts";
import { BudgetExhaustedError, TimeExhaustedError } from "../budget/errors.ts";
import type { MlpSpec } from "../contract/mlp.ts";
import {
  type EstimatorFailure,
  type InsideLimitFlag,
  type PredictLimits,
  type PredictOutcome,
  type SetupContext,
  SetupFailure,
} from "../contract/runner.ts";
import { EstimatorLoadError } from "./errors.ts";
import {
  type EstimatorSource,
  type LoadedEstimator,
  loadEstimator,
  type LoadOptions,
} from "./loader.ts";
import type { CodeWindow } from "../contract/runner.ts";
import { makeMlp } from "./mlp.ts";
import { toRawPredictions } from "./predictions.ts";
import { cleanTraceback, describeError } from "./traceback.ts";

/** Namespace prefix of estimator work in the budget summary. */
export const ESTIMATOR_NAMESPACE = "estimator";
/** Where unlabelled estimator work is filed: `estimator.estimator-client`. */
export const ESTIMATOR_DEFAULT_NAMESPACE = "estimator-client";

/** Options of {@link runPredict} and {@link callPredict}. */
export interface PredictOptions {
  /** Copy the weights before handing them over (default true; see `makeMlp`). */
  readonly copyWeights?: boolean;
}

/** A predict that has returned or thrown, its budget context still open. */
export interface PredictCall {
  /** Closes the budget context and returns the outcome (see {@link runPredict}). */
  finish(): PredictOutcome;
}

/** What predict did, read while its budget context was open. */
type PredictEnding =
  | { readonly converted: ReturnType<typeof toRawPredictions> }
  | { readonly limitFlag: InsideLimitFlag }
  | { readonly error: EstimatorFailure };

/**
 * Runs one `predict` under a fresh budget context and converts what it returned.
 *
 * `BudgetExhaustedError` gives `limitFlag: "budget_exhausted"`, `TimeExhaustedError` gives
 * `"time_exhausted"` (both with the summary, no predictions); any other exception gives a
 * `PREDICT_ERROR` without a summary. A return that is not an array gives an error too; shape
 * and finiteness are left to the scorer.
 *
 * @param loaded The loaded estimator.
 * @param spec The MLP to estimate.
 * @param limits The FLOP budget (also passed to predict as `budget`) and the wall-time limit.
 * @param options Whether to copy the weights.
 * @returns The outcome, with the estimator's console output of this call in `logs`.
 */
export function runPredict(
  loaded: LoadedEstimator,
  spec: MlpSpec,
  limits: PredictLimits,
  options: PredictOptions = {},
): PredictOutcome {
  return callPredict(loaded, spec, limits, options).finish();
}

/**
 * {@link runPredict} in two steps: calls predict and reads what it did with the budget
 * context open, and leaves the context open until `finish()`, so the sandboxed worker can
 * let the promise jobs predict queued run in between, billed to this predict.
 *
 * @param loaded The loaded estimator.
 * @param spec The MLP to estimate.
 * @param limits The FLOP budget and the wall-time limit.
 * @param options Whether to copy the weights.
 * @returns The call, whose `finish()` closes the context and gives the outcome.
 */
export function callPredict(
  loaded: LoadedEstimator,
  spec: MlpSpec,
  limits: PredictLimits,
  options: PredictOptions = {},
): PredictCall {
  const mlp = makeMlp(spec, options.copyWeights ?? true);
  const ctx = new BudgetContext({
    flopBudget: limits.meteredFlopCap ?? limits.flopBudget,
    wallTimeLimitS: limits.wallTimeLimitS,
    namespacePrefix: ESTIMATOR_NAMESPACE,
    defaultNamespace: ESTIMATOR_DEFAULT_NAMESPACE,
  }).enter();
  let ending: PredictEnding;
  try {
    const value = loaded.instance.predict(mlp, limits.flopBudget);
    // Reading the returned value can run estimator code (getters, proxies, typed-array
    // subclasses): convert it while the meter still runs, so that code is timed and counted.
    // The conversion copies into fresh arrays, so nothing read after the meter closes (the
    // worker serialising the values) is estimator-controlled.
    ending = { converted: toRawPredictions(value, spec.depth * spec.width) };
  } catch (error) {
    // A thrown value is estimator data as well (a Proxy, a `message` getter): classify and
    // describe it before the context closes too.
    ending = classifyFault(error);
  }
  return {
    finish(): PredictOutcome {
      const summary = ctx.exit();
      const logs = loaded.drainLogs();
      if ("limitFlag" in ending) return { summary, limitFlag: ending.limitFlag, logs };
      if ("error" in ending) return { error: ending.error, logs };
      const { converted } = ending;
      if (converted.error) return { error: converted.error, logs };
      return { predictions: converted.predictions, summary, logs };
    },
  };
}

/** What a raising predict comes to: a limit flag, or an error (described while metered). */
function classifyFault(error: unknown): PredictEnding {
  try {
    if (error instanceof BudgetExhaustedError) return { limitFlag: "budget_exhausted" };
    if (error instanceof TimeExhaustedError) return { limitFlag: "time_exhausted" };
    return { error: predictError(error) };
  } catch {
    return {
      error: { code: "PREDICT_ERROR", message: "predict raised a value that cannot be described" },
    };
  }
}

/**
 * Runs `setup(ctx)` (when the estimator has one) outside FLOP accounting, awaiting it if async.
 *
 * @param loaded The loaded estimator.
 * @param ctx The setup context; the estimator receives a frozen copy.
 * @param timeoutS The setup limit in seconds: an async setup still pending then, or any setup
 *   that finished later than this, fails with SETUP_TIMEOUT (a synchronous endless loop can
 *   only be stopped from outside, by the subprocess runner). Default: no limit.
 * @returns The estimator's console output (loading included).
 * @throws {SetupFailure} SETUP_ERROR when setup raised, SETUP_TIMEOUT when it ran too long.
 */
export function runSetup(
  loaded: LoadedEstimator,
  ctx: SetupContext,
  timeoutS = Infinity,
): Promise<string[]> {
  return setupWithin(loaded, ctx, timeoutS, clockMs());
}

/**
 * Loads an estimator and runs its setup: the runner's `start`, minus process management.
 *
 * @param source The estimator's text and names (`resolveEstimator`).
 * @param ctx The setup context.
 * @param setupTimeoutS The setup limit in seconds (load and construct included).
 * @param options Loader overrides (the sandboxed worker's compiler and API object) and the
 *   code window the worker's timers are bound to.
 * @returns The loaded estimator and its console output so far.
 * @throws {SetupFailure} SETUP_ERROR for a load failure or a raising setup, SETUP_TIMEOUT.
 */
export async function startEstimator(
  source: EstimatorSource,
  ctx: SetupContext,
  setupTimeoutS = Infinity,
  options: StartOptions = {},
): Promise<{ loaded: LoadedEstimator; logs: string[] }> {
  const started = clockMs();
  const window = options.window;
  // the module's top-level code and constructor run in the setup window too
  window?.open("setup");
  let loaded: LoadedEstimator;
  try {
    loaded = loadEstimator(source, options);
  } catch (error) {
    await window?.close();
    if (error instanceof EstimatorLoadError) {
      throw new SetupFailure("SETUP_ERROR", error.message, error.traceback, "load");
    }
    throw error;
  }
  const logs = await setupWithin(loaded, ctx, setupTimeoutS, started, window);
  return { loaded, logs };
}

/** Options of {@link startEstimator}. */
export interface StartOptions extends LoadOptions {
  /** The window the estimator's timers are bound to (the sandboxed worker's); none locally. */
  readonly window?: CodeWindow;
}

/**
 * Runs `teardown()` (when the estimator has one), awaiting it if async.
 *
 * @param loaded The loaded estimator.
 * @param window The window the estimator's timers are bound to (the sandboxed worker's): its
 *   promise jobs run, and its timers are cancelled, before this resolves.
 * @returns The console output, and a PREDICT_ERROR-coded failure when teardown raised (the
 *   runner reports it; it changes no score).
 */
export async function runTeardown(
  loaded: LoadedEstimator,
  window?: CodeWindow,
): Promise<{ logs: string[]; error?: EstimatorFailure }> {
  // even reading `teardown` may run estimator code (a getter): inside the window
  window?.open("teardown");
  let error: EstimatorFailure | undefined;
  try {
    if (loaded.instance.teardown !== undefined) await loaded.instance.teardown();
  } catch (raised) {
    error = {
      code: "PREDICT_ERROR",
      message: `teardown raised ${describeError(raised)}`,
      traceback: cleanTraceback(raised),
    };
  } finally {
    await window?.close();
  }
  return error ? { logs: loaded.drainLogs(), error } : { logs: loaded.drainLogs() };
}

/**
 * Runs setup with a limit counted from `startedMs` (so loading counts against it too), and
 * closes `window` (when given) before the final check, so the promise jobs setup left queued
 * count against the limit.
 */
async function setupWithin(
  loaded: LoadedEstimator,
  ctx: SetupContext,
  limitS: number,
  startedMs: number,
  window?: CodeWindow,
): Promise<string[]> {
  const elapsedS = () => (clockMs() - startedMs) / 1000;
  try {
    if (elapsedS() > limitS) throw setupTimeout(elapsedS(), limitS);
    if (loaded.instance.setup !== undefined) {
      await callSetup(loaded, ctx, limitS - elapsedS(), limitS);
    }
  } finally {
    await window?.close();
  }
  if (elapsedS() > limitS) throw setupTimeout(elapsedS(), limitS);
  return loaded.drainLogs();
}

/** Calls setup within `remainingS`; a raising setup becomes SETUP_ERROR. */
async function callSetup(
  loaded: LoadedEstimator,
  ctx: SetupContext,
  remainingS: number,
  limitS: number,
): Promise<void> {
  try {
    await withTimeout(() => loaded.instance.setup!(Object.freeze({ ...ctx })), remainingS, limitS);
  } catch (error) {
    if (error instanceof SetupFailure) throw error;
    throw new SetupFailure(
      "SETUP_ERROR",
      `setup raised ${describeError(error)}`,
      cleanTraceback(error),
    );
  }
}

function predictError(error: unknown): EstimatorFailure {
  return { code: "PREDICT_ERROR", message: describeError(error), traceback: cleanTraceback(error) };
}

function setupTimeout(elapsedS: number, limitS: number, pending = false): SetupFailure {
  const what = pending ? "setup was still running after" : "setup took";
  return new SetupFailure(
    "SETUP_TIMEOUT",
    `${what} ${elapsedS.toFixed(3)} s, over the limit of ${limitS.toFixed(3)} s`,
  );
}

/**
 * Runs `fn` and awaits its result, failing with SETUP_TIMEOUT if it is still pending after
 * `remainingS` (the message quotes the whole `limitS`).
 */
async function withTimeout(fn: () => unknown, remainingS: number, limitS: number): Promise<void> {
  const result = fn();
  if (!Number.isFinite(remainingS) || !isThenable(result)) {
    await result;
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(setupTimeout(limitS, limitS, true)),
      Math.max(0, remainingS * 1000),
    );
  });
  try {
    await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}
