/**
 * The Monte Carlo ground truth of one MLP (reference-behaviour §3): chunks of float32
 * standard-normal inputs from the MLP's own input stream, float32 layer products through the
 * fused kernel `reluMatmulColumnSumsF32`, float64 running sums, and the per-layer means.
 *
 * The sampler is metered in its own budget context (namespace
 * `sampling.sample_layer_statistics`) so reports show its FLOPs; it is never billed to an
 * estimator.
 *
 * @module
 */
import type { BudgetSummary } from "../budget/summary.ts";
import type { GroundTruth, MlpSpec } from "../contract/mlp.ts";
import { kernels } from "../kernels/seam.ts";
import {
  type FinishedStatistics,
  meterDraw,
  meterFinish,
  meterLayer,
  meterSquares,
} from "./metered_steps.ts";
import { SamplingMeter } from "./sampling_meter.ts";

/** A stream of float32 standard normals: the MLP's input generator. */
export interface NormalStream {
  /** Fills `out` with the next `out.length` float32 standard normals of the stream. */
  fillStandardNormalF32(out: Float32Array): void;
}

/** Called after each chunk with the samples done so far and the total. */
export type SamplingProgress = (samplesDone: number, nSamples: number) => void;

export { SAMPLING_DEFAULT_NAMESPACE, SAMPLING_NAMESPACE } from "./sampling_meter.ts";

/**
 * Rows per chunk for width n: max(1024, min(16384, floor(2^20 / n))).
 *
 * @example
 * ```ts
 * import { chunkRows } from "./sampler.ts";
 * chunkRows(1024); // 1024
 * chunkRows(32); // 16384
 * ```
 * @param width Width n.
 */
export function chunkRows(width: number): number {
  return Math.max(1024, Math.min(16384, Math.floor(2 ** 20 / width)));
}

/**
 * How long the sampler computes before it lets the event loop turn: signals (Ctrl-C) and the
 * worker's pipes are served within about this long, at a cost of well under 1% of the sampling.
 */
const YIELD_EVERY_MS = 100;

let lastYield = performance.now();

/** Lets pending tasks (signal handlers, pipe I/O) run if `periodMs` passed since the last turn. */
async function yieldEvery(periodMs: number): Promise<void> {
  if (performance.now() - lastYield < periodMs) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
  lastYield = performance.now();
}

/** The ground truth and the sampler's meter summary. */
export interface SampledGroundTruth {
  /** Means per layer, final means and average last-layer variance. */
  readonly truth: GroundTruth;
  /** FLOPs and times of the sampling, under `sampling.sample_layer_statistics`. */
  readonly summary: BudgetSummary;
}

/**
 * Samples `nSamples` inputs through the MLP and returns every layer's mean activation.
 * Must not run inside another budget context (contexts do not nest).
 *
 * @example
 * ```ts
 * import { sampleGroundTruth } from "./sampler.ts";
 * // `inputs` is the MLP's input Generator (contest child 3i + 1).
 * // const { truth, summary } = sampleGroundTruth(mlp, inputs, 200_000);
 * ```
 * @param mlp The MLP (float32 weights, row-major).
 * @param inputs The MLP's input stream; drawn continuously across chunks.
 * @param nSamples Number of samples S (at least 1).
 * @param onProgress Called after each chunk.
 * @param contextFlopLimit FLOPs one meter context may hold before the next opens (default
 *   2^53 − 1; tests lower it to exercise the roll-over).
 */
export async function sampleGroundTruth(
  mlp: MlpSpec,
  inputs: NormalStream,
  nSamples: number,
  onProgress?: SamplingProgress,
  contextFlopLimit?: number,
): Promise<SampledGroundTruth> {
  if (!Number.isSafeInteger(nSamples) || nSamples < 1) {
    throw new RangeError(`sampleGroundTruth: nSamples ${nSamples} must be a positive integer`);
  }
  const { width: n, depth: d, weights } = mlp;
  const chunk = Math.min(chunkRows(n), nSamples);
  const sums = new Float64Array(d * n);
  const squareSums = new Float64Array(n);
  let x = new Float32Array(chunk * n);
  let y = new Float32Array(chunk * n);
  const backend = kernels();
  const meter = new SamplingMeter(contextFlopLimit);
  let stats: FinishedStatistics;
  let summary: BudgetSummary;
  try {
    for (let done = 0; done < nSamples;) {
      const rows = Math.min(chunk, nSamples - done);
      meter.reserve(2 * d * rows * n * n + (4 * d + 53) * rows * n);
      const input = rows === chunk ? x : x.subarray(0, rows * n);
      meterDraw(rows, n, () => inputs.fillStandardNormalF32(input));
      for (let l = 0; l < d; l++) {
        const from = rows === chunk ? x : x.subarray(0, rows * n);
        const to = rows === chunk ? y : y.subarray(0, rows * n);
        const layerSums = sums.subarray(l * n, (l + 1) * n);
        const squares = l === d - 1 ? squareSums : undefined;
        meterLayer(rows, n, () => {
          backend.reluMatmulColumnSumsF32(from, weights[l], to, rows, n, layerSums, squares);
        });
        [x, y] = [y, x];
      }
      meterSquares(rows, n);
      done += rows;
      onProgress?.(done, nSamples);
      await yieldEvery(YIELD_EVERY_MS);
    }
    meter.reserve((6 * d + 41) * n);
    stats = meterFinish(sums, squareSums, d, n, nSamples);
  } finally {
    summary = meter.close();
  }
  return { truth: { ...stats, nSamples }, summary };
}
