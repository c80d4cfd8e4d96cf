/**
 * LU factorisation with partial pivoting, and the solve and inverse built on it.
 *
 * @module
 */

import { LinAlgError } from "./errors.ts";

/** P·A = L·U packed in one n×n buffer (unit L below the diagonal, U on and above). */
interface LuFactors {
  lu: Float64Array;
  /** Row i of P·A is row pivots[i] of A. */
  pivots: Int32Array;
}

/** Right-looking LU with partial pivoting; throws like LAPACK's getrf only on an exact 0 pivot. */
function factorLu(a: Float64Array, n: number): LuFactors {
  const lu = a.slice(0, n * n);
  const pivots = new Int32Array(n);
  for (let i = 0; i < n; i++) pivots[i] = i;
  for (let k = 0; k < n; k++) {
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
    const pivot = lu[rowK + k];
    for (let i = k + 1; i < n; i++) {
      const rowI = i * n;
      const factor = lu[rowI + k] / pivot;
      lu[rowI + k] = factor;
      if (factor === 0) continue;
      for (let j = k + 1; j < n; j++) lu[rowI + j] -= factor * lu[rowK + j];
    }
  }
  return { lu, pivots };
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

/** Overwrites x (n×nrhs, already row-permuted) with U⁻¹·L⁻¹·x. */
function substitute(lu: Float64Array, n: number, x: Float64Array, nrhs: number): void {
  for (let i = 1; i < n; i++) {
    const rowI = i * nrhs;
    for (let j = 0; j < i; j++) {
      const factor = lu[i * n + j];
      if (factor === 0) continue;
      const rowJ = j * nrhs;
      for (let c = 0; c < nrhs; c++) x[rowI + c] -= factor * x[rowJ + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const rowI = i * nrhs;
    for (let j = i + 1; j < n; j++) {
      const factor = lu[i * n + j];
      if (factor === 0) continue;
      const rowJ = j * nrhs;
      for (let c = 0; c < nrhs; c++) x[rowI + c] -= factor * x[rowJ + c];
    }
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
