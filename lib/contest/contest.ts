/**
 * Builds a seeded contest (reference-behaviour §2-3): the MLPs from `SeedSequence(seed)`
 * and each MLP's Monte Carlo ground truth from its own input stream.
 *
 * @module
 */
import type { BudgetSummary } from "../budget/summary.ts";
import { sampleGroundTruth, type SamplingProgress } from "../groundtruth/sampler.ts";
import { Generator } from "../random/generator.ts";
import { PCG64 } from "../random/pcg64.ts";
import { SeedSequence } from "../random/seed_sequence.ts";
import type { NamespaceBreakdown } from "../scoring/types.ts";
import type { GroundTruth, MlpSpec } from "./types.ts";

/** What a seeded contest is built from. */
export interface ContestSettings {
  /** The run's seed, or null for fresh OS entropy (then every `mlp.seed` is 0). */
  readonly seed: number | null;
  /** Number of MLPs. */
  readonly nMlps: number;
  /** Width n. */
  readonly width: number;
  /** Depth d. */
  readonly depth: number;
  /** Monte Carlo samples per MLP. */
  readonly nSamples: number;
}

/** The MLPs of a contest, their ground truth and what sampling it cost. */
export interface Contest {
  readonly mlps: readonly MlpSpec[];
  readonly truths: readonly GroundTruth[];
  /** Each MLP's sampler breakdown by namespace (`sampling.sample_layer_statistics`). */
  readonly samplingBreakdowns: readonly NamespaceBreakdown[];
}

/** Called per sampled chunk with the MLP's index. */
export type ContestProgress = (index: number, samplesDone: number, nSamples: number) => void;

/**
 * One MLP's weights: d·n·n float64 normals from its own generator (layer, then row-major
 * order), times sqrt(2/n) in float64, rounded once to float32.
 *
 * @param weightSeed Child 3i of the contest's SeedSequence.
 * @param width Width n.
 * @param depth Depth d.
 */
export function generateWeights(
  weightSeed: SeedSequence,
  width: number,
  depth: number,
): Float32Array[] {
  const rng = new Generator(new PCG64(weightSeed));
  const scale = Math.sqrt(2 / width);
  const weights: Float32Array[] = [];
  for (let l = 0; l < depth; l++) {
    const w = new Float32Array(width * width);
    rng.fillScaledNormalF32(w, scale);
    weights.push(w);
  }
  return weights;
}

function breakdownOf(summary: BudgetSummary): NamespaceBreakdown {
  return summary.by_namespace ?? {};
}

/**
 * Generates the contest's MLPs and samples each one's ground truth, in MLP order.
 *
 * `SeedSequence(seed).spawn(3·nMlps)`: for MLP i, child 3i seeds the weights, child 3i+1 the
 * Monte Carlo inputs, and `mlp.seed` = child 3i+2's `generate_state(1)[0]` (0 when unseeded).
 *
 * @example
 * ```ts
 * import { buildContest } from "./contest.ts";
 * const contest = buildContest({ seed: 7, nMlps: 2, width: 8, depth: 2, nSamples: 1000 });
 * // contest.mlps[1].seed is numpy's SeedSequence(7).spawn(6)[5].generate_state(1)[0]
 * ```
 * @param settings Seed, count, shape and samples.
 * @param onProgress Called after each sampled chunk.
 */
export function buildContest(settings: ContestSettings, onProgress?: ContestProgress): Contest {
  const { nMlps, width, depth, nSamples } = settings;
  const children = new SeedSequence(settings.seed ?? undefined).spawn(3 * nMlps);
  const mlps: MlpSpec[] = [];
  const truths: GroundTruth[] = [];
  const samplingBreakdowns: NamespaceBreakdown[] = [];
  for (let i = 0; i < nMlps; i++) {
    const mlp: MlpSpec = {
      name: `mlp-${i}`,
      width,
      depth,
      weights: generateWeights(children[3 * i], width, depth),
      seed: settings.seed === null ? 0 : children[3 * i + 2].generateState(1, "uint32")[0],
    };
    const inputs = new Generator(new PCG64(children[3 * i + 1]));
    const progress: SamplingProgress | undefined = onProgress &&
      ((done, total) => onProgress(i, done, total));
    const { truth, summary } = sampleGroundTruth(
      mlp,
      inputs,
      nSamples,
      progress,
    );
    mlps.push(mlp);
    truths.push(truth);
    samplingBreakdowns.push(breakdownOf(summary));
  }
  return { mlps, truths, samplingBreakdowns };
}
