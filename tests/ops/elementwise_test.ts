import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { costOf as cost } from "./_cost.ts";

interface ElementwiseCase {
  op: string;
  dtype: "float32" | "float64";
  inputs: number[];
  outputs: number[];
}

/** numpy's own results (tests/fixtures/gen_elementwise_fixture.py). */
const NUMPY: { numpy: string; cases: ElementwiseCase[] } = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/numpy-elementwise.json", import.meta.url)),
);

/** Ops numpy computes exactly (correctly rounded), so whest must match it bit for bit. */
const EXACT = new Set(["negative", "abs", "sign", "square", "floor", "ceil", "sqrt", "reciprocal"]);

/** Units in the last place between two values of a dtype. */
function ulps(a: number, b: number, dtype: "float32" | "float64"): number {
  if (Object.is(a, b) || a === b) return 0;
  const bits = (x: number) => {
    if (dtype === "float32") {
      const i = new Int32Array(new Float32Array([x]).buffer)[0];
      return i < 0 ? -(i & 0x7fffffff) : i;
    }
    const i = new BigInt64Array(new Float64Array([x]).buffer)[0];
    return Number(i < 0n ? -(i & 0x7fffffffffffffffn) : i);
  };
  return Math.abs(bits(a) - bits(b));
}

Deno.test("unary ops agree with numpy's own float32 and float64 results", () => {
  assert.ok(NUMPY.cases.length >= 30);
  for (const c of NUMPY.cases) {
    const op = np[c.op as keyof typeof np] as (a: unknown) => { tolist(): number[] };
    const got = op(np.array(c.inputs, c.dtype)).tolist();
    // numpy's float32 transcendentals (SIMD loops) are within a few ulp, not correctly rounded
    const allowed = EXACT.has(c.op) ? 0 : c.dtype === "float32" ? 4 : 2;
    got.forEach((value, i) => {
      const off = ulps(value, c.outputs[i], c.dtype);
      assert.ok(
        off <= allowed,
        `${c.op} ${c.dtype}(${c.inputs[i]}): ${value} vs numpy ${c.outputs[i]} (${off} ulp)`,
      );
    });
  }
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

Deno.test("isnan, isinf, isfinite, fmax, fmin, logaddexp and float_power as numpy", () => {
  // python3: x = np.array([np.nan, -np.inf, -1.5, 0, 2.5, np.inf], np.float32)
  const x = np.array([NaN, -Infinity, -1.5, 0, 2.5, Infinity], "float32");
  assert.deepEqual(np.isnan(x).tolist(), [true, false, false, false, false, false]);
  assert.deepEqual(np.isinf(x).tolist(), [false, true, false, false, false, true]);
  assert.deepEqual(np.isfinite(x).tolist(), [false, false, true, true, true, false]);
  assert.deepEqual(np.isnan(np.array([1, 2], "int32")).tolist(), [false, false]);
  // np.fmax / np.fmin of [1, nan, nan, -2] and [nan, 3, nan, -5]
  const a = np.array([1, NaN, NaN, -2]);
  const b = np.array([NaN, 3, NaN, -5]);
  assert.deepEqual(np.fmax(a, b).tolist(), [1, 3, NaN, -2]);
  assert.deepEqual(np.fmin(a, b).tolist(), [1, 3, NaN, -5]);
  // np.logaddexp([0, 1, -inf, inf, 1000], [0, 2, -inf, inf, 999]).tolist()
  assert.deepEqual(
    np.logaddexp(
      np.array([0, 1, -Infinity, Infinity, 1000]),
      np.array([0, 2, -Infinity, Infinity, 999]),
    )
      .tolist(),
    [0.6931471805599453, 2.313261687518223, -Infinity, Infinity, 1000.3132616875182],
  );
  assert.equal(np.logaddexp(np.array([1, 2], "float32"), 3).dtype, "float32");
  // np.float_power(np.array([2, 3], np.float32), 2) is float64; int32 ** -1 works too
  const squares = np.float_power(np.array([2, 3], "float32"), 2);
  assert.deepEqual([squares.dtype, squares.tolist()], ["float64", [4, 9]]);
  assert.deepEqual(np.float_power(np.array([2, 3], "int32"), -1).tolist(), [0.5, 1 / 3]);
});

Deno.test("the added elementwise ops cost what flopscope charges", () => {
  const n = 10;
  for (const dt of ["float32", "float64"] as const) {
    const r = dt === "float64" ? 2 : 1;
    const x = np.full(n, 0.5, dt);
    for (
      const op of ["tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "exp2", "cbrt"] as const
    ) {
      assert.equal(cost(() => np[op](x)), 16 * n * r, `${op} ${dt}`);
    }
    for (const op of ["isnan", "isinf", "isfinite"] as const) {
      assert.equal(cost(() => np[op](x)), n * r, `${op} ${dt}`);
    }
    assert.equal(cost(() => np.fmax(x, x)), n * r);
    assert.equal(cost(() => np.fmin(x, 0)), n * r);
    assert.equal(cost(() => np.logaddexp(x, x)), 16 * n * r);
    assert.equal(cost(() => np.float_power(x, 2)), 16 * n * 2, "float_power bills float64");
  }
  const bools = np.ones(4, "bool");
  const ints = np.ones(4, "int32");
  assert.equal(cost(() => np.logaddexp(bools, bools)), 16 * 4, "bool: numpy's float16 loop");
  assert.equal(cost(() => np.cbrt(bools)), 16 * 4);
  assert.equal(cost(() => np.tan(ints)), 16 * 4 * 2, "int32 computes in float64");
});

Deno.test("arange with a dtype where a number belongs says where the dtype goes, in one line", () => {
  const loose = np.arange as unknown as (...args: unknown[]) => unknown;
  assert.throws(
    () => loose(6, "float64"),
    (e: unknown) =>
      e instanceof TypeError && !e.message.includes("\n") &&
      /arange: stop must be a number, got "float64"; .*np\.arange\(start, stop, step, dtype\)/.test(
        e.message,
      ),
  );
  assert.deepEqual(Array.from(np.arange(0, 6, 2, "float32").data), [0, 2, 4]);
});
