import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { withBudget } from "../../lib/budget/context.ts";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import { contestSeeds } from "../../lib/contest/seeding.ts";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import { builtinExports } from "./_builtins.ts";
import { finalMse } from "./_reference.ts";
import { mulberry32 } from "../_random.ts";

const cumulant = builtinExports("cumulant_propagation") as {
  cumulantCost(n: number, d: number): number;
  pairSum(
    terms: Record<"off" | "offSq" | "s21" | "s21T" | "k4", NDArray>,
    u: NDArray,
    u2: NDArray,
    v: NDArray,
    v2: NDArray,
  ): NDArray;
  pushFourth(
    w: NDArray,
    k4: NDArray,
    k22: NDArray,
    withPairs: boolean,
  ): { diag: NDArray; pairs: NDArray | null };
  reluMarginals(
    mu: NDArray,
    v: NDArray,
    k3: NDArray,
    k4: NDArray,
  ): Record<"mean" | "m2" | "variance" | "k3" | "k4", NDArray>;
};
const best = builtinExports("best") as {
  usesCumulants(width: number, depth: number, budget: number): boolean;
};

/** Small enough that a sampler on these small MLPs stays quick. */
const LIMITS = { flopBudget: 1e9, wallTimeLimitS: 120 };

/** Contest MLP `index` of `SeedSequence(seed)`, as whest's runner and the numpy peer draw it. */
function contestMlp(seed: number, width: number, depth: number, index = 0): MlpSpec {
  const { weightRng, estimatorSeed } = contestSeeds(seed, index + 1)[index];
  const { weights } = sampleMlp(width, depth, weightRng, `mlp-${index}`, estimatorSeed);
  return { name: `mlp-${index}`, width, depth, weights, seed: estimatorSeed };
}

function predict(name: string, mlp: MlpSpec): { values: Float64Array; shape: number[] } {
  const outcome = runPredict(loadEstimator(resolveEstimator(name)), mlp, LIMITS);
  assert.equal(outcome.error, undefined, `${name}: ${outcome.error?.message}`);
  return {
    values: Float64Array.from(outcome.predictions!.values),
    shape: [...outcome.predictions!.shape],
  };
}

/**
 * Final-layer means of contest MLP 0 of seed 5 at 64×4 over N = 10^7 samples, with their mean
 * variance σ̄² (so the truth's own MSE noise is σ̄²/N ≈ 2.5e-8), from
 * `python3 bench/estimators_truth.py 5 64 4 1 10000000` (weights_sum −14.109588118855754,
 * mlp_seed 3210010690), rounded to 7 decimals.
 */
const TRUTH_64X4 = {
  avgVariance: 0.2519141889078128,
  samples: 1e7,
  finalMeans: [
    0.0074411,
    7.02e-05,
    0.3188674,
    1.0319301,
    0.0036468,
    0.00162,
    0.0345697,
    0.05543,
    1.3297526,
    0.5193477,
    0.021688,
    0.3576807,
    0.4767222,
    0.3040281,
    0.1823063,
    1.1278306,
    1.8078802,
    0.3322789,
    0.2962955,
    0.0213216,
    0.0026017,
    3.0090396,
    0.0477981,
    1.0104932,
    0.6153355,
    0.0002657,
    1.4070569,
    0.3043117,
    0.7223777,
    0.0156083,
    0.0280029,
    0.3663836,
    0.5918568,
    0.0461412,
    0.2354173,
    0.3207026,
    0.307284,
    0.0314647,
    0.6982276,
    0.0582297,
    0.0235267,
    0.3342681,
    0.3738188,
    0.5112708,
    1.6479859,
    0.015348,
    1.5957971,
    0.0184547,
    0.0180871,
    0.0004876,
    1.8175186,
    0.2717978,
    0.1747264,
    0.7621796,
    0.3138327,
    0.5262156,
    0.8192511,
    0.0408233,
    0.0630929,
    0.0102363,
    0.8688362,
    0.135202,
    0.0595364,
    1.8273959,
  ],
};

Deno.test("best and cumulant_propagation return (depth, width) finite means, the same twice", () => {
  // best samples at 32×4 (depth > width/16) and propagates at 64×4.
  for (
    const [name, mlp] of [
      ["best", contestMlp(3, 32, 4)],
      ["best", contestMlp(3, 64, 4)],
      ["cumulant_propagation", contestMlp(3, 32, 4)],
    ] as const
  ) {
    const first = predict(name, mlp);
    assert.deepEqual(first.shape, [mlp.depth, mlp.width]);
    assert.ok(first.values.every(Number.isFinite), `${name}: non-finite mean`);
    assert.deepEqual(predict(name, mlp).values, first.values, `${name} is not deterministic`);
  }
});

Deno.test("cumulant_propagation's first layer is exactly Gaussian: it equals mean propagation", () => {
  // z₁ = W₁ᵀx is Gaussian, so κ3 = κ4 = 0 there and the Edgeworth mean is the Gaussian one.
  const mlp = contestMlp(3, 32, 4);
  const cum = predict("cumulant_propagation", mlp).values.slice(0, 32);
  const mean = predict("mean_propagation", mlp).values.slice(0, 32);
  cum.forEach((x, j) => assert.ok(Math.abs(x - mean[j]) <= 1e-6 * Math.abs(mean[j]) + 1e-12));
});

Deno.test("cumulant_propagation is within 7.5e-6 of a 10^7-sample numpy truth at 64×4, 20× closer than covariance propagation", () => {
  const mlp = contestMlp(5, 64, 4);
  assert.equal(mlp.seed, 3210010690, "the fixture's MLP");
  const noise = TRUTH_64X4.avgVariance / TRUTH_64X4.samples;
  const cum = finalMse(predict("cumulant_propagation", mlp).values, [TRUTH_64X4.finalMeans]);
  const cov = finalMse(predict("covariance_propagation", mlp).values, [TRUTH_64X4.finalMeans]);
  // whest gives 6.3e-6 and 1.6e-4; with κ4 projected on its radial part, as the published method
  // keeps it, cumulant propagation gave 8.7e-6, so the bound also holds the slices' gain. The
  // truth's own noise σ̄²/N = 2.5e-8 is far below both.
  assert.ok(noise < 1e-7);
  assert.ok(cum < 7.5e-6, `cumulant MSE ${cum}`);
  assert.ok(cum * 20 < cov, `cumulant ${cum} vs covariance ${cov}`);
});

/**
 * ∫ f(z)·p(z) dz over z > 0 by Simpson's rule on [max(0, μ − 14σ), μ + 14σ], p the Gram–Charlier
 * density (f = relu^p vanishes below 0 and is smooth above, so the rule keeps its h⁴ accuracy).
 */
function gramCharlierIntegral(
  f: (z: number) => number,
  mu: number,
  sigma: number,
  k3: number,
  k4: number,
): number {
  const steps = 40_000;
  const lo = Math.max(0, mu - 14 * sigma);
  const h = (mu + 14 * sigma - lo) / steps;
  const g1 = k3 / sigma ** 3, g2 = k4 / sigma ** 4;
  let sum = 0;
  for (let s = 0; s <= steps; s++) {
    const z = lo + s * h;
    const u = (z - mu) / sigma;
    const he3 = u ** 3 - 3 * u, he4 = u ** 4 - 6 * u * u + 3;
    const density = (Math.exp(-u * u / 2) / Math.sqrt(2 * Math.PI) / sigma) *
      (1 + (g1 / 6) * he3 + (g2 / 24) * he4);
    const weight = s === 0 || s === steps ? 1 : s % 2 === 1 ? 4 : 2;
    sum += weight * f(z) * density;
  }
  return (sum * h) / 3;
}

Deno.test("the Edgeworth ReLU closure's moments are those of the Gram–Charlier density, by quadrature", () => {
  // M_p = E[relu^p] under φ(u)(1 + γ1·He3(u)/6 + γ2·He4(u)/24)/σ, integrated independently.
  const cases = [[0.3, 1.2, 0.25, 0.4], [-0.8, 0.7, -0.05, 0.1], [1.5, 0.9, 0.1, -0.2], [
    0,
    1,
    0.3,
    0.6,
  ]];
  const { value: r } = withBudget({ flopBudget: 1e9 }, () =>
    cumulant.reluMarginals(
      np.array(cases.map((c) => c[0])),
      np.array(cases.map((c) => c[1] ** 2)),
      np.array(cases.map((c) => c[2])),
      np.array(cases.map((c) => c[3])),
    ));
  cases.forEach(([mu, sigma, k3, k4], i) => {
    const m = [1, 2, 3, 4].map((p) =>
      gramCharlierIntegral((z) => Math.max(z, 0) ** p, mu, sigma, k3, k4)
    );
    const close = (actual: number, expected: number, label: string) =>
      assert.ok(
        Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
        `case ${i} ${label}: ${actual} vs quadrature ${expected}`,
      );
    close(r.mean.item(i), m[0], "M1");
    close(r.m2.item(i), m[1], "M2");
    close(r.k3.item(i), m[2] - 3 * m[1] * m[0] + 2 * m[0] ** 3, "κ3");
    close(
      r.k4.item(i),
      m[3] - 4 * m[2] * m[0] - 3 * m[1] ** 2 + 12 * m[1] * m[0] ** 2 - 6 * m[0] ** 4,
      "κ4",
    );
  });
});

/** Φ and φ of a few numbers, through the counted np (these tests' only normal functions). */
function cdfPdf(x: number[]): { cdf: number[]; pdf: number[] } {
  const { value } = withBudget({ flopBudget: 1e9 }, () => ({
    cdf: Array.from(np.stats.norm.cdf(np.array(x)).data as Float64Array),
    pdf: Array.from(np.stats.norm.pdf(np.array(x)).data as Float64Array),
  }));
  return value;
}

/**
 * Exact Cov(relu u, relu v) for a bivariate Gaussian: E[u·E[relu v | u]; u > 0] by Simpson's rule
 * over u (v | u is Gaussian, its ReLU mean m·Φ(m/s) + s·φ(m/s)), less the two ReLU means.
 */
function exactReluCovariance(mu: number[], sigma: number[], rho: number): number {
  const steps = 20_000;
  const h = (mu[0] + 14 * sigma[0]) / steps;
  const sd = sigma[1] * Math.sqrt(1 - rho * rho);
  const us = Array.from({ length: steps + 1 }, (_, k) => k * h);
  const conditional = us.map((u) => mu[1] + (rho * sigma[1] * (u - mu[0])) / sigma[0]);
  const inner = cdfPdf(conditional.map((m) => m / sd));
  const outer = cdfPdf(us.map((u) => (u - mu[0]) / sigma[0]));
  let sum = 0;
  us.forEach((u, k) => {
    const reluMean = conditional[k] * inner.cdf[k] + sd * inner.pdf[k];
    const weight = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
    sum += (weight * u * reluMean * outer.pdf[k]) / sigma[0];
  });
  const marginal = cdfPdf(mu.map((m, i) => m / sigma[i]));
  const means = mu.map((m, i) => m * marginal.cdf[i] + sigma[i] * marginal.pdf[i]);
  return (sum * h) / 3 - means[0] * means[1];
}

Deno.test("the pair closure is the exact bivariate-Gaussian ReLU covariance up to O(ρ³)", () => {
  // Gaussian inputs (κ3 = κ4 = 0): Σ̃Φ_iΦ_j + ½Σ̃²φ_iφ_j/(σ_iσ_j) is the Mehler series cut after
  // ρ², so the gap to the exact value shrinks 8× each time ρ halves.
  // α = (1, 0.8): the ρ³ term αᵢαⱼφᵢφⱼ/6 is large and the ρ⁴ one ((αᵢ²−1)(αⱼ²−1)) vanishes.
  const mu = [1.0, 0.8], sigma = [1, 1];
  const { cdf, pdf } = cdfPdf(mu.map((m, i) => m / sigma[i]));
  const gap = (rho: number) => {
    const c = rho * sigma[0] * sigma[1];
    const { value } = withBudget({ flopBudget: 1e6 }, () => {
      const off = np.array([[0, c], [c, 0]]);
      const zero = np.zeros([2, 2]);
      const e1 = np.array(cdf);
      const e2 = np.array(pdf.map((p, i) => p / sigma[i]));
      const offSq = np.multiply(np.multiply(off, off), 0.5);
      const terms = { off, offSq, s21: zero, s21T: zero, k4: zero };
      return cumulant.pairSum(terms, e1, e2, e1, e2).item(0, 1);
    });
    return value - exactReluCovariance(mu, sigma, rho);
  };
  // The gap is the first dropped Mehler term, −ρ³σᵢσⱼ·αᵢαⱼφᵢφⱼ/6 (to O(ρ⁵) here); scipy's quad
  // of the same integral gives −7.549e-5, −9.368e-6, −1.169e-6 at ρ = 0.2, 0.1, 0.05.
  for (const [rho, tolerance] of [[0.2, 0.03], [0.1, 0.01], [0.05, 0.01]]) {
    const alphaProduct = (mu[0] / sigma[0]) * (mu[1] / sigma[1]);
    const leading = (-(rho ** 3) / 6) * sigma[0] * sigma[1] * alphaProduct * pdf[0] * pdf[1];
    const g = gap(rho);
    assert.ok(
      Math.abs(g - leading) <= tolerance * Math.abs(leading),
      `ρ = ${rho}: gap ${g}, leading dropped term ${leading}`,
    );
  }
});

Deno.test("the κ4 push equals the four-index sum over a tensor with only diagonal and (2,2) entries", () => {
  // κ4(z_i z_j z_k z_l) = Σ W_ai W_bj W_ck W_dl T_abcd, T_aaaa = κ4(h_a), T = K22_xy on the six
  // orderings of {x, x, y, y}, 0 elsewhere; the pair slices leave out the two crossed orderings.
  const n = 5;
  const rng = mulberry32(7);
  const w = Array.from({ length: n }, () => Array.from({ length: n }, () => rng() - 0.5));
  const k4 = Array.from({ length: n }, () => rng() - 0.3);
  const k22 = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) k22[a][b] = k22[b][a] = rng() - 0.5;
  }
  const entry = (a: number, b: number, c: number, d: number) => {
    const counts = new Map<number, number>();
    for (const x of [a, b, c, d]) counts.set(x, (counts.get(x) ?? 0) + 1);
    const values = [...counts.entries()];
    if (values.length === 1) return k4[a];
    if (values.length === 2 && values[0][1] === 2) return k22[values[0][0]][values[1][0]];
    return 0;
  };
  const fourIndex = (i: number, j: number, crossed: boolean) => {
    let sum = 0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        for (let c = 0; c < n; c++) {
          for (let d = 0; d < n; d++) {
            // the crossed orderings (x, y, x, y), (x, y, y, x) of a pair slice, a ≠ b
            const isCrossed = a !== b && ((c === a && d === b) || (c === b && d === a));
            if (!crossed && i !== j && isCrossed) continue;
            sum += w[a][i] * w[b][i] * w[c][j] * w[d][j] * entry(a, b, c, d);
          }
        }
      }
    }
    return sum;
  };
  const { value } = withBudget({ flopBudget: 1e6 }, () => {
    const out = cumulant.pushFourth(
      np.array(w, "float32"),
      np.array(k4),
      np.array(k22),
      true,
    );
    return { diag: out.diag.tolist() as number[], pairs: out.pairs!.tolist() as number[][] };
  });
  for (let i = 0; i < n; i++) {
    const exact = fourIndex(i, i, true);
    assert.ok(Math.abs(value.diag[i] - exact) <= 1e-5 * (1 + Math.abs(exact)), `κ4(z_${i})`);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const kept = fourIndex(i, j, false);
      assert.ok(Math.abs(value.pairs[i][j] - kept) <= 1e-5 * (1 + Math.abs(kept)), `(${i}, ${j})`);
    }
  }
});

Deno.test("pruning dead neurons from κ3 saves FLOPs and moves the means by < 0.1% of the cumulant correction", () => {
  // At 128×12 the deeper layers hold neurons 3σ below zero; the cumulant correction is how far
  // the means move from covariance propagation's.
  const mlp = contestMlp(3, 128, 12);
  const run = (name: string, deadAlpha?: number) => {
    const estimator = loadEstimator(resolveEstimator(name));
    if (deadAlpha !== undefined) {
      (estimator.instance as unknown as { deadAlpha: number }).deadAlpha = deadAlpha;
    }
    const outcome = runPredict(estimator, mlp, { flopBudget: 1e12, wallTimeLimitS: 120 });
    const values = Array.from(outcome.predictions!.values).slice(mlp.width * (mlp.depth - 1));
    return { values, flops: outcome.summary!.flops_used };
  };
  const pruned = run("cumulant_propagation");
  const full = run("cumulant_propagation", Infinity);
  const gaussian = run("covariance_propagation");
  const meanSquare = (a: number[], b: number[]) =>
    a.reduce((acc, x, j) => acc + (x - b[j]) ** 2, 0) / a.length;
  assert.ok(pruned.flops < 0.95 * full.flops, `${pruned.flops} vs ${full.flops} FLOPs`);
  const moved = meanSquare(pruned.values, full.values);
  const correction = meanSquare(gaussian.values, full.values);
  assert.ok(moved < 1e-3 * correction, `pruning moved ${moved}, correction ${correction}`);
});

Deno.test("Strassen products in cumulant propagation: fewer FLOPs, the same means to float32 rounding", () => {
  // Strassen splits the births' products from width 320 on; the n×n covariance and κ4 pushes
  // stay plain, so the whole saves less than the products.
  const mlp = contestMlp(3, 640, 3);
  const run = (strassen: boolean) => {
    const estimator = loadEstimator(resolveEstimator("cumulant_propagation"));
    (estimator.instance as unknown as { strassen: boolean }).strassen = strassen;
    const outcome = runPredict(estimator, mlp, { flopBudget: 1e13, wallTimeLimitS: 120 });
    return { values: Array.from(outcome.predictions!.values), flops: outcome.summary!.flops_used };
  };
  const fast = run(true);
  const plain = run(false);
  assert.ok(fast.flops < 0.96 * plain.flops, `${fast.flops} vs ${plain.flops} FLOPs`);
  const bound = cumulant.cumulantCost(640, 3);
  assert.ok(
    fast.flops <= bound && bound < plain.flops,
    `${fast.flops} ≤ ${bound} < ${plain.flops}`,
  );
  const worst = Math.max(...fast.values.map((x, j) => Math.abs(x - plain.values[j])));
  assert.ok(worst < 1e-5, `means moved by up to ${worst}`);
});

Deno.test("cumulantCost bounds the counted FLOPs from above, within 10% at these small widths", () => {
  for (const [n, d] of [[16, 4], [32, 3], [64, 4]]) {
    const mlp = contestMlp(3, n, d);
    const used = runPredict(loadEstimator(resolveEstimator("cumulant_propagation")), mlp, LIMITS)
      .summary!.flops_used;
    const predicted = cumulant.cumulantCost(n, d);
    assert.ok(
      used <= predicted && predicted <= 1.1 * used,
      `${n}×${d}: ${used} counted, ${predicted} predicted`,
    );
  }
});

Deno.test("best propagates cumulants at 256×8 and 1024×16 and samples at 256×32 and on tiny budgets", () => {
  assert.equal(best.usesCumulants(256, 8, 6.8e10), true);
  assert.equal(best.usesCumulants(1024, 16, 2 ** 41), true);
  assert.equal(best.usesCumulants(256, 32, 2.72e11), false);
  assert.equal(best.usesCumulants(1024, 16, 1e11), false);
  assert.equal(best.usesCumulants(64, 4, 1e9), true);
  assert.equal(best.usesCumulants(32, 4, 1e9), false);
  for (const [n, name] of [[64, "cumulant_propagation"], [32, "sampling_structured"]] as const) {
    const mlp = contestMlp(3, n, 4);
    assert.deepEqual(predict("best", mlp).values, predict(name, mlp).values);
  }
});
