import assert from "@std/assert";
import { breakdownSummaryOf } from "../../lib/budget/merge.ts";
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
  // one MLP's sampler summary: 7 FLOPs in one namespace under a 1e15 budget
  const sampling = breakdownSummaryOf({
    ...summary(7, { backend: 0.5, overhead: 0.25, residual: 0.25 }),
    flop_budget: 1e15,
    flops_remaining: 1e15 - 7,
    by_namespace: {
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
    },
  });
  const results = aggregateResults(r, {
    flopBudget: 1000,
    depth: 2,
    samplingSummaries: [sampling, sampling],
  });
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
  // the summaries add up field by field, flop_budget and flops_remaining included
  const samplingTotal = results.breakdowns.sampling!;
  assert.equal(samplingTotal.flop_budget, 2e15);
  assert.equal(samplingTotal.flops_used, 14);
  assert.equal(samplingTotal.flops_remaining, 2e15 - 14);
  assert.equal(samplingTotal.wall_time_s, 2);
  assert.equal(samplingTotal.residual_wall_time_s, 0.5);
  assert.equal(samplingTotal.time_source, undefined, "sampled in this run, not restored");
  const samplingTotals = samplingTotal.by_namespace["sampling.sample_layer_statistics"];
  assert.equal(samplingTotals.flops_used, 14);
  assert.equal(samplingTotals.operations.matmul.calls, 4);
  // the estimator's: the three rows that did not raise (the budget-exhausted one included)
  const estimatorTotal = results.breakdowns.estimator!;
  assert.equal(estimatorTotal.flop_budget, 3 * 1000);
  assert.equal(estimatorTotal.flops_used, 500 + 50 + 1000);
  assert.equal(estimatorTotal.flops_remaining, 500 + 950 + 0);
  assert.ok(Math.abs(estimatorTotal.wall_time_s - 3 * 0.013) < 1e-15);
  const estimator = estimatorTotal.by_namespace["estimator.estimator-client"];
  assert.equal(estimator.flops_used, 500 + 50 + 1000);
  assert.equal(estimator.calls, 3);
  assert.equal(
    sampling.by_namespace["sampling.sample_layer_statistics"].flops_used,
    7,
    "inputs untouched",
  );
});

Deno.test("a dataset's sampling summaries are marked as the bake's; rows without one are skipped", () => {
  const restored = breakdownSummaryOf(summary(9));
  const results = aggregateResults(rows(), {
    flopBudget: 1000,
    depth: 2,
    samplingSummaries: [restored, null],
    samplingFromBake: true,
  });
  assert.equal(results.breakdowns.sampling?.time_source, "bake");
  assert.equal(results.breakdowns.sampling?.flops_used, 9);
});

Deno.test("all rows raised: no estimator breakdown to sum (null, as whestbench)", () => {
  const raised = scoreMlp(mlp({ error: { code: "PREDICT_ERROR", message: "boom" } }, 0), LIMITS);
  const results = aggregateResults([raised], { flopBudget: 1000, depth: 2, samplingSummaries: [] });
  assert.equal(results.breakdowns.estimator, null);
  assert.equal(results.breakdowns.sampling, null);
});

Deno.test("an empty run scores inf with multiplier 1 and utilisation 0, as whestbench", () => {
  // whestbench scoring.py: float("inf") for the means, best and worst, [inf] * depth per layer
  const results = aggregateResults([], { flopBudget: 1000, depth: 3, samplingSummaries: [] });
  assert.equal(results.adjusted_final_layer_score, Infinity);
  assert.equal(results.final_layer_mse, Infinity);
  assert.equal(results.all_layers_mse, Infinity);
  assert.deepEqual(results.per_layer_mse, [Infinity, Infinity, Infinity]);
  assert.equal(results.best_mlp_adjusted_final_layer_score, Infinity);
  assert.equal(results.worst_mlp_adjusted_final_layer_score, Infinity);
  assert.equal(results.mean_score_multiplier, 1);
  assert.equal(results.mean_compute_utilization, 0);
  assert.equal(results.mean_effective_compute, 0);
});

Deno.test("per_layer_mse is the float32 mean whestbench computes", () => {
  // python3 -c "import numpy as np; rows = [[0.1, 1e-3, 3.3333], [0.7, 2e-3, 1.1111],
  //   [0.123456789, 5e-4, 2.2222]];
  //   print([float(x) for x in np.mean(np.asarray(rows, dtype=np.float32), axis=0)])"
  const expected = [0.3078189194202423, 0.0011666667414829135, 2.2221999168395996];
  const perLayer = [[0.1, 1e-3, 3.3333], [0.7, 2e-3, 1.1111], [0.123456789, 5e-4, 2.2222]];
  const base = scoreMlp(
    mlp({ predictions: { shape: [2, 3], values: predictions(0.5) }, summary: summary(500) }, 0),
    LIMITS,
  );
  const rows = perLayer.map((per_layer_mse, i) => ({ ...base, mlp_index: i, per_layer_mse }));
  const results = aggregateResults(rows, { flopBudget: 1000, depth: 3, samplingSummaries: [] });
  assert.deepEqual(results.per_layer_mse, expected);
});
