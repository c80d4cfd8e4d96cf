/**
 * Covariance propagation: the layer's neurons as one joint Gaussian, its mean and covariance
 * pushed through each layer, the ReLU closed with the "gain" shortcut Φ_iΦ_jΣ_ij off the
 * diagonal and the exact variance on it.
 *
 * Follows the reference op by op (docs: estimators.md), rescale branch included, so it costs
 * exactly 8dn³ + (5dn² + 399dn)/2 + 30d + 2n FLOPs.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";
import { reluMoments } from "./mean_propagation.ts";

/** Above this largest variance the state is rescaled, to keep Σ finite in float64. */
const RESCALE_THRESHOLD = 1e100;

/** Propagates the mean vector and the full covariance matrix; float64 state. */
export default class CovariancePropagation implements Estimator {
  /**
   * Pushes the mean and covariance through every layer and returns each layer's post-ReLU means.
   *
   * @param mlp The network.
   * @param _budget Unused: the cost is fixed by the shape.
   * @returns (depth, width) float64 means.
   */
  predict(mlp: Mlp, _budget: number): NDArray {
    let mu = np.zeros(mlp.width);
    let sigmaMatrix = np.eye(mlp.width);
    let logScale = 0;
    const rows: NDArray[] = [];
    for (const w of mlp.weights) {
      const largest = np.max(np.diag(sigmaMatrix));
      if (largest.item() > RESCALE_THRESHOLD) {
        // Like the reference: sqrt and log are counted 0-d ops; s*s and the += are scalar
        // arithmetic outside the meter.
        const s = np.sqrt(largest);
        mu = np.divide(mu, s);
        sigmaMatrix = np.divide(sigmaMatrix, s.item() * s.item());
        logScale += np.log(s).item();
      }
      const muPre = np.matmul(w.T, mu);
      const sigmaPre = np.matmul(np.matmul(w.T, sigmaMatrix), w);
      const moments = reluMoments(muPre, np.diag(sigmaPre));
      const gain = np.where(np.greater(moments.sigma, 1e-12), moments.cdf, 0.0);
      const gain32 = np.array(np.astype(gain, "float32"));
      sigmaMatrix = np.multiply(np.outer(gain32, gain32), sigmaPre);
      np.fill_diagonal(sigmaMatrix, moments.variance);
      mu = moments.mean;
      rows.push(np.multiply(mu, np.exp(logScale)));
    }
    return np.stack(rows);
  }
}
