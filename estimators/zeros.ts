/**
 * The zeros baseline: predicts 0 for every neuron, at no cost.
 *
 * Its score is the mean square of the true final-layer means, the number every other
 * estimator must beat.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";

/** Predicts zeros of shape (depth, width); `np.zeros` is free. */
export default class Zeros implements Estimator {
  /**
   * Returns zeros of shape (depth, width).
   *
   * @param mlp The network (only its shape is used).
   * @param _budget Unused.
   */
  predict(mlp: Mlp, _budget: number): NDArray {
    return np.zeros([mlp.depth, mlp.width]);
  }
}
