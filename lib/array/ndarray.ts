/**
 * The n-dimensional array of the counted layer: contiguous row-major typed-array storage, a
 * logical dtype and a shape. A 2-D transpose is a lazy view (`T`) that matmul consumes
 * without copying; anything else that needs its elements materialises it once.
 *
 * Lazily computed state lives in `#private` fields, so instances can be, and are, frozen.
 *
 * Arrays are built only by whest ({@link wrapStorage}); estimators get them from `np`. An
 * estimator's own object never becomes an array or its storage, so nothing an op reads from an
 * array (shape, dtype, storage) can run estimator code inside the op's timed region, and nothing
 * read from a returned array can run estimator code after the meter closes.
 *
 * @module
 */

import { allocStorage, type DType, type Storage } from "./dtype.ts";
import { checkStorage } from "./storage.ts";
import { formatShape, sizeOf } from "./shape.ts";
import { transposeInto } from "./layout.ts";

/** A value an op accepts where numpy accepts an array: an NDArray or a weak JS scalar. */
export type ArrayOrScalar = NDArray | number | boolean;

/** Nested JS arrays of numbers (or booleans), as `tolist()` returns and `array()` accepts. */
export type NestedList = number | boolean | NestedList[];

let storageOfImpl: (a: NDArray) => Storage;
let isNDArrayImpl: (x: object) => boolean;
let wrapImpl: (buffer: Storage, shape: readonly number[], dtype: DType, lazyT: boolean) => NDArray;
// Set only while wrapStorage runs the constructor: any other `new` (an estimator calling
// `new np.ndarray(...)`, a subclass, Reflect.construct) is refused.
let constructing = false;
let lazyTransposeOfImpl: (a: NDArray) => boolean;
let materialisedOfImpl: (a: NDArray) => Storage | undefined;

/**
 * A contiguous, row-major n-dimensional array. It knows no ops: its counted methods (`.T`,
 * `reshape`, `add`, `matmul`, ...) are installed by the `np` module (lib/api/methods.ts), as
 * TensorFlow.js's chained ops are, so arrays sit below the ops that use them.
 *
 * @example
 * ```ts
 * import { np } from "../api/mod.ts";
 * const a = np.array([[1, 2], [3, 4]]);
 * a.T.item(0, 1); // 3
 * ```
 */
export class NDArray {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Logical dtype; decides storage and FLOP rate. */
  readonly dtype: DType;
  /** Number of dimensions. */
  readonly ndim: number;
  /** Number of elements. */
  readonly size: number;
  /** Storage; row-major for `shape`, or for the reversed 2-D shape when `#lazyT`. */
  #buffer: Storage;
  #lazyT: boolean;
  #materialised: Storage | undefined;

  /**
   * Not callable from outside this module: whest builds arrays with {@link wrapStorage}, and
   * estimators through `np` (`np.array`, `np.asarray`, `np.zeros`, ...), which charge what
   * cost-model.md charges. `new np.ndarray(...)` throws a TypeError.
   *
   * @param buffer Storage of exactly `sizeOf(shape)` elements in the dtype's typed array.
   * @param shape The (frozen) shape.
   * @param dtype The logical dtype.
   * @param lazyTranspose When true (2-D only), `buffer` holds the transpose of this array.
   */
  private constructor(
    buffer: Storage,
    shape: readonly number[],
    dtype: DType,
    lazyTranspose: boolean,
  ) {
    if (!constructing) {
      throw new TypeError(
        "np.ndarray cannot be constructed directly: build arrays with np.array or np.asarray " +
          "(charged numel) or np.zeros / np.empty (free)",
      );
    }
    constructing = false;
    checkStorage(buffer, dtype);
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.dtype = dtype;
    this.ndim = shape.length;
    this.size = sizeOf(shape);
    if (buffer.length !== this.size) {
      throw new RangeError(
        `NDArray: buffer of ${buffer.length} elements does not fit shape ${formatShape(shape)}`,
      );
    }
    this.#buffer = buffer;
    this.#lazyT = lazyTranspose && shape.length === 2 && shape[0] > 1 && shape[1] > 1;
    // Frozen, so that no own property can later become an estimator's accessor.
    Object.freeze(this);
  }

  static {
    storageOfImpl = (a) => a.#buffer;
    // A private-field brand check: a Proxy or any other object fails it without a trap running.
    isNDArrayImpl = (x) => #buffer in x;
    wrapImpl = (buffer, shape, dtype, lazyT) => {
      constructing = true;
      try {
        return new NDArray(buffer, shape, dtype, lazyT);
      } finally {
        constructing = false;
      }
    };
    lazyTransposeOfImpl = (a) => a.#lazyT;
    materialisedOfImpl = (a) => a.#materialised;
  }

  /** The element storage in row-major order; materialises a lazy transpose once. */
  get data(): Storage {
    if (!this.#lazyT) return this.#buffer;
    if (this.#materialised === undefined) {
      const out = allocStorage(this.dtype, this.size);
      transposeInto(this.#buffer, out, this.shape[1], this.shape[0]);
      // Sealed like every storage (lib/array/storage.ts): ops read it as this array's data.
      this.#materialised = Object.preventExtensions(out);
    }
    return this.#materialised;
  }

  /**
   * One element as a number (bool as 0/1); no indices for a 0-d or size-1 array.
   *
   * @param indices One index per dimension; negative indices count from the end.
   */
  item(...indices: number[]): number {
    if (indices.length === 0) {
      if (this.size !== 1) {
        throw new RangeError(
          `item: array of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`,
        );
      }
      return this.#buffer[0];
    }
    if (indices.length !== this.ndim) {
      throw new RangeError(
        `item: ${indices.length} indices for an array of dimension ${this.ndim}`,
      );
    }
    if (this.#lazyT) {
      const i = wrapIndex(indices[0], this.shape[0]);
      const j = wrapIndex(indices[1], this.shape[1]);
      return this.#buffer[j * this.shape[0] + i];
    }
    let flat = 0;
    for (let d = 0; d < indices.length; d++) {
      flat = flat * this.shape[d] + wrapIndex(indices[d], this.shape[d]);
    }
    return this.#buffer[flat];
  }

  /**
   * Alias of {@link NDArray.item} with indices.
   *
   * @param indices One index per dimension.
   */
  get(...indices: number[]): number {
    return this.item(...indices);
  }

  /** The elements as nested JS arrays (booleans for a bool array). */
  tolist(): NestedList {
    const data = this.data;
    const asBool = this.dtype === "bool";
    const build = (dim: number, offset: number): NestedList => {
      if (dim === this.ndim) return asBool ? data[offset] !== 0 : data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: NestedList[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** A short description such as `NDArray(float32, (3, 4))`. */
  toString(): string {
    return `NDArray(${this.dtype}, ${formatShape(this.shape)})`;
  }
}

/**
 * Wraps existing storage (no copy) as an array: the only way to build one.
 *
 * @param buffer Storage of exactly `sizeOf(shape)` elements: a plain typed array of the dtype's
 *   storage type, created by whest (see lib/array/storage.ts); it is sealed against new
 *   properties here.
 * @param shape The shape (frozen, or copied and frozen).
 * @param dtype The logical dtype.
 * @param lazyTranspose When true (2-D only), `buffer` holds the transpose of this array.
 * @example
 * ```ts
 * import { wrapStorage } from "./ndarray.ts";
 * wrapStorage(new Float64Array(6), [2, 3], "float64").shape; // [2, 3]
 * ```
 */
export function wrapStorage(
  buffer: Storage,
  shape: readonly number[],
  dtype: DType,
  lazyTranspose = false,
): NDArray {
  return wrapImpl(buffer, shape, dtype, lazyTranspose);
}

/**
 * Whether `x` is an array built by whest: a brand check that runs no trap or getter, so a
 * Proxy of an array, or an object posing as one, is not one.
 *
 * @param x Any value.
 */
export function isNDArray(x: unknown): x is NDArray {
  return typeof x === "object" && x !== null && isNDArrayImpl(x);
}

/**
 * The raw storage of an array without materialising a lazy transpose (for ops and kernels).
 *
 * @param a The array.
 */
export function storageOf(a: NDArray): Storage {
  return storageOfImpl(a);
}

/**
 * Whether the array is a lazy 2-D transpose (its storage holds the transposed layout).
 *
 * @param a The array.
 */
export function isLazyTranspose(a: NDArray): boolean {
  return lazyTransposeOfImpl(a);
}

/**
 * The row-major copy of a lazy transpose if `data` has already been read, else undefined
 * (in-place ops keep it in step with the storage).
 *
 * @param a The array.
 */
export function materialisedOf(a: NDArray): Storage | undefined {
  return materialisedOfImpl(a);
}

function wrapIndex(i: number, length: number): number {
  const j = i < 0 ? i + length : i;
  if (!Number.isInteger(j) || j < 0 || j >= length) {
    throw new RangeError(`index ${i} is out of bounds for an axis of size ${length}`);
  }
  return j;
}
