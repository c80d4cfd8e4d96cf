/**
 * Whitened antithetic Monte Carlo (as `sampling_whitened`) that skips exact zeros of the ReLU, so
 * the same share of the budget buys more samples.
 *
 * After a ReLU many entries of a sample block are exactly 0: at depth 16–32 of width 256 a
 * fifth of the neurons are dead for every sample of a block, and many samples are zero on
 * most of the rarely active ones. Per layer and block the columns are sorted by how many
 * samples activate them (dead ones first), each sample's leading run of zero columns in that
 * order is found, and the samples are sorted by it and split into {@link GROUPS} row groups;
 * a group multiplies only the columns from its shortest run onwards. Every skipped product is
 * an exact zero, so the predictions equal unpruned propagation of the same samples up to
 * float32 summation order: no bias, only fewer FLOPs (≈1.2–1.35× at depth 32).
 *
 * Samples come in chunks of whitened antithetic pairs; each chunk is whitened on its own (so
 * the chunk count need not be known in advance) and the chunks after the first are sized from
 * the first one's measured cost so that the whole run spends `fraction` of the budget.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";
import { MIN_PAIRS_PER_NEURON, whitenedFirstLayer, whiteningCost } from "./sampling_whitened.ts";

/** Antithetic pairs in a full chunk (2 × CHUNK_PAIRS rows). */
export const CHUNK_PAIRS = 4096;
/** Row groups per layer and chunk; 1 prunes only the dead columns. */
export const GROUPS = 4;
/** Smallest last chunk worth drawing (smaller leftovers of the share stay unspent). */
export const MIN_TAIL_PAIRS = 16;
/** Narrower nets prune at a loss: the bookkeeping (≈14 FLOPs an entry) outweighs the zeros. */
export const MIN_PRUNE_WIDTH = 128;

/** Dense cost of one pair through the net (the whitened estimator's per-pair FLOPs). */
function densePairCost(n: number, d: number): number {
  return 37 * n + d * (4 * n * n + 6 * n);
}

/** Means over 2m whitened antithetic samples with exact zero-skipping; seeded by `mlp.seed`. */
export default class SamplingStructured implements Estimator {
  /** Fraction of the budget to spend (default 0.1, the score multiplier's floor). */
  fraction = 0.1;
  /** Row groups per layer and chunk (see {@link GROUPS}). */
  groups: number = GROUPS;
  /** Set false to propagate densely (same samples, same means, more FLOPs). */
  prune = true;

  /**
   * Every layer's mean over the samples that `fraction` of the budget buys.
   *
   * @param mlp The network.
   * @param budget The FLOP budget; `fraction` of it buys the samples.
   * @returns (depth, width) float64 sample means; zeros when the budget buys no pair.
   */
  predict(mlp: Mlp, budget: number): NDArray {
    const n = mlp.width;
    const d = mlp.depth;
    const share = this.fraction * budget;
    const prune = this.prune && n >= MIN_PRUNE_WIDTH;
    // Before any chunk has run: the dense cost plus pruning's bookkeeping, an upper estimate.
    let perPair = densePairCost(n, d) + (prune ? 32 * (d - 1) * n : 0) +
      whiteningCost(n, CHUNK_PAIRS) / CHUNK_PAIRS;
    let left = Math.floor(share / perPair);
    if (left < 1) return np.zeros([d, n]);
    const rng = np.random.default_rng(mlp.seed);
    let sums: NDArray[] | null = null;
    let spent = 0;
    let pairs = 0;
    while (left >= (pairs === 0 ? 1 : MIN_TAIL_PAIRS)) {
      // Equal chunks of at most CHUNK_PAIRS; each chunk's measured cost resizes the rest.
      const next = Math.floor(left / Math.ceil(left / CHUNK_PAIRS));
      const chunk = chunkSums(mlp.weights, rng.standard_normal([next, n]), prune ? this.groups : 0);
      sums = sums === null ? chunk.sums : chunk.sums.map((s, l) => np.add(sums![l], s));
      spent += 32 * next * n + chunk.cost + (pairs > 0 ? 2 * d * n : 0);
      pairs += next;
      perPair = spent / pairs;
      left = Math.floor((share - spent) / perPair);
    }
    return np.divide(np.stack(sums!), 2 * pairs);
  }
}

/**
 * Propagates the antithetic chunk [Z; −Z] (whitened when Z has ≥ 2n rows, as in
 * `sampling_whitened`) and sums each layer's activations over its rows.
 *
 * @param weights The layers.
 * @param z The (m, n) float64 half-block.
 * @param groups Row groups for {@link pruned}; 0 multiplies densely.
 * @returns Each layer's float64 column sums and the FLOPs spent (the meter's charges, op by op).
 */
export function chunkSums(
  weights: readonly NDArray[],
  z: NDArray,
  groups: number,
): { sums: NDArray[]; cost: number } {
  const [m, n] = z.shape;
  const rows = 2 * m;
  const first = m >= MIN_PAIRS_PER_NEURON * n ? whitenedFirstLayer(z, weights[0]) : weights[0];
  const half = np.astype(z, "float32");
  const pad = np.ones([rows, 1], "bool");
  let x = np.maximum(np.matmul(np.concatenate([half, np.negative(half)]), first), 0);
  const sums = [np.astype(np.sum(x, 0), "float64")];
  // whitening, cast, ones, negate + concatenate, matmul, ReLU, column sum, cast
  let cost = whiteningCost(n, m) + 2 * m * n + rows + 3 * m * n + (2 * n - 1) * rows * n +
    rows * n + (rows - 1) * n + 2 * n;
  for (let l = 1; l < weights.length; l++) {
    if (groups === 0) {
      x = np.maximum(np.matmul(x, weights[l]), 0);
      cost += (2 * n - 1) * rows * n;
    } else {
      // Columns by activation count, rarest (and dead) first.
      const order = np.argsort(np.count_nonzero(x, 0));
      const step = pruned(np.take(x, order, 1), np.take(weights[l], order, 0), groups, pad);
      x = np.maximum(step.z, 0);
      cost += rows * n + 8 * n * log2Ceil(n) + 4 * rows * n + 4 * n * n + step.cost;
    }
    sums.push(np.astype(np.sum(x, 0), "float64"));
    cost += rows * n + (rows - 1) * n + 2 * n;
  }
  return { sums, cost };
}

/** ⌈log₂ k⌉, at least 1: the sort charge's depth. */
function log2Ceil(k: number): number {
  return Math.max(1, Math.ceil(Math.log2(k)));
}

/**
 * x·W computed without the products of exact zeros, with the rows of the result in a new order
 * (the caller only sums over rows and propagates each row on its own, so the order is free).
 * Works for any column order; it saves most when the rarely active columns come first.
 *
 * @param x The (r, n) float32 post-ReLU block (entries ≥ 0).
 * @param w The (n, n) float32 weights, rows in x's column order.
 * @param groups How many row groups share a column cut.
 * @param pad An (r, 1) bool array of ones (made once per chunk: every op costs residual time).
 * @returns The (r, n) pre-activations and the FLOPs charged.
 */
export function pruned(
  x: NDArray,
  w: NDArray,
  groups: number,
  pad: NDArray,
): { z: NDArray; cost: number } {
  const [r, n] = x.shape;
  // Each row's leading run of zero columns (n when the row is all zero).
  const lead = np.argmax(np.concatenate([np.greater(x, 0), pad], 1), 1);
  const byLead = np.argsort(lead);
  const sortedLead = np.take(lead, byLead).data;
  const xr = np.take(x, byLead, 0);
  let cost = r * n + r * (n + 1) + r * n + 8 * r * log2Ceil(r) + 8 * r + 4 * r * n;
  const parts: NDArray[] = [];
  for (let g = 0; g < groups; g++) {
    const lo = Math.floor((g * r) / groups);
    const hi = Math.floor(((g + 1) * r) / groups);
    if (hi === lo) continue;
    const cut = Number(sortedLead[lo]);
    if (cut === n) {
      parts.push(np.zeros([hi - lo, n], "float32"));
      continue;
    }
    const k = n - cut;
    parts.push(np.matmul(xr.slice(lo, hi).T.slice(cut).T, w.slice(cut)));
    cost += (2 * k - 1) * (hi - lo) * n;
  }
  if (parts.length === 1) return { z: parts[0], cost };
  return { z: np.concatenate(parts), cost: cost + r * n };
}
