import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";

Deno.test("isclose and allclose follow numpy, tolerances and NaN included", () => {
  // python3: np.isclose([1, 1e-9, np.nan, np.inf, 1e10], [1.000001, 0, np.nan, np.inf, 1.00001e10])
  assert.deepEqual(
    np.isclose([1, 1e-9, NaN, Infinity, 1e10], [1.000001, 0, NaN, Infinity, 1.00001e10]).tolist(),
    [true, true, false, true, true],
  );
  assert.deepEqual(np.isclose([NaN], [NaN], { equal_nan: true }).tolist(), [true]);
  // np.isclose(np.array([1, 2], np.float32), 1.00001): compared in float32, both false
  assert.deepEqual(np.isclose(np.array([1, 2], "float32"), 1.00001).tolist(), [false, false]);
  assert.deepEqual(np.isclose([1, 2], [1.5, 2], 0, 0.5).tolist(), [true, true]);
  // np.allclose([1, 2], [1, 2.00001]) is True, np.allclose([1, 2], [1, 2.001]) False
  assert.equal(np.allclose([1, 2], [1, 2.00001]), true);
  assert.equal(np.allclose([1, 2], [1, 2.001]), false);
  assert.throws(() => np.isclose([1], [1], { rtol: NaN }), /rtol and atol must be finite/);
  assert.throws(() => np.isclose([1, 2], [1, 2, 3]), /could not be broadcast/);
});

Deno.test("nan_to_num replaces NaN and infinities by numpy's defaults or the given values", () => {
  // python3: np.nan_to_num(np.array([np.nan, np.inf, -np.inf, 1.5], np.float32)).tolist()
  const f32 = np.nan_to_num(np.array([NaN, Infinity, -Infinity, 1.5], "float32"));
  assert.equal(f32.dtype, "float32");
  assert.deepEqual(f32.tolist(), [0, 3.4028234663852886e38, -3.4028234663852886e38, 1.5]);
  // np.nan_to_num(np.array([np.nan, np.inf, -np.inf]), nan=-1, posinf=9).tolist()
  assert.deepEqual(
    np.nan_to_num(np.array([NaN, Infinity, -Infinity]), { nan: -1, posinf: 9 }).tolist(),
    [-1, 9, -1.7976931348623157e308],
  );
  assert.deepEqual(np.nan_to_num(np.array([3, 4], "int32")).tolist(), [3, 4]);
  assert.throws(() => np.nan_to_num([1], false as never), /copy=False is not offered/);
});

Deno.test("closeness costs: isclose 6·numel, allclose 7·numel − 1, nan_to_num numel", () => {
  for (const [dt, r] of [["float32", 1], ["float64", 2]] as const) {
    const a = np.ones([3, 4], dt);
    const row = np.ones(4, dt);
    assert.equal(costOf(() => np.isclose(a, row)), 6 * 12 * r);
    assert.equal(costOf(() => np.allclose(a, row)), (7 * 12 - 1) * r);
    assert.equal(costOf(() => np.nan_to_num(a)), 12 * r);
  }
  const ints = np.ones(5, "int32");
  assert.equal(costOf(() => np.isclose(ints, ints)), 6 * 5 * 2, "integers compare in float64");
});
