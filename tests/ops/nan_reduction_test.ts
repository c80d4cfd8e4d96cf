import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { assertClose } from "./_close.ts";

// python3: b = np.array([[1, np.nan, 3], [np.nan, np.nan, np.nan], [4, 5, np.nan]])
const B = [[1, NaN, 3], [NaN, NaN, NaN], [4, 5, NaN]];

Deno.test("nan reductions skip NaN as numpy does", () => {
  const b = np.array(B);
  // np.nansum(b, axis=1), np.nanprod(b, axis=1), np.nanmax(b, axis=1), np.nanmin(b, axis=0)
  assert.deepEqual(np.nansum(b, 1).tolist(), [4, 0, 9]);
  assert.deepEqual(np.nanprod(b, 1).tolist(), [3, 1, 20]);
  assertClose(np.nanmax(b, 1).tolist(), [3, NaN, 5]);
  assert.deepEqual(np.nanmin(b, 0).tolist(), [1, 5, 3]);
  // np.nanmean(b, axis=1), np.nanvar(b, axis=1), np.nanstd(b, axis=0), nanvar ddof=1
  assertClose(np.nanmean(b, 1).tolist(), [2, NaN, 4.5]);
  assertClose(np.nanvar(b, 1).tolist(), [1, NaN, 0.25]);
  assertClose(np.nanstd(b, 0).tolist(), [1.5, 0, 0]);
  assertClose(np.nanvar(b, { axis: 1, ddof: 1 }).tolist(), [2, NaN, 0.5]);
  // np.nanmedian(b, axis=1), np.nanmedian(b)
  assertClose(np.nanmedian(b, 1).tolist(), [2, NaN, 4.5]);
  assert.equal(np.nanmedian(b).item(), 3.5);
  // np.nanargmax(b[[0, 2]], axis=1), np.nanargmin(b[[0, 2]], axis=1), np.nanargmax(b)
  const rows = np.array([B[0], B[2]]);
  assert.deepEqual(np.nanargmax(rows, 1).tolist(), [2, 1]);
  assert.deepEqual(np.nanargmin(rows, 1).tolist(), [0, 0]);
  assert.equal(np.nanargmax(b).item(), 7);
  assert.throws(() => np.nanargmax(b, 1), /All-NaN slice encountered/);
  assert.equal(np.nansum(np.array([1, 2], "int32")).dtype, "int64");
  assert.equal(np.nanmean(np.array([1, 2], "float32")).dtype, "float32");
  assert.equal(np.nansum(np.zeros(0)).item(), 0);
  assert.throws(() => np.nanmax(np.zeros(0)), /zero-size reduction/);
});

Deno.test("nanpercentile and nanquantile rank the non-NaN values", () => {
  // python3: a = np.array([5, 1, 4, 8, 2, 7, 3, 9, 0, 6, 11, 10, np.nan, 13, 12, 14,
  //   15, 16, 17, 18, 19, 20, 21, 22]).reshape(2, 3, 4); np.nanpercentile(a, [20, 80], axis=1)
  const values = [5, 1, 4, 8, 2, 7, 3, 9, 0, 6, 11, 10, NaN, 13, 12, 14];
  const a = np.reshape(np.array([...values, 15, 16, 17, 18, 19, 20, 21, 22]), [2, 3, 4]);
  assertClose(np.nanpercentile(a, [20, 80], 1).tolist(), [
    [[0.8, 3, 3.4, 8.4], [15.8, 14.2, 14, 15.6]],
    [[3.8000000000000003, 6.6, 8.200000000000001, 9.6], [18.2, 18.4, 19.4, 20.4]],
  ]);
  // np.nanquantile([nan, 1, 3], 0.5) = 2.0; all NaN gives NaN
  assert.equal(np.nanquantile([NaN, 1, 3], 0.5).item(), 2);
  assert.ok(Number.isNaN(np.nanquantile([NaN, NaN], 0.5).item()));
  // cost: quantile's, n + 4 per cell for one q, plus numel for the isnan pass
  const x = np.ones([3, 8], "float32");
  assert.equal(costOf(() => np.nanquantile(x, 0.5, 1)), 3 * (8 + 4) + 24);
  assert.equal(costOf(() => np.nanpercentile(x, 50)), 24 + 4 + 24);
});

Deno.test("nan reductions cost their sibling's flop_cost plus numel", () => {
  for (const [dt, r] of [["float32", 1], ["float64", 2]] as const) {
    const a = np.ones([4, 5], dt);
    for (const op of ["nansum", "nanprod", "nanmax", "nanmin", "nanargmax", "nanargmin"] as const) {
      assert.equal(costOf(() => np[op](a, 1)), (2 * 20 - 4) * r, `${op} ${dt}`);
      assert.equal(costOf(() => np[op](a)), (2 * 20 - 1) * r, `${op} all ${dt}`);
    }
    assert.equal(costOf(() => np.nanmean(a, 0)), 40 * r);
    assert.equal(costOf(() => np.nanvar(a, 0)), 100 * r);
    assert.equal(costOf(() => np.nanstd(a, 0)), (100 + 5) * r);
    assert.equal(costOf(() => np.nanmedian(a, 0)), 40 * r);
  }
  const ints = np.ones(6, "int32");
  assert.equal(costOf(() => np.nansum(ints)), (12 - 1) * 2, "int32 sums in int64");
  assert.equal(costOf(() => np.nanmax(ints)), 12 - 1, "int32 max stays int32");
});
