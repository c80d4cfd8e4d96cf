/**
 * Winograd's form of Strassen's product on counted ops, for the built-ins' large float32
 * products. One level computes C = A·B from 7 half-size products and 15 half-size additions
 * instead of 8 products, so each level multiplies the product's charge by about 7/8; below
 * {@link STRASSEN_LEAF} rows, inner length or columns a block is multiplied directly.
 *
 * The meter charges each op of the recursion (the products, additions, the reshapes that cut
 * quadrants and the concatenations that join them), so the saving is counted honestly;
 * {@link strassenCost} gives the charge in advance. The price is wall time: the additions and
 * copies run at memory speed, so even a one-level product takes longer than one BLAS call.
 * Rounding is float32's, slightly amplified by the additions.
 *
 * @example
 * ```ts
 * import { np } from "whest";
 * import { strassenMatmul } from "./strassen.ts";
 * const a = np.ones([512, 512], "float32");
 * strassenMatmul(a, a).shape; // [512, 512], every entry 512, for ≈0.88 of np.matmul's charge
 * ```
 * @module
 */
import { np } from "whest";
import type { NDArray } from "whest";

/**
 * A dimension is halved only while its halves stay at least this long: below it the extra ops'
 * bookkeeping, billed as residual time at width 256, outweighs the FLOPs saved, so width-256
 * products stay plain.
 */
export const STRASSEN_LEAF = 160;
/**
 * At most this many levels. Each adds a pass of additions and copies over the operands and
 * seven times the ops below it: in cumulant propagation at 1024×16 a second level took another
 * eighth off the FLOPs but pushed the residual time (the bookkeeping between ops) of a predict
 * under `whest run` past half the 0.4 s gate (measured in docs/estimators.md).
 */
export const STRASSEN_MAX_LEVELS = 1;
/**
 * Products whose sides are multiples of this need no zero-padding at any level (2 to the
 * {@link STRASSEN_MAX_LEVELS}).
 */
export const STRASSEN_UNIT = 2 ** STRASSEN_MAX_LEVELS;

/**
 * How many levels {@link strassenMatmul} uses for an (m, k)·(k, n) product: the most (up to
 * {@link STRASSEN_MAX_LEVELS}) that keep every block side at least {@link STRASSEN_LEAF}.
 *
 * @param m Rows of the product.
 * @param k Inner length.
 * @param n Columns of the product.
 */
export function strassenLevels(m: number, k: number, n: number): number {
  let levels = 0;
  while (
    levels < STRASSEN_MAX_LEVELS &&
    Math.min(m, k, n) / 2 ** (levels + 1) >= STRASSEN_LEAF
  ) levels++;
  return levels;
}

/**
 * The meter's charge for {@link strassenMatmul} on float32 (m, k)·(k, n), padding included;
 * np.matmul's (2k − 1)·m·n when no level pays.
 *
 * @param m Rows of the product.
 * @param k Inner length.
 * @param n Columns of the product.
 */
export function strassenCost(m: number, k: number, n: number): number {
  const levels = strassenLevels(m, k, n);
  if (levels === 0) return (2 * k - 1) * m * n;
  const unit = 2 ** levels;
  const [pm, pk, pn] = [m, k, n].map((d) => Math.ceil(d / unit) * unit);
  let cost = 0;
  if (pm !== m || pk !== k) cost += pm * pk;
  if (pk !== k || pn !== n) cost += pk * pn;
  return cost + levelCost(pm, pk, pn, levels);
}

function levelCost(m: number, k: number, n: number, levels: number): number {
  if (levels === 0) return (2 * k - 1) * m * n;
  // quadrant reshapes (mk + kn), 4 + 4 operand additions, 7 result additions, 3 joins (2mn)
  return 2 * (m * k + k * n) + (7 * m * n) / 4 + 2 * m * n +
    7 * levelCost(m / 2, k / 2, n / 2, levels - 1);
}

/**
 * A·B, or A·Bᵀ when `transposeB`, by {@link strassenLevels} levels of Winograd's recursion
 * (operands zero-padded to a multiple of 2^levels, the padding cut off the result).
 *
 * @param a (m, k) float32.
 * @param b (k, n) float32, or (n, k) when `transposeB`.
 * @param transposeB Multiply by Bᵀ: B's quadrants are cut from B as stored and the leaves
 *   multiply by transposed views, so a transposed operand is never copied.
 * @returns (m, n) float32.
 */
export function strassenMatmul(a: NDArray, b: NDArray, transposeB = false): NDArray {
  const [m, k] = a.shape;
  const n = transposeB ? b.shape[0] : b.shape[1];
  const levels = strassenLevels(m, k, n);
  if (levels === 0) return np.matmul(a, transposeB ? b.T : b);
  const unit = 2 ** levels;
  const up = (d: number) => Math.ceil(d / unit) * unit - d;
  const padA = a.shape.map(up);
  const padB = b.shape.map(up);
  const ap = padA[0] || padA[1] ? np.pad(a, [[0, padA[0]], [0, padA[1]]]) : a;
  const bp = padB[0] || padB[1] ? np.pad(b, [[0, padB[0]], [0, padB[1]]]) : b;
  let c = winograd(ap, bp, levels, transposeB);
  if (c.shape[0] !== m) c = c.slice(0, m);
  if (c.shape[1] !== n) c = c.T.slice(0, n).T;
  return c;
}

/** The four quadrants [11, 12, 21, 22] of an even-sided matrix, as views of one copy. */
function quadrants(x: NDArray): NDArray[] {
  const [rows, cols] = x.shape;
  const blocks = np.transpose(np.reshape(x, [2, rows / 2, 2, cols / 2]), [0, 2, 1, 3]);
  const [top, bottom] = [blocks.at(0), blocks.at(1)];
  return [top.at(0), top.at(1), bottom.at(0), bottom.at(1)];
}

function winograd(a: NDArray, b: NDArray, levels: number, transposeB: boolean): NDArray {
  if (levels === 0) return np.matmul(a, transposeB ? b.T : b);
  const [a11, a12, a21, a22] = quadrants(a);
  // Stored Bᵀ's off-diagonal quadrants are B's swapped (and transposed, which the leaves undo).
  const [b11, p12, p21, b22] = quadrants(b);
  const [b12, b21] = transposeB ? [p21, p12] : [p12, p21];
  const s1 = np.add(a21, a22);
  const s2 = np.subtract(s1, a11);
  const s3 = np.subtract(a11, a21);
  const s4 = np.subtract(a12, s2);
  const t1 = np.subtract(b12, b11);
  const t2 = np.subtract(b22, t1);
  const t3 = np.subtract(b22, b12);
  const t4 = np.subtract(t2, b21);
  const next = (x: NDArray, y: NDArray) => winograd(x, y, levels - 1, transposeB);
  const m1 = next(a11, b11);
  const m2 = next(a12, b21);
  const m3 = next(s4, b22);
  const m4 = next(a22, t4);
  const m5 = next(s1, t1);
  const m6 = next(s2, t2);
  const m7 = next(s3, t3);
  const u2 = np.add(m1, m6);
  const u3 = np.add(u2, m7);
  const c11 = np.add(m1, m2);
  const c12 = np.add(np.add(u2, m5), m3);
  const c21 = np.subtract(u3, m4);
  const c22 = np.add(u3, m5);
  return np.concatenate([np.concatenate([c11, c12], 1), np.concatenate([c21, c22], 1)], 0);
}
