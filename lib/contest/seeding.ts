/**
 * Contest seeding (reference-behaviour §2): which numpy streams draw each MLP's weights, its
 * Monte Carlo inputs and its estimator seed.
 *
 * @module
 */
import { Generator } from "../random/generator.ts";
import { PCG64 } from "../random/pcg64.ts";
import { SeedSequence } from "../random/seed_sequence.ts";

/** The three streams of one MLP, as the official evaluator derives them. */
export interface MlpStreams {
  /** Draws the MLP's weights (child 3i, or child 0 under protocol 3.0). */
  readonly weightRng: Generator;
  /** Draws the Monte Carlo inputs for ground truth (child 3i+1, or child 1). */
  readonly inputRng: Generator;
  /** `mlp.seed` as the estimator sees it: child 3i+2's `generate_state(1)[0]` (uint32). */
  readonly estimatorSeed: number;
}

function streamsOf(children: readonly SeedSequence[], seeded: boolean): MlpStreams {
  return {
    weightRng: new Generator(new PCG64(children[0])),
    inputRng: new Generator(new PCG64(children[1])),
    estimatorSeed: seeded ? children[2].generateState(1, "uint32")[0] : 0,
  };
}

/**
 * The streams of every MLP of a `run --seed S` contest: `SeedSequence(S).spawn(3·nMlps)` with
 * stride 3. Without a seed the root draws OS entropy and every estimator seed is 0.
 *
 * @example
 * ```ts
 * import { contestSeeds } from "./seeding.ts";
 * const [first] = contestSeeds(42, 3);
 * first.estimatorSeed; // numpy: SeedSequence(42).spawn(9)[2].generate_state(1)[0]
 * ```
 * @param seed The contest seed (any non-negative integer), or undefined/null for OS entropy.
 * @param nMlps Number of MLPs.
 */
export function contestSeeds(
  seed: number | bigint | undefined | null,
  nMlps: number,
): MlpStreams[] {
  if (!Number.isSafeInteger(nMlps) || nMlps < 0) {
    throw new RangeError(`number of MLPs must be a non-negative integer, got ${nMlps}`);
  }
  const seeded = seed !== undefined && seed !== null;
  const children = new SeedSequence(seeded ? seed : undefined).spawn(3 * nMlps);
  return Array.from(
    { length: nMlps },
    (_, i) => streamsOf(children.slice(3 * i, 3 * i + 3), seeded),
  );
}

/**
 * The streams of one MLP under dataset seed protocol 3.0: `SeedSequence(mlpSeed).spawn(3)`.
 *
 * @example
 * ```ts
 * import { protocol3Seeds } from "./seeding.ts";
 * const { estimatorSeed } = protocol3Seeds(1001);
 * ```
 * @param mlpSeed The dataset's `mlp_seed` (up to 63 bits; pass a bigint beyond 2^53).
 */
export function protocol3Seeds(mlpSeed: number | bigint): MlpStreams {
  return streamsOf(new SeedSequence(mlpSeed).spawn(3), true);
}
