/**
 * numpy's `Generator.choice` index selection: uniform or weighted, with or without replacement,
 * drawing exactly what numpy draws (Floyd's algorithm or a tail shuffle for uniform sampling
 * without replacement, inverse-CDF search for weighted sampling).
 *
 * @module
 */
import { boundedIndex, fillBounded } from "./bounded.ts";
import type { RawBlock } from "./raw_block.ts";
import { fillRandomF64 } from "./uniform.ts";

/** How to choose; every field defaults as in numpy. */
export interface ChoiceOptions {
  /** Sample with replacement; default true. */
  readonly replace?: boolean;
  /** Probabilities of each index (length = population size); default uniform. */
  readonly p?: ArrayLike<number> | null;
  /** Shuffle the result of uniform sampling without replacement; default true. */
  readonly shuffle?: boolean;
}

const ATOL_F64 = Math.sqrt(2 ** -52);
const ATOL_F32 = Math.sqrt(2 ** -23);

/** numpy's `kahan_sum` over the probabilities. */
function kahanSum(p: ArrayLike<number>): number {
  let sum = p[0];
  let c = 0;
  for (let i = 1; i < p.length; i++) {
    const y = p[i] - c;
    const t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  return sum;
}

function checkedProbabilities(p: ArrayLike<number>, popSize: number): Float64Array {
  if (p.length !== popSize) {
    throw new RangeError(`choice: a and p must have the same size, got ${popSize} and ${p.length}`);
  }
  const probs = Float64Array.from(p);
  const sum = popSize > 0 ? kahanSum(probs) : 0;
  if (Number.isNaN(sum)) throw new RangeError("choice: probabilities contain NaN");
  if (probs.some((v) => v < 0)) throw new RangeError("choice: probabilities are not non-negative");
  const atol = p instanceof Float32Array ? ATOL_F32 : ATOL_F64;
  if (Math.abs(sum - 1) > atol) {
    throw new RangeError(`choice: probabilities sum to ${sum}, not 1 (tolerance ${atol})`);
  }
  return probs;
}

/** numpy's `cumsum(p)` then `cdf /= cdf[-1]`. */
function normalisedCdf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = acc += p[i];
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** numpy's `searchsorted(cdf, u, side="right")`: the first index whose value exceeds u. */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0, hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy's `_shuffle_int(n, first, data)`: Fisher–Yates from the end down to `first`. */
function shuffleTail(stream: RawBlock, data: Float64Array, first: number): void {
  for (let i = data.length - 1; i >= first; i--) {
    const j = boundedIndex(stream.bits, i);
    const t = data[i];
    data[i] = data[j];
    data[j] = t;
  }
}

/** Uniform sampling without replacement, as numpy: a tail shuffle or Floyd's algorithm. */
function uniformWithoutReplacement(
  stream: RawBlock,
  popSize: number,
  size: number,
  shuffle: boolean,
): Float64Array {
  const cutoff = shuffle ? 50 : 20;
  if (popSize > 10000 && size > Math.floor(popSize / cutoff)) {
    const all = new Float64Array(popSize);
    for (let i = 0; i < popSize; i++) all[i] = i;
    shuffleTail(stream, all, Math.max(popSize - size, 1));
    return all.slice(popSize - size);
  }
  const idx = new Float64Array(size);
  const seen = new Set<number>();
  for (let j = popSize - size; j < popSize; j++) {
    const val = boundedIndex(stream.bits, j);
    const pick = seen.has(val) ? j : val;
    seen.add(pick);
    idx[j - popSize + size] = pick;
  }
  if (shuffle) shuffleTail(stream, idx, 1);
  return idx;
}

/** Weighted sampling without replacement, as numpy: redraw until `size` distinct indices. */
function weightedWithoutReplacement(
  stream: RawBlock,
  probs: Float64Array,
  size: number,
): Float64Array {
  const nonzero = probs.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  if (nonzero < size) {
    throw new RangeError(`choice: only ${nonzero} non-zero probabilities for ${size} samples`);
  }
  const found = new Float64Array(size);
  let nUnique = 0;
  while (nUnique < size) {
    const u = new Float64Array(size - nUnique);
    fillRandomF64(stream, u);
    for (let k = 0; k < nUnique; k++) probs[found[k]] = 0;
    const cdf = normalisedCdf(probs);
    const fresh = new Set<number>();
    for (const x of u) fresh.add(searchRight(cdf, x));
    for (const v of fresh) found[nUnique++] = v;
  }
  return found;
}

/**
 * Draws `size` indices into a population of `popSize` as numpy's `Generator.choice(popSize,
 * size, replace, p, shuffle=shuffle)`.
 *
 * @param stream The block stream of the generator.
 * @param popSize Population size (a non-negative integer).
 * @param size Number of indices to draw.
 * @param opts Replacement, probabilities and shuffling; defaults as in numpy.
 * @returns The indices, as float64 holding integers (numpy's int64).
 */
export function choiceIndices(
  stream: RawBlock,
  popSize: number,
  size: number,
  opts: ChoiceOptions = {},
): Float64Array {
  const { replace = true, p = null, shuffle = true } = opts;
  if (!Number.isSafeInteger(popSize) || popSize < 0) {
    throw new RangeError(`choice: population size must be a non-negative integer, got ${popSize}`);
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`choice: size must be a non-negative integer, got ${size}`);
  }
  if (popSize === 0 && size > 0) {
    throw new RangeError("choice: cannot take a sample from an empty population");
  }
  const probs = p === null ? null : checkedProbabilities(p, popSize);
  if (replace) {
    const out = new Float64Array(size);
    if (probs === null) {
      fillBounded(stream, 0, popSize - 1, out);
    } else {
      const cdf = normalisedCdf(probs);
      fillRandomF64(stream, out);
      for (let i = 0; i < size; i++) out[i] = searchRight(cdf, out[i]);
    }
    return out;
  }
  if (size > popSize) {
    throw new RangeError(
      `choice: cannot take ${size} samples from ${popSize} without replacement`,
    );
  }
  return probs === null
    ? uniformWithoutReplacement(stream, popSize, size, shuffle)
    : weightedWithoutReplacement(stream, probs, size);
}
