import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { isLazyTranspose } from "../../lib/array/ndarray.ts";

Deno.test("float32 arrays round every write to float32", () => {
  const a = np.array([0.1, 1 / 3], "float32");
  assert.equal(a.item(0), Math.fround(0.1));
  a.data[1] = 0.2;
  assert.equal(a.item(1), Math.fround(0.2));
  assert.equal(np.add(a, 0.1).item(0), Math.fround(Math.fround(0.1) + Math.fround(0.1)));
});

Deno.test("T is a lazy view that reads through and materialises once", () => {
  const a = np.arange(6).reshape(2, 3);
  const t = a.T;
  assert.ok(isLazyTranspose(t));
  assert.deepEqual(t.shape, [3, 2]);
  assert.equal(t.item(2, 1), 5);
  assert.deepEqual(t.tolist(), [[0, 3], [1, 4], [2, 5]]);
  assert.equal(t.data, t.data, "materialised once");
  assert.ok(!isLazyTranspose(t.T), "transposing back is the plain layout");
  assert.deepEqual(t.T.tolist(), a.tolist());
  assert.equal(np.ones(3).T.ndim, 1);
});

Deno.test("at and slice are views sharing memory; item and get index with negatives", () => {
  const a = np.zeros([3, 2]);
  a.at(1).data[0] = 4;
  a.slice(-1).data[1] = 9;
  assert.deepEqual(a.tolist(), [[0, 0], [4, 0], [0, 9]]);
  assert.equal(a.item(-2, 0), 4);
  assert.equal(a.get(2, -1), 9);
  assert.throws(() => a.at(3), /index 3 is out of bounds for axis 0 with size 3/);
  assert.throws(() => a.item(0), /1 indices for an array of dimension 2/);
  assert.equal(np.sum(a).item(), 13);
});

Deno.test("tolist gives booleans for bool arrays and numbers otherwise", () => {
  assert.deepEqual(np.greater(np.array([1, 2]), 1).tolist(), [false, true]);
  assert.deepEqual(np.array([[1, 2]]).tolist(), [[1, 2]]);
  assert.equal(np.array(5).tolist(), 5);
});

Deno.test("methods delegate to the counted ops", () => {
  const a = np.array([[1, 2], [3, 4]], "float64");
  assert.deepEqual(a.add(1).tolist(), [[2, 3], [4, 5]]);
  assert.deepEqual(a.subtract(a).tolist(), [[0, 0], [0, 0]]);
  assert.deepEqual(a.multiply(2).tolist(), [[2, 4], [6, 8]]);
  assert.deepEqual(a.divide(2).tolist(), [[0.5, 1], [1.5, 2]]);
  assert.deepEqual(a.matmul(a).tolist(), [[7, 10], [15, 22]]);
  assert.deepEqual(a.transpose().tolist(), [[1, 3], [2, 4]]);
  assert.equal(a.astype("int32").dtype, "int32");
  assert.deepEqual(a.reshape([4]).shape, [4]);
  assert.equal(String(a), "NDArray(float64, (2, 2))");
});

Deno.test("frozen arrays keep working (lazy state is private)", () => {
  const a = np.array([[1, 2], [3, 4]], "float32");
  const t = a.T;
  Object.freeze(a);
  Object.freeze(t);
  assert.deepEqual(t.tolist(), [[1, 3], [2, 4]]);
  assert.deepEqual(np.matmul(t, a).tolist(), [[10, 14], [14, 20]]);
});
