/**
 * Scores a contest with a started runner: one predict per MLP, each scored as it returns.
 *
 * @module
 */
import type { GroundTruth, MlpSpec } from "../contract/mlp.ts";
import type { Runner } from "../contract/runner.ts";
import { isFailed, scoreMlp, type ScoringLimits } from "./score_mlp.ts";
import type { MlpResult } from "./types.ts";

/** Options of {@link scoreContest}. */
export interface ScoreContestOptions {
  /** Stop after the first failed MLP (an error or an exhaustion flag). */
  readonly failFast?: boolean;
  /** Called after each MLP is scored. */
  readonly onScored?: (row: MlpResult) => void;
}

/**
 * Runs `predict` for every MLP in order and scores it against its ground truth.
 *
 * @param mlps The contest's MLPs.
 * @param truths Their ground truth, index for index.
 * @param runner A started runner.
 * @param limits The run's budget and time caps.
 * @param options Fail-fast and a per-MLP callback.
 * @returns The scored rows (fewer than `mlps` only when fail-fast stopped early).
 */
export async function scoreContest(
  mlps: readonly MlpSpec[],
  truths: readonly GroundTruth[],
  runner: Runner,
  limits: ScoringLimits,
  options: ScoreContestOptions = {},
): Promise<MlpResult[]> {
  const rows: MlpResult[] = [];
  for (let i = 0; i < mlps.length; i++) {
    const mlp = mlps[i];
    const pending = runner.predict(mlp, {
      flopBudget: limits.flopBudget,
      wallTimeLimitS: limits.wallTimeLimitS,
    });
    // the subprocess runner moves the next MLP's weights while this one is predicted
    if (i + 1 < mlps.length) runner.prefetch?.(mlps[i + 1]);
    const outcome = await pending;
    const row = scoreMlp({
      index: i,
      name: mlp.name,
      depth: mlp.depth,
      width: mlp.width,
      truth: truths[i],
      outcome,
    }, limits);
    rows.push(row);
    options.onScored?.(row);
    if (options.failFast && isFailed(row)) break;
  }
  return rows;
}
