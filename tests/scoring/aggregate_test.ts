import assert from "@std/assert";
import { aggregateResults } from "../../lib/scoring/aggregate.ts";
import { scoreMlp } from "../../lib/scoring/score_mlp.ts";
import { LIMITS, mlp, predictions, summary, zerosFinalMse } from "./_helpers.ts";

const RESULT_KEYS = [
  "adjusted_final_layer_score",
  "final_layer_mse",
  "all_layers_mse",
  "per_layer_mse",
  "best_mlp_adjusted_final_layer_score",
  "worst_mlp_adjusted_final_layer_score",
  "mean_score_multiplier",
  "mean_compute_utilization",
  "n_failed_mlps",
  "mean_effective_compute",
  "failure_breakdown",
  "per_mlp",
  "breakdowns",
];

function rows() {
  return [
    scoreMlp(
      mlp({ predictions: { shape: [2, 3], values: predictions(0.5) }, summary: summary(500) }, 0),
      LIMITS,
    ),
    scoreMlp(
      mlp({ predictions: { shape: [2, 3], values: predictions(1) }, summary: summary(50) }, 1),
      LIMITS,
    ),
    scoreMlp(mlp({ limitFlag: "budget_exhausted", summary: summary(1000) }, 2), LIMITS),
    scoreMlp(mlp({ error: { code: "PREDICT_ERROR", message: "boom" } }, 3), LIMITS),
  ];
}

Deno.test("aggregates follow the spec's definitions", () => {
  const r = rows();
  const sampling = {
    "sampling.sample_layer_statistics": {
      flops_used: 7,
      calls: 2,
      flopscope_backend_time_s: 0.5,
      flopscope_overhead_time_s: 0.25,
      operations: {
        matmul: {
          flop_cost: 7,
          calls: 2,
          flopscope_backend_time_s: 0.5,
          flopscope_overhead_time_s: 0.25,
        },
      },
    },
  };
  const results = aggregateResults(r, 1000, [sampling, sampling]);
  assert.deepEqual(Object.keys(results), RESULT_KEYS);
  const zeros = zerosFinalMse();
  const scores = [0.25 * 0.5, 1 * 0.1, zeros, zeros];
  assert.equal(results.adjusted_final_layer_score, scores.reduce((a, b) => a + b) / 4);
  assert.equal(results.final_layer_mse, (0.25 + 1 + zeros + zeros) / 4);
  assert.equal(results.best_mlp_adjusted_final_layer_score, Math.min(...scores));
  assert.equal(results.worst_mlp_adjusted_final_layer_score, Math.max(...scores));
  assert.equal(results.mean_score_multiplier, (0.5 + 0.1 + 1 + 1) / 4);
  assert.equal(results.mean_compute_utilization, (0.5 + 0.05 + 1 + 0) / 4);
  assert.equal(results.mean_effective_compute, (500 + 50 + 1000 + 0) / 4);
  assert.equal(results.n_failed_mlps, 2);
  assert.deepEqual(results.failure_breakdown, {
    budget_exhausted: 1,
    time_exhausted: 0,
    residual_wall_time_exhausted: 0,
    combined_budget_exhausted: 0,
    error: 1,
  });
  assert.equal(results.per_layer_mse.length, 2);
  assert.equal(results.per_layer_mse[1], results.final_layer_mse);
  assert.equal(results.per_mlp.length, 4);
  const samplingTotals = results.breakdowns.sampling["sampling.sample_layer_statistics"];
  assert.equal(samplingTotals.flops_used, 14);
  assert.equal(samplingTotals.operations.matmul.calls, 4);
  const estimator = results.breakdowns.estimator["estimator.estimator-client"];
  assert.equal(estimator.flops_used, 500 + 50 + 1000);
  assert.equal(estimator.calls, 3);
  assert.equal(sampling["sampling.sample_layer_statistics"].flops_used, 7, "inputs untouched");
});
