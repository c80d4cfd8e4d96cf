/** Builders shared by the scoring tests. */
import type { BudgetSummary } from "../../lib/budget/summary.ts";
import type { GroundTruth } from "../../lib/contract/mlp.ts";
import type { PredictOutcome } from "../../lib/contract/runner.ts";
import type { MlpToScore, ScoringLimits } from "../../lib/scoring/score_mlp.ts";

/** Depth of the scoring tests' MLP. */
export const DEPTH = 2;
/** Width of the scoring tests' MLP. */
export const WIDTH = 3;
/** The truth's all-layer means, row-major (DEPTH × WIDTH). */
export const TRUTH_VALUES = [0.5, 0.25, 1, 1, 2, 0.5];

/** A summary whose wall time is the sum of its three buckets. */
export function summary(
  flops: number,
  times: { backend?: number; overhead?: number; residual?: number } = {},
): BudgetSummary {
  const backend = times.backend ?? 0.01;
  const overhead = times.overhead ?? 0.002;
  const residual = times.residual ?? 0.001;
  return {
    flop_budget: 1000,
    flops_used: flops,
    flops_remaining: 1000 - flops,
    wall_time_s: backend + overhead + residual,
    flopscope_backend_time_s: backend,
    flopscope_overhead_time_s: overhead,
    residual_wall_time_s: residual,
    operations: {
      matmul: {
        flop_cost: flops,
        calls: 1,
        flopscope_backend_time_s: backend,
        flopscope_overhead_time_s: overhead,
      },
    },
    by_namespace: {
      "estimator.estimator-client": {
        flops_used: flops,
        calls: 1,
        flopscope_backend_time_s: backend,
        flopscope_overhead_time_s: overhead,
        operations: {
          matmul: {
            flop_cost: flops,
            calls: 1,
            flopscope_backend_time_s: backend,
            flopscope_overhead_time_s: overhead,
          },
        },
      },
    },
  };
}

/** The ground truth of TRUTH_VALUES, its last row as the final means. */
export function truth(): GroundTruth {
  const allLayerMeans = new Float32Array(TRUTH_VALUES);
  return {
    allLayerMeans,
    finalMeans: allLayerMeans.slice(WIDTH),
    avgVariance: 0.3,
    nSamples: 100,
  };
}

/** Predictions equal to the truth except the last layer, which is off by `delta` each. */
export function predictions(delta: number): Float64Array {
  return Float64Array.from(TRUTH_VALUES, (v, i) => i >= WIDTH ? v + delta : v);
}

/** MLP `index` of the scoring tests with the given predict outcome and the test truth. */
export function mlp(outcome: PredictOutcome, index = 0): MlpToScore {
  return { index, name: `mlp-${index}`, depth: DEPTH, width: WIDTH, truth: truth(), outcome };
}

/** Scoring limits: a 1000-FLOP budget, 1 s wall time, 0.4 s residual, no time charge. */
export const LIMITS: ScoringLimits = {
  flopBudget: 1000,
  lambdaFlopsPerSecond: 0,
  wallTimeLimitS: 1,
  residualWallTimeLimitS: 0.4,
};

/** numpy's float32 mean of squares of the final-layer truth (a prediction of zeros). */
export function zerosFinalMse(): number {
  const squares = TRUTH_VALUES.slice(WIDTH).map((v) => Math.fround(v * v));
  return Math.fround(Math.fround(Math.fround(squares[0] + squares[1]) + squares[2]) / WIDTH);
}
