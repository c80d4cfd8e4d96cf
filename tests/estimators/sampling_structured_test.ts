import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { withBudget } from "../../lib/budget/context.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { makeMlp } from "../../lib/estimator/mlp.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import type { NDArray } from "../../lib/api/mod.ts";
import { builtinExports } from "./_builtins.ts";
import { finalMse, referenceCases, seededPredictions } from "./_reference.ts";

const structured = builtinExports("sampling_structured") as {
  pruned(x: NDArray, w: NDArray, groups: number, pad: NDArray): { z: NDArray; cost: number };
  whitenedFirst(z: NDArray, w1: NDArray): NDArray;
  firstLayerMoments(w1: NDArray): { mean: NDArray; chol: NDArray; cost: number };
  repairedSecond(
    h: NDArray,
    sum: NDArray,
    exact: { mean: NDArray; chol: NDArray; cost: number },
    w2: NDArray,
  ): { z: NDArray; sum: NDArray; cost: number };
  whiteningCost(n: number, m: number): number;
  chunkSums(
    weights: readonly NDArray[],
    z: NDArray,
    groups: number,
    exact?: { mean: NDArray; chol: NDArray; cost: number } | null,
    covariance?: boolean,
  ): { sums: NDArray[]; cost: number };
};
const whitened = builtinExports("sampling_whitened") as {
  pairsWithin(n: number, d: number, target: number): number;
  whitenedCost(n: number, d: number, m: number): number;
};

const CASES = referenceCases();
const SMALL = CASES.find((c) => c.mlp.width === 32)!;

/** A post-ReLU block with dead columns, rare columns and all-zero rows, columns rarest first. */
function sparseBlock(r: number, n: number): NDArray {
  const rng = np.random.default_rng(11);
  const shift = np.multiply(np.arange(n), -4 / n); // column j active with falling probability
  const x = np.maximum(np.add(rng.standard_normal([r, n]), np.flip(shift)), 0);
  const data = Float32Array.from(x.data);
  for (let i = 0; i < r; i++) data[i * n + 3] = 0; // a dead column
  for (let j = 0; j < n; j++) data[5 * n + j] = 0; // an all-zero row
  const block = np.reshape(np.asarray(data, "float32"), [r, n]);
  return np.take(block, np.argsort(np.count_nonzero(block, 0)), 1);
}

Deno.test("whitenedFirst: the float32 block [Z; −Z] times it has covariance I, and the meter agrees", () => {
  const m = 300;
  const n = 6;
  const z = np.random.default_rng(3).standard_normal([m, n], "float32");
  const eye = np.eye(n, n, 0, "float32");
  const { value: a, summary } = withBudget(
    { flopBudget: 1e9 },
    () => structured.whitenedFirst(z, eye),
  );
  assert.equal(summary.flops_used, structured.whiteningCost(n, m));
  const x = np.matmul(np.astype(np.concatenate([z, np.negative(z)]), "float64"), a);
  const covariance = np.divide(np.matmul(x.T, x), 2 * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(covariance.item(i, j) - (i === j ? 1 : 0)) < 1e-5, `Σ[${i}][${j}]`);
    }
  }
});

Deno.test("firstLayerMoments: the closed form matches Monte Carlo on relu(xW₁), and the meter agrees", () => {
  const n = 5;
  const w1 = np.astype(np.random.default_rng(8).standard_normal([n, n]), "float32");
  const { value: exact, summary } = withBudget(
    { flopBudget: 1e9 },
    () => structured.firstLayerMoments(w1),
  );
  assert.equal(summary.flops_used, exact.cost);
  const samples = 400_000;
  const h = np.maximum(np.matmul(np.random.default_rng(9).standard_normal([samples, n]), w1), 0);
  const mean = np.mean(h, 0);
  const centred = np.subtract(h, mean);
  const covariance = np.divide(np.matmul(centred.T, centred), samples);
  const exactCovariance = np.matmul(exact.chol, exact.chol.T);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(mean.item(i) - exact.mean.item(i)) < 0.02, `mean ${i}`);
    for (let j = 0; j < n; j++) {
      const [a, b] = [covariance.item(i, j), exactCovariance.item(i, j)];
      assert.ok(Math.abs(a - b) < 0.03 * (1 + Math.abs(b)), `Σ[${i}][${j}]: ${a} vs ${b}`);
    }
  }
});

Deno.test("repairedSecond: the repaired first layer has exactly the exact mean and covariance", () => {
  const n = 6;
  const r = 400;
  const w1 = np.astype(np.random.default_rng(8).standard_normal([n, n]), "float32");
  const exact = structured.firstLayerMoments(w1);
  const x = np.random.default_rng(10).standard_normal([r, n], "float32");
  const h = np.maximum(np.matmul(x, w1), 0);
  // With W₂ = I the pre-activations are the repaired activations themselves.
  const [sum, eye] = [np.astype(np.sum(h, 0), "float64"), np.eye(n, n, 0, "float32")];
  const step = withBudget(
    { flopBudget: 1e9 },
    () => structured.repairedSecond(h, sum, exact, eye),
  );
  assert.equal(step.summary.flops_used, step.value.cost);
  const repaired = np.astype(step.value.z, "float64");
  const mean = np.mean(repaired, 0);
  const centred = np.subtract(repaired, mean);
  const covariance = np.divide(np.matmul(centred.T, centred), r);
  const target = np.matmul(exact.chol, exact.chol.T);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(mean.item(i) - exact.mean.item(i)) < 1e-4, `mean ${i}`);
    assert.ok(Math.abs(step.value.sum.item(i) - r * exact.mean.item(i)) < 1e-9);
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(covariance.item(i, j) - target.item(i, j)) < 1e-4, `Σ[${i}][${j}]`);
    }
  }
});

Deno.test("pruned multiplies only nonzeros: same rows as x·W up to order, and the meter agrees", () => {
  const r = 96;
  const n = 24;
  const x = sparseBlock(r, n);
  const w = np.astype(np.random.default_rng(5).standard_normal([n, n]), "float32");
  const dense = np.matmul(x, w);
  for (const groups of [1, 3, 4]) {
    const { value, summary } = withBudget(
      { flopBudget: 1e9 },
      () => structured.pruned(x, w, groups, np.ones([r, 1], "bool")),
    );
    assert.equal(summary.flops_used, value.cost + r, `groups ${groups}: the pad is the +r`);
    assert.deepEqual(value.z.shape, [r, n]);
    // Rows come back permuted: compare the sorted multiset of row fingerprints and column sums.
    const key = (a: NDArray) =>
      Array.from({ length: r }, (_, i) => a.item(i, 0) * 1e3 + a.item(i, 1)).sort((p, q) => p - q);
    const [got, want] = [key(value.z), key(dense)];
    for (let i = 0; i < r; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-2, `row ${i}`);
    for (let j = 0; j < n; j++) {
      const a = np.sum(value.z, 0).item(j);
      const b = np.sum(dense, 0).item(j);
      assert.ok(Math.abs(a - b) < 1e-3 * (1 + Math.abs(b)), `column ${j}: ${a} vs ${b}`);
    }
  }
  const dead = withBudget(
    { flopBudget: 1e9 },
    () => structured.pruned(x, w, 1, np.ones([r, 1], "bool")),
  ).value;
  assert.ok(dead.cost < (2 * n - 1) * r * n, "the dead column alone saves FLOPs");
});

Deno.test("chunkSums: pruning changes FLOPs, not the sums (same samples), and the meter agrees", () => {
  const { mlp } = CASES.find((c) => c.mlp.width === 256)!;
  const weights = makeMlp(mlp).weights;
  const z = np.random.default_rng(2).standard_normal([600, mlp.width], "float32");
  const run = (groups: number) =>
    withBudget({ flopBudget: 1e13 }, () => structured.chunkSums(weights, z, groups));
  const dense = run(0);
  assert.equal(dense.summary.flops_used, dense.value.cost);
  for (const groups of [1, 4]) {
    const sparse = run(groups);
    assert.equal(sparse.summary.flops_used, sparse.value.cost);
    if (groups === 4) assert.ok(sparse.value.cost < 0.98 * dense.value.cost, "4 groups save");
    for (let l = 0; l < mlp.depth; l++) {
      for (let j = 0; j < mlp.width; j++) {
        const [a, b] = [sparse.value.sums[l].item(j), dense.value.sums[l].item(j)];
        assert.ok(Math.abs(a - b) < 1e-4 * (1 + Math.abs(b)), `layer ${l} neuron ${j}`);
      }
    }
  }
});

Deno.test("chunkSums with a first-layer repair: layer 1 reports the exact mean, the meter agrees", () => {
  const { mlp } = CASES.find((c) => c.mlp.width === 256)!;
  const weights = makeMlp(mlp).weights;
  const exact = structured.firstLayerMoments(weights[0]);
  const z = np.random.default_rng(4).standard_normal([600, mlp.width], "float32");
  for (const covariance of [false, true]) {
    const { value, summary } = withBudget(
      { flopBudget: 1e13 },
      () => structured.chunkSums(weights, z, 4, exact, covariance),
    );
    assert.equal(summary.flops_used, value.cost);
    for (let j = 0; j < mlp.width; j++) {
      assert.ok(Math.abs(value.sums[0].item(j) / 1200 - exact.mean.item(j)) < 1e-12);
    }
  }
});

Deno.test("sampling_structured spends its share of the budget, within 1%", () => {
  const budget = 2e8;
  for (const c of [SMALL, CASES.find((k) => k.mlp.width === 256)!]) {
    const scale = c.mlp.width === 256 ? 400 : 1;
    const estimator = loadEstimator(resolveEstimator("sampling_structured"));
    const outcome = runPredict(estimator, c.mlp, {
      flopBudget: budget * scale,
      wallTimeLimitS: 120,
    });
    const used = outcome.summary!.flops_used / (0.1 * budget * scale);
    assert.ok(used > 0.97 && used < 1.01, `${c.label}: ${used} of the share`);
  }
});

Deno.test("sampling_structured is reproducible from mlp.seed and estimates the means within Monte Carlo error", () => {
  const limits = { flopBudget: 2e8, wallTimeLimitS: 60 };
  const a = seededPredictions("sampling_structured", SMALL.mlp, limits);
  const k = 2 * whitened.pairsWithin(SMALL.mlp.width, SMALL.mlp.depth, 0.1 * limits.flopBudget);
  const expected = SMALL.avgVariance / k + SMALL.avgVariance / SMALL.nSamples;
  const mse = finalMse(a, SMALL.allLayerMeans);
  assert.ok(mse < 5 * expected, `${mse} vs ${expected}`);
});

Deno.test("sampling_structured predicts free zeros below one pair, and small shares stay within budget", () => {
  const estimator = loadEstimator(resolveEstimator("sampling_structured")).instance;
  const none = withBudget({ flopBudget: 1e5 }, () => estimator.predict(makeMlp(SMALL.mlp), 1e5));
  assert.equal(none.summary.flops_used, 0);
  assert.ok(Array.from((none.value as NDArray).data as Float64Array).every((x) => x === 0));
  // Too few pairs to whiten: plain antithetic pairs, still within the share.
  const few = withBudget({ flopBudget: 1e7 }, () => estimator.predict(makeMlp(SMALL.mlp), 1e7));
  assert.ok(few.summary.flops_used > 0 && few.summary.flops_used <= 1.01e6);
});
