/**
 * A seeded contest (reference-behaviour §2-3): the MLPs from `SeedSequence(seed)` and each
 * MLP's Monte Carlo ground truth from its own input stream, produced one MLP at a time.
 *
 * @module
 */
import { breakdownSummaryOf } from "../budget/merge.ts";
import {
  type GroundTruthCache,
  type GroundTruthKey,
  kernelFamily,
  SAMPLER_VERSION,
} from "../groundtruth/cache.ts";
import { sampleGroundTruth, type SamplingProgress } from "../groundtruth/sampler.ts";
import { sampleMlp } from "./mlp.ts";
import { contestSeeds } from "./seeding.ts";
import type { ContestEntry, ContestSource } from "../contract/contest.ts";
import type { MlpSpec } from "../contract/mlp.ts";

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

/**
 * A seeded contest, produced MLP by MLP: weights when first asked for, ground truth (from the
 * cache, or sampled) when its entry is asked for, both forgotten on release.
 *
 * @example
 * ```ts
 * import { seededContest } from "./contest.ts";
 * const contest = seededContest({ seed: 7, nMlps: 2, width: 8, depth: 2, nSamples: 100 });
 * const { mlp, truth } = await contest.entry(0);
 * contest.release(0);
 * // mlp.name === "mlp-0"; truth.allLayerMeans.length === 16
 * ```
 * @param settings Seed, count, shape and samples.
 * @param onProgress Called per sampled chunk (and once for an MLP read from the cache).
 * @param cache Where ground truth may be read from and kept; none for `--no-cache`.
 */
export function seededContest(
  settings: ContestSettings,
  onProgress?: ContestProgress,
  cache?: ContestCache,
): ContestSource {
  const { nMlps, width, depth, nSamples, seed } = settings;
  const streams = contestSeeds(seed, nMlps);
  const specs = new Map<number, MlpSpec>();
  const spec = (i: number): MlpSpec => {
    let mlp = specs.get(i);
    if (mlp === undefined) {
      const s = streams[i];
      mlp = sampleMlp(width, depth, s.weightRng, `mlp-${i}`, s.estimatorSeed);
      specs.set(i, mlp);
    }
    return mlp;
  };
  const entry = async (i: number): Promise<ContestEntry> => {
    const mlp = spec(i);
    const key: GroundTruthKey | undefined = cache && seed !== null
      ? {
        seed,
        index: i,
        width,
        depth,
        nSamples,
        seedProtocol: SEED_PROTOCOL,
        sampler: SAMPLER_VERSION,
        kernels: kernelFamily(cache.kernels),
      }
      : undefined;
    const cached = key && cache!.store.get(key);
    if (cached) {
      onProgress?.(i, nSamples, nSamples, true);
      return { mlp, truth: cached.truth, samplingSummary: cached.sampling };
    }
    const progress: SamplingProgress | undefined = onProgress &&
      ((done, total) => onProgress(i, done, total));
    const { truth, summary } = await sampleGroundTruth(
      mlp,
      streams[i].inputRng,
      nSamples,
      progress,
    );
    const samplingSummary = breakdownSummaryOf(summary);
    if (key) cache!.store.put(key, { truth, sampling: samplingSummary });
    return { mlp, truth, samplingSummary };
  };
  return { size: nMlps, spec, entry, release: (i) => void specs.delete(i) };
}
