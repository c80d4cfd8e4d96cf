import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf } from "./_cost.ts";
import { NUMPY, seq } from "./_seq.ts";

// Values: numpy (tests/fixtures/gen_indexing_fixture.py). Costs: flopscope's rows (triu/tril the
// elements kept × batch, at least 1; diff Σₖ (L − k) per slice; pad and roll numel(out); flip
// and moveaxis free), times 2 for float64.
const oneLine = (pattern: RegExp) => (e: Error) =>
  pattern.test(e.message) && !e.message.includes("\n");

Deno.test("triu and tril: numpy's values, the kept elements × batch", () => {
  const a = seq([2, 3, 4]);
  assert.deepEqual(np.triu(a, 1).tolist(), NUMPY.triu);
  assert.equal(costOf(() => np.triu(a, 1)), 2 * 2 * (3 + 2 + 1));
  const b = seq([4, 3]);
  assert.deepEqual(np.tril(b, -1).tolist(), NUMPY.tril);
  assert.deepEqual(np.tril(b, { k: -1 }).tolist(), NUMPY.tril);
  assert.equal(costOf(() => np.tril(b, -1)), 2 * (1 + 2 + 3));
  const row = seq([1, 3]);
  assert.equal(costOf(() => np.tril(row, -5)), 2);
  // numpy: triu([1, 2, 3]) == [[1, 2, 3], [0, 2, 3], [0, 0, 3]]
  assert.deepEqual(np.triu([1, 2, 3]).tolist(), [[1, 2, 3], [0, 2, 3], [0, 0, 3]]);
});

Deno.test("diff: numpy's values, outer·Σₖ(L − k)·inner", () => {
  const m = seq([4, 5]);
  assert.deepEqual(np.diff(m, 1, 0).tolist(), NUMPY.diff);
  assert.equal(costOf(() => np.diff(m, 1, 0)), 2 * 3 * 5);
  const v = seq([8]);
  assert.deepEqual(np.diff(v, 3).tolist(), NUMPY.diff3);
  assert.deepEqual(np.diff(v, { n: 3 }).tolist(), NUMPY.diff3);
  assert.deepEqual(np.diff(m, { axis: 0 }).tolist(), NUMPY.diff);
  assert.equal(costOf(() => np.diff(v, 3)), 2 * (7 + 6 + 5));
  // numpy: diff([True, False, False]) == [True, False]
  assert.deepEqual(np.diff([true, false, false]).tolist(), [true, false]);
});

Deno.test("pad (constant): numpy's values, numel(out)", () => {
  const a = seq([2, 3]);
  assert.deepEqual(np.pad(a, [[1, 2], [0, 1]], { constant_values: 9 }).tolist(), NUMPY.pad);
  assert.equal(costOf(() => np.pad(a, [[1, 2], [0, 1]], { constant_values: 9 })), 2 * 20);
  assert.deepEqual(np.pad(seq([3]), 2).tolist(), NUMPY.pad_int);
  assert.throws(() => np.pad(a, 1, { mode: "reflect" as "constant" }), oneLine(/only "constant"/));
  const empty = np.zeros([0], "float32");
  assert.equal(costOf(() => np.pad(empty, 0)), 1, "flopscope floors pad at 1");
  assert.equal(costOf(() => np.roll(empty, 1)), 1, "flopscope floors roll at 1");
  assert.throws(() => np.pad(a, -1), oneLine(/non-negative integers/));
});

Deno.test("pad: the source comes back from the padded array's interior, the rest is the constant", () => {
  // A law over shapes of rank 0–3 with uneven widths per axis (the copy runs along the last axis).
  const cases: [number[], [number, number][]][] = [
    [[], []],
    [[5], [[2, 1]]],
    [[3, 4], [[0, 2], [3, 0]]],
    [[2, 3, 4], [[1, 0], [0, 1], [2, 1]]],
    [[2, 0, 3], [[1, 1], [1, 0], [0, 2]]],
  ];
  for (const [shape, widths] of cases) {
    const a = np.add(seq(shape), 1);
    const padded = np.pad(a, widths.length ? widths : 0, { constant_values: -7 });
    assert.deepEqual(padded.shape, shape.map((d, i) => d + widths[i][0] + widths[i][1]));
    let inner = padded;
    widths.forEach(([before, after], axis) => {
      const length = inner.shape[axis];
      const keep = np.arange(before, length - after);
      inner = np.take(inner, keep, axis);
    });
    assert.deepEqual(inner.tolist(), a.tolist(), `interior of ${JSON.stringify(shape)}`);
    const filled = np.sum(np.equal(padded, -7)).item();
    assert.equal(filled, padded.size - a.size, `padding of ${JSON.stringify(shape)}`);
  }
});

Deno.test("roll, flip and moveaxis: numpy's values; roll numel, flip and moveaxis free", () => {
  const m = seq([4, 5]);
  assert.deepEqual(np.roll(m, 3).tolist(), NUMPY.roll_flat);
  assert.equal(costOf(() => np.roll(m, 3)), 2 * 20);
  assert.deepEqual(np.roll(m, [1, -2], [0, 1]).tolist(), NUMPY.roll_axes);
  assert.deepEqual(np.roll(m, [1, -2], { axis: [0, 1] }).tolist(), NUMPY.roll_axes);
  assert.deepEqual(np.flip(seq([2, 3, 2]), { axis: [0, 2] }).tolist(), NUMPY.flip);
  assert.deepEqual(np.flip(seq([2, 3, 2]), [0, 2]).tolist(), NUMPY.flip);
  assert.equal(costOf(() => np.flip(m)), 0);
  assert.deepEqual(np.moveaxis(seq([2, 3, 4]), [0, 1], [-1, 0]).tolist(), NUMPY.moveaxis);
  assert.equal(costOf(() => np.moveaxis(m, 0, 1)), 0);
  assert.throws(() => np.roll(m, [1, 2], 0), oneLine(/one integer per axis/));
  assert.throws(() => np.moveaxis(m, [0, 1], [0]), oneLine(/same number of axes/));
});
