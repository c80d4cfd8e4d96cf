/**
 * The elementwise parts of numpy's cov and corrcoef around their one matrix product: centring
 * the variables and normalising the covariance.
 *
 * @module
 */

import { pairwiseSum } from "./reduce.ts";

/**
 * Subtracts each row's mean from it, in place: f rows of s samples, row-major.
 *
 * @param x f×s values, centred in place.
 * @param f Rows (variables).
 * @param s Columns (samples).
 * @example
 * ```ts
 * import { centreRows } from "./covariance.ts";
 * const x = Float64Array.of(1, 2, 3);
 * centreRows(x, 1, 3); // x: [-1, 0, 1]
 * ```
 */
export function centreRows(x: Float64Array, f: number, s: number): void {
  for (let i = 0; i < f; i++) {
    const mean = pairwiseSum(x, i * s, s) / s;
    for (let j = 0; j < s; j++) x[i * s + j] -= mean;
  }
}

/**
 * Turns an f×f covariance matrix into correlations in place, as numpy's corrcoef: divided by
 * the standard deviations of row and column, clipped to [−1, 1]; one variable gives c / c.
 *
 * @param c f×f covariance, overwritten.
 * @param f Variables.
 */
export function correlationInPlace(c: Float64Array, f: number): void {
  if (f === 1) {
    c[0] /= c[0];
    return;
  }
  const std = new Float64Array(f);
  for (let i = 0; i < f; i++) std[i] = Math.sqrt(c[i * f + i]);
  for (let i = 0; i < f; i++) {
    for (let j = 0; j < f; j++) {
      const r = c[i * f + j] / std[i] / std[j];
      c[i * f + j] = r > 1 ? 1 : r < -1 ? -1 : r;
    }
  }
}
