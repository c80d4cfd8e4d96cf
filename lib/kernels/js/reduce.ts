/**
 * Reduction kernels over an axis. The input is viewed as (outer, len, inner) with the reduced
 * axis in the middle; the output is (outer, inner) (or the input's shape for the cumulative
 * ones). Contiguous sums (inner = 1) use numpy's pairwise summation for its accuracy.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";

const BLOCK = 128;

/**
 * Pairwise sum of src[off], src[off+1], ..., numpy's scheme (8 accumulators per block of 128).
 *
 * @param src Buffer.
 * @param off First index.
 * @param n Count.
 */
export function pairwiseSum(src: Storage, off: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += src[off + i];
    return s;
  }
  if (n <= BLOCK) {
    let r0 = src[off], r1 = src[off + 1], r2 = src[off + 2], r3 = src[off + 3];
    let r4 = src[off + 4], r5 = src[off + 5], r6 = src[off + 6], r7 = src[off + 7];
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const o = off + i;
      r0 += src[o], r1 += src[o + 1], r2 += src[o + 2], r3 += src[o + 3];
      r4 += src[o + 4], r5 += src[o + 5], r6 += src[o + 6], r7 += src[o + 7];
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) s += src[off + i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(src, off, half) + pairwiseSum(src, off + half, n - half);
}

/**
 * out[o, i] = Σ_l src[o, l, i].
 *
 * @param src Input buffer.
 * @param out Output buffer (outer·inner).
 * @param outer Product of the axes before the reduced one.
 * @param len Length of the reduced axis.
 * @param inner Product of the axes after it.
 */
export function sumAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) out[o] = pairwiseSum(src, o * len, len);
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * len * inner;
    for (let l = 0; l < len; l++) {
      const row = base + l * inner;
      for (let i = 0; i < inner; i++) acc[i] += src[row + i];
    }
    out.set(acc, o * inner);
  }
}

/**
 * out[o, i] = Π_l src[o, l, i].
 *
 * @param src Input buffer.
 * @param out Output buffer.
 * @param outer Axes before.
 * @param len Reduced length.
 * @param inner Axes after.
 */
export function prodAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let i = 0; i < inner; i++) {
      let p = 1;
      for (let l = 0; l < len; l++) p *= src[base + l * inner + i];
      out[o * inner + i] = p;
    }
  }
}

/**
 * out[o, i] = max (or min) over l, NaN-propagating like numpy; with `index`, the position of
 * the first max (or min) instead, the first NaN winning, as numpy's argmax/argmin.
 *
 * @param src Input buffer.
 * @param out Output buffer.
 * @param outer Axes before.
 * @param len Reduced length (> 0).
 * @param inner Axes after.
 * @param isMax Max when true, min when false.
 * @param index Write the extreme's position along l instead of its value.
 */
export function extremeAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  isMax: boolean,
  index: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let i = 0; i < inner; i++) {
      let best = src[base + i];
      let at = 0;
      for (let l = 1; l < len && best === best; l++) {
        const v = src[base + l * inner + i];
        if (v !== v || (isMax ? v > best : v < best)) {
          best = v;
          at = l;
        }
      }
      out[o * inner + i] = index ? at : best;
    }
  }
}

/**
 * out[o, i] = any (or all) of src[o, l, i] non-zero.
 *
 * @param src Input buffer.
 * @param out Output buffer (0/1).
 * @param outer Axes before.
 * @param len Reduced length.
 * @param inner Axes after.
 * @param isAny Any when true, all when false.
 */
export function anyAllAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  isAny: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let i = 0; i < inner; i++) {
      let result = !isAny;
      for (let l = 0; l < len; l++) {
        if ((src[base + l * inner + i] !== 0) === isAny) {
          result = isAny;
          break;
        }
      }
      out[o * inner + i] = result ? 1 : 0;
    }
  }
}

/**
 * out[o, i] = Σ_l (src[o, l, i] − mean[o, i])² / (len − ddof): the two-pass variance.
 *
 * @param src Input buffer.
 * @param out Output buffer.
 * @param outer Axes before.
 * @param len Reduced length.
 * @param inner Axes after.
 * @param ddof Delta degrees of freedom.
 */
export function varAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  ddof: number,
): void {
  const mean = new Float64Array(outer * inner);
  sumAxis(src, mean, outer, len, inner);
  for (let j = 0; j < mean.length; j++) mean[j] /= len;
  const denom = Math.max(len - ddof, 0);
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let i = 0; i < inner; i++) {
      const m = mean[o * inner + i];
      let s = 0;
      for (let l = 0; l < len; l++) {
        const d = src[base + l * inner + i] - m;
        s += d * d;
      }
      out[o * inner + i] = s / denom;
    }
  }
}

/**
 * Cumulative sum (or product) along the middle axis; `out` has the input's shape.
 *
 * @param src Input buffer.
 * @param out Output buffer.
 * @param outer Axes before.
 * @param len Scanned length.
 * @param inner Axes after.
 * @param isSum Sum when true, product when false.
 */
export function scanAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  isSum: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let i = 0; i < inner; i++) {
      let acc = isSum ? 0 : 1;
      for (let l = 0; l < len; l++) {
        const at = base + l * inner + i;
        out[at] = isSum ? acc + src[at] : acc * src[at];
        // Re-read so a float32 scan accumulates in float32, as numpy's does.
        acc = out[at];
      }
    }
  }
}
