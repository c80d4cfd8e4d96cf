import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { toRawPredictions } from "../../lib/estimator/predictions.ts";

Deno.test("an NDArray converts to its shape and a copy of its values, float dtypes kept", () => {
  const f32 = np.full([2, 3], 0.1, "float32");
  const { predictions } = toRawPredictions(f32, 6);
  assert.deepEqual(predictions?.shape, [2, 3]);
  assert.ok(predictions?.values instanceof Float32Array);
  assert.deepEqual(Array.from(predictions!.values), Array.from(f32.data));
  (f32.data as Float32Array)[0] = 7;
  assert.notEqual(predictions!.values[0], 7);
  const ints = toRawPredictions(np.ones([2, 2], "int32"), 4).predictions;
  assert.ok(ints?.values instanceof Float64Array);
  assert.deepEqual(Array.from(ints!.values), [1, 1, 1, 1]);
});

Deno.test("a transposed view converts in its logical (row-major) order", () => {
  const a = np.array([[1, 2, 3], [4, 5, 6]]);
  const { predictions } = toRawPredictions(a.T, 6);
  assert.deepEqual(predictions?.shape, [3, 2]);
  assert.deepEqual(Array.from(predictions!.values), [1, 4, 2, 5, 3, 6]);
});

Deno.test("nested number arrays and arrays of typed-array rows convert row-major", () => {
  const nested = toRawPredictions([[1, 2], [3, 4], [5, 6]], 6).predictions;
  assert.deepEqual(nested?.shape, [3, 2]);
  assert.deepEqual(Array.from(nested!.values), [1, 2, 3, 4, 5, 6]);
  const rows =
    toRawPredictions([new Float32Array([1, 2]), new Float64Array([3, 4])], 4).predictions;
  assert.deepEqual(rows?.shape, [2, 2]);
  assert.deepEqual(Array.from(rows!.values), [1, 2, 3, 4]);
  const cube = toRawPredictions([[[1], [2]], [[3], [4]]], 4).predictions;
  assert.deepEqual(cube?.shape, [2, 2, 1]);
  assert.deepEqual(Array.from(cube!.values), [1, 2, 3, 4]);
});

Deno.test("flat and empty arrays convert to the shape they have, for the scorer to refuse", () => {
  assert.deepEqual(toRawPredictions(new Float64Array(6), 6).predictions?.shape, [6]);
  assert.deepEqual(toRawPredictions([1, 2, 3], 6).predictions?.shape, [3]);
  assert.deepEqual(toRawPredictions([], 6).predictions?.shape, [0]);
  assert.deepEqual(toRawPredictions([[], []], 6).predictions?.shape, [2, 0]);
});

Deno.test("NaN and infinities pass through: finiteness is the scorer's check", () => {
  const { predictions } = toRawPredictions([[NaN, Infinity]], 2);
  assert.ok(Number.isNaN(predictions!.values[0]));
  assert.equal(predictions!.values[1], Infinity);
});

Deno.test("values that are not arrays are ESTIMATOR_BAD_SHAPE, with what came back", () => {
  for (
    const [value, phrase] of [
      [undefined, "undefined"],
      [null, "null"],
      [3, "a number (3)"],
      ["[[0]]", "a string ('[[0]]')"],
      [{ shape: [1, 1] }, "an object"],
    ] as const
  ) {
    const { error } = toRawPredictions(value, 1);
    assert.equal(error?.code, "ESTIMATOR_BAD_SHAPE");
    assert.equal(error?.message, `predict returned ${phrase}; expected a (depth, width) array`);
  }
});

Deno.test("a ragged nested array is ESTIMATOR_BAD_SHAPE naming the mismatch", () => {
  const { error } = toRawPredictions([[1, 2], [3]], 4);
  assert.equal(error?.code, "ESTIMATOR_BAD_SHAPE");
  assert.equal(
    error?.message,
    "predict returned a ragged nested array: an entry at depth 1 is an array of 1 where the first is an array of 2",
  );
  assert.equal(toRawPredictions([[1, 2], 3], 4).error?.code, "ESTIMATOR_BAD_SHAPE");
});

Deno.test("an entry that is not a number is ESTIMATOR_NON_FINITE with its index", () => {
  const { error } = toRawPredictions([[1, 2], [3, "4"]], 4);
  assert.equal(error?.code, "ESTIMATOR_NON_FINITE");
  assert.equal(error?.message, "predictions[1][1] is a string ('4'), not a number");
});

Deno.test("a Promise is a PREDICT_ERROR: predict must be synchronous", () => {
  const { error } = toRawPredictions(Promise.resolve([[0]]), 1);
  assert.equal(error?.code, "PREDICT_ERROR");
  assert.match(error!.message, /returned a Promise/);
});

Deno.test("a return far larger than depth × width is refused before it is copied", () => {
  const { error } = toRawPredictions(np.zeros([64, 65]), 2 * 128);
  assert.equal(error?.code, "ESTIMATOR_BAD_SHAPE");
  assert.equal(
    error?.message,
    "predict returned shape (64, 65) with 4160 values; expected 256 (depth × width)",
  );
  assert.ok(toRawPredictions(np.zeros([64, 64]), 256).predictions, "16× is still converted");
});
