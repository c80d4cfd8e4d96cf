/**
 * The strongest built-in: routes each network to the method that scores best for its shape and
 * budget, as measured by `bench/estimators_bench.ts` (README, "Estimators").
 *
 * * Shallow for its width (depth ≤ width / 16) and affordable (predicted cost ≤ 80% of the
 *   budget): third-order cumulant propagation. Its error falls like (depth/width)³ while Monte
 *   Carlo's only falls with samples, so at 256×8 and 1024×16 it wins by an order of magnitude.
 * * Otherwise (deep or narrow, e.g. 256×32, where the closure's error compounds over depth, or a
 *   budget too small for it): structured Monte Carlo at 10% of the budget (whitened antithetic
 *   pairs that skip the ReLU's exact zeros, first-layer moments repaired).
 *
 * @module
 */
import type { Estimator, Mlp, NDArray } from "whest";
import CumulantPropagation, { cumulantCost } from "./cumulant_propagation.ts";
import SamplingStructured from "./sampling_structured.ts";

/** Cumulant propagation only when depth ≤ width / this. */
export const MIN_WIDTH_PER_LAYER = 16;
/** Cumulant propagation only when its predicted cost is at most this share of the budget. */
export const MAX_BUDGET_SHARE = 0.8;

/**
 * Whether {@link Best} propagates cumulants (true) or samples (false) for this shape and budget.
 *
 * @param width Neurons per layer.
 * @param depth Layers.
 * @param budget The FLOP budget.
 * @example
 * ```ts
 * import { usesCumulants } from "./best.ts";
 * usesCumulants(1024, 16, 2 ** 41); // true
 * usesCumulants(256, 32, 2.72e11); // false
 * ```
 */
export function usesCumulants(width: number, depth: number, budget: number): boolean {
  return depth * MIN_WIDTH_PER_LAYER <= width &&
    cumulantCost(width, depth) <= MAX_BUDGET_SHARE * budget;
}

/** Cumulant propagation or structured Monte Carlo, picked by shape and budget. */
export default class Best implements Estimator {
  readonly #cumulants = new CumulantPropagation();
  readonly #sampler = new SamplingStructured();

  /**
   * Every layer's estimated means, by the method {@link usesCumulants} picks.
   *
   * @param mlp The network; `mlp.seed` seeds the sampler when it is used.
   * @param budget The FLOP budget.
   * @returns (depth, width) float64 means.
   */
  predict(mlp: Mlp, budget: number): NDArray {
    return usesCumulants(mlp.width, mlp.depth, budget)
      ? this.#cumulants.predict(mlp, budget)
      : this.#sampler.predict(mlp, budget);
  }
}
