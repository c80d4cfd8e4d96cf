import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";

Deno.test("round: halves to even at any number of decimals, dtype kept, as numpy", () => {
  // python3: np.round(np.array([0.5, 1.5, 2.5, -0.5, 2.675]), 0).tolist()
  assert.deepEqual(np.round(np.array([0.5, 1.5, 2.5, -0.5, 2.675])).tolist(), [0, 2, 2, -0, 3]);
  // np.round(np.array([1.005, 2.675, -3.14159]), 2).tolist()
  assert.deepEqual(np.round(np.array([1.005, 2.675, -3.14159]), 2).tolist(), [1, 2.68, -3.14]);
  // np.round(np.array([2.675, -1.005, 123.456], np.float32), 2).tolist(): scaled in float32
  const f32 = np.round(np.array([2.675, -1.005, 123.456], "float32"), 2);
  assert.equal(f32.dtype, "float32");
  assert.deepEqual(f32.tolist(), [2.680000066757202, -1, 123.45999908447266]);
  // np.round(np.array([1234.5678]), -2) and np.round(np.array([15, 25, 1234, -35]), -1)
  assert.deepEqual(np.round(np.array([1234.5678]), -2).tolist(), [1200]);
  const ints = np.round(np.array([15, 25, 1234, -35]), -1);
  assert.deepEqual([ints.dtype, ints.tolist()], ["int64", [20, 20, 1230, -40]]);
  assert.deepEqual(np.around(np.array([7, 8], "int32"), 1).tolist(), [7, 8]);
  assert.throws(() => np.round([1.5], 0.5), /decimals must be an integer/);
});

Deno.test("round costs numel at the array's rate", () => {
  assert.equal(costOf(() => np.round(np.zeros(9, "float32"), 3)), 9);
  assert.equal(costOf(() => np.round(np.zeros(9, "float64"))), 18);
  assert.equal(costOf(() => np.round(np.zeros(0, "float64"))), 2, "elementwise floor of 1");
});
