/**
 * Chooses the runner for `--runner`: the one place that maps a runner kind to its class.
 *
 * @module
 */
import type { RunnerKind } from "../config/run_config.ts";
import { LocalRunner, type LogSink } from "./local.ts";
import { type SubprocessOptions, SubprocessRunner } from "./subprocess.ts";
import type { Runner } from "../contract/runner.ts";

/**
 * Builds the runner of the given kind for an estimator.
 *
 * @example
 * ```ts
 * import { createRunner } from "./create.ts";
 * const runner = createRunner("local", "mean_propagation", (line) => console.error(line));
 * ```
 * @param kind "local" or "subprocess".
 * @param estimator A built-in name or an estimator file path.
 * @param log Receives the estimator's console output.
 * @param options The subprocess runner's memory cap, predict timeout, submission and scratch
 *   quota (ignored by local, which has no sandbox), and `className` (`--class`, both).
 */
export function createRunner(
  kind: RunnerKind,
  estimator: string,
  log: LogSink,
  options: SubprocessOptions = {},
): Runner {
  switch (kind) {
    case "local":
      return new LocalRunner(estimator, log, options.className ?? null);
    case "subprocess":
      return new SubprocessRunner(estimator, log, options);
  }
}
