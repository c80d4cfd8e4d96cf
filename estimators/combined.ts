/**
 * The reference's combined estimator: covariance propagation when the budget allows
 * (budget ≥ 30·n²), mean propagation otherwise. The choice itself costs nothing.
 *
 * @module
 */
import type { Estimator, Mlp, NDArray } from "whest";
import CovariancePropagation from "./covariance_propagation.ts";
import MeanPropagation from "./mean_propagation.ts";

/** Budget per n² above which covariance propagation is chosen (the reference's threshold). */
const COVARIANCE_BUDGET_PER_N2 = 30;

/** Picks covariance or mean propagation from the budget. */
export default class Combined implements Estimator {
  readonly #covariance = new CovariancePropagation();
  readonly #mean = new MeanPropagation();

  /**
   * Covariance propagation's means when the budget is at least 30·n², else mean propagation's.
   *
   * @param mlp The network.
   * @param budget The FLOP budget; decides the method.
   * @returns (depth, width) float64 means.
   */
  predict(mlp: Mlp, budget: number): NDArray {
    const n = mlp.width;
    return budget >= COVARIANCE_BUDGET_PER_N2 * n * n
      ? this.#covariance.predict(mlp, budget)
      : this.#mean.predict(mlp, budget);
  }
}
