import assert from "@std/assert";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import { builtinExports } from "./_builtins.ts";
import { finalMse, referenceCases } from "./_reference.ts";

const hybrid = builtinExports("hybrid") as {
  covarianceCost(n: number, d: number): number;
  blendCost(n: number, d: number): number;
  samplerPairs(n: number, d: number, budget: number, fraction?: number): number;
  blends(n: number, m: number): boolean;
};
const whitened = builtinExports("sampling_whitened") as {
  whitenedCost(n: number, d: number, m: number): number;
};

const CASES = referenceCases();
const SMALL = CASES.find((c) => c.mlp.width === 32)!;
/** Leaves the sampler too few pairs to whiten (m < 2n) beside covariance propagation: it blends. */
const BUDGET = 2e7;
/** Buys enough pairs to whiten: hybrid is the whitened sampler alone. */
const WHITENING_BUDGET = 1e8;
const LIMITS = { flopBudget: BUDGET, wallTimeLimitS: 60 };

function values(
  name: string,
  mlp: MlpSpec,
  fields: Record<string, number> = {},
  budget = BUDGET,
): Float64Array {
  const estimator = loadEstimator(resolveEstimator(name));
  Object.assign(estimator.instance, fields);
  const limits = { ...LIMITS, flopBudget: budget };
  return Float64Array.from(runPredict(estimator, mlp, limits).predictions!.values);
}

Deno.test("hybrid spends at most 10% of the budget: covariance propagation, the sampler, the blend", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const flops = (name: string, budget: number) =>
    runPredict(loadEstimator(resolveEstimator(name)), SMALL.mlp, {
      flopBudget: budget,
      wallTimeLimitS: 60,
    }).summary!.flops_used;
  assert.equal(flops("covariance_propagation", BUDGET), hybrid.covarianceCost(n, d));
  const m = hybrid.samplerPairs(n, d, BUDGET);
  assert.ok(m > 0 && m < 2 * n, "some pairs, too few to whiten");
  const used = flops("hybrid", BUDGET);
  assert.ok(used <= 0.1 * BUDGET, `${used} > 10% of ${BUDGET}`);
  assert.equal(
    used,
    hybrid.covarianceCost(n, d) + whitened.whitenedCost(n, d, m) + hybrid.blendCost(n, d),
  );
  assert.ok(
    hybrid.covarianceCost(n, d) + whitened.whitenedCost(n, d, m + 1) + hybrid.blendCost(n, d) >
      0.1 * BUDGET,
    "one more pair would not fit",
  );
});

Deno.test("hybrid is covariance propagation alone when the budget leaves no room to sample", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const budget = 10 * hybrid.covarianceCost(n, d);
  assert.equal(hybrid.samplerPairs(n, d, budget), 0);
  const limits = { flopBudget: budget, wallTimeLimitS: 60 };
  const mix = runPredict(loadEstimator(resolveEstimator("hybrid")), SMALL.mlp, limits);
  const cov = runPredict(
    loadEstimator(resolveEstimator("covariance_propagation")),
    SMALL.mlp,
    limits,
  );
  assert.equal(mix.summary!.flops_used, hybrid.covarianceCost(n, d));
  assert.deepEqual(mix.predictions!.values, cov.predictions!.values);
});

Deno.test("hybrid is reproducible from mlp.seed and changes with it", () => {
  const a = values("hybrid", SMALL.mlp);
  const b = values("hybrid", SMALL.mlp);
  const c = values("hybrid", { ...SMALL.mlp, seed: SMALL.mlp.seed + 1 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("hybrid is (1−w)·cov + w·mc for any weight w, its parts run alone on the same seed", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const m = hybrid.samplerPairs(n, d, BUDGET);
  const fraction = (whitened.whitenedCost(n, d, m) + 0.5) / BUDGET;
  const cov = values("covariance_propagation", SMALL.mlp);
  const mc = values("sampling_whitened", SMALL.mlp, { fraction });
  assert.notDeepEqual(cov, mc);
  for (const w of [0, 0.15, 0.6, 1]) {
    const mix = values("hybrid", SMALL.mlp, { weight: w });
    for (let i = 0; i < mix.length; i++) {
      const expected = (1 - w) * cov[i] + w * mc[i];
      assert.ok(Math.abs(mix[i] - expected) <= 1e-12 * Math.abs(expected), `w ${w}, entry ${i}`);
    }
  }
});

Deno.test("hybrid is the whitened sampler alone where the sampler can whiten (every width-256 round)", () => {
  assert.equal(hybrid.blends(256, hybrid.samplerPairs(256, 8, 6.8e10)), false);
  assert.equal(hybrid.blends(256, hybrid.samplerPairs(256, 32, 2.72e11)), false);
  assert.equal(hybrid.blends(1024, hybrid.samplerPairs(1024, 16, 2 ** 41)), true);
  const { width: n, depth: d } = SMALL.mlp;
  assert.equal(hybrid.blends(n, hybrid.samplerPairs(n, d, WHITENING_BUDGET)), false);
  assert.deepEqual(
    values("hybrid", SMALL.mlp, {}, WHITENING_BUDGET),
    values("sampling_whitened", SMALL.mlp, {}, WHITENING_BUDGET),
  );
});

Deno.test("hybrid beats covariance propagation on average over seeds (MSE vs the numpy truth)", () => {
  const truth = SMALL.allLayerMeans;
  const cov = finalMse(values("covariance_propagation", SMALL.mlp), truth);
  let mix = 0;
  const seeds = 8;
  for (let s = 0; s < seeds; s++) {
    mix += finalMse(values("hybrid", { ...SMALL.mlp, seed: 500 + s }), truth) / seeds;
  }
  assert.ok(mix < cov, `hybrid ${mix}, covariance ${cov}`);
});
