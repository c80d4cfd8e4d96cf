import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { NUMPY, seq } from "./_seq.ts";

// Values: numpy (tests/fixtures/gen_indexing_fixture.py). Costs: flopscope's rows (take and
// take_along_axis 4·numel(out), compress len(condition) + 4·numel(out), extract numel(arr),
// nonzero/argwhere numel(in), searchsorted 4·m·⌈log₂ n⌉, unique 4·n·⌈log₂ n⌉), times the rate.
const oneLine = (pattern: RegExp) => (e: Error) =>
  pattern.test(e.message) && !e.message.includes("\n");

Deno.test("take: numpy's values along an axis and flattened, 4·numel(out)", () => {
  const m = seq([4, 5]);
  assert.deepEqual(np.take(m, [3, 0, -1], 1).tolist(), NUMPY.take_axis1);
  assert.equal(costOf(() => np.take(m, [3, 0, -1], 1)), 2 * 4 * 12);
  assert.deepEqual(np.take(m, [[0, 19], [7, -2]]).tolist(), NUMPY.take_flat);
  assert.deepEqual(m.take([[0, 19], [7, -2]]).tolist(), NUMPY.take_flat);
  assert.deepEqual(np.take(m, [3, 0, -1], { axis: 1 }).tolist(), NUMPY.take_axis1);
  assert.deepEqual(m.take([3, 0, -1], { axis: 1 }).tolist(), NUMPY.take_axis1);
  assert.throws(() => np.take(m, [0], { axes: 1 } as never), oneLine(/unknown keyword 'axes'/));
  assert.equal(costOf(() => m.take([0, 1])), 2 * 4 * 2);
  assert.throws(
    () => np.take(m, [5], 1),
    oneLine(/index 5 is out of bounds for an axis of size 5/),
  );
  assert.throws(() => np.take(m, [0.5]), oneLine(/indices must be integers/));
});

Deno.test("take_along_axis: numpy's values, 4·numel(out)", () => {
  const m = seq([4, 5]);
  const order = np.argsort(m, 1);
  assert.deepEqual(np.take_along_axis(m, order, 1).tolist(), NUMPY.take_along);
  assert.deepEqual(np.take_along_axis(m, order, { axis: 1 }).tolist(), NUMPY.take_along);
  assert.deepEqual(np.take_along_axis(m, order).tolist(), NUMPY.take_along, "axis defaults to -1");
  assert.equal(costOf(() => np.take_along_axis(m, order, 1)), 2 * 4 * 20);
  const rows = np.array([[1, 0, 3, 2, 0]]);
  assert.deepEqual(np.take_along_axis(m, rows, 0).tolist(), NUMPY.take_along0);
  assert.equal(costOf(() => np.take_along_axis(m, rows, 0)), 2 * 4 * 5);
  assert.throws(() => np.take_along_axis(m, np.array([1, 2]), 0), oneLine(/need 2 dimensions/));
});

Deno.test("boolean masks: compress, extract and .compress, numpy's values and charges", () => {
  const m = seq([4, 5]);
  assert.deepEqual(np.compress([true, false, true], m, 0).tolist(), NUMPY.compress0);
  assert.equal(costOf(() => np.compress([true, false, true], m, 0)), 2 * (3 + 4 * 10));
  assert.deepEqual(m.compress([true, false, true], 0).tolist(), NUMPY.compress0);
  assert.deepEqual(np.compress([true, false, true], m, { axis: 0 }).tolist(), NUMPY.compress0);
  const cond = [false, true, true, false, true];
  assert.deepEqual(np.compress(cond, m).tolist(), NUMPY.compress_flat);
  assert.equal(costOf(() => np.compress(cond, m)), 2 * (5 + 4 * 3));
  const mask = np.greater(m, 0);
  assert.deepEqual(np.extract(mask, m).tolist(), NUMPY.extract);
  // m[m > 0] in numpy is extract with a full-shape mask
  assert.deepEqual(np.extract(mask, m).tolist(), NUMPY.mask);
  assert.equal(costOf(() => np.extract(mask, m)), 2 * 20);
  assert.throws(
    () => np.compress([true, true, true, true, true], m, 0),
    oneLine(/longer than the axis/),
  );
  assert.throws(() => np.extract([true], m), oneLine(/does not match/));
});

Deno.test("nonzero and argwhere: numpy's indices, numel(in) at the input's rate", () => {
  const x = seq([3, 4]);
  assert.deepEqual(np.nonzero(x).map((i) => i.tolist()), NUMPY.nonzero);
  assert.deepEqual(x.nonzero().map((i) => i.tolist()), NUMPY.nonzero);
  assert.equal(np.nonzero(x)[0].dtype, "int64");
  assert.equal(costOf(() => np.nonzero(x)), 2 * 12);
  const big = np.greater(x, 1);
  assert.deepEqual(np.argwhere(big).tolist(), NUMPY.argwhere);
  assert.equal(costOf(() => np.argwhere(big)), 12);
  assert.deepEqual(np.argwhere(np.array(5)).shape, [1, 0]);
  assert.throws(() => np.nonzero(np.array(5)), oneLine(/0-d array/));
});

Deno.test("searchsorted: numpy's positions, 4·m·⌈log₂ n⌉ at the promoted dtype", () => {
  const edges = [-3, -1, 0, 0, 2, 3];
  const v = seq([2, 3]);
  assert.deepEqual(np.searchsorted(edges, v).tolist(), NUMPY.searchsorted_left);
  assert.deepEqual(np.searchsorted(edges, v, "right").tolist(), NUMPY.searchsorted_right);
  assert.deepEqual(np.searchsorted(edges, v, { side: "right" }).tolist(), NUMPY.searchsorted_right);
  assert.equal(costOf(() => np.searchsorted(edges, v)), 2 * 4 * 6 * 3);
  const sorter = { sorter: [1, 2, 3, 0] };
  assert.deepEqual(
    np.searchsorted([3, -3, 0, 2], [0, 2.5], sorter).tolist(),
    NUMPY.searchsorted_sorter,
  );
  assert.equal(costOf(() => np.searchsorted([3, -3, 0, 2], [0, 2.5], sorter)), 2 * 4 * 2 * 2);
  // flopscope bills np.asarray(v): a JS number is a strong float64, so float32 edges bill at
  // rate 2; no query at all still counts one (m = max(1, numel(v)))
  const f32 = np.zeros([4], "float32");
  assert.equal(costOf(() => np.searchsorted(f32, 1.5)), 2 * 4 * 1 * 2);
  const none = np.zeros([0], "float32");
  assert.equal(costOf(() => np.searchsorted(f32, none)), 4 * 1 * 2);
  assert.throws(() => np.searchsorted([[1, 2]], 1), oneLine(/a must be 1-D/));
});

Deno.test("unique: numpy's values, index, inverse and counts, 4·n·⌈log₂ n⌉", () => {
  const x = seq([4, 5]);
  const all = np.unique(x, { return_index: true, return_inverse: true, return_counts: true });
  if (!Array.isArray(all)) return assert.fail("unique with return_* options returns a tuple");
  assert.deepEqual(all.map((a) => a.tolist()), NUMPY.unique);
  assert.deepEqual(np.unique(x).tolist(), (NUMPY.unique as unknown[])[0]);
  assert.equal(costOf(() => np.unique(x)), 2 * 4 * 20 * 5);
  // flopscope's sort_cost floors an empty input at 1
  assert.equal(costOf(() => np.unique(np.zeros([0], "float32"))), 4);
  assert.deepEqual(np.unique([NaN, 1, NaN]).tolist(), [1, NaN]);
  assert.throws(() => np.unique(x, { axis: 0 as unknown as null }), oneLine(/only axis=None/));
});
