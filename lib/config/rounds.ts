/**
 * The challenge's rounds (reference-behaviour §6): each tag fixes every scoring setting of
 * that round at once, so an old round can be re-scored exactly.
 *
 * @module
 */

/** A round tag accepted by `--round`. */
export type RoundTag = "v1-warmup" | "v1-phase1" | "v2-phase2";

/** The settings a round fixes; explicit flags override them one by one. */
export interface RoundPreset {
  /** Width n. */
  readonly width: number;
  /** Depth d. */
  readonly depth: number;
  /** Monte Carlo samples for the ground truth. */
  readonly nSamples: number;
  /** FLOP budget B per MLP. */
  readonly flopBudget: number;
  /** λ: FLOPs charged per second of residual wall time. */
  readonly lambdaFlopsPerSecond: number;
  /** Residual wall-time cap in seconds, or null when the round had none. */
  readonly residualWallTimeLimitS: number | null;
  /** Wall-time cap of one predict, in seconds. */
  readonly wallTimeLimitS: number;
}

/** Every round, by tag (v2-phase2 is the current one). */
export const ROUNDS: Readonly<Record<RoundTag, RoundPreset>> = {
  "v1-warmup": {
    width: 256,
    depth: 8,
    nSamples: 1e9,
    flopBudget: 6.8e10,
    lambdaFlopsPerSecond: 1e11,
    residualWallTimeLimitS: null,
    wallTimeLimitS: 60,
  },
  "v1-phase1": {
    width: 256,
    depth: 32,
    nSamples: 1e9,
    flopBudget: 2.72e11,
    lambdaFlopsPerSecond: 1e11,
    residualWallTimeLimitS: null,
    wallTimeLimitS: 60,
  },
  "v2-phase2": {
    width: 1024,
    depth: 16,
    nSamples: 1e9,
    flopBudget: 2 ** 41,
    lambdaFlopsPerSecond: 0,
    residualWallTimeLimitS: 0.4,
    wallTimeLimitS: 120,
  },
};

/** The tags in the order they are listed in help and errors. */
export const ROUND_TAGS: readonly RoundTag[] = Object.keys(ROUNDS) as RoundTag[];

/**
 * Whether `text` is a known round tag.
 *
 * @param text The value given to `--round`.
 */
export function isRoundTag(text: string): text is RoundTag {
  return Object.hasOwn(ROUNDS, text);
}
