/**
 * numpy's `Generator`: turns a PCG64 bit stream into distributions, draw for draw as
 * `numpy.random.Generator` does, so seeded estimators and contests match the Python reference.
 *
 * Sizes are element counts and results are flat typed arrays; the counted layer
 * (`np.random.default_rng`) adds shapes on top.
 *
 * @module
 */
import { fillBounded, randomInterval } from "./bounded.ts";
import { choiceIndices, type ChoiceOptions } from "./choice.ts";
import { PCG64 } from "./pcg64.ts";
import { RawBlock } from "./raw_block.ts";
import { type Entropy, SeedSequence } from "./seed_sequence.ts";
import { fillRandomF32, fillRandomF64 } from "./uniform.ts";
import { fillNormalF32, fillNormalF64, fillScaledNormalF64ToF32 } from "./ziggurat.ts";

/** Floating dtypes the samplers produce. */
export type FloatDType = "float64" | "float32";
/** Integer dtypes `integers` produces (int64 values are stored exactly in a Float64Array). */
export type IntDType = "int64" | "int32";
/** Arrays `shuffle` and `permutation` accept. */
export type Shufflable = number[] | Float64Array | Float32Array | Int32Array | Uint8Array;

export type { ChoiceOptions };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function checkSize(op: string, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`${op}: size must be a non-negative integer, got ${size}`);
  }
}

/**
 * A numpy-compatible random generator over a {@linkcode PCG64} bit generator.
 *
 * @example
 * ```ts
 * import { defaultRng } from "./generator.ts";
 * const rng = defaultRng(42);
 * const z = rng.standardNormal(3); // numpy: default_rng(42).standard_normal(3)
 * ```
 */
export class Generator {
  /** The bit generator every draw comes from. */
  readonly bitGenerator: PCG64;
  readonly #stream: RawBlock;

  /**
   * Creates a generator over a bit generator: numpy's `Generator(bit_generator)`.
   *
   * @param bitGenerator The bit generator to draw from (its state advances with every draw).
   */
  constructor(bitGenerator: PCG64) {
    this.bitGenerator = bitGenerator;
    this.#stream = new RawBlock(bitGenerator);
  }

  /**
   * `size` standard normals: numpy's `standard_normal(size, dtype)`.
   *
   * @param size Number of draws.
   * @param dtype "float64" (default, the 64-bit ziggurat) or "float32" (the 32-bit one).
   */
  standardNormal(size: number, dtype?: "float64"): Float64Array;
  /** `size` float32 standard normals from the 32-bit ziggurat. */
  standardNormal(size: number, dtype: "float32"): Float32Array;
  /** `size` standard normals of the given dtype (float64 by default). */
  standardNormal(size: number, dtype?: FloatDType): Float64Array | Float32Array;
  standardNormal(size: number, dtype: FloatDType = "float64"): Float64Array | Float32Array {
    checkSize("standard_normal", size);
    if (dtype === "float32") {
      const out = new Float32Array(size);
      fillNormalF32(this.bitGenerator, out);
      return out;
    }
    const out = new Float64Array(size);
    fillNormalF64(this.bitGenerator, out);
    return out;
  }

  /**
   * Fills `out` with float64 standard normals, continuing the stream.
   *
   * @param out Receives `out.length` draws.
   */
  fillStandardNormalF64(out: Float64Array): void {
    fillNormalF64(this.bitGenerator, out);
  }

  /**
   * Fills `out` with float32 standard normals, continuing the stream; chunked calls give the
   * same draws as one call.
   *
   * @param out Receives `out.length` draws.
   */
  fillStandardNormalF32(out: Float32Array): void {
    fillNormalF32(this.bitGenerator, out);
  }

  /**
   * Fills `out` with float64 standard normals times `scale`, each rounded once to float32:
   * numpy's `(standard_normal(n) * scale).astype(np.float32)`.
   *
   * @param out Receives `out.length` values.
   * @param scale The float64 factor applied before rounding.
   */
  fillScaledNormalF32(out: Float32Array, scale: number): void {
    fillScaledNormalF64ToF32(this.bitGenerator, out, scale);
  }

  /**
   * `size` uniforms on [0, 1): numpy's `random(size, dtype)`.
   *
   * @param size Number of draws.
   * @param dtype "float64" (default, 53-bit) or "float32" (24-bit, from the 32-bit stream).
   */
  random(size: number, dtype?: "float64"): Float64Array;
  /** `size` float32 uniforms on [0, 1) with 24 random bits each. */
  random(size: number, dtype: "float32"): Float32Array;
  /** `size` uniforms on [0, 1) of the given dtype (float64 by default). */
  random(size: number, dtype?: FloatDType): Float64Array | Float32Array;
  random(size: number, dtype: FloatDType = "float64"): Float64Array | Float32Array {
    checkSize("random", size);
    if (dtype === "float32") {
      const out = new Float32Array(size);
      fillRandomF32(this.#stream, out);
      return out;
    }
    const out = new Float64Array(size);
    fillRandomF64(this.#stream, out);
    return out;
  }

  /**
   * `size` float64 uniforms on [low, high): numpy's `uniform(low, high, size)`.
   *
   * @param low Lower bound; default 0.
   * @param high Upper bound; default 1.
   * @param size Number of draws.
   */
  uniform(low = 0, high = 1, size = 1): Float64Array {
    checkSize("uniform", size);
    const range = high - low;
    if (!Number.isFinite(range) || range < 0) {
      throw new RangeError(`uniform: high - low must be finite and >= 0, got ${high} - ${low}`);
    }
    const out = new Float64Array(size);
    fillRandomF64(this.#stream, out);
    for (let i = 0; i < size; i++) out[i] = low + range * out[i];
    return out;
  }

  /**
   * `size` float64 normals: numpy's `normal(loc, scale, size)` (= loc + scale · z).
   *
   * @param loc Mean; default 0.
   * @param scale Standard deviation (non-negative); default 1.
   * @param size Number of draws.
   */
  normal(loc = 0, scale = 1, size = 1): Float64Array {
    checkSize("normal", size);
    if (!(scale >= 0)) throw new RangeError(`normal: scale must be >= 0, got ${scale}`);
    const out = new Float64Array(size);
    fillNormalF64(this.bitGenerator, out);
    for (let i = 0; i < size; i++) out[i] = loc + scale * out[i];
    return out;
  }

  /**
   * `size` uniform integers in [low, high) (or [low, high] with `endpoint`): numpy's
   * `integers(low, high, size, dtype, endpoint)`. With `high` null the range is [0, low).
   *
   * @param low Lowest value (a safe integer).
   * @param high One past the highest value (or the highest with `endpoint`).
   * @param size Number of draws.
   * @param endpoint Whether `high` is included; default false.
   * @param dtype "int64" (default; a Float64Array of exact integers) or "int32".
   */
  integers(
    low: number,
    high: number | null,
    size: number,
    endpoint = false,
    dtype: IntDType = "int64",
  ): Float64Array | Int32Array {
    checkSize("integers", size);
    const [lo, hi] = high === null ? [0, low] : [low, high];
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new RangeError(`integers: bounds must be safe integers, got ${lo} and ${hi}`);
    }
    const top = endpoint ? hi : hi - 1;
    if (top < lo) {
      throw new RangeError(`integers: low ${lo} must be ${endpoint ? "<=" : "<"} high ${hi}`);
    }
    if (dtype === "int32" && (lo < INT32_MIN || top > INT32_MAX)) {
      throw new RangeError(`integers: range [${lo}, ${top}] is out of bounds for int32`);
    }
    const out = dtype === "int32" ? new Int32Array(size) : new Float64Array(size);
    fillBounded(this.#stream, lo, top - lo, out);
    return out;
  }

  /**
   * Draws from `a`: numpy's `choice(a, size, replace, p, shuffle=shuffle)` for an integer
   * population size (giving indices) or a 1-D array of values (giving values).
   *
   * @param a A population size or the values to choose from.
   * @param size Number of draws.
   * @param opts Replacement (default true), probabilities, shuffling (default true).
   */
  choice(a: number | ArrayLike<number>, size: number, opts: ChoiceOptions = {}): Float64Array {
    if (typeof a === "number") return choiceIndices(this.#stream, a, size, opts);
    const idx = choiceIndices(this.#stream, a.length, size, opts);
    for (let i = 0; i < idx.length; i++) idx[i] = a[idx[i]];
    return idx;
  }

  /**
   * Shuffles `x` in place along its first axis: numpy's `shuffle(x)`.
   *
   * @param x The values; with `rowLength` > 1, consecutive rows of that length move together.
   * @param rowLength Elements per row of a row-major 2-D or higher array; default 1.
   */
  shuffle(x: Shufflable, rowLength = 1): void {
    if (!Number.isSafeInteger(rowLength) || rowLength < 1 || x.length % rowLength !== 0) {
      throw new RangeError(`shuffle: row length ${rowLength} does not divide length ${x.length}`);
    }
    for (let i = x.length / rowLength - 1; i > 0; i--) {
      const j = randomInterval(this.bitGenerator, i);
      for (let k = 0, a = i * rowLength, b = j * rowLength; k < rowLength; k++, a++, b++) {
        const t = x[a];
        x[a] = x[b];
        x[b] = t;
      }
    }
  }

  /**
   * A shuffled copy of `x`, or of `0..x-1` for an integer: numpy's `permutation(x)`.
   *
   * @param x A count or the values to permute (rows of `rowLength` move together).
   * @param rowLength Elements per row; default 1.
   */
  permutation(x: number, rowLength?: number): Float64Array;
  /** A shuffled copy of the array `x`, of the same type (rows of `rowLength` move together). */
  permutation<T extends Shufflable>(x: T, rowLength?: number): T;
  permutation(x: number | Shufflable, rowLength = 1): Shufflable {
    let copy: Shufflable;
    if (typeof x === "number") {
      checkSize("permutation", x);
      copy = new Float64Array(x);
      for (let i = 0; i < x; i++) copy[i] = i;
    } else {
      copy = x.slice();
    }
    this.shuffle(copy, rowLength);
    return copy;
  }
}

/**
 * A new {@linkcode Generator} seeded as numpy's `default_rng(seed)`.
 *
 * @example
 * ```ts
 * import { defaultRng } from "./generator.ts";
 * const u = defaultRng(0).random(4); // numpy: default_rng(0).random(4)
 * ```
 * @param seed Entropy, a SeedSequence, a PCG64 (wrapped), a Generator (returned as is), or
 *   `undefined` for OS entropy.
 */
export function defaultRng(seed?: Entropy | SeedSequence | PCG64 | Generator): Generator {
  if (seed instanceof Generator) return seed;
  if (seed instanceof PCG64) return new Generator(seed);
  return new Generator(new PCG64(seed instanceof SeedSequence ? seed : new SeedSequence(seed)));
}
