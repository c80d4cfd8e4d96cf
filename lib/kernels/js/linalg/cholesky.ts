/**
 * Cholesky factorisation kernel.
 *
 * @module
 */

import { LinAlgError } from "./errors.ts";

/**
 * The lower-triangular L with A = L·Lᵀ, reading only the lower triangle of `a` (numpy's
 * default UPLO="L"). A NaN on the way propagates into L instead of throwing, as numpy does.
 *
 * @param a Symmetric positive-definite n×n matrix, row-major (not modified).
 * @param n Order of the matrix.
 * @returns L, n×n row-major, zeros above the diagonal.
 * @throws {LinAlgError} "Matrix is not positive definite" when a pivot is <= 0.
 * @example
 * ```ts
 * cholesky(new Float64Array([4, 2, 2, 5]), 2); // [2, 0, 1, 2]
 * ```
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    let j = 0;
    for (; j + 4 <= i; j += 4) solveFourEntries(a, l, n, i, j);
    for (; j < i; j++) {
      const rowJ = j * n;
      let s = 0;
      for (let k = 0; k < j; k++) s += l[rowI + k] * l[rowJ + k];
      l[rowI + j] = (a[rowI + j] - s) / l[rowJ + j];
    }
    let s = 0;
    for (let k = 0; k < i; k++) s += l[rowI + k] * l[rowI + k];
    const pivot = a[rowI + i] - s;
    if (pivot <= 0) throw new LinAlgError("Matrix is not positive definite");
    l[rowI + i] = Math.sqrt(pivot);
  }
  return l;
}

/**
 * L[i][j..j+3] (all left of the diagonal): the four dot products with rows j..j+3 share one
 * pass over row i's first j entries, then the small triangle among the four is resolved.
 */
function solveFourEntries(a: Float64Array, l: Float64Array, n: number, i: number, j: number) {
  const rowI = i * n;
  const r0 = j * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < j; k++) {
    const x = l[rowI + k];
    s0 += x * l[r0 + k];
    s1 += x * l[r1 + k];
    s2 += x * l[r2 + k];
    s3 += x * l[r3 + k];
  }
  const x0 = (a[rowI + j] - s0) / l[r0 + j];
  const x1 = (a[rowI + j + 1] - (s1 + x0 * l[r1 + j])) / l[r1 + j + 1];
  const x2 = (a[rowI + j + 2] - (s2 + x0 * l[r2 + j] + x1 * l[r2 + j + 1])) / l[r2 + j + 2];
  const x3 = (a[rowI + j + 3] - (s3 + x0 * l[r3 + j] + x1 * l[r3 + j + 1] + x2 * l[r3 + j + 2])) /
    l[r3 + j + 3];
  l[rowI + j] = x0;
  l[rowI + j + 1] = x1;
  l[rowI + j + 2] = x2;
  l[rowI + j + 3] = x3;
}
