import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";

const xs = [-2.5, -1, -0.5, 0, 0.3, 1, 2.75];

Deno.test("unary ops agree with Math elementwise, float64 and float32", () => {
  const cases: [keyof typeof np, (x: number) => number][] = [
    ["negative", (x) => -x],
    ["abs", Math.abs],
    ["sign", Math.sign],
    ["square", (x) => x * x],
    ["floor", Math.floor],
    ["ceil", Math.ceil],
    ["exp", Math.exp],
    ["expm1", Math.expm1],
    ["tanh", Math.tanh],
    ["sin", Math.sin],
    ["cos", Math.cos],
  ];
  for (const [name, f] of cases) {
    const op = np[name] as (a: unknown) => { tolist(): unknown };
    assert.deepEqual(op(np.array(xs, "float64")).tolist(), xs.map(f), name);
    assert.deepEqual(
      op(np.array(xs, "float32")).tolist(),
      xs.map((x) => Math.fround(f(Math.fround(x)))),
      `${name} float32`,
    );
  }
  const pos = [0.25, 1, 3, 100];
  assert.deepEqual(np.sqrt(np.array(pos)).tolist(), pos.map(Math.sqrt));
  assert.deepEqual(np.log(np.array(pos)).tolist(), pos.map(Math.log));
  assert.deepEqual(np.log1p(np.array(pos)).tolist(), pos.map(Math.log1p));
  assert.deepEqual(np.log2(np.array(pos)).tolist(), pos.map(Math.log2));
  assert.deepEqual(np.log10(np.array(pos)).tolist(), pos.map(Math.log10));
  assert.deepEqual(np.reciprocal(np.array(pos)).tolist(), pos.map((x) => 1 / x));
  assert.deepEqual(np.rint(np.array([0.5, 1.5, 2.5, -0.5, 2.4])).tolist(), [0, 2, 2, -0, 2]);
});

Deno.test("binary ops broadcast like numpy", () => {
  const col = np.array([[1], [2], [3]], "float64");
  const row = np.array([10, 20], "float64");
  assert.deepEqual(np.add(col, row).tolist(), [[11, 21], [12, 22], [13, 23]]);
  assert.deepEqual(np.subtract(row, col).tolist(), [[9, 19], [8, 18], [7, 17]]);
  assert.deepEqual(np.multiply(2, col).tolist(), [[2], [4], [6]]);
  const cube = np.reshape(np.arange(12), [2, 3, 2]);
  assert.deepEqual(
    np.add(cube, np.array([[100], [200], [300]])).tolist(),
    [[[100, 101], [202, 203], [304, 305]], [[106, 107], [208, 209], [310, 311]]],
  );
  assert.throws(
    () => np.add(np.ones([2, 3]), np.ones([3, 2])),
    /add: operands could not be broadcast together with shapes \(2,3\) \(3,2\)/,
  );
});

Deno.test("numpy semantics of maximum/minimum, mod, floor_divide, power, comparisons", () => {
  const a = np.array([1, NaN, -3]);
  assert.deepEqual(np.maximum(a, 0).tolist(), [1, NaN, 0]);
  assert.deepEqual(np.minimum(a, 0).tolist(), [0, NaN, -3]);
  assert.deepEqual(np.mod(np.array([5, -5, 5.5]), 3).tolist(), [2, 1, 2.5]);
  assert.deepEqual(np.mod(np.array([5, -5]), -3).tolist(), [-1, -2]);
  assert.deepEqual(np.floor_divide(np.array([7, -7]), 2).tolist(), [3, -4]);
  assert.deepEqual(np.power(np.array([2, 3]), 2).tolist(), [4, 9]);
  assert.deepEqual(np.arctan2(np.array([1]), np.array([1])).tolist(), [Math.PI / 4]);
  assert.deepEqual(np.hypot(np.array([3]), 4).tolist(), [5]);
  assert.deepEqual(np.greater(a, 0).tolist(), [true, false, false]);
  assert.deepEqual(np.less_equal(a, 1).tolist(), [true, false, true]);
  assert.deepEqual(np.not_equal(a, a).tolist(), [false, true, false]);
  assert.deepEqual(np.logical_and(np.array([1, 0, NaN]), 1).tolist(), [true, false, true]);
  assert.deepEqual(np.logical_or(np.array([0, 0]), np.array([0, 2])).tolist(), [false, true]);
  assert.deepEqual(np.logical_not(np.array([0, 2])).tolist(), [true, false]);
  assert.deepEqual(np.multiply(np.array([65536], "int32"), 65536).tolist(), [0], "int32 wraps");
  const t = np.array([true, true, false]);
  assert.deepEqual(np.add(t, t).tolist(), [true, true, false], "bool add is logical or");
  assert.deepEqual(np.multiply(t, np.array([true, false, false])).tolist(), [true, false, false]);
  assert.deepEqual(np.divide(np.array([1, 2]), 2).dtype, "float64");
  assert.throws(() => np.negative(np.array([true])), /negative/);
});

Deno.test("a weak float scalar is cast to float32 before a float32 comparison", () => {
  const a = np.array([0.1], "float32");
  assert.deepEqual(np.greater(a, 0.1).tolist(), [false]);
  assert.deepEqual(np.equal(a, 0.1).tolist(), [true]);
});

Deno.test("where and clip", () => {
  const c = np.array([true, false, true]);
  assert.deepEqual(np.where(c, np.array([1, 2, 3]), 0).tolist(), [1, 0, 3]);
  assert.deepEqual(np.where(np.array([[1], [0]]), 5.5, np.array([1, 2])).tolist(), [[5.5, 5.5], [
    1,
    2,
  ]]);
  assert.equal(np.where(c, np.ones(3, "float32"), 0).dtype, "float32");
  const x = np.array([-2, 0.5, 3]);
  assert.deepEqual(np.clip(x, 0, 1).tolist(), [0, 0.5, 1]);
  assert.deepEqual(np.clip(x, null, 1).tolist(), [-2, 0.5, 1]);
  assert.deepEqual(np.clip(x, np.array([-3, 1, 0]), null).tolist(), [-2, 1, 3]);
});
