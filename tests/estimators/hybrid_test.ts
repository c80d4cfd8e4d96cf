import assert from "@std/assert";
import { compileModule } from "../../lib/estimator/evaluate.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator, WHEST_MODULE } from "../../lib/estimator/loader.ts";
import { evaluateModule } from "../../lib/estimator/modules.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import type { MlpSpec } from "../../lib/contest/types.ts";
import { referenceCases } from "./_reference.ts";

/** A built-in's named exports, evaluated through the same module path the loader uses. */
function builtinExports(name: string): Record<string, unknown> {
  const source = resolveEstimator(name);
  return evaluateModule(source.filename, source.source, {
    compile: compileModule,
    whestModule: WHEST_MODULE,
    console,
    siblings: source.siblings,
  });
}

const hybrid = builtinExports("hybrid") as {
  covarianceCost(n: number, d: number): number;
  blendCost(n: number, d: number): number;
  pairsPerHalf(n: number, d: number, budget: number, fraction?: number): number;
  blendWeight(gap: number, spread: number): number;
  secondHalfSeed(seed: number): number;
};
const whitened = builtinExports("sampling_whitened") as {
  whitenedCost(n: number, d: number, m: number): number;
};

const CASES = referenceCases();
const SMALL = CASES.find((c) => c.mlp.width === 32)!;
const BUDGET = 1e8;
const LIMITS = { flopBudget: BUDGET, wallTimeLimitS: 60 };

function values(name: string, mlp: MlpSpec, setFraction?: number): Float64Array {
  const estimator = loadEstimator(resolveEstimator(name));
  if (setFraction !== undefined) {
    (estimator.instance as unknown as { fraction: number }).fraction = setFraction;
  }
  return Float64Array.from(runPredict(estimator, mlp, LIMITS).predictions!.values);
}

function finalMse(v: ArrayLike<number>, truth: number[][]): number {
  const last = truth[truth.length - 1];
  const offset = v.length - last.length;
  let sum = 0;
  for (let j = 0; j < last.length; j++) sum += (v[offset + j] - last[j]) ** 2;
  return sum / last.length;
}

Deno.test("hybrid spends at most 10% of the budget: covariance propagation, two halves, the blend", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const flops = (name: string, budget: number) =>
    runPredict(loadEstimator(resolveEstimator(name)), SMALL.mlp, {
      flopBudget: budget,
      wallTimeLimitS: 60,
    }).summary!.flops_used;
  assert.equal(flops("covariance_propagation", BUDGET), hybrid.covarianceCost(n, d));
  const m = hybrid.pairsPerHalf(n, d, BUDGET);
  assert.ok(m >= 2 * n, "each half has enough pairs to whiten");
  const used = flops("hybrid", BUDGET);
  assert.ok(used <= 0.1 * BUDGET, `${used} > 10% of ${BUDGET}`);
  const blend = used - hybrid.covarianceCost(n, d) - 2 * whitened.whitenedCost(n, d, m);
  assert.ok(blend > 0 && blend <= hybrid.blendCost(n, d), `blend cost ${blend}`);
  assert.ok(
    hybrid.covarianceCost(n, d) + 2 * whitened.whitenedCost(n, d, m + 1) +
        hybrid.blendCost(n, d) > 0.1 * BUDGET,
    "one more pair per half would not fit",
  );
});

Deno.test("hybrid is covariance propagation alone when the budget leaves no room to sample", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const budget = 10 * hybrid.covarianceCost(n, d);
  assert.equal(hybrid.pairsPerHalf(n, d, budget), 0);
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

Deno.test("hybrid is (1−w)·cov + w·(A+B)/2 with w = 1 − mean((A−B)²)/4 / mean((cov−mc)²)", () => {
  const { width: n, depth: d } = SMALL.mlp;
  const m = hybrid.pairsPerHalf(n, d, BUDGET);
  const fraction = (whitened.whitenedCost(n, d, m) + 0.5) / BUDGET;
  const cov = values("covariance_propagation", SMALL.mlp);
  const a = values("sampling_whitened", SMALL.mlp, fraction);
  const b = values("sampling_whitened", {
    ...SMALL.mlp,
    seed: hybrid.secondHalfSeed(SMALL.mlp.seed),
  }, fraction);
  const mc = a.map((x, i) => (x + b[i]) / 2);
  let spread = 0;
  let gap = 0;
  for (let j = (d - 1) * n; j < d * n; j++) {
    spread += (a[j] - b[j]) ** 2 / n;
    gap += (cov[j] - mc[j]) ** 2 / n;
  }
  const w = 1 - spread / 4 / gap;
  assert.ok(w > 0 && w < 1, `w = ${w} is inside (0, 1) here, so no clipping`);
  const mix = values("hybrid", SMALL.mlp);
  for (let i = 0; i < mix.length; i++) {
    const expected = (1 - w) * cov[i] + w * mc[i];
    assert.ok(Math.abs(mix[i] - expected) <= 1e-9 * Math.abs(expected) + 1e-12, `entry ${i}`);
  }
});

Deno.test("blendWeight is b²/(b²+v) for gap = b²+v and spread = 4v, clipped to [0, 1]", () => {
  for (const [bias2, v] of [[1e-5, 1e-5], [4e-6, 3e-5], [3e-5, 1e-6]]) {
    const w = hybrid.blendWeight(bias2 + v, 4 * v);
    assert.ok(Math.abs(w - bias2 / (bias2 + v)) < 1e-12, `${w}`);
  }
  assert.equal(hybrid.blendWeight(1e-6, 8e-6), 0, "spread larger than the gap: all covariance");
  assert.equal(hybrid.blendWeight(1e-6, 0), 1, "a noiseless sampler takes all the weight");
  assert.equal(hybrid.blendWeight(0, 0), 0);
});

Deno.test("hybrid beats both its parts on average over seeds (MSE vs the numpy truth)", () => {
  const m = hybrid.pairsPerHalf(SMALL.mlp.width, SMALL.mlp.depth, BUDGET);
  const fraction = (whitened.whitenedCost(SMALL.mlp.width, SMALL.mlp.depth, m) + 0.5) / BUDGET;
  const truth = SMALL.allLayerMeans;
  const cov = finalMse(values("covariance_propagation", SMALL.mlp), truth);
  let mix = 0;
  let half = 0;
  const seeds = 8;
  for (let s = 0; s < seeds; s++) {
    const mlp = { ...SMALL.mlp, seed: 500 + s };
    mix += finalMse(values("hybrid", mlp), truth) / seeds;
    half += finalMse(values("sampling_whitened", mlp, fraction), truth) / seeds;
  }
  assert.ok(mix < cov && mix < half, `hybrid ${mix}, covariance ${cov}, one half ${half}`);
});
