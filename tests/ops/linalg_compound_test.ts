import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { assertClose } from "./_close.ts";

const A = [[4, 1, 2], [1, 5, 3], [2, 3, 6]];
const SINGULAR = [[1, 2], [2, 4]];
// python3: M = np.array([[1., 0], [1, 1], [1, 2]]); y = np.array([1., 2, 4])
const M = [[1, 0], [1, 1], [1, 2]];

Deno.test("det and slogdet as numpy, singular matrices included", () => {
  // np.linalg.det(A), np.linalg.slogdet(A)
  assertClose(np.linalg.det(A).item(), 69.99999999999996, 1e-14);
  const { sign, logabsdet } = np.linalg.slogdet(A);
  assert.equal(sign.item(), 1);
  assertClose(logabsdet.item(), 4.2484952420493585, 1e-14);
  // np.linalg.det of a singular matrix is 0.0; slogdet (0, -inf); a swap gives sign -1
  assert.ok(Object.is(np.linalg.det(SINGULAR).item(), 0));
  const s = np.linalg.slogdet(SINGULAR);
  assert.deepEqual([s.sign.item(), s.logabsdet.item()], [0, -Infinity]);
  assert.deepEqual(np.linalg.slogdet([[0, 1], [1, 0]]).sign.item(), -1);
  assert.equal(np.linalg.det(np.array(A, "float32")).dtype, "float32");
  assert.throws(() => np.linalg.det([[1, 2, 3]]), /linalg.det: expected a square 2-D array/);
});

Deno.test("lstsq and pinv as numpy", () => {
  // np.linalg.lstsq(M, y) → x, residuals, rank, s
  const [x, residuals, rank, s] = np.linalg.lstsq(M, [1, 2, 4]);
  assertClose(x.tolist(), [0.8333333333333333, 1.4999999999999998], 1e-12);
  assertClose(residuals.tolist(), [0.16666666666666677], 1e-10);
  assert.equal(rank, 2);
  assertClose(s.tolist(), [2.6762431989952598, 0.9152717300515844], 1e-12);
  // np.linalg.lstsq(M, np.array([[1., 0], [2, 1], [4, 1]]))
  const [x2, res2] = np.linalg.lstsq(M, [[1, 0], [2, 1], [4, 1]]);
  assertClose(x2.tolist(), [[0.8333333333333333, 0.16666666666666655], [1.4999999999999998, 0.5]]);
  assertClose(res2.tolist(), [0.16666666666666677, 0.16666666666666666], 1e-10);
  // rank-deficient: np.linalg.lstsq([[1., 2], [2, 4]], [1., 2]) → x [0.2, 0.4], no residuals, rank 1
  const [x3, res3, rank3] = np.linalg.lstsq(SINGULAR, [1, 2]);
  assertClose(x3.tolist(), [0.2, 0.4], 1e-12);
  assert.deepEqual([res3.shape, rank3], [[0], 1]);
  // np.linalg.pinv(M), np.linalg.pinv([[1., 2], [2, 4]])
  assertClose(
    np.linalg.pinv(M).tolist(),
    [
      [0.8333333333333334, 0.3333333333333333, -0.16666666666666674],
      [-0.49999999999999994, -5.640080022236593e-17, 0.49999999999999994],
    ],
    1e-12,
    1e-15,
  );
  assertClose(np.linalg.pinv(SINGULAR).tolist(), [[0.04, 0.08], [0.08, 0.16]], 1e-12);
  assert.throws(() => np.linalg.lstsq(M, [1, 2]), /not aligned/);
});

Deno.test("matrix_power and multi_dot as numpy", () => {
  // np.linalg.matrix_power(np.array([[1, 1], [0, 1]]), 5); ([[2., 1], [1, 3]], -2); power 0
  const p5 = np.linalg.matrix_power(np.array([[1, 1], [0, 1]]), 5);
  assert.deepEqual([p5.dtype, p5.tolist()], ["int64", [[1, 5], [0, 1]]]);
  assertClose(np.linalg.matrix_power([[2, 1], [1, 3]], -2).tolist(), [[0.4, -0.2], [-0.2, 0.2]]);
  const p0 = np.linalg.matrix_power(np.array([[2, 1], [1, 3]], "int32"), 0);
  assert.deepEqual([p0.dtype, p0.tolist()], ["int32", [[1, 0], [0, 1]]]);
  assert.equal(np.linalg.matrix_power(np.array([[2, 1], [1, 3]], "int32"), -1).dtype, "float64");
  assert.throws(() => np.linalg.matrix_power([[1]], 1.5), /exponent must be an integer/);
  // a = np.arange(6.).reshape(2, 3); b = np.arange(12.).reshape(3, 4); c = np.arange(4.)
  const a = np.reshape(np.arange(6, undefined, 1, "float64"), [2, 3]);
  const b = np.reshape(np.arange(12, undefined, 1, "float64"), [3, 4]);
  const c = np.arange(4, undefined, 1, "float64");
  assert.deepEqual(np.linalg.multi_dot([a, b, c]).tolist(), [162, 504]);
  assert.deepEqual(np.linalg.multi_dot([c, b.T, a.T]).tolist(), [162, 504]);
  assert.equal(np.linalg.multi_dot([[1, 2], [[1, 0], [0, 1]], [3, 4]]).item(), 11);
  assert.throws(() => np.linalg.multi_dot([a]), /at least two arrays/);
  assert.throws(() => np.linalg.multi_dot([a, a]), /not aligned/);
  assert.throws(() => np.linalg.multi_dot([a, c, a]), /only the first and last may be 1-D/);
});

Deno.test("determinants and compound linalg cost what flopscope charges", () => {
  const mm = (m: number, k: number, n: number) => Math.max(2 * m * k * n - m * n, 1);
  for (const [dt, r] of [["float32", 1], ["float64", 2]] as const) {
    const sq = np.add(np.eye(5, 5, 0, dt), 1);
    assert.equal(costOf(() => np.linalg.det(sq)), (Math.floor(250 / 3) + 5) * r);
    assert.equal(costOf(() => np.linalg.slogdet(sq)), (Math.floor(250 / 3) + 90) * r);
    const tall = np.add(np.ones([6, 4], dt), np.eye(6, 4, 0, dt));
    const rhs = np.ones([6, 2], dt);
    // a = 6, b = k = 4, c = 2
    const svd = 6 * 6 * 16 + 20 * 64;
    assert.equal(
      costOf(() => np.linalg.lstsq(tall, rhs)),
      (svd + mm(4, 6, 2) + 8 + mm(4, 4, 2)) * r,
    );
    assert.equal(costOf(() => np.linalg.pinv(tall)), (svd + 4 + 16 + mm(4, 4, 6)) * r);
    // k = 5 = 0b101: ⌊log2 5⌋ + popcount 5 − 1 = 3 matmuls; k = −1: one, to invert
    assert.equal(costOf(() => np.linalg.matrix_power(sq, 5)), 3 * mm(5, 5, 5) * r);
    assert.equal(costOf(() => np.linalg.matrix_power(sq, 1)), 0);
    assert.equal(costOf(() => np.linalg.matrix_power(sq, -1)), mm(5, 5, 5) * r);
    assert.equal(costOf(() => np.linalg.matrix_power(sq, -3)), 3 * mm(5, 5, 5) * r);
    // (10×30)(30×5)(5×60): (AB)C costs mm(10,30,5) + mm(10,5,60), less than A(BC)
    const x = np.ones([10, 30], dt);
    const y = np.ones([30, 5], dt);
    const z = np.ones([5, 60], dt);
    assert.equal(costOf(() => np.linalg.multi_dot([x, y, z])), (mm(10, 30, 5) + mm(10, 5, 60)) * r);
  }
  // flopscope's 4×4 int32 examples: power 2 stays int32 (112), power −1 bills float64 (224)
  const i4 = np.add(np.eye(4, 4, 0, "int32"), 1);
  assert.equal(costOf(() => np.linalg.matrix_power(i4, 2)), 112);
  assert.equal(costOf(() => np.linalg.matrix_power(i4, -1)), 224);
});
