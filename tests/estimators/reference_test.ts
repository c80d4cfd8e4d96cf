import assert from "@std/assert";
import { withBudget } from "../../lib/budget/context.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { makeMlp } from "../../lib/estimator/mlp.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import {
  covariancePropagationFlops,
  meanPropagationFlops,
  naiveMeanPropagation,
  type ReferenceCase,
  referenceCases,
} from "./_reference.ts";

const B = 2 ** 41;
const LIMITS = { flopBudget: B, wallTimeLimitS: 120 };
const CASES = referenceCases();

function load(name: string) {
  return loadEstimator(resolveEstimator(name));
}

/** Asserts |actual − expected| ≤ rtol·|expected| + atol element-wise. */
function assertRelativelyClose(
  actual: ArrayLike<number>,
  expected: number[][],
  label: string,
  rtol = 1e-9,
  atol = 0,
) {
  const flat = expected.flat();
  assert.equal(actual.length, flat.length, label);
  for (let i = 0; i < flat.length; i++) {
    const tolerance = rtol * Math.abs(flat[i]) + atol;
    assert.ok(
      Math.abs(actual[i] - flat[i]) <= tolerance,
      `${label}: entry ${i} is ${actual[i]}, numpy ${flat[i]} (relative ${
        Math.abs(actual[i] - flat[i]) / Math.abs(flat[i])
      })`,
    );
  }
}

/** Splits row-major values into rows of `n`. */
function toRows(values: ArrayLike<number>, n: number): number[][] {
  return Array.from(
    { length: values.length / n },
    (_, r) => Array.from(values).slice(r * n, (r + 1) * n),
  );
}

function check(c: ReferenceCase, name: string, expected: number[][], flops: number) {
  const outcome = runPredict(load(name), c.mlp, LIMITS);
  assert.equal(outcome.error, undefined, `${name} ${c.label}: ${outcome.error?.message}`);
  assert.deepEqual(outcome.predictions?.shape, [c.mlp.depth, c.mlp.width]);
  assertRelativelyClose(outcome.predictions!.values, expected, `${name} ${c.label}`);
  assert.equal(outcome.summary?.flops_used, flops, `${name} ${c.label} FLOPs`);
}

Deno.test("the reference cases cover 8×2, 32×4 and 256×8", () => {
  assert.deepEqual(
    [...new Set(CASES.map((c) => `${c.mlp.width}×${c.mlp.depth}`))],
    ["8×2", "32×4", "256×8"],
  );
});

Deno.test("the cases' estimator seeds come out of whest's contest seeding as numpy's did", () => {
  const pipeline = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/numpy-reference-pipeline.json", import.meta.url)),
  ) as { cases: { estimator_seed: number }[] };
  assert.deepEqual(CASES.map((c) => c.mlp.seed), pipeline.cases.map((c) => c.estimator_seed));
});

Deno.test("mean_propagation squares W in float32 and costs 9dn² + 178dn + 2n", () => {
  // estimators.md squares the float32 weights in float32 (billed n², as the closed form
  // requires); the numpy pipeline fixture squared them in float64. The plain loop below shows
  // that this rounding is the only difference: with float64 squares it reproduces the fixture
  // to 1e-9, and with float32 squares it reproduces the built-in to 1e-12.
  for (const c of CASES) {
    const n = c.mlp.width;
    const outcome = runPredict(load("mean_propagation"), c.mlp, LIMITS);
    assert.equal(outcome.summary?.flops_used, meanPropagationFlops(n, c.mlp.depth));
    // Nearly dead neurons (means ~1e-10) lose relative precision to the cancellation in
    // μΦ(α) + σφ(α) in any implementation, hence the 1e-15 absolute floor here.
    assertRelativelyClose(
      naiveMeanPropagation(c.mlp, false),
      c.meanPropagation,
      `naive f64 ${c.label}`,
      1e-9,
      1e-15,
    );
    const naive = naiveMeanPropagation(c.mlp, true);
    assertRelativelyClose(
      outcome.predictions!.values,
      toRows(naive, n),
      `built-in ${c.label}`,
      1e-12,
    );
    assertRelativelyClose(
      outcome.predictions!.values,
      c.meanPropagation,
      `fixture ${c.label}`,
      1e-6,
    );
  }
});

Deno.test("covariance_propagation matches numpy to 1e-9 and costs 8dn³ + (5dn² + 399dn)/2 + 30d + 2n", () => {
  for (const c of CASES) {
    check(
      c,
      "covariance_propagation",
      c.covariancePropagation,
      covariancePropagationFlops(c.mlp.width, c.mlp.depth),
    );
  }
});

Deno.test("combined is covariance propagation when budget >= 30·n², mean propagation below", () => {
  const c = CASES[0];
  const n = c.mlp.width;
  check(c, "combined", c.covariancePropagation, covariancePropagationFlops(n, c.mlp.depth));
  // Below 30·n² the reference picks mean propagation, whose cost is above that budget for
  // d >= 4, so meter it under a larger limit than the budget it is told.
  const combined = load("combined").instance;
  const { value, summary } = withBudget(
    { flopBudget: B },
    () => combined.predict(makeMlp(c.mlp), 30 * n * n - 1),
  );
  const mean = runPredict(load("mean_propagation"), c.mlp, LIMITS).predictions!.values;
  assertRelativelyClose(
    (value as { data: Float64Array }).data,
    toRows(mean, n),
    "combined below 30n²",
    0,
  );
  assert.equal(summary.flops_used, meanPropagationFlops(n, c.mlp.depth));
  const edge = withBudget({ flopBudget: B }, () => combined.predict(makeMlp(c.mlp), 30 * n * n));
  assert.equal(edge.summary.flops_used, covariancePropagationFlops(n, c.mlp.depth));
});

Deno.test("zeros predicts zeros of the right shape for free", () => {
  for (const c of CASES) {
    const outcome = runPredict(load("zeros"), c.mlp, LIMITS);
    assert.deepEqual(outcome.predictions?.shape, [c.mlp.depth, c.mlp.width]);
    assert.ok(Array.from(outcome.predictions!.values).every((x) => x === 0));
    assert.equal(outcome.summary?.flops_used, 0);
  }
});

Deno.test("covariance_propagation's rescale branch keeps huge networks finite and exact in scale", () => {
  // Weights × 2^100 (exact in float32) scale layer l's means by 2^(100·(l+1)); the state passes
  // 1e100 after two layers, so the third layer rescales once.
  const base = CASES[0].mlp;
  const weights = [base.weights[0], base.weights[1], base.weights[0]];
  const plain = { ...base, depth: 3, weights };
  const huge = { ...plain, weights: weights.map((w) => w.map((x) => x * 2 ** 100)) };
  const estimator = load("covariance_propagation");
  const small = runPredict(estimator, plain, LIMITS);
  const large = runPredict(estimator, huge, LIMITS);
  const n = base.width;
  const expected = Array.from(
    { length: 3 },
    (_, l) =>
      Array.from(
        { length: n },
        (_, j) => small.predictions!.values[l * n + j] * 2 ** (100 * (l + 1)),
      ),
  );
  assertRelativelyClose(large.predictions!.values, expected, "rescaled");
  // One rescale adds sqrt (0-d, 2), μ/s (2n), Σ/s² (2n²) and log (0-d, 32).
  assert.equal(small.summary?.flops_used, covariancePropagationFlops(n, 3));
  assert.equal(
    large.summary?.flops_used,
    covariancePropagationFlops(n, 3) + 2 * n * n + 2 * n + 34,
  );
});
