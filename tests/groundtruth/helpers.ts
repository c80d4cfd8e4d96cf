/** Fixture MLPs for the ground-truth tests: the pipeline fixture's cases, seeded as numpy does. */
import type { MlpSpec } from "../../lib/contest/types.ts";
import type { NormalStream } from "../../lib/groundtruth/sampler.ts";
import { generateWeights } from "../../lib/contest/contest.ts";
import { Generator } from "../../lib/random/generator.ts";
import { PCG64 } from "../../lib/random/pcg64.ts";
import { SeedSequence } from "../../lib/random/seed_sequence.ts";

/** One case of numpy-reference-pipeline.json. */
export interface PipelineCase {
  seed: number;
  n_mlps: number;
  index: number;
  width: number;
  depth: number;
  n_samples: number;
  estimator_seed: number;
  all_layer_means_f32: number[][];
  avg_variance: number;
  mean_propagation: number[][];
}

/** The cases of tests/fixtures/numpy-reference-pipeline.json. */
export function fixtureCases(): PipelineCase[] {
  const url = new URL("../fixtures/numpy-reference-pipeline.json", import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url)).cases;
}

/** The case's MLP and its input stream (children 3i and 3i + 1 of SeedSequence(seed)). */
export function fixtureMlp(c: PipelineCase): { spec: MlpSpec; inputs: NormalStream } {
  const children = new SeedSequence(c.seed).spawn(3 * c.n_mlps);
  const weights = generateWeights(children[3 * c.index], c.width, c.depth);
  return {
    spec: {
      name: `mlp-${c.index}`,
      width: c.width,
      depth: c.depth,
      weights,
      seed: c.estimator_seed,
    },
    inputs: new Generator(new PCG64(children[3 * c.index + 1])),
  };
}
