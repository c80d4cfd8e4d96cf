/**
 * Thin singular value decomposition by Golub–Kahan–Reinsch: Householder bidiagonalisation,
 * then implicit-shift QR sweeps on the bidiagonal (after LINPACK's dsvdc, by way of JAMA).
 *
 * @module
 */

import { bidiagonalize } from "./bidiagonal.ts";
import { LinAlgError } from "./errors.ts";

/** QR sweeps allowed per singular value before giving up. */
const MAX_SWEEPS = 75;
const EPS = 2 ** -52;
const TINY = 2 ** -966;

/** A thin SVD A = U·diag(s)·Vt. */
export interface SvdResult {
  /** m×k row-major, orthonormal columns. */
  u: Float64Array;
  /** k singular values, descending. */
  s: Float64Array;
  /** k×n row-major, orthonormal rows. */
  vt: Float64Array;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  }
  return t;
}

/** Row-major U (m×n) and V (n×n) that the sweeps rotate, or null when only values are wanted. */
interface Vectors {
  u: Float64Array;
  v: Float64Array;
  m: number;
  n: number;
}

/**
 * Drives the bidiagonal (d, e) to diagonal form, rotating the columns of U and V along, and
 * makes the diagonal nonnegative. Each pass finds the trailing unreduced block k..p-1: a
 * negligible superdiagonal entry deflates the last value (converged), a negligible diagonal
 * entry is chased out with rotations, otherwise one shifted QR sweep runs on the block.
 */
function diagonalize(d: Float64Array, e: Float64Array, vectors: Vectors | null): void {
  const n = d.length;
  const cosU = new Float64Array(n);
  const sinU = new Float64Array(n);
  const cosV = new Float64Array(n);
  const sinV = new Float64Array(n);
  let sweeps = 0;
  let p = n;
  while (p > 0) {
    let k = p - 2;
    for (; k >= 0; k--) {
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(d[k]) + Math.abs(d[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      // d[p-1] has converged.
      if (d[p - 1] < 0) {
        d[p - 1] = -d[p - 1];
        if (vectors !== null) negateColumn(vectors.v, vectors.n, p - 1);
      } else d[p - 1] = Math.abs(d[p - 1]); // turns -0 into 0
      sweeps = 0;
      p--;
      continue;
    }
    let ks = p - 1;
    for (; ks > k; ks--) {
      const t = (ks < p - 1 ? Math.abs(e[ks]) : 0) + (ks > k + 1 ? Math.abs(e[ks - 1]) : 0);
      if (Math.abs(d[ks]) <= TINY + EPS * t) {
        d[ks] = 0;
        break;
      }
    }
    if (ks === p - 1) {
      deflateLast(d, e, k + 1, p, vectors);
    } else if (ks > k) {
      splitAt(d, e, ks + 1, p, vectors);
    } else {
      if (++sweeps > MAX_SWEEPS) throw new LinAlgError("SVD did not converge");
      qrSweep(d, e, k + 1, p, cosU, sinU, cosV, sinV);
      if (vectors !== null) {
        rotateAdjacentColumns(vectors.v, vectors.n, vectors.n, k + 1, p, cosV, sinV);
        rotateAdjacentColumns(vectors.u, vectors.m, vectors.n, k + 1, p, cosU, sinU);
      }
    }
  }
}

/** d[p-1] is negligible: rotations from the right chase e[p-2] up and out of rows k..p-2. */
function deflateLast(
  d: Float64Array,
  e: Float64Array,
  k: number,
  p: number,
  vectors: Vectors | null,
): void {
  let f = e[p - 2];
  e[p - 2] = 0;
  for (let j = p - 2; j >= k; j--) {
    const t = Math.hypot(d[j], f);
    const cs = d[j] / t;
    const sn = f / t;
    d[j] = t;
    if (j !== k) {
      f = -sn * e[j - 1];
      e[j - 1] = cs * e[j - 1];
    }
    if (vectors !== null) rotateColumns(vectors.v, vectors.n, vectors.n, j, p - 1, cs, sn);
  }
}

/** d[k-1] is negligible: rotations from the left chase e[k-1] along rows k..p-1. */
function splitAt(
  d: Float64Array,
  e: Float64Array,
  k: number,
  p: number,
  vectors: Vectors | null,
): void {
  let f = e[k - 1];
  e[k - 1] = 0;
  for (let j = k; j < p; j++) {
    const t = Math.hypot(d[j], f);
    const cs = d[j] / t;
    const sn = f / t;
    d[j] = t;
    f = -sn * e[j];
    e[j] = cs * e[j];
    if (vectors !== null) rotateColumns(vectors.u, vectors.m, vectors.n, j, k - 1, cs, sn);
  }
}

/**
 * One implicit QR sweep on the unreduced block k..p-1, shifted by the eigenvalue of the
 * trailing 2×2 of BᵀB nearest its last entry. The right (V) and left (U) rotation of step j
 * act on columns (j, j+1); they are recorded for {@link rotateAdjacentColumns}.
 */
function qrSweep(
  d: Float64Array,
  e: Float64Array,
  k: number,
  p: number,
  cosU: Float64Array,
  sinU: Float64Array,
  cosV: Float64Array,
  sinV: Float64Array,
): void {
  const scale = Math.max(
    Math.abs(d[p - 1]),
    Math.abs(d[p - 2]),
    Math.abs(e[p - 2]),
    Math.abs(d[k]),
    Math.abs(e[k]),
  );
  const sp = d[p - 1] / scale;
  const spm1 = d[p - 2] / scale;
  const epm1 = e[p - 2] / scale;
  const sk = d[k] / scale;
  const ek = e[k] / scale;
  const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
  const c = sp * epm1 * (sp * epm1);
  let shift = 0;
  if (b !== 0 || c !== 0) {
    shift = Math.sqrt(b * b + c);
    if (b < 0) shift = -shift;
    shift = c / (b + shift);
  }
  let f = (sk + sp) * (sk - sp) + shift;
  let g = sk * ek;
  for (let j = k; j < p - 1; j++) {
    let t = Math.hypot(f, g);
    let cs = f / t;
    let sn = g / t;
    if (j !== k) e[j - 1] = t;
    f = cs * d[j] + sn * e[j];
    e[j] = cs * e[j] - sn * d[j];
    g = sn * d[j + 1];
    d[j + 1] = cs * d[j + 1];
    cosV[j] = cs;
    sinV[j] = sn;
    t = Math.hypot(f, g);
    cs = f / t;
    sn = g / t;
    d[j] = t;
    f = cs * e[j] + sn * d[j + 1];
    d[j + 1] = -sn * e[j] + cs * d[j + 1];
    g = sn * e[j + 1];
    e[j + 1] = cs * e[j + 1];
    cosU[j] = cs;
    sinU[j] = sn;
  }
  e[p - 2] = f;
}

/** Columns (a, b) of the row-major rows×cols x become (cs·xa + sn·xb, -sn·xa + cs·xb). */
function rotateColumns(
  x: Float64Array,
  rows: number,
  cols: number,
  a: number,
  b: number,
  cs: number,
  sn: number,
): void {
  for (let o = 0; o < rows * cols; o += cols) {
    const xa = x[o + a];
    const xb = x[o + b];
    x[o + a] = cs * xa + sn * xb;
    x[o + b] = -sn * xa + cs * xb;
  }
}

/**
 * Applies a sweep's rotations j = k..p-2 (on columns (j, j+1), in that order) to every row
 * of x. Rotation j+1 reads column j+1 as rotation j left it, so each row carries that value
 * in a register; four rows run side by side so their carries overlap in the pipeline.
 */
function rotateAdjacentColumns(
  x: Float64Array,
  rows: number,
  cols: number,
  k: number,
  p: number,
  cosines: Float64Array,
  sines: Float64Array,
): void {
  let o = 0;
  for (; o + 4 * cols <= rows * cols; o += 4 * cols) {
    const o1 = o + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let carry0 = x[o + k];
    let carry1 = x[o1 + k];
    let carry2 = x[o2 + k];
    let carry3 = x[o3 + k];
    for (let j = k; j < p - 1; j++) {
      const cs = cosines[j];
      const sn = sines[j];
      const y0 = x[o + j + 1];
      const y1 = x[o1 + j + 1];
      const y2 = x[o2 + j + 1];
      const y3 = x[o3 + j + 1];
      x[o + j] = cs * carry0 + sn * y0;
      x[o1 + j] = cs * carry1 + sn * y1;
      x[o2 + j] = cs * carry2 + sn * y2;
      x[o3 + j] = cs * carry3 + sn * y3;
      carry0 = cs * y0 - sn * carry0;
      carry1 = cs * y1 - sn * carry1;
      carry2 = cs * y2 - sn * carry2;
      carry3 = cs * y3 - sn * carry3;
    }
    x[o + p - 1] = carry0;
    x[o1 + p - 1] = carry1;
    x[o2 + p - 1] = carry2;
    x[o3 + p - 1] = carry3;
  }
  for (; o < rows * cols; o += cols) {
    let carry = x[o + k];
    for (let j = k; j < p - 1; j++) {
      const y = x[o + j + 1];
      x[o + j] = cosines[j] * carry + sines[j] * y;
      carry = cosines[j] * y - sines[j] * carry;
    }
    x[o + p - 1] = carry;
  }
}

function negateColumn(x: Float64Array, cols: number, c: number): void {
  for (let o = c; o < x.length; o += cols) x[o] = -x[o];
}

function assertFinite(a: Float64Array, size: number): void {
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(a[i])) throw new LinAlgError("SVD did not converge");
  }
}

function descendingOrder(values: Float64Array): Int32Array {
  const order = Int32Array.from(values, (_, i) => i);
  return order.sort((i, j) => values[j] - values[i]);
}

/** The SVD of a tall or square m×n (m >= n) matrix given as its transpose `at` (consumed). */
function tallSvd(at: Float64Array, m: number, n: number): SvdResult {
  const { d, e, ut, vt } = bidiagonalize(at, m, n, true);
  const vectors = { u: transpose(ut!, n, m), v: transpose(vt!, n, n), m, n };
  diagonalize(d, e, vectors);
  const order = descendingOrder(d);
  const s = new Float64Array(n);
  const u = new Float64Array(m * n);
  const vtOut = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const source = order[j];
    s[j] = d[source];
    for (let r = 0; r < m; r++) u[r * n + j] = vectors.u[r * n + source];
    for (let r = 0; r < n; r++) vtOut[j * n + r] = vectors.v[r * n + source];
  }
  return { u, s, vt: vtOut };
}

/**
 * The thin SVD A = U·diag(s)·Vt with k = min(m, n), like `numpy.linalg.svd(a,
 * full_matrices=False)`; singular vectors are unique only up to sign (and rotation within
 * repeated values), so they may differ from numpy's.
 *
 * @param a m×n matrix, row-major (not modified).
 * @param m Rows of `a`.
 * @param n Columns of `a`.
 * @returns u (m×k), s (k, descending) and vt (k×n).
 * @throws {LinAlgError} "SVD did not converge" for non-finite input or a stalled iteration.
 * @example
 * ```ts
 * const { s } = svd(new Float64Array([3, 0, 0, -4]), 2, 2); // s = [4, 3]
 * ```
 */
export function svd(a: Float64Array, m: number, n: number): SvdResult {
  assertFinite(a, m * n);
  if (m >= n) return tallSvd(transpose(a, m, n), m, n);
  // A = (Aᵀ)ᵀ = (U'·S·V'ᵀ)ᵀ = V'·S·U'ᵀ, and Aᵀ's transpose is A itself.
  const flipped = tallSvd(a.slice(0, m * n), n, m);
  return { u: transpose(flipped.vt, m, m), s: flipped.s, vt: transpose(flipped.u, n, m) };
}

/**
 * The singular values of A in descending order, like `numpy.linalg.svdvals`; cheaper than
 * {@link svd} because no singular vectors are formed.
 *
 * @param a m×n matrix, row-major (not modified).
 * @param m Rows of `a`.
 * @param n Columns of `a`.
 * @returns min(m, n) singular values, descending.
 * @throws {LinAlgError} "SVD did not converge" for non-finite input or a stalled iteration.
 * @example
 * ```ts
 * svdvals(new Float64Array([3, 0, 0, -4]), 2, 2); // [4, 3]
 * ```
 */
export function svdvals(a: Float64Array, m: number, n: number): Float64Array {
  assertFinite(a, m * n);
  const tall = m >= n;
  const at = tall ? transpose(a, m, n) : a.slice(0, m * n);
  const { d, e } = bidiagonalize(at, tall ? m : n, tall ? n : m, false);
  diagonalize(d, e, null);
  return d.sort().reverse();
}
