/**
 * Householder reduction of a tall matrix to upper bidiagonal form, A = U·B·Vᵀ: the first
 * half of the Golub–Kahan–Reinsch SVD (after LINPACK's dsvdc).
 *
 * Every matrix here is held transposed (row c holds column c) so that the reflections, which
 * act on columns, run over contiguous memory.
 *
 * @module
 */

/** B's diagonal and superdiagonal, and (when asked for) U and V. */
export interface Bidiagonal {
  /** Diagonal of B (length n). */
  d: Float64Array;
  /** Superdiagonal of B in e[0..n-2]; e[n-1] = 0. */
  e: Float64Array;
  /** Uᵀ, n×m row-major (row j is column j of U), or null. */
  ut: Float64Array | null;
  /** Vᵀ, n×n row-major (row j is column j of V), or null. */
  vt: Float64Array | null;
}

/** ‖x[from..to)‖₂, rescaling only when the plain sum of squares over- or underflows. */
function segmentNorm(x: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  if (sum < Infinity && sum > 1e-290) return Math.sqrt(sum);
  if (sum !== sum) return sum;
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0 || scale === Infinity) return scale;
  sum = 0;
  for (let i = from; i < to; i++) {
    const v = x[i] / scale;
    sum += v * v;
  }
  return scale * Math.sqrt(sum);
}

/**
 * Turns x[from..to) into a LINPACK-style reflector u (x/±‖x‖ with 1 added to its first
 * entry, so H = I - u·uᵀ/u₀ maps x to -(±‖x‖)·e₁) and returns that new leading entry of
 * H·x, or 0 (x left alone) when x is zero.
 */
function makeReflector(x: Float64Array, from: number, to: number): number {
  let norm = segmentNorm(x, from, to);
  if (norm === 0) return 0;
  if (x[from] < 0) norm = -norm;
  const inverse = 1 / norm;
  for (let i = from; i < to; i++) x[i] *= inverse;
  x[from] += 1;
  return -norm;
}

/** y[from..to) -= (u·y / u₀)·u, i.e. y ← H·y for the reflector u at the same offsets. */
function reflect(u: Float64Array, uo: number, y: Float64Array, yo: number, len: number) {
  let t = 0;
  for (let i = 0; i < len; i++) t += u[uo + i] * y[yo + i];
  t = -t / u[uo];
  for (let i = 0; i < len; i++) y[yo + i] += t * u[uo + i];
}

/**
 * Reduces A (m×n, m >= n), given as `at` = Aᵀ (n×m row-major; destroyed), to bidiagonal form.
 *
 * @param at Aᵀ, overwritten by the column reflectors.
 * @param m Rows of A.
 * @param n Columns of A (n <= m).
 * @param wantVectors Whether to form U and V.
 */
export function bidiagonalize(
  at: Float64Array,
  m: number,
  n: number,
  wantVectors: boolean,
): Bidiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const work = new Float64Array(m);
  const vt = wantVectors ? new Float64Array(n * n) : null;
  const nct = Math.min(m - 1, n); // columns that get a left reflection
  const nrt = Math.max(0, n - 2); // rows that get a right reflection
  for (let k = 0; k < Math.max(nct, nrt); k++) {
    const colK = k * m;
    if (k < nct) d[k] = makeReflector(at, colK + k, colK + m);
    for (let j = k + 1; j < n; j++) {
      const colJ = j * m;
      if (k < nct && d[k] !== 0) reflect(at, colK + k, at, colJ + k, m - k);
      e[j] = at[colJ + k];
    }
    if (k >= nrt) continue;
    e[k] = makeReflector(e, k + 1, n);
    if (e[k] !== 0 && k + 1 < m) applyRowReflector(at, m, n, k, e, work);
    if (vt !== null) vt.set(e.subarray(k + 1, n), k * n + k + 1);
  }
  if (nct < n) d[nct] = at[nct * m + nct];
  if (nrt + 1 < n) e[nrt] = at[(n - 1) * m + nrt];
  if (n > 0) e[n - 1] = 0;
  if (vt === null) return { d, e, ut: null, vt: null };
  return { d, e, ut: formU(at, m, n, nct, d), vt: formV(vt, n, nrt, e) };
}

/** Applies the row reflector u = e[k+1..n-1] to rows k+1..m-1 of A from the right. */
function applyRowReflector(
  at: Float64Array,
  m: number,
  n: number,
  k: number,
  e: Float64Array,
  work: Float64Array,
): void {
  work.fill(0, k + 1, m);
  for (let j = k + 1; j < n; j++) {
    const ej = e[j];
    const colJ = j * m;
    for (let i = k + 1; i < m; i++) work[i] += ej * at[colJ + i];
  }
  for (let j = k + 1; j < n; j++) {
    const t = -e[j] / e[k + 1];
    const colJ = j * m;
    for (let i = k + 1; i < m; i++) at[colJ + i] += t * work[i];
  }
}

/** Uᵀ (n×m) from the column reflectors left in `at`, applied backwards to I. */
function formU(at: Float64Array, m: number, n: number, nct: number, d: Float64Array) {
  const ut = new Float64Array(n * m);
  for (let k = 0; k < nct; k++) ut.set(at.subarray(k * m + k, k * m + m), k * m + k);
  for (let j = nct; j < n; j++) ut[j * m + j] = 1;
  for (let k = nct - 1; k >= 0; k--) {
    const rowK = k * m;
    if (d[k] === 0) {
      ut.fill(0, rowK, rowK + m);
      ut[rowK + k] = 1;
      continue;
    }
    for (let j = k + 1; j < n; j++) reflect(ut, rowK + k, ut, j * m + k, m - k);
    for (let i = k; i < m; i++) ut[rowK + i] = -ut[rowK + i];
    ut[rowK + k] += 1;
  }
  return ut;
}

/** Vᵀ (n×n) from the row reflectors stored in `vt` rows, applied backwards to I. */
function formV(vt: Float64Array, n: number, nrt: number, e: Float64Array): Float64Array {
  for (let k = n - 1; k >= 0; k--) {
    const rowK = k * n;
    if (k < nrt && e[k] !== 0) {
      for (let j = k + 1; j < n; j++) reflect(vt, rowK + k + 1, vt, j * n + k + 1, n - k - 1);
    }
    vt.fill(0, rowK, rowK + n);
    vt[rowK + k] = 1;
  }
  return vt;
}
