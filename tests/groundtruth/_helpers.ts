/** The pipeline fixture's cases and their MLPs, seeded as numpy does (ground-truth and estimator tests). */
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import type { NormalStream } from "../../lib/groundtruth/sampler.ts";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import { contestSeeds } from "../../lib/contest/seeding.ts";

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
  covariance_propagation: number[][];
}

/** The cases of tests/fixtures/numpy-reference-pipeline.json. */
export function fixtureCases(): PipelineCase[] {
  const url = new URL("../fixtures/numpy-reference-pipeline.json", import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url)).cases;
}

/** The case's MLP and its input stream (children 3i and 3i + 1 of SeedSequence(seed)). */
export function fixtureMlp(c: PipelineCase): { spec: MlpSpec; inputs: NormalStream } {
  const streams = contestSeeds(c.seed, c.n_mlps)[c.index];
  const spec = sampleMlp(
    c.width,
    c.depth,
    streams.weightRng,
    `mlp-${c.index}`,
    streams.estimatorSeed,
  );
  return { spec, inputs: streams.inputRng };
}
