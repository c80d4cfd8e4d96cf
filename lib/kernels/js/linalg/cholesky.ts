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
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let s = a[rowI + j];
      for (let k = 0; k < j; k++) s -= l[rowI + k] * l[rowJ + k];
      if (j < i) {
        l[rowI + j] = s / l[rowJ + j];
      } else {
        if (s <= 0) throw new LinAlgError("Matrix is not positive definite");
        l[rowI + i] = Math.sqrt(s);
      }
    }
  }
  return l;
}
