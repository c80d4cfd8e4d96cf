import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { BudgetContext, BudgetExhaustedError } from "../../lib/budget/mod.ts";
import { defaultRng } from "../../lib/random/generator.ts";
import { costOf } from "./_cost.ts";

Deno.test("counted draws equal the generator's draws, shaped", () => {
  const z = np.random.default_rng(42).standard_normal([2, 3], "float32");
  assert.deepEqual(z.shape, [2, 3]);
  assert.equal(z.dtype, "float32");
  assert.deepEqual(Array.from(z.data), Array.from(defaultRng(42).standardNormal(6, "float32")));
  const rng = np.random.default_rng(7);
  const ref = defaultRng(7);
  assert.deepEqual(Array.from(rng.uniform(-1, 1, 4).data), Array.from(ref.uniform(-1, 1, 4)));
  assert.deepEqual(Array.from(rng.normal(2, 3, [2, 2]).data), Array.from(ref.normal(2, 3, 4)));
  assert.deepEqual(Array.from(rng.integers(0, 10, 5).data), Array.from(ref.integers(0, 10, 5)));
  assert.deepEqual(Array.from(rng.random(3).data), Array.from(ref.random(3)));
  assert.deepEqual(rng.standard_normal().shape, [], "no size: one draw, 0-d");
  ref.standardNormal(1);
  assert.deepEqual(Array.from(rng.permutation(6).data), Array.from(ref.permutation(6)));
});

Deno.test("random costs follow the cost model", () => {
  const rng = np.random.default_rng(1);
  assert.equal(costOf(() => np.random.default_rng(3)), 0);
  assert.equal(costOf(() => rng.standard_normal([4, 5])), 16 * 20 * 2);
  assert.equal(costOf(() => rng.standard_normal(10, "float32")), 16 * 10);
  assert.equal(costOf(() => rng.normal(0, 1, 10)), 16 * 10 * 2);
  assert.equal(costOf(() => rng.uniform(0, 1, 10)), 3 * 10 * 2);
  assert.equal(costOf(() => rng.random(10, "float32")), 10);
  assert.equal(costOf(() => rng.integers(0, 5, 10)), 10 * 2);
  assert.equal(costOf(() => rng.integers(0, 5, 10, "int32")), 10);
  assert.equal(costOf(() => rng.choice(100, 10)), 4 * 10 * 2);
  assert.equal(costOf(() => rng.choice(100, 10, { replace: false })), 4 * 100 * 2);
  const p = np.full(8, 1 / 8);
  assert.equal(costOf(() => rng.choice(8, 5, { p })), 4 * (5 + 3 * 8 + 5 * 3) * 2);
  // a pool of 1 still pays one search step per draw: max(1, ceil(log2 1)) = 1
  assert.equal(costOf(() => rng.choice(1, 5, { p: [1] })), 4 * (5 + 3 + 5) * 2);
  // n is the extent along `axis`, the draws every element of the result
  const pool = np.zeros([6, 3], "float32");
  const p6 = np.full(6, 1 / 6);
  assert.equal(costOf(() => rng.choice(pool, 4, { p: p6 })), 4 * (12 + 3 * 6 + 12 * 3));
  const p3 = np.full(3, 1 / 3);
  assert.equal(costOf(() => rng.choice(pool, 4, { p: p3, axis: 1 })), 4 * (24 + 3 * 3 + 24 * 2));
  assert.equal(costOf(() => rng.choice(pool, 2, { replace: false, axis: 1 })), 4 * 3);
  assert.equal(costOf(() => rng.choice(pool, 2, { replace: false, p: p6 })), 4 * 6 * 3);
  assert.equal(costOf(() => rng.permutation(9)), 4 * 9 * 2);
  const rows = np.zeros([6, 3], "float32");
  assert.equal(costOf(() => rng.permutation(rows)), 4 * 6);
  assert.equal(costOf(() => rng.shuffle(rows)), 4 * 6);
});

Deno.test("an over-budget draw throws without being recorded", () => {
  const rng = np.random.default_rng(5);
  const ctx = new BudgetContext({ flopBudget: 100 }).enter();
  try {
    assert.throws(() => rng.standard_normal(10), BudgetExhaustedError);
    assert.equal(ctx.flopsUsed, 0);
    assert.equal(ctx.records.length, 0);
  } finally {
    ctx.exit();
  }
});

Deno.test("choice picks slices of an array along axis as numpy does", () => {
  const a = np.reshape(np.arange(18, undefined, 1, "float32"), [6, 3]);
  // python3: g = np.random.default_rng(3); a = np.arange(18, dtype=np.float32).reshape(6, 3)
  // g.choice(a, 4).tolist()  (each line below from a fresh default_rng(3))
  assert.deepEqual(np.random.default_rng(3).choice(a, 4).tolist(), [
    [12, 13, 14],
    [0, 1, 2],
    [3, 4, 5],
    [3, 4, 5],
  ]);
  // g.choice(a, 2, axis=1).tolist()
  assert.deepEqual(np.random.default_rng(3).choice(a, 2, { axis: 1 }).tolist(), [
    [2, 0],
    [5, 3],
    [8, 6],
    [11, 9],
    [14, 12],
    [17, 15],
  ]);
  // g.choice(a, 3, p=[0.1, 0.2, 0.3, 0.1, 0.2, 0.1]).tolist()
  const p = [0.1, 0.2, 0.3, 0.1, 0.2, 0.1];
  assert.deepEqual(np.random.default_rng(3).choice(a, 3, { p }).tolist(), [
    [0, 1, 2],
    [3, 4, 5],
    [12, 13, 14],
  ]);
  // g.choice(a, 2, replace=False, axis=1).tolist()
  const noReplace = np.random.default_rng(3).choice(a, 2, { replace: false, axis: 1 });
  assert.deepEqual(noReplace.tolist(), [[0, 1], [3, 4], [6, 7], [9, 10], [12, 13], [15, 16]]);
  assert.equal(noReplace.dtype, "float32");
  assert.throws(
    () => np.random.default_rng(3).choice(a, 2, { axis: 2 }),
    /axis 2 is out of bounds/,
  );
});
