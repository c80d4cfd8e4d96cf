/**
 * Mean squared errors computed in float32 the way numpy computes
 * `np.mean((p - t) ** 2)` on float32 arrays: float32 differences and squares, numpy's
 * pairwise float32 summation, then one float32 division by the count.
 *
 * @module
 */

const PAIRWISE_BLOCK = 128;
const f32 = Math.fround;

/** numpy's pairwise float32 sum of `v[start, start + n)` (umath `pairwise_sum`). */
function pairwiseSumF32(v: Float32Array, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum = f32(sum + v[start + i]);
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = v[start], r1 = v[start + 1], r2 = v[start + 2], r3 = v[start + 3];
    let r4 = v[start + 4], r5 = v[start + 5], r6 = v[start + 6], r7 = v[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 = f32(r0 + v[p]);
      r1 = f32(r1 + v[p + 1]);
      r2 = f32(r2 + v[p + 2]);
      r3 = f32(r3 + v[p + 3]);
      r4 = f32(r4 + v[p + 4]);
      r5 = f32(r5 + v[p + 5]);
      r6 = f32(r6 + v[p + 6]);
      r7 = f32(r7 + v[p + 7]);
    }
    let sum = f32(
      f32(f32(r0 + r1) + f32(r2 + r3)) + f32(f32(r4 + r5) + f32(r6 + r7)),
    );
    for (; i < n; i++) sum = f32(sum + v[start + i]);
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return f32(pairwiseSumF32(v, start, half) + pairwiseSumF32(v, start + half, n - half));
}

/**
 * Float32 mean of (p − t)² over `count` elements starting at `offset` in both arrays.
 *
 * @example
 * ```ts
 * import { meanSquaredErrorF32 } from "./float32_mse.ts";
 * meanSquaredErrorF32(new Float32Array([1, 2]), new Float32Array([0, 0]), 0, 2); // 2.5
 * ```
 * @param p Predictions (float32).
 * @param t Targets (float32).
 * @param offset First element of the slice.
 * @param count Number of elements; must be at least 1.
 */
export function meanSquaredErrorF32(
  p: Float32Array,
  t: Float32Array,
  offset: number,
  count: number,
): number {
  const squares = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const diff = f32(p[offset + i] - t[offset + i]);
    squares[i] = diff * diff;
  }
  return f32(pairwiseSumF32(squares, 0, count) / count);
}

/** The three MSE views of one MLP's (d, n) predictions against its targets. */
export interface LayerMses {
  /** Float32 MSE of the last layer. */
  final: number;
  /** Float32 MSE over all d·n entries. */
  all: number;
  /** Float32 MSE of each layer. */
  perLayer: number[];
}

/**
 * Final-layer, all-layer and per-layer float32 MSEs of a (depth, width) prediction.
 *
 * @param p Predictions, row-major (depth, width).
 * @param t Targets, row-major (depth, width).
 * @param depth Number of layers d.
 * @param width Neurons per layer n.
 */
export function layerMses(
  p: Float32Array,
  t: Float32Array,
  depth: number,
  width: number,
): LayerMses {
  const perLayer: number[] = [];
  for (let l = 0; l < depth; l++) perLayer.push(meanSquaredErrorF32(p, t, l * width, width));
  return {
    final: perLayer[depth - 1],
    all: meanSquaredErrorF32(p, t, 0, depth * width),
    perLayer,
  };
}
