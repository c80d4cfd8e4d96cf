import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { withBudget } from "../../lib/budget/mod.ts";
import { type BlasKernels, createBlasKernels } from "../../lib/kernels/blas/backend.ts";
import {
  BlasUnavailable,
  findBlas,
  LAPACK_SYMBOLS,
  openBlas,
} from "../../lib/kernels/blas/library.ts";
import { createJsKernels } from "../../lib/kernels/js/backend.ts";
import { LinAlgError } from "../../lib/kernels/js/linalg.ts";
import { type Kernels, useKernels } from "../../lib/kernels/seam.ts";
import { centred, maxRelative } from "./_numeric.ts";

/** The BLAS backend when this machine's BLAS opens and exports every LAPACK routine bound. */
function openLapack(): BlasKernels | undefined {
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return undefined;
  const path = findBlas();
  if (path === undefined) return undefined;
  try {
    const backend = createBlasKernels(openBlas(path), 2, undefined, { lapack: true });
    const symbols = backend.library.symbols;
    if (Object.keys(LAPACK_SYMBOLS).every((name) => symbols[name as Routine] !== null)) {
      return backend;
    }
  } catch (error) {
    if (!(error instanceof BlasUnavailable)) throw error;
  }
  return undefined;
}
type Routine = keyof typeof LAPACK_SYMBOLS;

const LAPACK = openLapack();
if (LAPACK === undefined) {
  console.log(
    "SKIPPED: LAPACK tests need a system BLAS with LAPACK (e.g. libopenblas0-pthread) and --allow-ffi",
  );
}
const withLapack = { ignore: LAPACK === undefined, sanitizeResources: false, sanitizeOps: false };

const js = createJsKernels();

/** Row-major (m×k)·(k×n), optionally with B transposed (B stored n×k). */
function product(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transB = false,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * (transB ? b[j * k + t] : b[t * n + j]);
      c[i * n + j] = s;
    }
  }
  return c;
}

/** A symmetric positive-definite n×n matrix M·Mᵀ + n·I; its upper triangle is then spoiled. */
function spd(n: number, seed: number, spoilUpper = true): Float64Array {
  const m = centred(n * n, seed);
  const a = product(m, m, n, n, n, true);
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  if (spoilUpper) {
    for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) a[r * n + c] = 99;
  }
  return a;
}

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, tol = 1e-10) {
  const err = maxRelative(got, want);
  assert.ok(err < tol, `${what}: relative difference ${err}`);
}

/** Per column of the row-major rows×cols `got`: -1 where it points away from `want`'s, else 1. */
function columnSigns(got: Float64Array, want: Float64Array, rows: number, cols: number): number[] {
  return Array.from({ length: cols }, (_, j) => {
    let dot = 0;
    for (let r = 0; r < rows; r++) dot += got[r * cols + j] * want[r * cols + j];
    return dot < 0 ? -1 : 1;
  });
}

/** The row-major `x` of `cols` columns with column j multiplied by signs[j]. */
function signColumns(x: Float64Array, cols: number, signs: number[]): Float64Array {
  return x.map((v, i) => v * signs[i % cols]);
}

/** Xᵀ·X for the row-major rows×cols X: the identity when the columns are orthonormal. */
function gram(x: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r * cols + i] * x[r * cols + j];
      g[i * cols + j] = s;
    }
  }
  return g;
}

function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

const SQUARE_SIZES = [1, 2, 5, 33, 100];
const SHAPES: [number, number][] = [[1, 1], [1, 4], [4, 1], [5, 3], [3, 5], [40, 25], [25, 40], [
  64,
  64,
]];

Deno.test({
  name: "LAPACK: OpenBLAS backs every linear-algebra kernel of the BLAS backend",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    if (blas.library.vendor === "openblas") {
      assert.deepEqual([...blas.lapack].sort(), [
        "cholesky",
        "eigh",
        "eigvalsh",
        "inv",
        "qr",
        "solve",
        "svd",
        "svdvals",
      ]);
    }
    for (const name of blas.lapack) assert.notEqual(blas[name], js[name], name);
  },
});

Deno.test({
  name: "LAPACK cholesky, solve and inv agree with the JS kernels",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    for (const n of SQUARE_SIZES) {
      const a = spd(n, n);
      const input = a.slice();
      const l = blas.cholesky(a, n);
      assert.deepEqual(a, input, "cholesky must not modify its input");
      assertClose(l, js.cholesky(a, n), `cholesky ${n}`);
      for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) assert.equal(l[r * n + c], 0);

      const g = centred(n * n, 7 * n + 1);
      for (let i = 0; i < n; i++) g[i * n + i] += 2; // well conditioned
      for (const nrhs of [1, 3]) {
        const b = centred(n * nrhs, 11 * n + nrhs);
        const x = blas.solve(g, b, n, nrhs);
        assertClose(x, js.solve(g, b, n, nrhs), `solve ${n} nrhs ${nrhs}`, 1e-9);
        assertClose(product(g, x, n, n, nrhs), b, `A·X = B, ${n} nrhs ${nrhs}`, 1e-9);
      }
      const inverse = blas.inv(g, n);
      assertClose(inverse, js.inv(g, n), `inv ${n}`, 1e-9);
      assertClose(product(g, inverse, n, n, n), identity(n), `A·A⁻¹ ${n}`, 1e-9);
    }
  },
});

Deno.test({
  name: "LAPACK eigh and eigvalsh agree with the JS kernels up to eigenvector signs",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    for (const n of SQUARE_SIZES) {
      const m = centred(n * n, 3 * n + 5);
      const a = new Float64Array(n * n);
      // Symmetric from the lower triangle; the upper one is spoiled, as only the lower is read.
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) a[r * n + c] = c <= r ? m[r * n + c] + m[c * n + r] : 7;
      }
      const full = a.slice();
      for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) full[r * n + c] = a[c * n + r];
      const { values, vectors } = blas.eigh(a, n);
      const want = js.eigh(a, n);
      assertClose(values, want.values, `eigh values ${n}`);
      for (let j = 1; j < n; j++) assert.ok(values[j - 1] <= values[j], "ascending");
      const signs = columnSigns(vectors, want.vectors, n, n);
      assertClose(signColumns(vectors, n, signs), want.vectors, `eigh vectors ${n}`, 1e-8);
      const scaled = vectors.map((v, i) => v * values[i % n]);
      assertClose(product(scaled, vectors, n, n, n, true), full, `V·diag(w)·Vᵀ ${n}`);
      assertClose(gram(vectors, n, n), identity(n), `VᵀV ${n}`);
      assertClose(blas.eigvalsh(a, n), js.eigvalsh(a, n), `eigvalsh ${n}`);
    }
  },
});

Deno.test({
  name: "LAPACK svd and svdvals agree with the JS kernels up to singular-vector signs",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    for (const [m, n] of SHAPES) {
      const k = Math.min(m, n);
      const a = centred(m * n, 13 * m + n);
      const input = a.slice();
      const { u, s, vt } = blas.svd(a, m, n);
      assert.deepEqual(a, input, "svd must not modify its input");
      const want = js.svd(a, m, n);
      assert.equal(u.length, m * k);
      assert.equal(vt.length, k * n);
      assertClose(s, want.s, `svd values ${m}x${n}`);
      for (let j = 1; j < k; j++) assert.ok(s[j - 1] >= s[j], "descending");
      // U's column j and Vt's row j (V's column j) may flip, but only together.
      const signs = columnSigns(u, want.u, m, k);
      const v = transpose(vt, k, n);
      const wantV = transpose(want.vt, k, n);
      assert.deepEqual(columnSigns(v, wantV, n, k), signs, `pairs flip together, ${m}x${n}`);
      assertClose(signColumns(u, k, signs), want.u, `svd U ${m}x${n}`, 1e-8);
      assertClose(signColumns(v, k, signs), wantV, `svd V ${m}x${n}`, 1e-8);
      const us = u.map((v, i) => v * s[i % k]);
      assertClose(product(us, vt, m, k, n), a, `U·S·Vt ${m}x${n}`);
      assertClose(gram(u, m, k), identity(k), `UᵀU ${m}x${n}`);
      assertClose(gram(v, n, k), identity(k), `V·Vᵀ ${m}x${n}`);
      assertClose(blas.svdvals(a, m, n), js.svdvals(a, m, n), `svdvals ${m}x${n}`);
    }
  },
});

Deno.test({
  name: "LAPACK qr agrees with the JS kernel up to the signs of R's rows",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    for (const [m, n] of SHAPES) {
      const k = Math.min(m, n);
      const a = centred(m * n, 17 * m + n);
      const { q, r } = blas.qr(a, m, n);
      const want = js.qr(a, m, n);
      assert.equal(q.length, m * k);
      assert.equal(r.length, k * n);
      assertClose(product(q, r, m, k, n), a, `Q·R ${m}x${n}`);
      assertClose(gram(q, m, k), identity(k), `QᵀQ ${m}x${n}`);
      for (let i = 0; i < k; i++) for (let c = 0; c < i; c++) assert.equal(r[i * n + c], 0);
      // Q's column i and R's row i flip together (R's rows are Rᵀ's columns).
      const signs = columnSigns(q, want.q, m, k);
      assertClose(signColumns(q, k, signs), want.q, `Q ${m}x${n}`, 1e-8);
      const rAligned = transpose(signColumns(transpose(r, k, n), k, signs), n, k);
      assertClose(rAligned, want.r, `R ${m}x${n}`, 1e-8);
    }
  },
});

Deno.test({
  name: "LAPACK kernels fail as the JS kernels do: messages, NaN, empty and short inputs",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    const both = (kernels: Kernels[], fn: (k: Kernels) => unknown, message: string) => {
      for (const k of kernels) {
        assert.throws(() => fn(k), (e: Error) => e instanceof LinAlgError && e.message === message);
      }
    };
    const pair = [blas, js];
    both(
      pair,
      (k) => k.cholesky(new Float64Array([1, 2, 2, 1]), 2),
      "Matrix is not positive definite",
    );
    both(pair, (k) => k.cholesky(new Float64Array([-1]), 1), "Matrix is not positive definite");
    const singular = new Float64Array([1, 2, 2, 4]);
    both(pair, (k) => k.solve(singular, new Float64Array([1, 1]), 2, 1), "Singular matrix");
    both(pair, (k) => k.inv(singular, 2), "Singular matrix");
    both(pair, (k) => k.inv(new Float64Array(9), 3), "Singular matrix");
    const withNaN = new Float64Array([1, 0, NaN, 1]);
    both(pair, (k) => k.svd(withNaN, 2, 2), "SVD did not converge");
    both(pair, (k) => k.svdvals(new Float64Array([Infinity]), 1, 1), "SVD did not converge");

    // NaN propagates (numpy's behaviour) rather than being reported as a failed pivot.
    const nanPivot = new Float64Array([NaN, 0, 0, 1]);
    assert.deepEqual(blas.cholesky(nanPivot, 2), js.cholesky(nanPivot, 2));
    assert.ok(blas.eigh(withNaN, 2).values.every(Number.isNaN));
    assert.ok(blas.eigvalsh(withNaN, 2).every(Number.isNaN));
    assert.ok(blas.solve(withNaN, new Float64Array([1, 1]), 2, 1).some(Number.isNaN));

    assert.equal(blas.cholesky(new Float64Array(0), 0).length, 0);
    assert.equal(blas.eigh(new Float64Array(0), 0).values.length, 0);
    assert.equal(blas.svd(new Float64Array(0), 0, 3).vt.length, 0);
    assert.equal(blas.qr(new Float64Array(0), 3, 0).q.length, 0);

    // Too-short buffers and bad dimensions never reach native code.
    const short = new Float64Array(3);
    assert.throws(() => blas.cholesky(short, 2), RangeError);
    assert.throws(() => blas.solve(new Float64Array(4), short, 2, 2), RangeError);
    assert.throws(() => blas.inv(short, 2), RangeError);
    assert.throws(() => blas.eigh(short, 2), RangeError);
    assert.throws(() => blas.eigvalsh(short, 2), RangeError);
    assert.throws(() => blas.svd(short, 2, 2), RangeError);
    assert.throws(() => blas.svdvals(short, 1, 4), RangeError);
    assert.throws(() => blas.qr(short, 4, 1), RangeError);
    assert.throws(() => blas.cholesky(new Float64Array(4), -2), RangeError);
    assert.throws(() => blas.qr(new Float64Array(4), 2.5, 1), RangeError);
  },
});

Deno.test({
  name: "np.linalg on the BLAS backend charges what it charges on the JS backend",
  ...withLapack,
  fn() {
    const blas = LAPACK!;
    const a = np.reshape(np.array(spd(12, 3, false), "float64"), [12, 12]);
    const tall = np.reshape(np.array(centred(12 * 5, 9), "float64"), [12, 5]);
    const run = (backend: Kernels) => {
      const previous = useKernels(backend);
      try {
        return withBudget({ flopBudget: 1e12 }, () => {
          np.linalg.cholesky(a);
          np.linalg.solve(a, np.ones([12]));
          np.linalg.inv(a);
          np.linalg.eigh(a);
          np.linalg.eigvalsh(a);
          np.linalg.svd(tall, false);
          np.linalg.svd(tall);
          np.linalg.svdvals(tall);
          np.linalg.qr(tall);
        }).summary;
      } finally {
        if (previous) useKernels(previous);
      }
    };
    const onBlas = run(blas);
    const onJs = run(js);
    assert.equal(onBlas.flops_used, onJs.flops_used);
    for (const [name, totals] of Object.entries(onJs.operations)) {
      assert.deepEqual(onBlas.operations[name]?.flop_cost, totals.flop_cost, name);
    }
  },
});
