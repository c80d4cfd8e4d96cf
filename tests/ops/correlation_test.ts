import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { assertClose } from "./_close.ts";

// python3: a = np.array([[3, 1, 2, 9], [4, 8, 0, 1], [5, 5, 7, 2]], np.float64)
const A = [[3, 1, 2, 9], [4, 8, 0, 1], [5, 5, 7, 2]];

Deno.test("cov as numpy: rows are variables, ddof 1, rowvar and bias", () => {
  const a = np.array(A);
  // np.cov(a).tolist()
  assertClose(np.cov(a).tolist(), [
    [12.916666666666666, -6.583333333333333, -6.416666666666666],
    [-6.583333333333333, 12.916666666666666, 0.08333333333333333],
    [-6.416666666666666, 0.08333333333333333, 4.25],
  ]);
  // np.cov(a, rowvar=False, bias=True).tolist()
  assertClose(np.cov(a, null, { rowvar: false, bias: true }).tolist(), [
    [0.6666666666666666, 1.3333333333333333, 1.6666666666666665, -2.333333333333333],
    [1.3333333333333333, 8.222222222222221, -1.6666666666666665, -9.666666666666666],
    [1.6666666666666665, -1.6666666666666665, 8.666666666666666, -1.3333333333333333],
    [-2.333333333333333, -9.666666666666666, -1.3333333333333333, 12.666666666666666],
  ]);
  // np.cov([1, 2, 4.]) is 0-d; np.cov(a[0], a[1]) stacks y's rows after m's
  const one = np.cov([1, 2, 4]);
  assert.deepEqual(one.shape, []);
  assertClose(one.item(), 2.333333333333333);
  assertClose(np.cov(A[0], A[1]).tolist(), [
    [12.916666666666666, -6.583333333333333],
    [-6.583333333333333, 12.916666666666666],
  ]);
  assert.equal(np.cov(np.array(A, "float32")).dtype, "float64");
  assert.throws(() => np.cov(A, [1, 2]), /different numbers of observations/);
  assert.throws(() => np.cov(np.zeros([2, 2, 2])), /expected a 1-D or 2-D array/);
});

Deno.test("corrcoef as numpy, clipped to [-1, 1]", () => {
  // np.corrcoef(a).tolist()
  assertClose(np.corrcoef(A).tolist(), [
    [1, -0.5096774193548387, -0.8660436626137548],
    [-0.5096774193548387, 1, 0.011247320293685126],
    [-0.8660436626137548, 0.011247320293685126, 1],
  ]);
  assert.equal(np.corrcoef([1, 2, 4]).item(), 1, "one variable: c / c");
});

Deno.test("cov and corrcoef bill float64: 2f²s + 2fs, plus 2f² + f", () => {
  for (const dt of ["float32", "float64"] as const) {
    const a = np.ones([3, 5], dt);
    assert.equal(costOf(() => np.cov(a)), 2 * (2 * 9 * 5 + 2 * 3 * 5));
    assert.equal(costOf(() => np.corrcoef(a)), 2 * (2 * 9 * 5 + 2 * 3 * 5 + 2 * 9 + 3));
    assert.equal(costOf(() => np.cov(a, null, { rowvar: false })), 2 * (2 * 25 * 3 + 2 * 5 * 3));
  }
});
