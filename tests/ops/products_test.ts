import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { NUMPY, seq } from "./_seq.ts";

// Values: numpy (tests/fixtures/gen_indexing_fixture.py). Costs: flopscope's contraction rows,
// (2K − 1)·M and kron a.size·b.size, times 2 for float64.
Deno.test("tensordot: numpy's values, (2K − 1)·M", () => {
  const a = seq([2, 3, 4]);
  const b = seq([3, 4, 5]);
  assert.deepEqual(np.tensordot(a, b).tolist(), NUMPY.tensordot2);
  assert.equal(costOf(() => np.tensordot(a, b)), 2 * (2 * 12 - 1) * 10);
  const c = seq([4, 2]);
  assert.deepEqual(np.tensordot(a, c, [[2], [0]]).tolist(), NUMPY.tensordot_axes);
  assert.equal(costOf(() => np.tensordot(a, c, [2, 0])), 2 * (2 * 4 - 1) * 12);
  const u = seq([2]);
  const v = seq([3]);
  assert.deepEqual(np.tensordot(u, v, 0).tolist(), NUMPY.tensordot0);
  assert.equal(costOf(() => np.tensordot(u, v, 0)), 2 * 6);
  assert.deepEqual(np.tensordot(u, v, { axes: 0 }).tolist(), NUMPY.tensordot0);
});

Deno.test("inner: numpy's values; the same array twice costs (2K − 1)·P(P + 1)/2", () => {
  const m = seq([4, 5]);
  const n = seq([3, 5]);
  assert.deepEqual(np.inner(m, n).tolist(), NUMPY.inner);
  assert.equal(costOf(() => np.inner(m, n)), 2 * 9 * 12);
  assert.deepEqual(np.inner(m, m).tolist(), NUMPY.inner_self);
  assert.equal(costOf(() => np.inner(m, m)), 2 * 9 * 10);
  const v = seq([5]);
  assert.equal(costOf(() => np.inner(v, v)), 2 * 9);
});

Deno.test("vdot and kron: numpy's values, 2N − 1 and a.size·b.size", () => {
  const m = seq([4, 5]);
  const n = seq([5, 4]);
  assert.equal(np.vdot(m, n).item(), NUMPY.vdot);
  assert.deepEqual(np.vdot(m, n).shape, []);
  assert.equal(costOf(() => np.vdot(m, n)), 2 * 39);
  const a = seq([2, 3]);
  const b = seq([3, 2]);
  assert.deepEqual(np.kron(a, b).tolist(), NUMPY.kron);
  assert.equal(costOf(() => np.kron(a, b)), 2 * 36);
  assert.deepEqual(np.kron(seq([3]), seq([2, 2])).tolist(), NUMPY.kron_mixed);
  assert.equal(np.kron(np.ones([2], "float32"), np.ones([2], "int32")).dtype, "float64");
});

Deno.test("tensordot of one array with itself: dense when the swap is no symmetry", () => {
  const a = seq([3, 3]);
  // A·A ("ij,jk->ik"): no symmetry, (2·3 − 1)·9; A:A ("ij,ij->"): the identity, 2·9 − 1
  assert.equal(costOf(() => np.tensordot(a, a, 1)), 2 * 5 * 9);
  assert.equal(costOf(() => np.tensordot(a, a, 2)), 2 * 17);
  assert.deepEqual(np.tensordot(a, a, 1).tolist(), np.matmul(a, a).tolist());
});

Deno.test("products refuse bad shapes and a self-product they cannot charge, in one line", () => {
  const m = seq([3, 4]);
  const oneLine = (pattern: RegExp) => (e: Error) =>
    pattern.test(e.message) && !e.message.includes("\n");
  assert.throws(() => np.tensordot(m, seq([3, 4]), 1), oneLine(/shape-mismatch for sum/));
  assert.throws(() => np.tensordot(m, m, [0, 0]), oneLine(/same array twice/));
  assert.throws(() => np.kron(m, m), oneLine(/same array twice/));
  assert.throws(
    () => np.tensordot(m, seq([4]), 3),
    oneLine(/axes 3 must be an integer in \[0, 1\]/),
  );
  assert.throws(() => np.inner(m, seq([3])), oneLine(/not aligned/));
  assert.throws(() => np.vdot(m, seq([5])), oneLine(/sizes must match/));
});
