/**
 * Scores a contest with a started runner: one predict per MLP, each scored as it returns.
 *
 * @module
 */
import type { BreakdownSummary } from "../budget/summary.ts";
import type { ContestSource } from "../contract/contest.ts";
import type { Runner } from "../contract/runner.ts";
import { isFailed, scoreMlpWithPredictions, type ScoringLimits } from "./score_mlp.ts";
import type { MlpResult } from "./types.ts";

/** Options of {@link scoreContest}. */
export interface ScoreContestOptions {
  /** Stop after the first failed MLP (an error or an exhaustion flag). */
  readonly failFast?: boolean;
  /** Called after each MLP is scored. */
  readonly onScored?: (row: MlpResult) => void;
  /**
   * Called after each MLP is scored with the (d, n) float32 predictions that were scored
   * (zeros after an error or exhaustion) and the targets (`--save-predictions`).
   */
  readonly onArrays?: (index: number, predictions: Float32Array, targets: Float32Array) => void;
}

/** The scored rows and each scored MLP's sampling summary, in contest order. */
export interface ScoredContest {
  /** One row per scored MLP (fewer than the contest's with fail-fast). */
  readonly rows: MlpResult[];
  /** The sampler's summary of each scored MLP's ground truth (null where a dataset has none). */
  readonly samplingSummaries: (BreakdownSummary | null)[];
}

/**
 * Scores a contest MLP by MLP: ground truth, then predict (the next MLP's weights move to the
 * runner meanwhile), then the row; each MLP is released once scored, so memory stays bounded
 * by two MLPs whatever the contest's size.
 *
 * @param contest The MLPs, produced on demand.
 * @param runner The started runner.
 * @param limits The budget and time caps.
 * @param options Fail-fast and a per-row callback.
 */
export async function scoreContest(
  contest: ContestSource,
  runner: Runner,
  limits: ScoringLimits,
  options: ScoreContestOptions = {},
): Promise<ScoredContest> {
  const rows: MlpResult[] = [];
  const samplingSummaries: (BreakdownSummary | null)[] = [];
  for (let i = 0; i < contest.size; i++) {
    const { mlp, truth, samplingSummary } = await contest.entry(i);
    // generated before the predict starts, so its cost is not inside the predict's time
    const next = i + 1 < contest.size ? contest.spec(i + 1) : undefined;
    const pending = runner.predict(mlp, {
      flopBudget: limits.flopBudget,
      wallTimeLimitS: limits.wallTimeLimitS,
    });
    // the subprocess runner moves the next MLP's weights while this one is predicted
    if (next) runner.prefetch?.(next);
    const outcome = await pending;
    const { row, predictions } = scoreMlpWithPredictions({
      index: i,
      name: mlp.name,
      depth: mlp.depth,
      width: mlp.width,
      truth,
      outcome,
    }, limits);
    options.onArrays?.(i, predictions, truth.allLayerMeans);
    contest.release(i);
    rows.push(row);
    samplingSummaries.push(samplingSummary);
    options.onScored?.(row);
    if (options.failFast && isFailed(row)) break;
  }
  return { rows, samplingSummaries };
}
