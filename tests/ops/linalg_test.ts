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
  const { U, S, Vh } = np.linalg.svd(r, false);
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

// python3: a = (np.arange(24, dtype=np.float32).reshape(6, 4) ** 1.3) % 7
const SVD_INPUT = [
  [0.0, 1.0, 2.4622886180877686, 4.171167373657227],
  [6.0628662109375, 1.1032819747924805, 3.2706174850463867, 5.549528121948242],
  [0.9285268783569336, 3.3986358642578125, 5.952619552612305, 1.5844974517822266],
  [4.289228439331055, 0.062496185302734375, 2.900562286376953, 5.800144195556641],
  [1.7583389282226562, 4.772556304931641, 0.8404693603515625, 3.9599571228027344],
  [0.12911605834960938, 3.3461837768554688, 6.609554290771484, 2.9177474975585938],
];
// python3: np.linalg.svd(a, compute_uv=False).tolist()
const SVD_VALUES = [15.662956237792969, 7.097224235534668, 4.0984721183776855, 2.813946485519409];

function isOrthogonal(q: NDArray, tol: number): boolean {
  return maxAbsDiff(np.matmul(q.T, q), np.eye(q.shape[0], q.shape[0], 0, q.dtype)) < tol;
}

Deno.test("linalg.svd: numpy's full_matrices=True default, thin, and compute_uv=False", () => {
  const a = np.array(SVD_INPUT, "float32");
  const full = np.linalg.svd(a);
  assert.deepEqual([full.U.shape, full.S.shape, full.Vh.shape], [[6, 6], [4], [4, 4]]);
  assert.equal(full.U.dtype, "float32");
  assert.ok(isOrthogonal(full.U, 1e-5) && isOrthogonal(full.Vh, 1e-5));
  const wide = np.linalg.svd(a.T);
  assert.deepEqual([wide.U.shape, wide.Vh.shape], [[4, 4], [6, 6]]);
  assert.ok(isOrthogonal(wide.Vh, 1e-5));
  // U[:, :4]·diag(S)·Vh rebuilds a; the extra columns only complete the basis.
  const thin = np.linalg.svd(a, false);
  assert.deepEqual([thin.U.shape, thin.Vh.shape], [[6, 4], [4, 4]]);
  assert.ok(maxAbsDiff(np.matmul(np.multiply(thin.U, thin.S), thin.Vh), a) < 1e-4);
  const values = np.linalg.svd(a, { compute_uv: false });
  assert.ok(values instanceof np.ndarray);
  for (let i = 0; i < 4; i++) {
    assert.ok(Math.abs((values.tolist() as number[])[i] - SVD_VALUES[i]) < 1e-4);
  }
  assert.deepEqual(np.linalg.svd(a, true, false).shape, [4]);
  assert.throws(() => np.linalg.svd(a, { full_matrices: 1 as never }), /must be booleans/);
});
