import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { withBudget } from "../../lib/budget/context.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { makeMlp } from "../../lib/estimator/mlp.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import type { NDArray } from "../../lib/api/mod.ts";
import { builtinExports } from "./_builtins.ts";
import { finalMse, referenceCases, seededPredictions } from "./_reference.ts";

const sampling = builtinExports("sampling") as {
  samplingCost(n: number, d: number, k: number): number;
  samplesWithin(n: number, d: number, target: number): number;
};
const whitened = builtinExports("sampling_whitened") as {
  whitenedCost(n: number, d: number, m: number): number;
  pairsWithin(n: number, d: number, target: number): number;
  whitenedFirstLayer(z: NDArray, w1: NDArray): NDArray;
};

const CASES = referenceCases();
const SMALL = CASES.find((c) => c.mlp.width === 32)!;

function withSeed(mlp: MlpSpec, seed: number): MlpSpec {
  return { ...mlp, seed };
}

Deno.test("sampling spends the most samples that fit 10% of the budget, and the meter agrees", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const budget = 2e8;
  const outcome = runPredict(loadEstimator(resolveEstimator("sampling")), SMALL.mlp, {
    flopBudget: budget,
    wallTimeLimitS: 60,
  });
  const k = sampling.samplesWithin(n, d, 0.1 * budget);
  assert.ok(k > 1000);
  assert.equal(outcome.summary?.flops_used, sampling.samplingCost(n, d, k));
  assert.ok(sampling.samplingCost(n, d, k) <= 0.1 * budget);
  assert.ok(sampling.samplingCost(n, d, k + 1) > 0.1 * budget);
});

Deno.test("sampling honours its fraction field and falls back to free zeros below one sample", () => {
  const estimator = loadEstimator(resolveEstimator("sampling"));
  (estimator.instance as unknown as { fraction: number }).fraction = 0.5;
  const { width: n, depth: d } = SMALL.mlp;
  const half = runPredict(estimator, SMALL.mlp, { flopBudget: 1e8, wallTimeLimitS: 60 });
  assert.equal(
    half.summary?.flops_used,
    sampling.samplingCost(n, d, sampling.samplesWithin(n, d, 5e7)),
  );
  const tiny = runPredict(estimator, SMALL.mlp, { flopBudget: 100, wallTimeLimitS: 60 });
  assert.equal(tiny.summary?.flops_used, 0);
  assert.ok(Array.from(tiny.predictions!.values).every((x) => x === 0));
});

Deno.test("sampling is reproducible from mlp.seed and estimates the means within Monte Carlo error", () => {
  const limits = { flopBudget: 2e8, wallTimeLimitS: 60 };
  const a = seededPredictions("sampling", SMALL.mlp, limits);
  const k = sampling.samplesWithin(SMALL.mlp.width, SMALL.mlp.depth, 0.1 * limits.flopBudget);
  const expected = SMALL.avgVariance / k + SMALL.avgVariance / SMALL.nSamples;
  assert.ok(
    finalMse(a, SMALL.allLayerMeans) < 5 * expected,
    `${finalMse(a, SMALL.allLayerMeans)} vs ${expected}`,
  );
});

Deno.test("the whitened block has mean exactly 0 and covariance I (to float32 rounding)", () => {
  const m = 300;
  const n = 6;
  const z = np.random.default_rng(3).standard_normal([m, n]);
  const a = whitened.whitenedFirstLayer(z, np.eye(n, n, 0, "float32"));
  const x = np.matmul(np.concatenate([z, np.negative(z)]), a);
  const covariance = np.divide(np.matmul(x.T, x), 2 * m);
  const mean = np.mean(x, 0);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(mean.item(i)) < 1e-15);
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(covariance.item(i, j) - (i === j ? 1 : 0)) < 1e-5, `Σ[${i}][${j}]`);
    }
  }
});

Deno.test("sampling_whitened spends at most 10% of the budget, and the meter agrees", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const budget = 2e8;
  const outcome = runPredict(loadEstimator(resolveEstimator("sampling_whitened")), SMALL.mlp, {
    flopBudget: budget,
    wallTimeLimitS: 60,
  });
  const m = whitened.pairsWithin(n, d, 0.1 * budget);
  assert.ok(m >= 2 * n, "enough pairs to whiten");
  assert.equal(outcome.summary?.flops_used, whitened.whitenedCost(n, d, m));
  assert.ok(whitened.whitenedCost(n, d, m + 1) > 0.1 * budget);
});

Deno.test("sampling_whitened beats plain sampling at equal FLOPs (mean over seeds)", () => {
  const plain = loadEstimator(resolveEstimator("sampling"));
  const structured = loadEstimator(resolveEstimator("sampling_whitened"));
  const limits = { flopBudget: 1e8, wallTimeLimitS: 60 };
  let plainMse = 0;
  let whitenedMse = 0;
  for (let seed = 0; seed < 12; seed++) {
    const mlp = withSeed(SMALL.mlp, 1000 + seed);
    plainMse += finalMse(runPredict(plain, mlp, limits).predictions!.values, SMALL.allLayerMeans);
    whitenedMse += finalMse(
      runPredict(structured, mlp, limits).predictions!.values,
      SMALL.allLayerMeans,
    );
  }
  assert.ok(whitenedMse < 0.8 * plainMse, `whitened ${whitenedMse / 12} vs plain ${plainMse / 12}`);
});

Deno.test("sampling estimators run under the budget they are told about, not over it", () => {
  for (const name of ["sampling", "sampling_whitened"]) {
    const estimator = loadEstimator(resolveEstimator(name)).instance;
    const { summary } = withBudget(
      { flopBudget: 1e7 },
      () => estimator.predict(makeMlp(SMALL.mlp), 1e7),
    );
    assert.ok(summary.flops_used <= 1e6, name);
  }
});
