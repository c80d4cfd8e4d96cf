/**
 * The estimator contract: the types an estimator author programs against.
 *
 * An estimator file imports these with `import type { Estimator, Mlp } from "whest"` and the
 * counted API with `import { np } from "whest"`; the loader supplies both, so the file works
 * from any directory, from the sandboxed worker and from the compiled binary.
 *
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import type { SetupContext } from "./runner.ts";

export type { SetupContext };

/**
 * The MLP handed to `predict`: read-only.
 *
 * Row-vector orientation: h₀ = x ~ N(0, I), h_l = max(0, h_{l−1} @ W_l), so
 * `weights[l].item(i, j)` connects input neuron i to output neuron j.
 */
export interface Mlp {
  /** Display name, e.g. "mlp-0". */
  readonly name: string;
  /** Neurons per layer (n). */
  readonly width: number;
  /** Number of layers (d). */
  readonly depth: number;
  /** d float32 NDArrays of shape (n, n); a private copy, so writing to one changes nothing. */
  readonly weights: readonly NDArray[];
  /** Seed for the estimator's own randomness (uint32): use `np.random.default_rng(mlp.seed)`. */
  readonly seed: number;
}

/**
 * What `predict` may return: a (depth, width) NDArray (any numeric dtype), or `depth` rows of
 * `width` numbers each (plain arrays or typed arrays). Row l estimates E[h_{l+1}].
 */
export type Predictions = NDArray | ArrayLike<ArrayLike<number>>;

/**
 * An estimator: an object, or an instance of the exported class (constructed with no
 * arguments).
 *
 * @example
 * ```ts
 * import { np } from "whest";
 * import type { Estimator, Mlp } from "whest";
 *
 * export default class Zeros implements Estimator {
 *   predict(mlp: Mlp, _budget: number) {
 *     return np.zeros([mlp.depth, mlp.width]);
 *   }
 * }
 * ```
 */
export interface Estimator {
  /**
   * Estimates E[h_l] for every layer; runs under a FLOP budget of `budget` (informational:
   * the limit is enforced whatever the estimator does). Must return synchronously.
   */
  predict(mlp: Mlp, budget: number): Predictions;
  /** Runs once before any predict, outside FLOP accounting; may be async. */
  setup?(ctx: SetupContext): void | Promise<void>;
  /** Runs once after the last predict; may be async. */
  teardown?(): void | Promise<void>;
}
