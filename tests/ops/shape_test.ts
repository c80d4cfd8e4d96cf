import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";

Deno.test("creation ops", () => {
  assert.deepEqual(np.zeros([2, 2]).tolist(), [[0, 0], [0, 0]]);
  assert.deepEqual(np.full(3, 2.5).tolist(), [2.5, 2.5, 2.5]);
  assert.equal(np.full(2, 1).dtype, "int64");
  assert.equal(np.full(2, true).dtype, "bool");
  assert.deepEqual(np.eye(2, 3, 1).tolist(), [[0, 1, 0], [0, 0, 1]]);
  assert.deepEqual(np.identity(2).tolist(), [[1, 0], [0, 1]]);
  assert.equal(np.eye(2, undefined, "float32").dtype, "float32", "the short eye(n, m, dtype)");
  assert.deepEqual(np.arange(5).tolist(), [0, 1, 2, 3, 4]);
  assert.deepEqual(np.arange(1, 2, 0.25).tolist(), [1, 1.25, 1.5, 1.75]);
  assert.deepEqual(np.linspace(0, 1, 5).tolist(), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(np.array([1, 2]).dtype, "int64");
  assert.equal(np.array([1.5, 2]).dtype, "float64");
  assert.equal(np.array(new Float32Array(2)).dtype, "float32");
  assert.equal(np.array([true, false]).dtype, "bool");
  const a = np.ones(3, "float32");
  assert.equal(np.asarray(a), a, "asarray returns the same object");
  assert.notEqual(np.array(a), a);
  assert.throws(() => np.array([[1, 2], [3]]), /array: ragged nested sequence/);
  assert.throws(() => np.zeros([2, -1]), /zeros: shape \[2,-1\]/);
});

Deno.test("views and reshapes", () => {
  const a = np.arange(6);
  const b = np.reshape(a, [2, -1]);
  assert.deepEqual(b.tolist(), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(np.ravel(b.T).tolist(), [0, 3, 1, 4, 2, 5]);
  assert.deepEqual(np.transpose(np.reshape(a, [1, 2, 3]), [2, 0, 1]).shape, [3, 1, 2]);
  assert.deepEqual(np.transpose(np.reshape(a, [1, 2, 3]), [2, 0, 1]).tolist(), [
    [[0, 3]],
    [[1, 4]],
    [[2, 5]],
  ]);
  assert.deepEqual(np.swapaxes(b, 0, 1).tolist(), [[0, 3], [1, 4], [2, 5]]);
  assert.deepEqual(np.squeeze(np.zeros([1, 3, 1])).shape, [3]);
  assert.deepEqual(np.expand_dims(a, 1).shape, [6, 1]);
  assert.deepEqual(np.broadcast_to(np.array([1, 2]), [2, 2]).tolist(), [[1, 2], [1, 2]]);
  assert.throws(() => np.reshape(a, [4, 2]), /reshape: cannot reshape array of size 6/);
  assert.throws(() => np.broadcast_to(np.ones(3), [2, 2]), /broadcast/);
});

Deno.test("joins, tile, repeat, diag, astype", () => {
  const a = np.array([[1, 2]]);
  const b = np.array([[3, 4]]);
  assert.deepEqual(np.concatenate([a, b]).tolist(), [[1, 2], [3, 4]]);
  assert.deepEqual(np.concatenate([a, b], 1).tolist(), [[1, 2, 3, 4]]);
  assert.deepEqual(np.stack([np.array([1, 2]), np.array([3, 4])], 1).tolist(), [[1, 3], [2, 4]]);
  assert.deepEqual(np.hstack([np.array([1]), np.array([2, 3])]).tolist(), [1, 2, 3]);
  assert.deepEqual(np.vstack([np.array([1, 2]), np.array([3, 4])]).tolist(), [[1, 2], [3, 4]]);
  assert.equal(np.concatenate([np.ones(1, "float32"), np.ones(1, "int32")]).dtype, "float64");
  assert.deepEqual(np.tile(np.array([1, 2]), [2, 2]).tolist(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
  assert.deepEqual(np.repeat(np.array([[1, 2], [3, 4]]), 2, 1).tolist(), [[1, 1, 2, 2], [
    3,
    3,
    4,
    4,
  ]]);
  assert.deepEqual(np.repeat(np.array([[1, 2]]), 2).tolist(), [1, 1, 2, 2]);
  assert.deepEqual(np.diag(np.array([1, 2]), 1).tolist(), [[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
  assert.deepEqual(np.diag(np.array([[1, 2, 3], [4, 5, 6]]), -1).tolist(), [4]);
  assert.deepEqual(np.astype(np.array([-1.7, 0, 2.9]), "int32").tolist(), [-1, 0, 2]);
  assert.deepEqual(np.astype(np.array([0.5, 0, NaN]), "bool").tolist(), [true, false, true]);
  assert.deepEqual(np.astype(np.array([-1.7, 2.9]), "int64").tolist(), [-1, 2]);
  assert.throws(() => np.concatenate([a, np.ones([1, 3])], 0), /concatenate: shapes/);
});
