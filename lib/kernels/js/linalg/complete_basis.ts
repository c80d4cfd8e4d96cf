/**
 * Completing orthonormal columns to an orthonormal basis: the extra columns of a full SVD's U
 * (or rows of its Vh), which numpy's `full_matrices=True` returns.
 *
 * @module
 */

/**
 * The rows×rows matrix whose first `k` columns are `q`'s and whose other columns complete them
 * to an orthonormal basis (Gram-Schmidt, twice, over the standard basis vectors in order). Any
 * completion is as valid as LAPACK's: only the span of the extra columns is determined.
 *
 * @param q rows×k row-major, orthonormal columns (not modified).
 * @param rows Rows of `q` (and of the result).
 * @param k Columns of `q`, at most `rows`.
 * @returns rows×rows row-major.
 * @example
 * ```ts
 * import { completeBasis } from "./complete_basis.ts";
 * completeBasis(Float64Array.of(0, 1), 2, 1); // [[0, 1], [1, 0]]
 * ```
 */
export function completeBasis(q: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < k; j++) out[i * rows + j] = q[i * k + j];
  }
  const v = new Float64Array(rows);
  let filled = k;
  for (let e = 0; e < rows && filled < rows; e++) {
    v.fill(0);
    v[e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < filled; j++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += out[i * rows + j] * v[i];
        for (let i = 0; i < rows; i++) v[i] -= dot * out[i * rows + j];
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // A basis vector mostly inside the span so far adds nothing reliable; the next one will.
    if (norm < 0.5) continue;
    for (let i = 0; i < rows; i++) out[i * rows + filled] = v[i] / norm;
    filled++;
  }
  return out;
}
