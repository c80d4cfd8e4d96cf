/**
 * Summaries of an MLP's weights for `whest inspect`: per-layer statistics, a spectral-norm
 * estimate and the SHA-256 a Python pipeline can reproduce.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { MlpSpec } from "../contract/mlp.ts";

/** Power iterations behind the spectral-norm estimate: enough for two or three digits. */
export const POWER_ITERATIONS = 8;

/** Statistics of one n×n weight matrix, computed in float64. */
export interface LayerStats {
  /** Mean of the entries. */
  readonly mean: number;
  /** Population standard deviation of the entries (ddof = 0). */
  readonly std: number;
  /** Smallest entry. */
  readonly min: number;
  /** Largest entry. */
  readonly max: number;
  /** Largest singular value estimated by power iteration (a lower bound, tight in practice). */
  readonly spectralNorm: number;
}

function euclideanNorm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/**
 * ‖W‖₂ estimated by {@linkcode POWER_ITERATIONS} rounds of v ← WᵀWv / ‖WᵀWv‖ from the unit
 * all-ones vector (deterministic: no random draws), then ‖Wv‖.
 *
 * @param w Row-major n×n matrix.
 * @param n Its size.
 */
export function spectralNormEstimate(w: Float32Array, n: number): number {
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  const u = new Float64Array(n);
  let next = new Float64Array(n);
  let norm = 0;
  for (let it = 0; it <= POWER_ITERATIONS; it++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0, k = i * n; j < n; j++, k++) s += w[k] * v[j];
      u[i] = s;
    }
    norm = euclideanNorm(u);
    if (it === POWER_ITERATIONS || norm === 0) break;
    next.fill(0);
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      for (let j = 0, k = i * n; j < n; j++, k++) next[j] += w[k] * ui;
    }
    const scale = 1 / euclideanNorm(next);
    for (let j = 0; j < n; j++) next[j] *= scale;
    [v, next] = [next, v];
  }
  return norm;
}

/**
 * Mean, standard deviation, extremes and spectral-norm estimate of one layer.
 *
 * @param w Row-major n×n matrix.
 * @param n Its size.
 */
export function layerStats(w: Float32Array, n: number): LayerStats {
  let sum = 0, min = Infinity, max = -Infinity;
  for (let k = 0; k < w.length; k++) {
    const x = w[k];
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / w.length;
  let sq = 0;
  for (let k = 0; k < w.length; k++) sq += (w[k] - mean) ** 2;
  return {
    mean,
    std: Math.sqrt(sq / w.length),
    min,
    max,
    spectralNorm: spectralNormEstimate(w, n),
  };
}

/**
 * SHA-256 (hex) of the MLP's weights as float32 bytes stacked (d, n, n) in platform byte
 * order, which is little-endian on every Deno target: numpy's
 * `hashlib.sha256(np.stack(weights).astype("<f4").tobytes())`.
 *
 * @param mlp The MLP.
 */
export function weightsSha256(mlp: MlpSpec): string {
  const hash = createHash("sha256");
  for (const w of mlp.weights) hash.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  return hash.digest("hex");
}
