/**
 * Whitened antithetic Monte Carlo (as `sampling_whitened`) that skips the ReLU's exact zeros
 * and repairs the first layer's moments, so the same share of the budget buys more samples,
 * each of them worth more.
 *
 * **Pruning (exact).** After a ReLU many entries of a sample block are exactly 0: past depth
 * ~16 of width 256 a fifth to a third of the neurons are dead for every sample of a block, and
 * most samples are zero on most of the rarely active ones. Per layer and block the columns
 * are sorted by how many samples activate them (dead ones first), each sample's leading run of
 * zero columns in that order is found, and the samples are sorted by it and split into
 * {@link GROUPS} row groups; a group multiplies only the columns from its shortest run on.
 * Every skipped product is an exact zero, so the sums equal unpruned propagation of the same
 * samples up to float32 summation order. At 256×32 it buys ≈1.3× the pairs (layers 20–31
 * save 30–40% each); at 256×8 ≈1.05×.
 *
 * **First layer.** z₁ = xW₁ is exactly Gaussian, so E relu(z₁) and Cov relu(z₁) have closed
 * forms (the arc-cosine kernel). Each chunk's first-layer activations are mapped affinely so
 * that their mean (and, from depth {@link FULL_REPAIR_DEPTH}, covariance) is exact, the map
 * folded into W₂. Measured over 8 MLPs × 4 seeds: ≈1.15× at 256×32 (mean and covariance),
 * ≈1.05× at 256×8 (mean alone). The antithetic half −Z·W₁ = −(Z·W₁) costs a negation, and the
 * whitening uses a float32 Gram matrix of the float32 draws.
 *
 * **Budget.** Samples come in chunks of at most {@link CHUNK_PAIRS} whitened antithetic pairs,
 * each whitened on its own; the first takes at most half of a dense-cost estimate, and each
 * chunk's exact charge (tallied op by op, as the meter bills) resizes the rest, so the run
 * spends `fraction` of the budget to within about 0.2%.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";
import { MIN_PAIRS_PER_NEURON } from "./sampling_whitened.ts";

/** Antithetic pairs in a full chunk (2 × CHUNK_PAIRS rows). */
export const CHUNK_PAIRS = 4096;
/** Row groups per layer and chunk; 1 prunes only the dead columns. */
export const GROUPS = 4;
/** Narrower nets prune at a loss: the bookkeeping (≈14 FLOPs an entry) outweighs the zeros. */
export const MIN_PRUNE_WIDTH = 128;
/**
 * A layer is pruned only when at least this many of its input columns are dead or rare
 * (active in under 1/20 of the chunk's rows). Below about 7 the bookkeeping costs more FLOPs
 * than it saves (width 256: −2.4% at the second layer); up to about 16 the few FLOPs saved do
 * not pay for the extra ops' plain-JS residual time, billed at width 256.
 */
export const MIN_SPARSE_COLUMNS = 16;

/**
 * From this depth on the covariance repair pays for its Gram matrix (about one layer's
 * matmul a chunk): measured over 8 MLPs × 4 seeds, full vs mean-only repair was 1.07× better
 * at 256×32 and 0.94× at 256×8.
 */
export const FULL_REPAIR_DEPTH = 16;

/** The float64 Cholesky factor of an n×n matrix and a solve against n right-hand sides. */
function choleskySolveCost(n: number): number {
  const n3 = n * n * n;
  return 2 * Math.floor(n3 / 3) + 2 * (Math.floor((2 * n3) / 3) + 2 * n3);
}

/** FLOPs of {@link whitenedFirst} for m pairs of width n (0 below 2n pairs: no whitening). */
export function whiteningCost(n: number, m: number): number {
  if (m < MIN_PAIRS_PER_NEURON * n) return 0;
  // float32 Gram, cast and scale at rate 2, Cholesky, solve, cast back
  return (2 * m - 1) * n * n + 4 * n * n + choleskySolveCost(n) + 2 * n * n;
}

/**
 * L⁻ᵀW₁ as float32, L·Lᵀ = ZᵀZ/m the covariance of the antithetic block [Z; −Z], so that
 * [Z; −Z]·L⁻ᵀ has covariance exactly I (as `sampling_whitened`, but with a float32 Gram
 * matrix: the samples themselves are float32, so nothing is lost and half the FLOPs saved).
 *
 * @param z The (m, n) float32 half-block, m ≥ 2n.
 * @param w1 The first layer's weights.
 */
export function whitenedFirst(z: NDArray, w1: NDArray): NDArray {
  const covariance = np.divide(np.astype(np.matmul(z.T, z), "float64"), z.shape[0]);
  return np.astype(np.linalg.solve(np.linalg.cholesky(covariance).T, w1), "float32");
}

/** The n³ part of a whitened chunk's cost (and of its covariance repair when `full`). */
function chunkFixedCost(n: number, full: boolean): number {
  const solves = choleskySolveCost(n);
  return solves + (full ? solves + 4 * n * n * n : 0);
}

/**
 * Dense cost of one pair through the net, whitening included (its Gram matrix's 2n² a pair
 * and the 2n² the antithetic half saves at the first layer cancel).
 */
function densePairCost(n: number, d: number): number {
  return 21 * n + d * (4 * n * n + 6 * n);
}

/**
 * Means over whitened antithetic pairs with exact zero-skipping and a first-layer moment
 * repair; seeded by `mlp.seed`.
 */
export default class SamplingStructured implements Estimator {
  /** Fraction of the budget to spend (default 0.1, the score multiplier's floor). */
  fraction = 0.1;
  /** Row groups per layer and chunk (see {@link GROUPS}). */
  groups: number = GROUPS;
  /** Set false to propagate densely (same samples, same means, more FLOPs). */
  prune = true;
  /**
   * Which of each chunk's first-layer moments to repair to their exact values: "auto" repairs
   * the mean and covariance from depth {@link FULL_REPAIR_DEPTH} on, else the mean alone.
   */
  repair: "auto" | "none" | "mean" | "full" = "auto";

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
    const groups = this.prune && n >= MIN_PRUNE_WIDTH ? this.groups : 0;
    // Before any chunk has run: the dense cost plus pruning's bookkeeping, an upper estimate.
    let perPair = densePairCost(n, d) + (groups > 0 ? 32 * (d - 1) * n : 0);
    if (share < perPair) return np.zeros([d, n]);
    const rng = np.random.default_rng(mlp.seed);
    const repair = this.repair === "auto"
      ? (d >= FULL_REPAIR_DEPTH ? "full" : "mean")
      : this.repair;
    const exact = repair !== "none" && d > 1 ? firstLayerMoments(mlp.weights[0]) : null;
    let sums: NDArray[] | null = null;
    let spent = exact === null ? 0 : exact.cost;
    let pairs = 0;
    // What a chunk costs whatever its size (the n³ solves), kept out of the cost per pair
    // so that the last chunk takes all that is left; the exact moments are already spent.
    const perChunk = chunkFixedCost(n, repair === "full");
    let fixed = spent;
    let left = Math.max(1, Math.floor((share - spent - perChunk) / perPair));
    const least = MIN_PAIRS_PER_NEURON * n;
    while (pairs === 0 || left >= least) {
      // Equal chunks of at most CHUNK_PAIRS, the first at most half the estimate so that what
      // pruning saves still buys a whitened chunk; each chunk's measured cost resizes the rest.
      const split = pairs === 0 && left >= 2 * least ? 2 : 1;
      const next = Math.floor(left / Math.max(split, Math.ceil(left / CHUNK_PAIRS)));
      const z = rng.standard_normal([next, n], "float32");
      const chunk = chunkSums(mlp.weights, z, groups, exact, repair === "full");
      sums = sums === null ? chunk.sums : chunk.sums.map((s, l) => np.add(sums![l], s));
      spent += 16 * next * n + chunk.cost + (pairs > 0 ? 2 * d * n : 0);
      pairs += next;
      fixed += perChunk;
      perPair = (spent - fixed) / pairs;
      left = Math.floor((share - spent - perChunk) / perPair);
    }
    return np.divide(np.stack(sums!), 2 * pairs);
  }
}

/**
 * Propagates the antithetic chunk [Z; −Z] (whitened when Z has ≥ 2n rows) and sums each
 * layer's activations over its rows.
 *
 * @param weights The layers.
 * @param z The (m, n) float32 half-block.
 * @param groups Row groups for {@link pruned}; 0 multiplies densely.
 * @returns Each layer's float64 column sums and the FLOPs spent (the meter's charges, op by op).
 */
export function chunkSums(
  weights: readonly NDArray[],
  z: NDArray,
  groups: number,
  exact: FirstLayerMoments | null = null,
  covariance = true,
): { sums: NDArray[]; cost: number } {
  const [m, n] = z.shape;
  const rows = 2 * m;
  const whiten = m >= MIN_PAIRS_PER_NEURON * n;
  const first = whiten ? whitenedFirst(z, weights[0]) : weights[0];
  const pad = np.ones([rows, 1], "bool");
  // −Z·W₁ = −(Z·W₁): the antithetic half costs a negation, not a matmul.
  const u = np.matmul(z, first);
  let x = np.maximum(np.concatenate([u, np.negative(u)]), 0);
  const sums = [np.astype(np.sum(x, 0), "float64")];
  // whitening, ones, matmul, negate + concatenate, ReLU, column sum, cast
  let cost = whiteningCost(n, m) + rows + (2 * n - 1) * m * n + 3 * m * n + rows * n +
    (rows - 1) * n + 2 * n;
  let start = 1;
  if (exact !== null && whiten && weights.length > 1) {
    const step = covariance
      ? repairedSecond(x, sums[0], exact, weights[1])
      : meanRepairedSecond(x, sums[0], exact.mean, weights[1]);
    sums[0] = step.sum;
    x = np.maximum(step.z, 0);
    sums.push(np.astype(np.sum(x, 0), "float64"));
    cost += step.cost + rows * n + (rows - 1) * n + 2 * n;
    start = 2;
  }
  for (let l = start; l < weights.length; l++) {
    // The first layer's columns are never dead: every unit is active on one side of each pair.
    const counts = l > 1 && groups > 0 ? np.count_nonzero(x, 0) : null;
    if (counts !== null) cost += rows * n;
    if (counts !== null && sparseColumns(counts, rows) >= MIN_SPARSE_COLUMNS) {
      // Columns by activation count, rarest (and dead) first.
      const order = np.argsort(counts);
      const step = pruned(np.take(x, order, 1), np.take(weights[l], order, 0), groups, pad);
      x = np.maximum(step.z, 0);
      cost += 8 * n * log2Ceil(n) + 4 * rows * n + 4 * n * n + step.cost;
    } else {
      x = np.maximum(np.matmul(x, weights[l]), 0);
      cost += (2 * n - 1) * rows * n;
    }
    sums.push(np.astype(np.sum(x, 0), "float64"));
    cost += rows * n + (rows - 1) * n + 2 * n;
  }
  return { sums, cost };
}

/** The exact mean and covariance factor of the first layer's activations. */
export interface FirstLayerMoments {
  /** E relu(xW₁), float64 (n). */
  readonly mean: NDArray;
  /** Lower Cholesky factor of Cov relu(xW₁), float64 (n, n). */
  readonly chol: NDArray;
  /** FLOPs spent computing them. */
  readonly cost: number;
}

/**
 * The exact mean and covariance of h = relu(xW₁), x ~ N(0, I): u = xW₁ is Gaussian with
 * covariance C = W₁ᵀW₁, so E h_i = σ_i/√(2π) and E h_i h_j = σ_iσ_j(sin θ + (π − θ)cos θ)/(2π),
 * cos θ = C_ij/(σ_iσ_j) (the arc-cosine kernel).
 *
 * @param w1 The first layer's weights.
 */
export function firstLayerMoments(w1: NDArray): FirstLayerMoments {
  const n = w1.shape[0];
  const c = np.astype(np.matmul(w1.T, w1), "float64");
  const sd = np.sqrt(np.diag(c));
  const scale = np.outer(sd, sd);
  const cos = np.clip(np.divide(c, scale), -1, 1);
  const theta = np.arccos(cos);
  const sin = np.sqrt(np.subtract(1, np.square(cos)));
  const second = np.divide(
    np.multiply(scale, np.add(sin, np.multiply(np.subtract(Math.PI, theta), cos))),
    2 * Math.PI,
  );
  const mean = np.divide(sd, Math.sqrt(2 * Math.PI));
  const chol = np.linalg.cholesky(np.subtract(second, np.outer(mean, mean)));
  const n2 = n * n;
  // Gram, cast, √, outer, divide, clip, arccos, 1 − cos², √, π − θ, products, /2π, mean,
  // outer, subtract, Cholesky
  const cost = (2 * n - 1) * n2 + 2 * n2 + 2 * n + outerCost(n) + 2 * n2 + CLIP_RATE * n2 +
    32 * n2 + 6 * n2 + 2 * n2 + 2 * n2 + 2 * n2 + 2 * n2 + 2 * n2 + 2 * n + outerCost(n) + 2 * n2 +
    2 * Math.floor((n2 * n) / 3);
  return { mean, chol, cost };
}

/** Clip's charge per float64 element (two comparisons at rate 2). */
const CLIP_RATE = 4;

/** The charge of np.outer on two float64 n-vectors. */
function outerCost(n: number): number {
  return n * n + n;
}

/**
 * The second layer's pre-activations from the first layer's chunk h after an affine repair
 * h ← μ + (h − h̄)·L̂⁻ᵀLᵀ that makes the chunk's mean and covariance exact (L̂, L Cholesky
 * factors of the chunk's and the exact covariance), folded into W₂: z = h·(AW₂) + (μW₂ − h̄AW₂).
 *
 * @param h The (r, n) float32 first-layer activations.
 * @param sum Their float64 column sums.
 * @param exact The exact first-layer moments.
 * @param w2 The second layer's weights.
 * @returns The pre-activations, the repaired first-layer sum (r·μ) and the FLOPs charged.
 */
export function repairedSecond(
  h: NDArray,
  sum: NDArray,
  exact: FirstLayerMoments,
  w2: NDArray,
): { z: NDArray; sum: NDArray; cost: number } {
  const [r, n] = h.shape;
  const n2 = n * n;
  const mean = np.divide(sum, r);
  const covariance = np.subtract(
    np.divide(np.astype(np.matmul(h.T, h), "float64"), r),
    np.outer(mean, mean),
  );
  const a = np.linalg.solve(np.linalg.cholesky(covariance).T, exact.chol.T);
  const folded = np.matmul(a, w2);
  const bias = np.subtract(np.matmul(exact.mean, w2), np.matmul(mean, folded));
  const z = np.add(np.matmul(h, np.astype(folded, "float32")), np.astype(bias, "float32"));
  // mean, Gram, cast, scale, outer, subtract, Cholesky, solve, fold, two vector products,
  // subtract, casts, matmul, bias, the repaired sum
  const cost = 2 * n + (2 * r - 1) * n2 + 2 * n2 + 2 * n2 + outerCost(n) + 2 * n2 +
    choleskySolveCost(n) + 2 * (2 * n - 1) * n2 +
    2 * (2 * n - 1) * n + 2 * (2 * n - 1) * n + 2 * n + 2 * n2 + 2 * n + (2 * n - 1) * r * n +
    r * n + 2 * n;
  return { z, sum: np.multiply(exact.mean, r), cost };
}

/**
 * The second layer's pre-activations after shifting the first layer's chunk h so that its
 * mean is exact: z = h·W₂ + (μ − h̄)·W₂.
 *
 * @param h The (r, n) float32 first-layer activations.
 * @param sum Their float64 column sums.
 * @param mean The exact first-layer mean.
 * @param w2 The second layer's weights.
 * @returns The pre-activations, the repaired first-layer sum (r·μ) and the FLOPs charged.
 */
export function meanRepairedSecond(
  h: NDArray,
  sum: NDArray,
  mean: NDArray,
  w2: NDArray,
): { z: NDArray; sum: NDArray; cost: number } {
  const [r, n] = h.shape;
  const shift = np.matmul(np.subtract(mean, np.divide(sum, r)), w2);
  const z = np.add(np.matmul(h, w2), np.astype(shift, "float32"));
  // divide, subtract, vector product, cast, matmul, bias, the repaired sum
  const cost = 2 * n + 2 * n + 2 * (2 * n - 1) * n + 2 * n + (2 * n - 1) * r * n + r * n + 2 * n;
  return { z, sum: np.multiply(mean, r), cost };
}

/** Columns active in fewer than 1/20 of the rows (dead ones included). */
function sparseColumns(counts: NDArray, rows: number): number {
  let sparse = 0;
  for (const c of counts.data) if (Number(c) * 20 < rows) sparse++;
  return sparse;
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
