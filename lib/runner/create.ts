/**
 * Chooses the runner for `--runner`: the one place that maps a runner kind to its class.
 *
 * @module
 */
import { UsageError } from "../cli/errors.ts";
import type { RunnerKind } from "../config/run_config.ts";
import { LocalRunner, type LogSink } from "./local.ts";
import type { Runner } from "./types.ts";

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
 */
export function createRunner(kind: RunnerKind, estimator: string, log: LogSink): Runner {
  switch (kind) {
    case "local":
      return new LocalRunner(estimator, log);
    case "subprocess":
      throw new UsageError(
        "--runner subprocess is not available in this build; use --runner local",
      );
  }
}
