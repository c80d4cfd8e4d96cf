/**
 * Builds the read-only {@link Mlp} an estimator's `predict` receives from an {@link MlpSpec}.
 *
 * @module
 */
import { wrapStorage } from "../array/ndarray.ts";
import type { MlpSpec } from "../contract/mlp.ts";
import type { Mlp } from "../contract/estimator.ts";

/**
 * Wraps an MLP's weights as frozen float32 (n, n) NDArrays inside a frozen {@link Mlp}.
 *
 * @param spec The MLP as generated or read from a dataset.
 * @param copyWeights Copy each matrix (default true), so that an estimator writing into
 *   `weights[l].data` cannot alter the caller's MLP. A worker that owns freshly received
 *   buffers passes false.
 * @returns The estimator's view of the MLP.
 *
 * @example
 * ```ts
 * import { makeMlp } from "./mlp.ts";
 * const mlp = makeMlp({ name: "m", width: 2, depth: 1, seed: 7, weights: [new Float32Array(4)] });
 * console.log(mlp.weights[0].shape, mlp.weights[0].dtype); // [2, 2] "float32"
 * ```
 */
export function makeMlp(spec: MlpSpec, copyWeights = true): Mlp {
  const n = spec.width;
  // Arrays are frozen when built (lib/array/ndarray.ts).
  const weights = spec.weights.map((w) =>
    wrapStorage(copyWeights ? w.slice() : w, Object.freeze([n, n]), "float32")
  );
  return Object.freeze({
    name: spec.name,
    width: spec.width,
    depth: spec.depth,
    weights: Object.freeze(weights),
    seed: spec.seed,
  });
}
