/**
 * Mean propagation: every neuron an independent Gaussian, its mean and variance pushed through
 * each layer and each ReLU in closed form.
 *
 * Follows the reference op by op (docs: estimators.md), so its predictions match the official
 * evaluator's to rounding and it costs exactly 9dn² + 178dn + 2n FLOPs.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";

/** Moments of relu(z) for independent z_j ~ N(μ_j, v_j). */
export interface ReluMoments {
  /** σ = sqrt(max(v, 1e-12)). */
  readonly sigma: NDArray;
  /** Φ(μ/σ), the probability that each neuron is active. */
  readonly cdf: NDArray;
  /** E[relu(z)]. */
  readonly mean: NDArray;
  /** Var[relu(z)], clamped at 0. */
  readonly variance: NDArray;
}

/**
 * E[relu(z)] = μΦ(α) + σφ(α) and E[relu(z)²] = (μ² + v)Φ(α) + μσφ(α), α = μ/σ, op for op
 * as the reference (steps 2-7 of mean propagation after the matmuls).
 *
 * @param muPre Pre-activation means (float64).
 * @param varPre Pre-activation variances (float64), before the 1e-12 floor.
 */
export function reluMoments(muPre: NDArray, varPre: NDArray): ReluMoments {
  const v = np.maximum(varPre, 1e-12);
  const sigma = np.sqrt(v);
  const alpha = np.divide(muPre, sigma);
  const pdf = np.stats.norm.pdf(alpha);
  const cdf = np.stats.norm.cdf(alpha);
  const mean = np.add(np.multiply(muPre, cdf), np.multiply(sigma, pdf));
  const ez2 = np.add(
    np.multiply(np.add(np.multiply(muPre, muPre), v), cdf),
    np.multiply(np.multiply(muPre, sigma), pdf),
  );
  const variance = np.maximum(np.subtract(ez2, np.multiply(mean, mean)), 0);
  return { sigma, cdf, mean, variance };
}

/** Propagates per-neuron means and variances; float64 state, float32 weights. */
export default class MeanPropagation implements Estimator {
  /**
   * Pushes per-neuron means and variances through every layer, each ReLU in Gaussian closed
   * form, and returns each layer's post-ReLU means.
   *
   * @param mlp The network.
   * @param _budget Unused: the cost is fixed by the shape.
   * @returns (depth, width) float64 means.
   */
  predict(mlp: Mlp, _budget: number): NDArray {
    let mu = np.zeros(mlp.width);
    let v = np.ones(mlp.width);
    const rows: NDArray[] = [];
    for (const w of mlp.weights) {
      const muPre = np.matmul(w.T, mu);
      const ww = np.multiply(w, w);
      const moments = reluMoments(muPre, np.matmul(ww.T, v));
      mu = moments.mean;
      v = moments.variance;
      rows.push(mu);
    }
    return np.stack(rows);
  }
}
