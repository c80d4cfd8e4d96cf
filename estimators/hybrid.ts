/**
 * Covariance propagation blended with whitened antithetic Monte Carlo:
 * (1−w)·cov + w·mc, the whole run spending at most 10% of the budget (the score multiplier's
 * floor), covariance propagation first and the rest on samples.
 *
 * The propagator's error is a bias b (the Gaussian closure), the sampler's a variance v, and
 * they are independent, so the blend's mean squared error (1−w)²b² + w²v is least at
 * w = b²/(b²+v), where it is b²·v/(b²+v). The weight is set per regime, not measured per
 * network: at depth 16 the final-layer neurons are so correlated that the sampler's error is
 * nearly one shared shift, so v and b² estimated from one network's estimates have about one
 * degree of freedom, and a weight built from them scored no better than covariance propagation
 * alone. Where the sampler gets enough pairs to whiten (every width-256 round) v < b² and
 * blending does not pay ({@link blends}): there hybrid is the whitened sampler alone.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";
import CovariancePropagation from "./covariance_propagation.ts";
import SamplingWhitened, {
  MIN_PAIRS_PER_NEURON,
  pairsWithin,
  whitenedCost,
} from "./sampling_whitened.ts";

/**
 * FLOPs of covariance propagation (its closed form, see the built-in's docs).
 *
 * @param n Width.
 * @param d Depth.
 */
export function covarianceCost(n: number, d: number): number {
  return 8 * d * n ** 3 + (5 * d * n * n + 399 * d * n) / 2 + 30 * d + 2 * n;
}

/**
 * FLOPs of the blend: two scalings and an add over (d, n) float64 values, 2dn each.
 *
 * @param n Width.
 * @param d Depth.
 */
export function blendCost(n: number, d: number): number {
  return 6 * d * n;
}

/**
 * Antithetic pairs the sampler gets when the run may spend `fraction` of `budget` (0 when
 * covariance propagation leaves no room for a pair).
 *
 * @param n Width.
 * @param d Depth.
 * @param budget The FLOP budget.
 * @param fraction Share of the budget for the whole run (default 0.1).
 */
export function samplerPairs(n: number, d: number, budget: number, fraction = 0.1): number {
  const left = fraction * budget - covarianceCost(n, d) - blendCost(n, d);
  return left > 0 ? pairsWithin(n, d, left) : 0;
}

/**
 * The default Monte Carlo weight, w = b²/(b²+v) at the default round (1024×16, B = 2^41) from
 * the built-ins' measured errors there: covariance propagation b² ≈ 4.5e-6; the ≈2,300
 * antithetic samples that 3.75% of B buys (too few pairs to whiten), v ≈ 2–3e-5.
 */
export const DEFAULT_WEIGHT = 0.15;

/**
 * Whether the blend is worth it for m antithetic pairs at width n: only when the sampler cannot
 * whiten (fewer than 2 pairs per neuron, as at 1024×16 with 3.75% of B). When it can (every
 * width-256 round) its variance is below the propagator's bias and the blend only costs pairs:
 * measured (bench/estimators_bench.ts, noise-corrected score) at 256×8 a 0.9 weight scored
 * 1.20e-6 against sampling_whitened's 1.18e-6 (8 MLPs), at 256×32 7.7e-7 against 3.1e-7 (2 MLPs,
 * where covariance propagation's bias reaches 1e-4), so there hybrid is the whitened sampler.
 *
 * @param n Width.
 * @param m Antithetic pairs the sampler would get beside covariance propagation.
 * @example
 * ```ts
 * import { blends } from "./hybrid.ts";
 * blends(1024, 1150); // true
 * blends(256, 2880); // false
 * ```
 */
export function blends(n: number, m: number): boolean {
  return m < MIN_PAIRS_PER_NEURON * n;
}

/** Covariance propagation plus seeded Monte Carlo, blended with a fixed weight. */
export default class Hybrid implements Estimator {
  /** Share of the budget the whole run spends (default 0.1, the multiplier's floor). */
  fraction = 0.1;
  /** Weight of the Monte Carlo estimate in the blend (default {@link DEFAULT_WEIGHT}). */
  weight: number = DEFAULT_WEIGHT;

  readonly #covariance = new CovariancePropagation();
  readonly #sampler = new SamplingWhitened();

  /**
   * Blends covariance propagation's means with whitened Monte Carlo means bought with what is
   * left of `fraction` of the budget, weighting the Monte Carlo side by `weight`; where the
   * sampler could whiten ({@link blends} false), the whitened sampler alone on all of `fraction`.
   *
   * @param mlp The network; `mlp.seed` seeds the sampler.
   * @param budget The FLOP budget.
   * @returns (depth, width) float64 means; covariance propagation alone when the budget leaves
   *   no room for sampling.
   */
  predict(mlp: Mlp, budget: number): NDArray {
    const n = mlp.width;
    const d = mlp.depth;
    const m = samplerPairs(n, d, budget, this.fraction);
    if (!blends(n, m)) {
      this.#sampler.fraction = this.fraction;
      return this.#sampler.predict(mlp, budget);
    }
    const cov = this.#covariance.predict(mlp, budget);
    if (m === 0) return cov;
    // The sampler buys the most pairs within fraction·budget: half a FLOP above the cost of m
    // pairs survives the round trip through the division and still buys exactly m.
    this.#sampler.fraction = (whitenedCost(n, d, m) + 0.5) / budget;
    const mc = this.#sampler.predict(mlp, budget);
    return np.add(np.multiply(cov, 1 - this.weight), np.multiply(mc, this.weight));
  }
}
