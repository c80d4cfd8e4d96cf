import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { assertClose } from "./_close.ts";

// python3: a = np.array([[3, 1, 2, 9], [4, 8, 0, 1], [5, 5, 7, 2]], np.float64)
const A = [[3, 1, 2, 9], [4, 8, 0, 1], [5, 5, 7, 2]];

Deno.test("median, percentile and quantile follow numpy's linear method", () => {
  const a = np.array(A);
  // np.median(a), np.median(a, axis=0), np.median(a, axis=1, keepdims=True)
  assert.equal(np.median(a).item(), 3.5);
  assert.deepEqual(np.median(a, 0).tolist(), [4, 5, 2, 2]);
  assert.deepEqual(np.median(a, { axis: 1, keepdims: true }).tolist(), [[2.5], [2.5], [5]]);
  assert.ok(Number.isNaN(np.median([1, NaN, 3]).item()), "a NaN propagates");
  // np.percentile(a, [10, 50, 95]), np.percentile(a, 30, axis=1), np.quantile(a, [.25, .75], axis=0)
  assertClose(np.percentile(a, [10, 50, 95]).tolist(), [1, 3.5, 8.45]);
  assertClose(np.percentile(a, 30, 1).tolist(), [1.9, 0.8999999999999999, 4.699999999999999]);
  assertClose(np.quantile(a, [0.25, 0.75], 0).tolist(), [[3.5, 3, 1, 1.5], [4.5, 6.5, 4.5, 5.5]]);
  // np.quantile(np.array([1, 2, 3, 4], np.int32), 0.4) = 2.2 (float64)
  const q = np.quantile(np.array([1, 2, 3, 4], "int32"), 0.4);
  assert.equal(q.dtype, "float64");
  assertClose(q.item(), 2.2);
  // dtypes: np.percentile(float32, 50) is float32; with an array of q, float64
  const f32 = np.array([3, 1, 2, 9], "float32");
  assert.equal(np.percentile(f32, 50).dtype, "float32");
  assert.equal(np.quantile(f32, [0.25, 0.5]).dtype, "float64");
  assert.equal(np.median(np.array([1, 2], "int32")).dtype, "float64");
  assert.throws(() => np.percentile(a, 101), /Percentiles must be in the range \[0, 100\]/);
  assert.throws(() => np.quantile(a, -0.1), /Quantiles must be in the range \[0, 1\]/);
  assert.throws(() => np.quantile(a, 0.5, { method: "nearest" }), /only "linear"/);
  assert.throws(() => np.median(np.zeros([0])), /cannot reduce an empty axis/);
});

Deno.test("average, ptp and count_nonzero as numpy", () => {
  const a = np.array(A);
  // np.average(a), np.average(a, axis=1), with weights [1, 2, 3, 4] along axis 1, full weights
  assertClose(np.average(a).item(), 3.9166666666666665);
  assertClose(np.average(a, 1).tolist(), [3.75, 3.25, 4.75]);
  assertClose(np.average(a, 1, [1, 2, 3, 4]).tolist(), [4.7, 2.4, 4.4]);
  const full = np.reshape(np.arange(12), [3, 4]);
  assertClose(np.average(a, { weights: full }).item(), 4.121212121212121);
  assert.equal(np.average(np.array([1, 2, 3], "int32")).dtype, "float64");
  assert.equal(np.average(np.array([1, 2], "float32")).dtype, "float32");
  // a transposed view reads in its own order, weights too:
  // np.average(a.T, axis=0, weights=np.arange(12).reshape(4, 3)), np.median(a.T, 1)
  const weights = np.reshape(np.arange(12), [4, 3]);
  assertClose(
    np.average(a.T, { axis: 0, weights }).tolist(),
    [5.333333333333333, 2.090909090909091, 4.346153846153846],
  );
  assert.deepEqual(np.median(a.T, 1).tolist(), [4, 5, 2, 2]);
  assert.deepEqual(np.count_nonzero(a.T, 1).tolist(), [3, 3, 2, 3]);
  assert.throws(() => np.average(a, null, [1, 2, 3, 4]), /1-D weights need an axis/);
  assert.throws(() => np.average([1, 2], null, [1, -1]), /weights sum to zero/);
  // np.ptp(a), np.ptp(a, axis=0)
  assert.equal(np.ptp(a).item(), 9);
  assert.deepEqual(np.ptp(a, 0).tolist(), [2, 7, 7, 8]);
  // np.count_nonzero(a), axis=1; NaN counts as non-zero
  const all = np.count_nonzero(a);
  assert.deepEqual([all.dtype, all.item()], ["int64", 11]);
  assert.deepEqual(np.count_nonzero(a, 1).tolist(), [4, 3, 4]);
  assert.deepEqual(np.count_nonzero([[0, NaN], [1, 0]], 0).tolist(), [1, 1]);
});

Deno.test("order statistics and summaries cost what flopscope charges", () => {
  for (const [dt, r] of [["float32", 1], ["float64", 2]] as const) {
    const a = np.ones([3, 8], dt);
    assert.equal(costOf(() => np.median(a)), 24 * r);
    assert.equal(costOf(() => np.median(a, 1)), 24 * r);
    // per cell n·min(k, 1 + 4⌈log2 min(k, n)⌉) + 4k: k = 1 → n + 4; k = 3 → 3n + 12
    assert.equal(costOf(() => np.percentile(a, 50, 1)), 3 * (8 + 4) * r);
    assert.equal(costOf(() => np.quantile(a, 0.5)), (24 + 4) * r);
    const qs = np.array([0.1, 0.5, 0.9]);
    assert.equal(costOf(() => np.quantile(a, qs, 0)), 8 * (3 * 3 + 12) * r);
    assert.equal(costOf(() => np.average(a, 1)), 24 * r);
    const w = np.ones(8, dt);
    assert.equal(costOf(() => np.average(a, 1, w)), (3 * 24 - 3) * r);
    assert.equal(costOf(() => np.ptp(a, 0)), (2 * 24 - 8) * r);
    assert.equal(costOf(() => np.count_nonzero(a, 0)), 24 * r);
  }
  // many quantiles of few values: min(k, 1 + 4⌈log2 min(k, n)⌉) caps the passes
  const many = np.linspace(0, 1, 40);
  const x = np.ones(64, "float32");
  assert.equal(costOf(() => np.quantile(x, many)), 64 * 25 + 4 * 40);
  const ints = np.ones(10, "int32");
  assert.equal(costOf(() => np.median(ints)), 20, "integers bill float64");
});
