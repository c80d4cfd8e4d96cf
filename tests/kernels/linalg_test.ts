import assert from "@std/assert";
import {
  cholesky,
  completeBasis,
  eigh,
  eigvalsh,
  inv,
  LinAlgError,
  qr,
  solve,
  svd,
  svdvals,
} from "../../lib/kernels/js/linalg.ts";
import { mulberry32 } from "../_random.ts";

const EPS = 2 ** -52;
const SIZES = [1, 2, 3, 17, 64, 256];

/** Deterministic uniforms in [-1, 1), so failures reproduce. */
function uniforms(seed: number): () => number {
  const next = mulberry32(seed);
  return () => 2 * next() - 1;
}

function randomMatrix(m: number, n: number, seed: number): Float64Array {
  const next = uniforms(seed);
  return Float64Array.from({ length: m * n }, next);
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const a = randomMatrix(n, n, seed);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return a;
}

/** B·Bᵀ + n·I: comfortably positive definite. */
function randomSpd(n: number, seed: number): Float64Array {
  const b = randomMatrix(n, n, seed);
  const a = multiply(b, transpose(b, n, n), n, n, n);
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  return a;
}

/** Naive C (m×p) = A (m×q)·B (q×p), the reference product. */
function multiply(a: Float64Array, b: Float64Array, m: number, q: number, p: number) {
  const c = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += a[i * q + k] * b[k * p + j];
      c[i * p + j] = s;
    }
  }
  return c;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function assertClose(got: Float64Array, want: Float64Array, tolerance: number, label: string) {
  assert.equal(got.length, want.length, `${label}: length`);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= tolerance, `${label}: max error ${worst} > ${tolerance}`);
}

/** Columns of the rows×cols q are orthonormal: QᵀQ = I. */
function assertOrthonormalColumns(q: Float64Array, rows: number, cols: number, label: string) {
  const gram = multiply(transpose(q, rows, cols), q, cols, rows, cols);
  assertClose(gram, identity(cols), 64 * Math.max(rows, 4) * EPS, `${label}: QᵀQ = I`);
}

/** Runs `f` and checks it left its input arrays untouched. */
function unchanged<T>(inputs: Float64Array[], f: () => T): T {
  const copies = inputs.map((a) => a.slice());
  const result = f();
  inputs.forEach((a, i) => assert.deepEqual(a, copies[i], "input was modified"));
  return result;
}

function assertLinAlgError(f: () => unknown, message: string) {
  assert.throws(f, (e: unknown) => e instanceof LinAlgError && e.message === message);
}

Deno.test("cholesky: L·Lᵀ = A with L lower triangular and a positive diagonal", () => {
  for (const n of SIZES) {
    const a = randomSpd(n, n);
    const l = unchanged([a], () => cholesky(a, n));
    for (let i = 0; i < n; i++) {
      assert.ok(l[i * n + i] > 0);
      for (let j = i + 1; j < n; j++) assert.equal(l[i * n + j], 0);
    }
    assertClose(multiply(l, transpose(l, n, n), n, n, n), a, 16 * n * EPS * maxAbs(a), `n=${n}`);
  }
});

Deno.test("cholesky reads only the lower triangle and has the closed form on 2×2", () => {
  assert.deepEqual(Array.from(cholesky(new Float64Array([4, 999, 2, 5]), 2)), [2, 0, 1, 2]);
});

Deno.test("cholesky rejects matrices that are not positive definite", () => {
  const message = "Matrix is not positive definite";
  assertLinAlgError(() => cholesky(new Float64Array([1, 2, 2, 1]), 2), message);
  assertLinAlgError(() => cholesky(new Float64Array(9), 3), message);
  assertLinAlgError(() => cholesky(new Float64Array([-1]), 1), message);
  const semidefinite = new Float64Array([1, 1, 1, 1]);
  assertLinAlgError(() => cholesky(semidefinite, 2), message);
});

Deno.test("solve: A·X = B for one and several right-hand sides", () => {
  for (const n of SIZES) {
    for (const nrhs of [1, 3]) {
      const a = randomMatrix(n, n, 100 + n);
      const b = randomMatrix(n, nrhs, 200 + n);
      const x = unchanged([a, b], () => solve(a, b, n, nrhs));
      // Residual bound for a backward-stable solve: ~ n·eps·‖A‖·‖X‖.
      const tolerance = 64 * n * EPS * Math.max(1, maxAbs(x)) * n;
      assertClose(multiply(a, x, n, n, nrhs), b, tolerance, `n=${n} nrhs=${nrhs}`);
    }
  }
});

Deno.test("solve needs pivoting for a zero leading entry and solves it exactly", () => {
  assert.deepEqual(
    Array.from(solve(new Float64Array([0, 1, 1, 0]), new Float64Array([3, 5]), 2, 1)),
    [5, 3],
  );
});

Deno.test("solve and inv reject singular matrices", () => {
  const singular = [
    new Float64Array([1, 2, 2, 4]),
    new Float64Array(4),
    new Float64Array([1, 2, 3, 4, 5, 6, 0, 0, 0]),
  ];
  for (const a of singular) {
    const n = Math.sqrt(a.length);
    assertLinAlgError(() => solve(a, new Float64Array(n), n, 1), "Singular matrix");
    assertLinAlgError(() => inv(a, n), "Singular matrix");
  }
});

Deno.test("inv: A·A⁻¹ = A⁻¹·A = I, and the closed form for a diagonal matrix", () => {
  for (const n of SIZES) {
    const a = randomMatrix(n, n, 300 + n);
    const ai = unchanged([a], () => inv(a, n));
    const tolerance = 64 * n * n * EPS * Math.max(1, maxAbs(ai));
    assertClose(multiply(a, ai, n, n, n), identity(n), tolerance, `A·A⁻¹ n=${n}`);
    assertClose(multiply(ai, a, n, n, n), identity(n), tolerance, `A⁻¹·A n=${n}`);
  }
  assertClose(
    inv(new Float64Array([2, 0, 0, -4]), 2),
    new Float64Array([0.5, 0, 0, -0.25]),
    0,
    "diag",
  );
});

const SHAPES: [number, number][] = [
  [1, 1],
  [2, 2],
  [3, 2],
  [2, 3],
  [17, 17],
  [64, 17],
  [17, 64],
  [64, 64],
  [256, 256],
];

Deno.test("qr: Q·R = A, QᵀQ = I and R upper triangular", () => {
  for (const [m, n] of SHAPES) {
    const k = Math.min(m, n);
    const a = randomMatrix(m, n, 400 + m * 7 + n);
    const { q, r } = unchanged([a], () => qr(a, m, n));
    assert.equal(q.length, m * k);
    assert.equal(r.length, k * n);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < Math.min(i, n); j++) assert.equal(r[i * n + j], 0);
    }
    assertOrthonormalColumns(q, m, k, `${m}×${n}`);
    assertClose(multiply(q, r, m, k, n), a, 64 * Math.max(m, n) * EPS, `Q·R ${m}×${n}`);
  }
});

Deno.test("qr of rank-deficient input still gives orthonormal Q", () => {
  const a = new Float64Array([1, 0, 2, 2, 0, 4, 3, 0, 6]); // zero column, dependent columns
  const { q, r } = qr(a, 3, 3);
  assertOrthonormalColumns(q, 3, 3, "rank 1");
  assertClose(multiply(q, r, 3, 3, 3), a, 1e-14, "Q·R");
});

function checkEigh(a: Float64Array, n: number, label: string) {
  const { values, vectors } = unchanged([a], () => eigh(a, n));
  for (let j = 1; j < n; j++) assert.ok(values[j - 1] <= values[j], `${label}: ascending`);
  assertOrthonormalColumns(vectors, n, n, label);
  // V·diag(w)·Vᵀ = A (symmetric A).
  const scaled = vectors.slice();
  for (let r = 0; r < n; r++) for (let j = 0; j < n; j++) scaled[r * n + j] *= values[j];
  const rebuilt = multiply(scaled, transpose(vectors, n, n), n, n, n);
  assertClose(rebuilt, a, 64 * n * EPS * Math.max(1, maxAbs(values)), `${label}: V·diag(w)·Vᵀ`);
  assertClose(
    eigvalsh(a, n),
    values,
    64 * n * EPS * Math.max(1, maxAbs(values)),
    `${label}: eigvalsh`,
  );
  let trace = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    trace += a[i * n + i];
    sum += values[i];
  }
  assert.ok(Math.abs(trace - sum) <= 64 * n * EPS * Math.max(1, maxAbs(values)), `${label}: trace`);
}

Deno.test("eigh: V·diag(w)·Vᵀ = A, VᵀV = I, ascending values equal to eigvalsh", () => {
  for (const n of SIZES) checkEigh(randomSymmetric(n, 500 + n), n, `n=${n}`);
});

Deno.test("eigh handles repeated eigenvalues, zero and diagonal matrices", () => {
  checkEigh(identity(5), 5, "identity");
  checkEigh(new Float64Array(16), 4, "zero");
  const diagonal = new Float64Array(9);
  [3, -1, 2].forEach((v, i) => diagonal[i * 3 + i] = v);
  checkEigh(diagonal, 3, "diagonal");
  assert.deepEqual(Array.from(eigvalsh(diagonal, 3)), [-1, 2, 3]);
  // A rank-one matrix u·uᵀ with ‖u‖² = 30: eigenvalues 0 (three times) and 30.
  const u = [1, 2, 3, 4];
  const outer = Float64Array.from({ length: 16 }, (_, i) => u[Math.floor(i / 4)] * u[i % 4]);
  checkEigh(outer, 4, "rank one");
  assertClose(eigvalsh(outer, 4), new Float64Array([0, 0, 0, 30]), 1e-13, "rank one values");
});

Deno.test("eigh has the closed form on 2×2 and reads only the lower triangle", () => {
  const { values, vectors } = eigh(new Float64Array([2, -50, 1, 2]), 2);
  assertClose(values, new Float64Array([1, 3]), 4 * EPS, "values");
  const h = Math.SQRT1_2;
  // Columns (1, -1)/√2 and (1, 1)/√2 up to sign.
  assert.ok(Math.abs(Math.abs(vectors[0]) - h) < 1e-15 && vectors[0] * vectors[2] < 0);
  assert.ok(Math.abs(Math.abs(vectors[1]) - h) < 1e-15 && vectors[1] * vectors[3] > 0);
  const upperGarbage = randomSymmetric(17, 9);
  const lowerOnly = upperGarbage.slice();
  for (let i = 0; i < 17; i++) for (let j = i + 1; j < 17; j++) upperGarbage[i * 17 + j] = 1e3;
  assert.deepEqual(eigh(upperGarbage, 17), eigh(lowerOnly, 17));
});

Deno.test("eigh and svd keep their accuracy on matrices scaled by 1e±200", () => {
  for (const scale of [1e200, 1e-200]) {
    const symmetric = randomSymmetric(24, 31).map((x) => x * scale);
    const { values, vectors } = eigh(symmetric, 24);
    assertOrthonormalColumns(vectors, 24, 24, `eigh ${scale}`);
    const reference = eigh(randomSymmetric(24, 31), 24).values.map((x) => x * scale);
    assertClose(values, reference, 1e-13 * scale, `eigh ${scale}: values scale along`);
    const a = randomMatrix(9, 6, 32).map((x) => x * scale);
    const s = svdvals(a, 9, 6);
    assertClose(
      s,
      svdvals(randomMatrix(9, 6, 32), 9, 6).map((x) => x * scale),
      1e-14 * scale,
      "svd",
    );
  }
});

Deno.test("eigh and eigvalsh turn non-finite input into NaNs", () => {
  const a = new Float64Array([1, 0, NaN, 1]);
  assert.ok(eigh(a, 2).values.every(Number.isNaN));
  assert.ok(eigvalsh(new Float64Array([Infinity, 0, 0, 1]), 2).every(Number.isNaN));
});

function checkSvd(a: Float64Array, m: number, n: number, label: string) {
  const k = Math.min(m, n);
  const { u, s, vt } = unchanged([a], () => svd(a, m, n));
  assert.equal(u.length, m * k);
  assert.equal(vt.length, k * n);
  for (let j = 0; j < k; j++) {
    assert.ok(s[j] >= 0, `${label}: s >= 0`);
    if (j > 0) assert.ok(s[j - 1] >= s[j], `${label}: descending`);
  }
  const scale = Math.max(1, s[0] ?? 0);
  assertOrthonormalColumns(u, m, k, `${label} U`);
  assertOrthonormalColumns(transpose(vt, k, n), n, k, `${label} Vᵀ`);
  const us = u.slice();
  for (let r = 0; r < m; r++) for (let j = 0; j < k; j++) us[r * k + j] *= s[j];
  assertClose(multiply(us, vt, m, k, n), a, 64 * Math.max(m, n) * EPS * scale, `${label}: U·S·Vt`);
  assertClose(svdvals(a, m, n), s, 64 * Math.max(m, n) * EPS * scale, `${label}: svdvals`);
}

Deno.test("svd: U·diag(s)·Vt = A with orthonormal U and V, s descending, equal to svdvals", () => {
  for (const [m, n] of SHAPES) checkSvd(randomMatrix(m, n, 600 + 7 * m + n), m, n, `${m}×${n}`);
});

Deno.test("svd handles rank-deficient input: zero, rank one and the nilpotent shift", () => {
  checkSvd(new Float64Array(12), 4, 3, "zero");
  const u = [1, -2, 3, 0.5, 4];
  const v = [2, 1, -1];
  const outer = Float64Array.from({ length: 15 }, (_, i) => u[Math.floor(i / 3)] * v[i % 3]);
  checkSvd(outer, 5, 3, "rank one");
  const norms = Math.hypot(...u) * Math.hypot(...v);
  assertClose(svdvals(outer, 5, 3), new Float64Array([norms, 0, 0]), 1e-14, "rank one values");
  const shift = new Float64Array(16);
  for (let i = 0; i < 3; i++) shift[i * 4 + i + 1] = 1;
  checkSvd(shift, 4, 4, "shift");
  assert.deepEqual(Array.from(svdvals(shift, 4, 4)), [1, 1, 1, 0]);
  // Upper bidiagonal with a zero inside its diagonal: AᵀA has eigenvalues 2, 2, 0.
  const zeroInside = new Float64Array([1, 1, 0, 0, 0, 1, 0, 0, 1]);
  checkSvd(zeroInside, 3, 3, "zero on the diagonal");
  assertClose(
    svdvals(zeroInside, 3, 3),
    new Float64Array([Math.SQRT2, Math.SQRT2, 0]),
    4e-16,
    "√2",
  );
  const zeroColumn = randomMatrix(6, 4, 77);
  for (let r = 0; r < 6; r++) zeroColumn[r * 4 + 2] = 0;
  checkSvd(zeroColumn, 6, 4, "zero column");
  checkSvd(transpose(zeroColumn, 6, 4), 4, 6, "zero row");
});

Deno.test("svdvals of a diagonal matrix are its sorted absolute entries", () => {
  const a = new Float64Array(16);
  [3, -7, 0.5, -2].forEach((v, i) => a[i * 4 + i] = v);
  assert.deepEqual(Array.from(svdvals(a, 4, 4)), [7, 3, 2, 0.5]);
});

Deno.test("svdvals² equal the eigenvalues of AᵀA", () => {
  const [m, n] = [40, 12];
  const a = randomMatrix(m, n, 4242);
  const gram = multiply(transpose(a, m, n), a, n, m, n);
  const squares = svdvals(a, m, n).map((x) => x * x).reverse();
  assertClose(squares, eigvalsh(gram, n), 1e-12 * maxAbs(gram), "σ² = λ(AᵀA)");
});

Deno.test("svd and svdvals reject non-finite input", () => {
  const message = "SVD did not converge";
  assertLinAlgError(() => svd(new Float64Array([NaN, 0, 0, 1]), 2, 2), message);
  assertLinAlgError(() => svdvals(new Float64Array([1, Infinity]), 1, 2), message);
});

Deno.test("completeBasis keeps the given columns and completes them orthonormally", () => {
  // Two orthonormal columns of R⁴ (a 45° rotation in the first two coordinates, then e₃).
  const h = Math.SQRT1_2;
  const q = Float64Array.of(h, 0, h, 0, 0, 1, 0, 0);
  const full = completeBasis(q, 4, 2);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 2; j++) assert.equal(full[i * 4 + j], q[i * 2 + j]);
  }
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      let dot = 0;
      for (let i = 0; i < 4; i++) dot += full[i * 4 + a] * full[i * 4 + b];
      assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-15, `columns ${a}, ${b}`);
    }
  }
});
