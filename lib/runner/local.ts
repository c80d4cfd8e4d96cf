/**
 * The local runner: the estimator runs in this process, with no sandbox. Quick to start and
 * easy to debug; the subprocess runner is the one for untrusted code.
 *
 * @module
 */
import type { MlpSpec } from "../contract/mlp.ts";
import { EstimatorLoadError } from "../estimator/errors.ts";
import { runPredict, runTeardown, startEstimator } from "../estimator/executor.ts";
import type { LoadedEstimator } from "../estimator/loader.ts";
import { resolveEstimator } from "../estimator/source.ts";
import {
  type PredictLimits,
  type PredictOutcome,
  type Runner,
  type SetupContext,
  SetupFailure,
  type TeardownOutcome,
} from "../contract/runner.ts";

/** Receives the estimator's console output, one line at a time. */
export type LogSink = (line: string) => void;

/**
 * Runs an estimator in-process: `start` resolves and loads it and runs its setup within the
 * setup limit, each `predict` runs under a fresh budget context, `close` runs teardown once.
 *
 * @example
 * ```ts
 * import { LocalRunner } from "./local.ts";
 * const runner = new LocalRunner("mean_propagation");
 * // await runner.start(ctx, 5); const outcome = await runner.predict(mlp, limits); await runner.close();
 * ```
 */
export class LocalRunner implements Runner {
  readonly #estimator: string;
  readonly #log: LogSink;
  readonly #className: string | null;
  #loaded: LoadedEstimator | undefined;

  /**
   * Creates a runner for one estimator; nothing is loaded until `start`.
   *
   * @param estimator A built-in estimator's name or the path of an estimator file.
   * @param log Where the estimator's console output goes (default: dropped).
   * @param className `--class NAME`: the export to use; null for the usual choice.
   */
  constructor(estimator: string, log: LogSink = () => {}, className: string | null = null) {
    this.#estimator = estimator;
    this.#log = log;
    this.#className = className;
  }

  /** Loads the estimator and runs `setup(ctx)`; throws {@link SetupFailure}. */
  async start(ctx: SetupContext, setupTimeoutS: number): Promise<void> {
    if (this.#loaded) throw new Error("LocalRunner.start: already started");
    let source;
    try {
      source = { ...resolveEstimator(this.#estimator), exportName: this.#className };
    } catch (error) {
      if (error instanceof EstimatorLoadError) {
        throw new SetupFailure("SETUP_ERROR", error.message, undefined, "load");
      }
      throw error;
    }
    const { loaded, logs } = await startEstimator(source, ctx, setupTimeoutS);
    logs.forEach(this.#log);
    this.#loaded = loaded;
  }

  /** Runs one predict under a fresh budget context; estimator faults come back as values. */
  predict(mlp: MlpSpec, limits: PredictLimits): Promise<PredictOutcome> {
    const loaded = this.#loaded;
    if (!loaded) throw new Error("LocalRunner.predict: start() was not called");
    const outcome = runPredict(loaded, mlp, limits);
    outcome.logs?.forEach(this.#log);
    return Promise.resolve(outcome);
  }

  /** Runs teardown once; a raising teardown is reported to the log and changes no score. */
  async close(): Promise<TeardownOutcome> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (!loaded) return {};
    const { logs, error } = await runTeardown(loaded);
    logs.forEach(this.#log);
    if (error) this.#log(`teardown failed: ${error.message}`);
    return { error };
  }
}
