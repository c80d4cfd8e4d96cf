/**
 * The types that describe a contest's MLPs, shared by every stage.
 *
 * @module
 */

/**
 * One ReLU MLP of the contest, as generated or read from a dataset.
 *
 * Row-vector orientation: h₀ = x ~ N(0, I), h_l = max(0, h_{l−1} · W_l). `weights[l]` holds
 * W_l as n×n float32, row-major, so `weights[l][i * n + j]` connects input neuron i to output
 * neuron j.
 */
export interface MlpSpec {
  /** Display name, e.g. "mlp-0". */
  readonly name: string;
  /** Neurons per layer (n). */
  readonly width: number;
  /** Number of weight matrices (d). */
  readonly depth: number;
  /** d matrices, each n·n float32 values, row-major. */
  readonly weights: readonly Float32Array[];
  /** The estimator's seed (uint32): `mlp.seed` as the estimator sees it. */
  readonly seed: number;
}

/** Monte Carlo ground truth of one MLP (reference-behaviour §3). */
export interface GroundTruth {
  /** (d, n) float32 per-layer means, row-major: `allLayerMeans[l * n + j]`. */
  readonly allLayerMeans: Float32Array;
  /** The last row of `allLayerMeans` (n values). */
  readonly finalMeans: Float32Array;
  /** Mean over last-layer neurons of E[x²] − (float32 mean)², in float64, unclamped (as the reference). */
  readonly avgVariance: number;
  /** Number of Monte Carlo samples used. */
  readonly nSamples: number;
}
