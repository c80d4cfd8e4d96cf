/**
 * LU factorisation with partial pivoting, and the solve and inverse built on it.
 *
 * The hot loops update a row with up to eight other rows at a time (a rank-8 update), so each
 * element is loaded and stored once per eight multiply-adds instead of once per one.
 *
 * @module
 */

import { LinAlgError } from "./errors.ts";

/** Pivots per panel: how many rank-1 updates are fused into one pass over the trailing rows. */
const PANEL = 8;

/** P·A = L·U packed in one n×n buffer (unit L below the diagonal, U on and above). */
interface LuFactors {
  lu: Float64Array;
  /** Row i of P·A is row pivots[i] of A. */
  pivots: Int32Array;
}

/**
 * Right-looking LU with partial pivoting (same pivots as LAPACK's getf2); throws, like numpy,
 * only on an exactly zero pivot. Pivots are taken PANEL at a time: the panel's columns are
 * factored first, then the rows to the right are updated by all of its pivots in one pass.
 */
function factorLu(a: Float64Array, n: number): LuFactors {
  const lu = a.slice(0, n * n);
  const pivots = Int32Array.from({ length: n }, (_, i) => i);
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const k1 = Math.min(k0 + PANEL, n);
    for (let k = k0; k < k1; k++) eliminateInPanel(lu, n, pivots, k, k1);
    // U₁₂ = L₁₁⁻¹·A₁₂ for the panel rows, then A₂₂ -= L₂₁·U₁₂.
    for (let k = k0 + 1; k < k1; k++) subtractRows(lu, n, k * n, lu, k * n + k0, k0, k - k0, k1, n);
    for (let i = k1; i < n; i++) subtractRows(lu, n, i * n, lu, i * n + k0, k0, k1 - k0, k1, n);
  }
  return { lu, pivots };
}

/** Picks and swaps in the pivot for column k, then eliminates below it within columns < k1. */
function eliminateInPanel(lu: Float64Array, n: number, pivots: Int32Array, k: number, k1: number) {
  let best = k;
  let bestAbs = Math.abs(lu[k * n + k]);
  for (let i = k + 1; i < n; i++) {
    const v = Math.abs(lu[i * n + k]);
    if (v > bestAbs) {
      best = i;
      bestAbs = v;
    }
  }
  if (bestAbs === 0) throw new LinAlgError("Singular matrix");
  if (best !== k) {
    swapRows(lu, n, k, best);
    const p = pivots[k];
    pivots[k] = pivots[best];
    pivots[best] = p;
  }
  const rowK = k * n;
  const inverse = 1 / lu[rowK + k];
  for (let i = k + 1; i < n; i++) {
    const rowI = i * n;
    const factor = lu[rowI + k] * inverse;
    lu[rowI + k] = factor;
    if (factor === 0) continue;
    for (let j = k + 1; j < k1; j++) lu[rowI + j] -= factor * lu[rowK + j];
  }
}

function swapRows(m: Float64Array, width: number, r1: number, r2: number): void {
  const o1 = r1 * width;
  const o2 = r2 * width;
  for (let j = 0; j < width; j++) {
    const t = m[o1 + j];
    m[o1 + j] = m[o2 + j];
    m[o2 + j] = t;
  }
}

/**
 * target[to + c0..c1) -= Σ_t factors[fo + t]·x[(r0 + t)·width + c0..c1) over count rows of
 * x starting at row r0, eight (then four, then one) rows per pass.
 */
function subtractRows(
  x: Float64Array,
  width: number,
  to: number,
  factors: Float64Array,
  fo: number,
  r0: number,
  count: number,
  c0: number,
  c1: number,
): void {
  let t = 0;
  for (; t + 8 <= count; t += 8) {
    const f0 = factors[fo + t];
    const f1 = factors[fo + t + 1];
    const f2 = factors[fo + t + 2];
    const f3 = factors[fo + t + 3];
    const f4 = factors[fo + t + 4];
    const f5 = factors[fo + t + 5];
    const f6 = factors[fo + t + 6];
    const f7 = factors[fo + t + 7];
    const o0 = (r0 + t) * width;
    const o1 = o0 + width;
    const o2 = o1 + width;
    const o3 = o2 + width;
    const o4 = o3 + width;
    const o5 = o4 + width;
    const o6 = o5 + width;
    const o7 = o6 + width;
    for (let c = c0; c < c1; c++) {
      x[to + c] -= f0 * x[o0 + c] + f1 * x[o1 + c] + f2 * x[o2 + c] + f3 * x[o3 + c] +
        (f4 * x[o4 + c] + f5 * x[o5 + c] + f6 * x[o6 + c] + f7 * x[o7 + c]);
    }
  }
  for (; t + 4 <= count; t += 4) {
    const f0 = factors[fo + t];
    const f1 = factors[fo + t + 1];
    const f2 = factors[fo + t + 2];
    const f3 = factors[fo + t + 3];
    if (f0 === 0 && f1 === 0 && f2 === 0 && f3 === 0) continue;
    const o0 = (r0 + t) * width;
    const o1 = o0 + width;
    const o2 = o1 + width;
    const o3 = o2 + width;
    for (let c = c0; c < c1; c++) {
      x[to + c] -= f0 * x[o0 + c] + f1 * x[o1 + c] + f2 * x[o2 + c] + f3 * x[o3 + c];
    }
  }
  for (; t < count; t++) {
    const f = factors[fo + t];
    if (f === 0) continue;
    const o = (r0 + t) * width;
    for (let c = c0; c < c1; c++) x[to + c] -= f * x[o + c];
  }
}

/** Overwrites x (n×nrhs, already row-permuted) with U⁻¹·L⁻¹·x. */
function substitute(lu: Float64Array, n: number, x: Float64Array, nrhs: number): void {
  for (let i = 1; i < n; i++) subtractRows(x, nrhs, i * nrhs, lu, i * n, 0, i, 0, nrhs);
  for (let i = n - 1; i >= 0; i--) {
    const rowI = i * nrhs;
    subtractRows(x, nrhs, rowI, lu, i * n + i + 1, i + 1, n - i - 1, 0, nrhs);
    const inverse = 1 / lu[i * n + i];
    for (let c = 0; c < nrhs; c++) x[rowI + c] *= inverse;
  }
}
/**
 * X with A·X = B, by LU with partial pivoting (LAPACK's gesv).
 *
 * @param a Square n×n matrix, row-major (not modified).
 * @param b Right-hand sides, n×nrhs row-major (not modified).
 * @param n Order of `a`.
 * @param nrhs Number of right-hand-side columns.
 * @returns X, n×nrhs row-major.
 * @throws {LinAlgError} "Singular matrix" when a pivot is exactly zero.
 * @example
 * ```ts
 * solve(new Float64Array([2, 0, 0, 4]), new Float64Array([2, 8]), 2, 1); // [1, 2]
 * ```
 */
export function solve(a: Float64Array, b: Float64Array, n: number, nrhs: number): Float64Array {
  const { lu, pivots } = factorLu(a, n);
  const x = new Float64Array(n * nrhs);
  for (let i = 0; i < n; i++) x.set(b.subarray(pivots[i] * nrhs, (pivots[i] + 1) * nrhs), i * nrhs);
  substitute(lu, n, x, nrhs);
  return x;
}

/**
 * A⁻¹, by LU with partial pivoting applied to the identity.
 *
 * @param a Square n×n matrix, row-major (not modified).
 * @param n Order of `a`.
 * @returns A⁻¹, n×n row-major.
 * @throws {LinAlgError} "Singular matrix" when a pivot is exactly zero.
 * @example
 * ```ts
 * inv(new Float64Array([2, 0, 0, 4]), 2); // [0.5, 0, 0, 0.25]
 * ```
 */
export function inv(a: Float64Array, n: number): Float64Array {
  const { lu, pivots } = factorLu(a, n);
  const x = new Float64Array(n * n);
  // Row i of P·I is e_{pivots[i]}.
  for (let i = 0; i < n; i++) x[i * n + pivots[i]] = 1;
  substitute(lu, n, x, n);
  return x;
}
