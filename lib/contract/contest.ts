/**
 * A contest as the scorer consumes it: one MLP at a time. A seeded contest generates each
 * MLP's weights and samples its ground truth only when asked, and forgets them when released,
 * so a run holds at most two MLPs (the one being scored and the next one, staged in the worker)
 * whatever its size.
 *
 * @module
 */
import type { BreakdownSummary } from "../budget/summary.ts";
import type { GroundTruth, MlpSpec } from "./mlp.ts";

/** One MLP of a contest with its ground truth. */
export interface ContestEntry {
  /** The MLP. */
  readonly mlp: MlpSpec;
  /** Its Monte Carlo ground truth. */
  readonly truth: GroundTruth;
  /**
   * What sampling the ground truth cost (a cached entry's is the run that sampled it; a
   * dataset's is its bake's), or null where a dataset row records none in whestbench's shape.
   */
  readonly samplingSummary: BreakdownSummary | null;
}

/** The MLPs of a contest, produced on demand and released once scored. */
export interface ContestSource {
  /** Number of MLPs. */
  readonly size: number;
  /**
   * MLP `index`'s weights (generated on first use, kept until released): the scorer asks for
   * the next MLP's before the current predict, so the worker can receive them meanwhile.
   */
  spec(index: number): MlpSpec;
  /** MLP `index` with its ground truth (sampled, or read from a cache or a dataset). */
  entry(index: number): Promise<ContestEntry>;
  /** Forgets MLP `index` (its weights and ground truth): it has been scored. */
  release(index: number): void;
}
