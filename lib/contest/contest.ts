/**
 * Builds a seeded contest (reference-behaviour §2-3): the MLPs from `SeedSequence(seed)`
 * and each MLP's Monte Carlo ground truth from its own input stream.
 *
 * @module
 */
import type { BudgetSummary } from "../budget/summary.ts";
import { type GroundTruthCache, type GroundTruthKey, kernelFamily } from "../groundtruth/cache.ts";
import { sampleGroundTruth, type SamplingProgress } from "../groundtruth/sampler.ts";
import type { NamespaceBreakdown } from "../budget/summary.ts";
import { sampleMlp } from "./mlp.ts";
import { contestSeeds } from "./seeding.ts";
import type { GroundTruth, MlpSpec } from "../contract/mlp.ts";

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
  /** The MLPs to score, in contest order. */
  readonly mlps: readonly MlpSpec[];
  /** Each MLP's Monte Carlo ground truth, aligned with `mlps`. */
  readonly truths: readonly GroundTruth[];
  /** Each MLP's sampler breakdown by namespace (`sampling.sample_layer_statistics`). */
  readonly samplingBreakdowns: readonly NamespaceBreakdown[];
}

/** Where a seeded contest's ground truth may be read from and kept (`--no-cache`: none). */
export interface ContestCache {
  /** The cache. */
  readonly store: GroundTruthCache;
  /** The kernel backend that samples (its family is part of each key). */
  readonly kernels: string;
}

/** The seed protocol `whest run` seeds its contests with (`SeedSequence(S).spawn(3·K)`). */
const SEED_PROTOCOL = "2.0";

/** Called per sampled chunk with the MLP's index. */
export type ContestProgress = (
  index: number,
  samplesDone: number,
  nSamples: number,
  cached?: boolean,
) => void;

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
export async function buildContest(
  settings: ContestSettings,
  onProgress?: ContestProgress,
  cache?: ContestCache,
): Promise<Contest> {
  const { nMlps, width, depth, nSamples, seed } = settings;
  const mlps: MlpSpec[] = [];
  const truths: GroundTruth[] = [];
  const samplingBreakdowns: NamespaceBreakdown[] = [];
  for (const [i, streams] of contestSeeds(seed, nMlps).entries()) {
    const mlp = sampleMlp(width, depth, streams.weightRng, `mlp-${i}`, streams.estimatorSeed);
    const key: GroundTruthKey | undefined = cache && seed !== null
      ? {
        seed,
        index: i,
        width,
        depth,
        nSamples,
        seedProtocol: SEED_PROTOCOL,
        kernels: kernelFamily(cache.kernels),
      }
      : undefined;
    const cached = key && cache!.store.get(key);
    if (cached) {
      onProgress?.(i, nSamples, nSamples, true);
      mlps.push(mlp);
      truths.push(cached.truth);
      samplingBreakdowns.push(cached.breakdown);
      continue;
    }
    const progress: SamplingProgress | undefined = onProgress &&
      ((done, total) => onProgress(i, done, total));
    const { truth, summary } = await sampleGroundTruth(
      mlp,
      streams.inputRng,
      nSamples,
      progress,
    );
    const breakdown = breakdownOf(summary);
    if (key) cache!.store.put(key, { truth, breakdown });
    mlps.push(mlp);
    truths.push(truth);
    samplingBreakdowns.push(breakdown);
  }
  return { mlps, truths, samplingBreakdowns };
}
