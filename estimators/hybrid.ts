/**
 * Covariance propagation blended with whitened antithetic Monte Carlo, the blend weight
 * estimated per network from the two estimates themselves.
 *
 * The propagator's error is a bias b (the Gaussian closure), the sampler's a variance v, and
 * they are independent, so (1−w)·cov + w·mc has mean squared error (1−w)²b² + w²v, least at
 * w = b²/(b²+v). Neither is known in advance and the best w moves a lot between settings
 * (≈0.7 at 256×8, ≈0.15 at 1024×16), so both are measured on the final layer: the sampler
 * runs as two independent halves A and B, whose spread gives v ≈ mean((A−B)²)/4 for their
 * average, and mean((cov−mc)²) ≈ b² + v gives the rest, so w = 1 − v/mean((cov−mc)²),
 * clipped to [0, 1].
 *
 * The whole run spends at most 10% of the budget (the score multiplier's floor): covariance
 * propagation first, the rest split evenly between the halves.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";
import CovariancePropagation from "./covariance_propagation.ts";
import SamplingWhitened, { pairsWithin, whitenedCost } from "./sampling_whitened.ts";

/**
 * The second Monte Carlo half's seed: `seed` plus a fixed odd offset (mod 2³²), so the halves
 * draw independently and both follow from `mlp.seed`.
 *
 * @param seed The network's seed.
 */
export function secondHalfSeed(seed: number): number {
  return (seed + 0x9e3779b9) >>> 0;
}

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
 * An upper bound on the FLOPs of combining the parts, all float64 (rate 2): averaging the
 * halves (2dn each for the add and the divide), the two final-layer spreads (subtract, square,
 * mean: ≤ 8n each), and the blend (two scalings and an add, 2dn each).
 *
 * @param n Width.
 * @param d Depth.
 */
export function blendCost(n: number, d: number): number {
  return 10 * d * n + 16 * n;
}

/**
 * Antithetic pairs per Monte Carlo half when the run may spend `fraction` of `budget`
 * (0 when covariance propagation leaves no room for a pair).
 *
 * @param n Width.
 * @param d Depth.
 * @param budget The FLOP budget.
 * @param fraction Share of the budget for the whole run (default 0.1).
 */
export function pairsPerHalf(n: number, d: number, budget: number, fraction = 0.1): number {
  const left = fraction * budget - covarianceCost(n, d) - blendCost(n, d);
  return left > 0 ? pairsWithin(n, d, left / 2) : 0;
}

/**
 * The blend weight of the Monte Carlo estimate: w = 1 − v/mean((cov−mc)²) with
 * v = mean((A−B)²)/4, clipped to [0, 1]; 0 when the two estimates agree exactly.
 *
 * @param gap mean over the final layer of (cov − (A+B)/2)².
 * @param spread mean over the final layer of (A − B)².
 */
export function blendWeight(gap: number, spread: number): number {
  if (!(gap > 0)) return 0;
  return Math.min(1, Math.max(0, 1 - spread / 4 / gap));
}

/** Covariance propagation plus two seeded Monte Carlo halves, blended by a measured weight. */
export default class Hybrid implements Estimator {
  /** Share of the budget the whole run spends (default 0.1, the multiplier's floor). */
  fraction = 0.1;

  readonly #covariance = new CovariancePropagation();
  readonly #sampler = new SamplingWhitened();

  /**
   * @param mlp The network; `mlp.seed` seeds the first half, {@link secondHalfSeed} the second.
   * @param budget The FLOP budget.
   * @returns (depth, width) float64 means; covariance propagation alone when the budget leaves
   *   no room for sampling.
   */
  predict(mlp: Mlp, budget: number): NDArray {
    const n = mlp.width;
    const d = mlp.depth;
    const cov = this.#covariance.predict(mlp, budget);
    const m = pairsPerHalf(n, d, budget, this.fraction);
    if (m === 0) return cov;
    // The sampler buys the most pairs within fraction·budget: half a FLOP above the cost of m
    // pairs survives the round trip through the division and still buys exactly m.
    this.#sampler.fraction = (whitenedCost(n, d, m) + 0.5) / budget;
    const a = this.#sampler.predict(mlp, budget);
    const b = this.#sampler.predict({ ...mlp, seed: secondHalfSeed(mlp.seed) }, budget);
    const mc = np.divide(np.add(a, b), 2);
    const finalRow = (x: NDArray) => x.slice(d - 1, d);
    const spread = np.mean(np.square(np.subtract(finalRow(a), finalRow(b))));
    const gap = np.mean(np.square(np.subtract(finalRow(cov), finalRow(mc))));
    const w = blendWeight(gap.item(), spread.item());
    return np.add(np.multiply(cov, 1 - w), np.multiply(mc, w));
  }
}
