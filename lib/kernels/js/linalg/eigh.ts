/**
 * Symmetric eigendecomposition kernels (numpy.linalg.eigh and eigvalsh).
 *
 * @module
 */

import { tridiagonalize, tridiagonalQl } from "./tridiagonal.ts";

/** The lower triangle of row-major `a` as a column-major matrix; null if any entry is not finite. */
function lowerColumnMajor(a: Float64Array, n: number): Float64Array | null {
  const z = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      const v = a[r * n + c];
      if (!Number.isFinite(v)) return null;
      z[c * n + r] = v;
    }
  }
  return z;
}

/** Positions of `values` in ascending order. */
function ascendingOrder(values: Float64Array): Int32Array {
  const order = Int32Array.from(values, (_, i) => i);
  return order.sort((i, j) => values[i] - values[j]);
}

/**
 * Eigenvalues (ascending) and eigenvectors of a real symmetric matrix, reading only its lower
 * triangle like numpy's default UPLO="L". Householder tridiagonalisation then implicit QL,
 * O(n³). A non-finite entry gives all-NaN results.
 *
 * @param a n×n matrix, row-major (not modified).
 * @param n Order of the matrix.
 * @returns values (length n, ascending) and vectors (n×n row-major; column j is the unit
 * eigenvector of values[j], as numpy returns it).
 * @throws {LinAlgError} "Eigenvalues did not converge" if the QL iteration stalls.
 * @example
 * ```ts
 * const { values } = eigh(new Float64Array([2, 1, 1, 2]), 2); // values ≈ [1, 3]
 * ```
 */
export function eigh(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  const z = lowerColumnMajor(a, n);
  if (z === null) {
    values.fill(NaN);
    vectors.fill(NaN);
    return { values, vectors };
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(z, n, d, e, true);
  const q = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) q[r * n + c] = z[c * n + r];
  }
  tridiagonalQl(d, e, n, q);
  const order = ascendingOrder(d);
  for (let j = 0; j < n; j++) values[j] = d[order[j]];
  for (let r = 0; r < n; r++) {
    const row = r * n;
    for (let j = 0; j < n; j++) vectors[row + j] = q[row + order[j]];
  }
  return { values, vectors };
}

/**
 * Eigenvalues of a real symmetric matrix in ascending order, reading only its lower triangle;
 * cheaper than {@link eigh} because no eigenvectors are formed. A non-finite entry gives NaNs.
 *
 * @param a n×n matrix, row-major (not modified).
 * @param n Order of the matrix.
 * @returns The n eigenvalues, ascending.
 * @throws {LinAlgError} "Eigenvalues did not converge" if the QL iteration stalls.
 * @example
 * ```ts
 * eigvalsh(new Float64Array([2, 1, 1, 2]), 2); // ≈ [1, 3]
 * ```
 */
export function eigvalsh(a: Float64Array, n: number): Float64Array {
  const z = lowerColumnMajor(a, n);
  if (z === null) return new Float64Array(n).fill(NaN);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(z, n, d, e, false);
  tridiagonalQl(d, e, n, null);
  return d.sort();
}
