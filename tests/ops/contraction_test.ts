import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";
import { createJsKernels } from "../../lib/kernels/mod.ts";
import { lcg } from "../_random.ts";

function random(shape: number[], dtype: "float32" | "float64", seed: number): NDArray {
  const next = lcg(seed);
  const size = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = next() - 0.5;
  return np.reshape(np.array(data, dtype), shape);
}

// Naive triple loop; float32 accumulates in float32, one rounding per step, in k order.
function naive(a: NDArray, b: NDArray, f32: boolean): number[][] {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s = f32 ? Math.fround(s + a.item(i, p) * b.item(p, j)) : s + a.item(i, p) * b.item(p, j);
      }
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

function assertClose(actual: NDArray, expected: number[][], tol: number, label: string) {
  const [m, n] = actual.shape;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const a = actual.item(i, j);
      const e = expected[i][j];
      if (Math.abs(a - e) > tol * (1 + Math.abs(e))) {
        assert.fail(`${label}: [${i}, ${j}] = ${a}, expected ${e}`);
      }
    }
  }
}

const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 2], [7, 9, 13], [66, 300, 37], [
  5,
  1,
  6,
]];

// Through np.matmul on the active backend (whichever it is): the op must route lazy
// transposes to the right transA/transB flags; the JS kernel's exactness is tested below.
Deno.test("float32 matmul matches the naive float32 loop, all transposes", () => {
  for (const [m, k, n] of SHAPES) {
    if (m === 1 || n === 1) continue;
    const a = random([m, k], "float32", m + k);
    const b = random([k, n], "float32", k + n);
    const expected = naive(a, b, true);
    const aT = np.copy(a.T);
    const bT = np.copy(b.T);
    for (
      const [left, right, label] of [
        [a, b, "NN"],
        [aT.T, b, "TN"],
        [a, bT.T, "NT"],
        [aT.T, bT.T, "TT"],
      ] as const
    ) {
      const c = np.matmul(left, right);
      assert.equal(c.dtype, "float32");
      assertClose(c, expected, 1e-5, `${m}x${k}x${n} ${label}`);
    }
  }
});

Deno.test("the JS backend's kernels: float32 bit for bit, float64 to rounding, all transposes", () => {
  const js = createJsKernels();
  for (
    const [m, k, n] of [...SHAPES, [1, 9, 7], [8, 9, 1], [70, 520, 66]] as [
      number,
      number,
      number,
    ][]
  ) {
    for (const f32 of [true, false]) {
      const dtype = f32 ? "float32" : "float64";
      const a = random([m, k], dtype, 7 * m + k);
      const b = random([k, n], dtype, 11 * k + n);
      const expected = naive(a, b, f32);
      const aT = np.copy(a.T).data;
      const bT = np.copy(b.T).data;
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const c = np.zeros([m, n], dtype);
        const left = ta ? aT : a.data;
        const right = tb ? bT : b.data;
        if (f32) {
          js.matmulF32(
            left as Float32Array,
            right as Float32Array,
            c.data as Float32Array,
            m,
            k,
            n,
            ta,
            tb,
          );
        } else {
          js.matmulF64(
            left as Float64Array,
            right as Float64Array,
            c.data as Float64Array,
            m,
            k,
            n,
            ta,
            tb,
          );
        }
        // The matrix-vector paths of float32 sum in four lanes, so only the blocked path is exact.
        const exact = f32 && m > 1 && n > 1;
        assertClose(
          c,
          expected,
          exact ? 0 : f32 ? 1e-6 : 1e-13,
          `${dtype} ${m}x${k}x${n} ${ta}/${tb}`,
        );
      }
    }
  }
});

Deno.test("float64 matmul matches the naive product, all transposes and vector cases", () => {
  for (const [m, k, n] of [...SHAPES, [1, 7, 5], [6, 7, 1]] as [number, number, number][]) {
    const a = random([m, k], "float64", 3 * m + k);
    const b = random([k, n], "float64", 5 * k + n);
    const expected = naive(a, b, false);
    const aT = np.copy(a.T);
    const bT = np.copy(b.T);
    for (const [left, right] of [[a, b], [aT.T, b], [a, bT.T], [aT.T, bT.T]]) {
      assertClose(np.matmul(left, right), expected, 1e-13, `${m}x${k}x${n}`);
    }
  }
});

Deno.test("matrix-vector cases drop the vector axis and promote mixed dtypes", () => {
  const w = random([6, 4], "float32", 7);
  const v = random([6], "float64", 9);
  const y = np.matmul(w.T, v);
  assert.deepEqual(y.shape, [4]);
  assert.equal(y.dtype, "float64");
  for (let j = 0; j < 4; j++) {
    let s = 0;
    for (let i = 0; i < 6; i++) s += w.item(i, j) * v.item(i);
    assert.ok(Math.abs(y.item(j) - s) < 1e-14);
  }
  const row = np.matmul(v, w);
  assert.deepEqual(row.shape, [4]);
  const dotted = np.dot(v, v);
  assert.deepEqual(dotted.shape, []);
  let s = 0;
  for (let i = 0; i < 6; i++) s += v.item(i) ** 2;
  assert.ok(Math.abs(dotted.item() - s) < 1e-14);
  const f32 = np.matmul(random([3, 5], "float32", 1), random([5], "float32", 2));
  assert.equal(f32.dtype, "float32");
  const ints = np.matmul(np.array([[1, 2], [3, 4]]), np.array([[5], [6]]));
  assert.equal(ints.dtype, "int64");
  assert.deepEqual(ints.tolist(), [[17], [39]]);
});

Deno.test("batched matmul broadcasts the batch axes", () => {
  const a = random([2, 3, 4], "float64", 11);
  const b = random([4, 5], "float64", 12);
  const c = np.matmul(a, b);
  assert.deepEqual(c.shape, [2, 3, 5]);
  for (let t = 0; t < 2; t++) {
    const expected = naive(a.at(t), b, false);
    assertClose(c.at(t), expected, 1e-14, `batch ${t}`);
  }
});

Deno.test("shape errors name the op and both shapes", () => {
  assert.throws(
    () => np.matmul(np.ones([2, 3]), np.ones([2, 3])),
    /matmul: shapes \(2, 3\) and \(2, 3\) not aligned/,
  );
  assert.throws(() => np.matmul(np.ones([]), np.ones([2])), /matmul/);
});

Deno.test("outer, trace and fill_diagonal", () => {
  const v = np.array([1, 2, 3], "float32");
  assert.deepEqual(np.outer(v, v).tolist(), [[1, 2, 3], [2, 4, 6], [3, 6, 9]]);
  const a = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.equal(np.trace(a).item(), 6);
  assert.equal(np.trace(a.T).item(), 6);
  const z = np.zeros([3, 3]);
  np.fill_diagonal(z, np.array([7, 8]));
  assert.deepEqual(z.tolist(), [[7, 0, 0], [0, 8, 0], [0, 0, 7]]);
  const base = np.zeros([2, 3]);
  const t = base.T;
  void t.data;
  np.fill_diagonal(t, 5);
  assert.deepEqual(base.tolist(), [[5, 0, 0], [0, 5, 0]], "writes through a lazy transpose");
  assert.deepEqual(t.tolist(), [[5, 0], [0, 5], [0, 0]], "and its materialised copy");
});

Deno.test("the JS backend's fused ReLU layer matches matmul then maximum", () => {
  const backend = createJsKernels();
  const x = random([5, 6], "float32", 21);
  const w = random([6, 6], "float32", 22);
  const out = new Float32Array(30);
  const sums = new Float64Array(6);
  const squares = new Float64Array(6);
  backend.reluMatmulColumnSumsF32(
    x.data as Float32Array,
    w.data as Float32Array,
    out,
    5,
    6,
    sums,
    squares,
  );
  const expected = np.maximum(np.matmul(x, w), 0);
  assert.deepEqual(Array.from(out), Array.from(expected.data));
  for (let j = 0; j < 6; j++) {
    let s = 0, q = 0;
    for (let i = 0; i < 5; i++) s += out[i * 6 + j], q += out[i * 6 + j] ** 2;
    assert.equal(sums[j], s);
    assert.equal(squares[j], q);
  }
});
