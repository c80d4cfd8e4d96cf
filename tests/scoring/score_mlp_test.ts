import assert from "@std/assert";
import { scoreMlp } from "../../lib/scoring/score_mlp.ts";
import type { MlpResult } from "../../lib/scoring/types.ts";
import { LIMITS, mlp, predictions, summary, zerosFinalMse } from "./_helpers.ts";

const SPEC_KEYS = [
  "mlp_index",
  "mlp_name",
  "final_layer_mse",
  "all_layers_mse",
  "per_layer_mse",
  "adjusted_final_layer_score",
  "flops_used",
  "effective_compute",
  "budget_exhausted",
  "time_exhausted",
  "residual_wall_time_exhausted",
  "combined_budget_exhausted",
  "wall_time_s",
  "flopscope_backend_time_s",
  "flopscope_overhead_time_s",
  "residual_wall_time_s",
  "breakdowns",
  "traceback",
];

const ok = (delta: number, flops: number, times = {}) =>
  mlp({
    predictions: { shape: [2, 3], values: predictions(delta) },
    summary: summary(flops, times),
  });

function flags(row: MlpResult): string[] {
  return ([
    "budget_exhausted",
    "time_exhausted",
    "residual_wall_time_exhausted",
    "combined_budget_exhausted",
  ] as const)
    .filter((f) => row[f]);
}

Deno.test("a successful row has exactly the spec's keys, in order, and no error keys", () => {
  const row = scoreMlp(ok(0.5, 200), LIMITS);
  assert.deepEqual(Object.keys(row), SPEC_KEYS);
  assert.ok(!("error" in row) && !("error_code" in row));
  assert.equal(row.final_layer_mse, 0.25);
  assert.deepEqual(row.per_layer_mse, [0, 0.25]);
  assert.equal(row.all_layers_mse, Math.fround(0.75 / 6));
  assert.equal(row.flops_used, 200);
  assert.equal(row.adjusted_final_layer_score, 0.25 * 0.2);
  // the full budget summary (whestbench's normalised breakdown), no flat operations
  const estimator = row.breakdowns.estimator!;
  assert.deepEqual(Object.keys(estimator), [
    "flop_budget",
    "flops_used",
    "flops_remaining",
    "wall_time_s",
    "flopscope_backend_time_s",
    "flopscope_overhead_time_s",
    "residual_wall_time_s",
    "by_namespace",
  ]);
  assert.equal(estimator.flop_budget, 1000);
  assert.equal(estimator.flops_used, 200);
  assert.equal(estimator.flops_remaining, 800);
  assert.equal(estimator.wall_time_s, row.wall_time_s);
  assert.deepEqual(Object.keys(estimator.by_namespace), ["estimator.estimator-client"]);
  assert.equal(row.traceback, null);
});

Deno.test("the multiplier floors at 0.1", () => {
  const row = scoreMlp(ok(0.5, 10), LIMITS);
  assert.equal(row.adjusted_final_layer_score, 0.25 * 0.1);
  assert.deepEqual(flags(row), []);
});

Deno.test("C = B passes with multiplier 1; C = B + 1 is combined_budget_exhausted", () => {
  const atCap = scoreMlp(ok(0.5, 1000), LIMITS);
  assert.deepEqual(flags(atCap), []);
  assert.equal(atCap.adjusted_final_layer_score, 0.25);
  assert.equal(atCap.final_layer_mse, 0.25);
  const over = scoreMlp(ok(0.5, 1001), LIMITS);
  assert.deepEqual(flags(over), ["combined_budget_exhausted"]);
  assert.equal(over.final_layer_mse, zerosFinalMse(), "scored as zeros");
  assert.equal(over.adjusted_final_layer_score, zerosFinalMse());
  assert.equal(over.flops_used, 1001);
});

Deno.test("effective compute adds lambda times residual seconds", () => {
  const limits = { ...LIMITS, lambdaFlopsPerSecond: 1000 };
  const row = scoreMlp(ok(0.5, 500, { residual: 0.25 }), limits);
  assert.equal(row.effective_compute, 750);
  assert.equal(row.adjusted_final_layer_score, 0.25 * 0.75);
  const over = scoreMlp(ok(0.5, 900, { residual: 0.25 }), limits);
  assert.deepEqual(flags(over), ["combined_budget_exhausted"]);
});

Deno.test("residual exactly at the cap passes; above it is flagged; null disables it", () => {
  assert.deepEqual(flags(scoreMlp(ok(0.5, 200, { residual: 0.4 }), LIMITS)), []);
  const over = scoreMlp(ok(0.5, 200, { residual: 0.41 }), LIMITS);
  assert.deepEqual(flags(over), ["residual_wall_time_exhausted"]);
  assert.equal(over.final_layer_mse, zerosFinalMse());
  assert.equal(over.residual_wall_time_s, 0.41);
  const disabled = scoreMlp(ok(0.5, 200, { residual: 5 }), {
    ...LIMITS,
    wallTimeLimitS: 10,
    residualWallTimeLimitS: null,
  });
  assert.deepEqual(flags(disabled), []);
});

Deno.test("wall time exactly at the limit passes; above is time_exhausted and wins over later flags", () => {
  assert.deepEqual(
    flags(scoreMlp(ok(0.5, 200, { backend: 0.5, overhead: 0.25, residual: 0.25 }), LIMITS)),
    [],
  );
  const both = scoreMlp(ok(0.5, 5000, { backend: 0.5, overhead: 0.25, residual: 0.5 }), LIMITS);
  assert.deepEqual(flags(both), ["time_exhausted"]);
  assert.equal(both.adjusted_final_layer_score, zerosFinalMse());
});

Deno.test("limits thrown inside predict are kept first, with the meter's flops", () => {
  for (const limitFlag of ["budget_exhausted", "time_exhausted"] as const) {
    const row = scoreMlp(mlp({ limitFlag, summary: summary(990, { residual: 3 }) }), LIMITS);
    assert.deepEqual(flags(row), [limitFlag]);
    assert.equal(row.flops_used, 990);
    assert.equal(row.final_layer_mse, zerosFinalMse());
    assert.equal(row.adjusted_final_layer_score, zerosFinalMse());
    assert.ok(!("error" in row));
  }
});

Deno.test("an exception scores zeros with flops and timings 0 and adds error keys", () => {
  const row = scoreMlp(
    mlp({
      error: { code: "PREDICT_ERROR", message: "Error: boom", traceback: "at predict" },
      logs: [],
    }),
    LIMITS,
  );
  assert.deepEqual(Object.keys(row), [...SPEC_KEYS, "error", "error_code"]);
  assert.equal(row.error_code, "PREDICT_ERROR");
  assert.equal(row.error, "Error: boom");
  assert.equal(row.traceback, "at predict");
  assert.equal(row.flops_used, 0);
  assert.equal(row.effective_compute, 0);
  assert.deepEqual(
    [
      row.wall_time_s,
      row.flopscope_backend_time_s,
      row.flopscope_overhead_time_s,
      row.residual_wall_time_s,
    ],
    [0, 0, 0, 0],
  );
  assert.equal(row.final_layer_mse, zerosFinalMse());
  assert.equal(row.adjusted_final_layer_score, zerosFinalMse());
  assert.deepEqual(flags(row), []);
  assert.deepEqual(row.breakdowns, { estimator: null }, "null, as whestbench's error rows");
});

Deno.test("a bad shape and a non-finite value are errors with their codes", () => {
  const shaped = scoreMlp(
    mlp({ predictions: { shape: [3, 2], values: new Float64Array(6) }, summary: summary(10) }),
    LIMITS,
  );
  assert.equal(shaped.error_code, "ESTIMATOR_BAD_SHAPE");
  assert.equal(shaped.flops_used, 0);
  const values = predictions(0);
  values[1] = 1e300;
  const infinite = scoreMlp(
    mlp({ predictions: { shape: [2, 3], values }, summary: summary(10) }),
    LIMITS,
  );
  assert.equal(infinite.error_code, "ESTIMATOR_NON_FINITE");
  assert.equal(infinite.adjusted_final_layer_score, zerosFinalMse());
  // finite in float32, but its float32 squared error is not: numpy's MSE would be inf
  const huge = predictions(0);
  huge.fill(3e38);
  const overflowing = scoreMlp(
    mlp({ predictions: { shape: [2, 3], values: huge }, summary: summary(10) }),
    LIMITS,
  );
  assert.equal(overflowing.error_code, "ESTIMATOR_NON_FINITE");
  assert.match(overflowing.error ?? "", /squared error overflows/);
  assert.ok(Number.isFinite(overflowing.final_layer_mse));
});

Deno.test("an outcome with neither predictions nor a flag nor an error is PREDICT_NO_DATA", () => {
  assert.equal(scoreMlp(mlp({ summary: summary(1) }), LIMITS).error_code, "PREDICT_NO_DATA");
  assert.equal(scoreMlp(mlp({}), LIMITS).error_code, "PREDICT_NO_DATA");
});
