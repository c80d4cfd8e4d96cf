import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";

const m = [[1, 5, 2], [7, -1, 3]];

Deno.test("sum, prod, max, min, argmax, argmin along axes and in full", () => {
  const a = np.array(m, "float64");
  assert.equal(np.sum(a).item(), 17);
  assert.deepEqual(np.sum(a, 0).tolist(), [8, 4, 5]);
  assert.deepEqual(np.sum(a, -1, true).tolist(), [[8], [9]]);
  assert.deepEqual(np.prod(a, 1).tolist(), [10, -21]);
  assert.deepEqual(np.max(a, 0).tolist(), [7, 5, 3]);
  assert.deepEqual(np.min(a, 1).tolist(), [1, -1]);
  assert.equal(np.argmax(a).item(), 3);
  assert.deepEqual(np.argmin(a, 1).tolist(), [0, 1]);
  assert.deepEqual(np.sum(a).shape, []);
  // Reductions over a lazy transpose read the stored layout.
  assert.deepEqual(np.sum(a.T, 0).tolist(), [8, 9]);
  assert.deepEqual(np.argmax(a.T, 1).tolist(), [1, 0, 1]);
  assert.equal(np.argmax(a.T).item(), 1);
});

Deno.test("NaN handling and empty reductions follow numpy", () => {
  const a = np.array([1, NaN, 3]);
  assert.ok(Number.isNaN(np.max(a).item()));
  assert.equal(np.argmax(a).item(), 1);
  assert.equal(np.argmin(a).item(), 1);
  assert.equal(np.sum(np.zeros(0)).item(), 0);
  assert.throws(() => np.max(np.zeros(0)), /max: zero-size reduction/);
});

Deno.test("mean, var, std with ddof; any, all; dtypes", () => {
  const a = np.array([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(np.mean(a).item(), 5);
  assert.equal(np.var(a).item(), 4);
  assert.equal(np.std(a).item(), 2);
  assert.equal(np.var(a, null, false, { ddof: 1 }).item(), 32 / 7);
  assert.equal(np.mean(a).dtype, "float64");
  assert.equal(np.sum(np.array([1, 2], "int32")).dtype, "int64");
  assert.equal(np.mean(np.array([1, 2], "float32")).dtype, "float32");
  assert.deepEqual(np.any(np.array([[0, 0], [0, 1]]), 1).tolist(), [false, true]);
  assert.deepEqual(np.all(np.array([[1, 1], [0, 1]]), 0).tolist(), [false, true]);
});

Deno.test("pairwise summation keeps long float sums accurate", () => {
  const n = 100_000;
  const a = np.full(n, 0.1);
  assert.ok(Math.abs(np.sum(a).item() - n * 0.1) < 1e-9);
});

Deno.test("cumsum and cumprod", () => {
  const a = np.array(m);
  assert.deepEqual(np.cumsum(a).tolist(), [1, 6, 8, 15, 14, 17]);
  assert.deepEqual(np.cumsum(a, 0).tolist(), [[1, 5, 2], [8, 4, 5]]);
  assert.deepEqual(np.cumprod(a, 1).tolist(), [[1, 5, 10], [7, -7, -21]]);
  const f32 = np.cumsum(np.array([0.1, 0.2, 0.3], "float32"));
  let acc = 0;
  const expected = [0.1, 0.2, 0.3].map((v) => (acc = Math.fround(acc + Math.fround(v))));
  assert.deepEqual(f32.tolist(), expected, "float32 scans accumulate in float32");
});
