import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";

function maxAbsDiff(a: NDArray, b: NDArray): number {
  return np.max(np.abs(np.subtract(a, b))).item();
}

const A = np.array([[4, 1, 2], [1, 5, 3], [2, 3, 6]], "float64");

Deno.test("linalg identities", () => {
  const n = 3;
  const l = np.linalg.cholesky(A);
  assert.ok(maxAbsDiff(np.matmul(l, l.T), A) < 1e-12);
  assert.ok(maxAbsDiff(np.matmul(A, np.linalg.inv(A)), np.eye(n)) < 1e-12);
  const b = np.array([1, 2, 3], "float64");
  assert.ok(maxAbsDiff(np.matmul(A, np.linalg.solve(A, b)), b) < 1e-12);
  const { eigenvalues, eigenvectors } = np.linalg.eigh(A);
  const rebuilt = np.matmul(np.multiply(eigenvectors, eigenvalues), eigenvectors.T);
  assert.ok(maxAbsDiff(rebuilt, A) < 1e-12);
  assert.ok(maxAbsDiff(np.linalg.eigvalsh(A), eigenvalues) < 1e-12);
  const r = np.array([[1, 2], [3, 4], [5, 6]], "float64");
  const { Q, R } = np.linalg.qr(r);
  assert.ok(maxAbsDiff(np.matmul(Q, R), r) < 1e-12);
  const { U, S, Vh } = np.linalg.svd(r);
  assert.ok(maxAbsDiff(np.matmul(np.multiply(U, S), Vh), r) < 1e-12);
  assert.ok(maxAbsDiff(np.linalg.svdvals(r), S) < 1e-12);
  assert.equal(np.linalg.norm(np.array([3, 4])).item(), 5);
  assert.equal(np.linalg.norm(r, 1).item(), 12);
  assert.equal(np.linalg.norm(r, Infinity).item(), 11);
  assert.deepEqual(np.linalg.norm(np.array([[3, 4], [6, 8]]), 2, 1).tolist(), [5, 10]);
  assert.ok(Math.abs(np.linalg.norm(r).item() - Math.sqrt(91)) < 1e-12);
});

Deno.test("linalg keeps float32 as float32 and rejects bad shapes", () => {
  assert.equal(np.linalg.inv(np.astype(A, "float32")).dtype, "float32");
  assert.throws(() => np.linalg.inv(np.ones([2, 3])), /linalg.inv: expected a square 2-D array/);
  assert.throws(() => np.linalg.cholesky(np.array([[1, 2], [2, 1]])), np.linalg.LinAlgError);
});

Deno.test("sort and argsort along axes, NaN last", () => {
  const a = np.array([[3, NaN, 1], [2, 0, 5]]);
  assert.deepEqual(np.sort(a).tolist(), [[1, 3, NaN], [0, 2, 5]]);
  assert.deepEqual(np.sort(a, 0).tolist(), [[2, 0, 1], [3, NaN, 5]]);
  assert.deepEqual(np.argsort(a).tolist(), [[2, 0, 1], [1, 0, 2]]);
  assert.deepEqual(np.argsort(np.array([1, 1, 0])).tolist(), [2, 0, 1], "stable");
  assert.deepEqual(np.sort(np.array([3, 1, 2]), null).tolist(), [1, 2, 3]);
});

Deno.test("stats.norm against known values", () => {
  assert.equal(np.stats.norm.pdf(0).item(), 0.3989422804014327);
  assert.equal(np.stats.norm.cdf(0).item(), 0.5);
  // Φ(-1) = 0.15865525393145705 (erfc(1/√2)/2 to double precision).
  assert.ok(Math.abs(np.stats.norm.cdf(-1).item() / 0.15865525393145705 - 1) < 1e-15);
  assert.ok(Math.abs(np.stats.norm.ppf(0.975).item() - 1.959963984540054) < 1e-14);
  const x = np.array([-3, -0.5, 0.25, 2], "float32");
  const roundTrip = np.stats.norm.ppf(np.stats.norm.cdf(x));
  assert.equal(roundTrip.dtype, "float64");
  assert.ok(maxAbsDiff(roundTrip, x) < 1e-12);
});
