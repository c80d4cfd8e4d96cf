/**
 * Draws a contest MLP's weights exactly as the reference evaluator does.
 *
 * @module
 */
import type { Generator } from "../random/generator.ts";
import type { MlpSpec } from "../contract/mlp.ts";

function checkDimension(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`MLP ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * An MLP of `depth` n×n float32 matrices drawn from `rng`: each entry a float64 standard
 * normal times sqrt(2/width) in float64, rounded once to float32, in layer then row-major order
 * (numpy: `(rng.standard_normal((n, n)) * np.sqrt(2 / n)).astype(np.float32)` per layer).
 *
 * @example
 * ```ts
 * import { sampleMlp } from "./mlp.ts";
 * import { contestSeeds } from "./seeding.ts";
 * const [streams] = contestSeeds(42, 1);
 * const mlp = sampleMlp(8, 2, streams.weightRng, "mlp-0", streams.estimatorSeed);
 * ```
 * @param width Neurons per layer (n).
 * @param depth Number of weight matrices (d).
 * @param rng The MLP's weight generator (it advances by d·n² draws).
 * @param name Display name; default "mlp-0".
 * @param seed The estimator seed to record; default 0.
 */
export function sampleMlp(
  width: number,
  depth: number,
  rng: Generator,
  name = "mlp-0",
  seed = 0,
): MlpSpec {
  checkDimension("width", width);
  checkDimension("depth", depth);
  const scale = Math.sqrt(2 / width);
  const weights: Float32Array[] = [];
  for (let l = 0; l < depth; l++) {
    const w = new Float32Array(width * width);
    rng.fillScaledNormalF32(w, scale);
    weights.push(w);
  }
  return { name, width, depth, weights, seed };
}
