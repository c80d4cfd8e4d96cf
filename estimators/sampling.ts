/**
 * The Monte Carlo baseline: propagate k input samples through the network and average every
 * layer's activations, with k chosen so that the run spends a fixed fraction of the budget.
 *
 * Plain Monte Carlo scores about σ̄²·(2dn²)/B whatever k is once its cost passes the 10%
 * floor of the score multiplier, so 10% (the default) is where it scores best.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";

/** Rows propagated at once: bounds memory to CHUNK_ROWS × n floats; the draws are the same. */
export const CHUNK_ROWS = 2048;

/**
 * FLOPs that {@link Sampling.predict} charges for k samples, op by op: per chunk of r rows a
 * float32 normal draw (16rn), and per layer a matmul ((2n−1)rn), a ReLU (rn), a column sum
 * ((r−1)n) and a float64 accumulate (2n); at the end a float64 stack and divide (4dn).
 *
 * @param n Width.
 * @param d Depth.
 * @param k Number of samples.
 */
export function samplingCost(n: number, d: number, k: number): number {
  const chunks = Math.ceil(k / CHUNK_ROWS);
  return k * (16 * n + 2 * d * n * n + d * n) + d * n * chunks + 4 * d * n;
}

/**
 * The most samples whose cost fits `target` FLOPs (0 when not even one does).
 *
 * @param n Width.
 * @param d Depth.
 * @param target FLOPs to spend at most.
 */
export function samplesWithin(n: number, d: number, target: number): number {
  const perSample = 16 * n + 2 * d * n * n + d * n + (d * n) / CHUNK_ROWS;
  let k = Math.max(0, Math.floor((target - 4 * d * n) / perSample));
  while (samplingCost(n, d, k + 1) <= target) k++;
  while (k > 0 && samplingCost(n, d, k) > target) k--;
  return k;
}

/** Averages k float32 samples per layer, k from the budget; seeded by `mlp.seed`. */
export default class Sampling implements Estimator {
  /** Fraction of the budget to spend (default 0.1, the score multiplier's floor). */
  fraction = 0.1;

  /**
   * Every layer's mean over k float32 samples, k the most that `fraction` of the budget buys.
   *
   * @param mlp The network.
   * @param budget The FLOP budget; `fraction` of it buys the samples.
   * @returns (depth, width) float64 sample means; zeros when the budget buys no sample.
   */
  predict(mlp: Mlp, budget: number): NDArray {
    const n = mlp.width;
    const d = mlp.depth;
    const k = samplesWithin(n, d, this.fraction * budget);
    if (k === 0) return np.zeros([d, n]);
    const rng = np.random.default_rng(mlp.seed);
    const sums: NDArray[] = mlp.weights.map(() => np.zeros(n));
    for (let start = 0; start < k; start += CHUNK_ROWS) {
      let x = rng.standard_normal([Math.min(CHUNK_ROWS, k - start), n], "float32");
      for (let l = 0; l < d; l++) {
        x = np.maximum(np.matmul(x, mlp.weights[l]), 0);
        sums[l] = np.add(sums[l], np.sum(x, 0));
      }
    }
    return np.divide(np.stack(sums), k);
  }
}
