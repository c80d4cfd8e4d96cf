/**
 * The Monte Carlo sampler's work, step by step, as the counted ops the reference runs for it
 * (so reports show its breakdown under `sampling.sample_layer_statistics`).
 *
 * The sampler itself fuses matmul, ReLU and the column sums into one kernel; each step here
 * records the reference's ops through the engine's `runOp`, with the fused kernel inside
 * the matmul and the other ops of the same step recorded with no work of their own. The op
 * sequence reproduces cost-model.md's closed form
 * 2dSn² + (4d + 53)Sn + (6d + 41)n for S samples, whatever the chunking:
 *
 * - per chunk of r rows: standard_normal (16rn, float32), array (rn);
 * - per layer: matmul (2n−1)rn, maximum rn, astype to float64 2rn, sum over rows 2(rn − n),
 *   add into the running sums 2n;
 * - the last layer's squares: astype 2rn, power 32rn, sum 2(rn − n), add 2n;
 * - at the end: stack 2dn, divide 2dn, astype to float32 2dn (casts bill at the heavier
 *   dtype), and for the variance divide 2n, power 32n, subtract 2n, maximum 2n, mean 2n,
 *   plus array n for `final_means`.
 *
 * (The reference's source is not public; this sequence is the one that yields its closed
 * form under the op-level rules. A sum's −2n per chunk cancels the add's +2n, which is why
 * the total does not depend on the chunk size.)
 *
 * @module
 */
import { runOp } from "../budget/engine.ts";

const noWork = (): void => {};

/**
 * Records the draw of one chunk and runs it.
 *
 * @param rows Rows in the chunk (r).
 * @param n Width.
 * @param draw Fills the chunk with float32 standard normals.
 */
export function meterDraw(rows: number, n: number, draw: () => void): void {
  runOp("random.Generator.standard_normal", [[rows, n]], "float32", 16 * rows * n, draw);
  runOp("array", [[rows, n]], "float32", rows * n, noWork);
}

/**
 * Records one layer of one chunk and runs the fused layer kernel inside its matmul.
 *
 * @param rows Rows in the chunk (r).
 * @param n Width.
 * @param layer Runs x = max(x @ W, 0) and adds the column sums (and squares).
 */
export function meterLayer(rows: number, n: number, layer: () => void): void {
  const rn = rows * n;
  runOp("matmul", [[rows, n], [n, n]], "float32", (2 * n - 1) * rn, layer);
  runOp("maximum", [[rows, n]], "float32", rn, noWork);
  meterCast(rows, n);
  meterColumnSum(rows, n);
}

/**
 * Records the last layer's sum of squares (computed by the fused kernel of that layer).
 *
 * @param rows Rows in the chunk (r).
 * @param n Width.
 */
export function meterSquares(rows: number, n: number): void {
  meterCast(rows, n);
  runOp("power", [[rows, n]], "float64", 32 * rows * n, noWork);
  meterColumnSum(rows, n);
}

function meterCast(rows: number, n: number): void {
  // the reference casts with fnp.asarray(x, dtype=float64)
  runOp("asarray", [[rows, n]], "float64", 2 * rows * n, noWork);
}

function meterColumnSum(rows: number, n: number): void {
  runOp("sum", [[rows, n]], "float64", 2 * (rows * n - n), noWork);
  runOp("add", [[n], [n]], "float64", 2 * n, noWork);
}

/** What {@link meterFinish} computes from the running sums. */
export interface FinishedStatistics {
  /** (d, n) float32 means. */
  readonly allLayerMeans: Float32Array;
  /** Last row of the means. */
  readonly finalMeans: Float32Array;
  /** Mean over last-layer neurons of E[x²] − (float32 mean)², in float64, unclamped as the reference. */
  readonly avgVariance: number;
}

/**
 * Turns the running float64 sums into the sampler's outputs, recording each step.
 *
 * @param sums (d, n) per-neuron sums of every layer.
 * @param squareSums (n) per-neuron sums of squares of the last layer.
 * @param d Depth.
 * @param n Width.
 * @param samples Number of samples S.
 */
export function meterFinish(
  sums: Float64Array,
  squareSums: Float64Array,
  d: number,
  n: number,
  samples: number,
): FinishedStatistics {
  // The reference's closing lines, op by op (whestbench simulation.py):
  //   layer_means = asarray(stack(layer_sums) / N, float32); final_mean = layer_means[-1].copy()
  //   avg_variance = mean(final_sum_sq / N - asarray(final_mean, float64) ** 2)   (unclamped)
  const dn = d * n;
  const means = new Float64Array(dn);
  runOp("stack", Array.from({ length: d }, () => [n]), "float64", 2 * dn, noWork);
  runOp("divide", [[d, n]], "float64", 2 * dn, () => {
    for (let i = 0; i < dn; i++) means[i] = sums[i] / samples;
  });
  const allLayerMeans = runOp(
    "asarray",
    [[d, n]],
    "float64",
    2 * dn,
    () => Float32Array.from(means),
  );
  const last = (d - 1) * n;
  const finalMeans = runOp("copy", [[n]], "float32", n, () => allLayerMeans.slice(last));
  const variance = new Float64Array(n);
  runOp("divide", [[n]], "float64", 2 * n, () => {
    for (let j = 0; j < n; j++) variance[j] = squareSums[j] / samples;
  });
  // the float32-rounded mean, widened back: what the reference squares
  const rounded = runOp("asarray", [[n]], "float64", 2 * n, () => Float64Array.from(finalMeans));
  runOp("power", [[n]], "float64", 32 * n, () => {
    for (let j = 0; j < n; j++) rounded[j] = rounded[j] * rounded[j];
  });
  runOp("subtract", [[n], [n]], "float64", 2 * n, () => {
    for (let j = 0; j < n; j++) variance[j] -= rounded[j];
  });
  const avgVariance = runOp("mean", [[n]], "float64", 2 * n, () => {
    let total = 0;
    for (let j = 0; j < n; j++) total += variance[j];
    return total / n;
  });
  return { allLayerMeans, finalMeans, avgVariance };
}
