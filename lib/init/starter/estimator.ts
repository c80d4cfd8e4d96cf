/**
 * A starter estimator for the ARC Whitebox Estimation Challenge: it predicts zeros.
 *
 * Replace the body of `predict` with your method. Check it with
 *   whest validate --estimator estimator.ts
 * and score it with
 *   whest run --estimator estimator.ts --seed 1 --width 256 --depth 8 --n-mlps 3 --n-samples 20000
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray, SetupContext } from "whest";

/** Your estimator; the loader uses the module's default export. */
export default class MyEstimator implements Estimator {
  /** Runs once before any predict, outside FLOP accounting (optional). */
  setup(_ctx: SetupContext): void {}

  /**
   * Returns a (depth, width) array: row l estimates E[h_{l+1}], the mean of every neuron after
   * layer l + 1. `mlp.weights[l]` is an (n, n) float32 array; h_l = max(0, h_{l-1} @ W_l) with
   * h_0 ~ N(0, I). Every np call counts FLOPs against `budget`.
   */
  predict(mlp: Mlp, _budget: number): NDArray {
    return np.zeros([mlp.depth, mlp.width]);
  }

  /** Runs once after the last predict (optional). */
  teardown(): void {}
}
