/**
 * Determinants from an LU factorisation with partial pivoting (LAPACK getrf's pivots), as
 * numpy's `det` and `slogdet`: a singular matrix gives 0 (sign 0, log −∞), never an error.
 *
 * @module
 */

/** The diagonal of U and the permutation's sign from P·A = L·U of an n×n matrix. */
function luDiagonal(a: Float64Array, n: number): { diagonal: Float64Array; sign: number } {
  const lu = a.slice(0, n * n);
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let best = k;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(lu[i * n + k]) > Math.abs(lu[best * n + k])) best = i;
    }
    if (best !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[best * n + j];
        lu[best * n + j] = t;
      }
      sign = -sign;
    }
    const pivot = lu[k * n + k];
    if (pivot === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k] / pivot;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) diagonal[i] = lu[i * n + i];
  return { diagonal, sign };
}

/**
 * The determinant of an n×n matrix, sign · exp(log |det|) from {@link slogdet}, as numpy
 * computes it (so a singular matrix gives exactly 0).
 *
 * @param a n×n row-major (not modified).
 * @param n The order.
 * @example
 * ```ts
 * import { det } from "./determinant.ts";
 * det(Float64Array.of(1, 2, 3, 4), 2); // -2.0000000000000004
 * ```
 */
export function det(a: Float64Array, n: number): number {
  const { sign, logabsdet } = slogdet(a, n);
  return sign === 0 ? 0 : sign * Math.exp(logabsdet);
}

/**
 * The sign and the natural log of the absolute determinant of an n×n matrix (sign 0 and
 * log −∞ when singular), as numpy's `slogdet`.
 *
 * @param a n×n row-major (not modified).
 * @param n The order.
 * @example
 * ```ts
 * import { slogdet } from "./determinant.ts";
 * slogdet(Float64Array.of(1, 2, 3, 4), 2); // { sign: -1, logabsdet: 0.6931471805599455 }
 * ```
 */
export function slogdet(a: Float64Array, n: number): { sign: number; logabsdet: number } {
  const { diagonal, sign } = luDiagonal(a, n);
  let s = sign;
  let log = 0;
  for (const d of diagonal) {
    if (d === 0) return { sign: 0, logabsdet: -Infinity };
    if (d < 0) s = -s;
    log += Math.log(Math.abs(d));
  }
  return { sign: s, logabsdet: log };
}
