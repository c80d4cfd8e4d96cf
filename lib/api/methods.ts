/**
 * The counted methods of {@link NDArray}, installed on its prototype by the `np` module, as
 * TensorFlow.js installs its chained ops: the array class knows no ops, so `lib/array` sits
 * below `lib/ops` with no cycle. Each method is the op of the same numpy name; `this` is
 * brand-checked and the arguments pass the boundary of lib/array/inert.ts before the op starts
 * its clock, so no estimator code runs inside an op's timed region.
 *
 * @example
 * ```ts
 * import { np } from "./mod.ts";
 * const a = np.ones([2, 3]);
 * a.T.shape; // [3, 2]
 * a.add(1).reshape(3, 2).shape; // [3, 2]
 * ```
 *
 * @module
 */
import type { DType } from "../array/dtype.ts";
import { inert, inertArgs } from "../array/inert.ts";
import { type ArrayOrScalar, isNDArray, NDArray } from "../array/ndarray.ts";
import * as contraction from "../ops/contraction.ts";
import * as elementwise from "../ops/elementwise.ts";
import * as indexing from "../ops/indexing.ts";
import type { ArrayLike } from "../ops/convert.ts";
import type { AxisKeyword } from "../ops/keywords.ts";

/** An axis argument as a method receives it. */
type AxisArgument = number | null | undefined | AxisKeyword;
import * as reduction from "../ops/reduction.ts";
import type { AxisOrOptions } from "../ops/reduction.ts";
import * as shapeOps from "../ops/shape.ts";

declare module "../array/ndarray.ts" {
  interface NDArray {
    /** The transpose (free; a lazy view for 2-D arrays, as numpy's `.T`). */
    readonly T: NDArray;
    /**
     * Row `i` along the first axis: a free view sharing memory (numpy's `a[i]`).
     *
     * @param i The index; negative counts from the end.
     */
    at(i: number): NDArray;
    /**
     * Rows `start..stop` (exclusive) along the first axis: a free view sharing memory
     * (numpy's `a[start:stop]`).
     *
     * @param start First row (negative counts from the end); default 0.
     * @param stop One past the last row; default the length.
     */
    slice(start?: number, stop?: number): NDArray;
    /**
     * Counted `np.reshape`; one dimension may be -1.
     *
     * @param shape The new shape, as one array or as separate numbers.
     */
    reshape(...shape: (number | readonly number[])[]): NDArray;
    /**
     * Counted cast (billed at the heavier of the two dtypes).
     *
     * @param dtype The target dtype.
     * @param copy When false and the dtype is unchanged, returns this array for free.
     */
    astype(dtype: DType, copy?: boolean): NDArray;
    /** Counted copy. */
    copy(): NDArray;
    /**
     * Free transpose; `axes` permutes the dimensions (default: reversed).
     *
     * @param axes A permutation of `0..ndim-1`.
     */
    transpose(axes?: readonly number[]): NDArray;
    /**
     * Counted `np.add(this, other)`.
     *
     * @param other Array or weak scalar.
     */
    add(other: ArrayOrScalar): NDArray;
    /**
     * Counted `np.subtract(this, other)`.
     *
     * @param other Array or weak scalar.
     */
    subtract(other: ArrayOrScalar): NDArray;
    /**
     * Counted `np.multiply(this, other)`.
     *
     * @param other Array or weak scalar.
     */
    multiply(other: ArrayOrScalar): NDArray;
    /**
     * Counted `np.divide(this, other)`.
     *
     * @param other Array or weak scalar.
     */
    divide(other: ArrayOrScalar): NDArray;
    /**
     * Counted `np.matmul(this, other)`.
     *
     * @param other The right operand.
     */
    matmul(other: NDArray): NDArray;
    /**
     * Counted `np.sum(this, ...)`: the sum over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    sum(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.prod(this, ...)`: the product over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    prod(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.mean(this, ...)`: the mean over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    mean(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.max(this, ...)`: the maximum over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    max(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.min(this, ...)`: the minimum over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    min(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.argmax(this, ...)`: the index of the maximum over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    argmax(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.argmin(this, ...)`: the index of the minimum over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    argmin(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.any(this, ...)`: whether any element is non-zero over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    any(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.all(this, ...)`: whether every element is non-zero over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    all(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.std(this, ...)`: the standard deviation over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    std(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.var(this, ...)`: the variance over an axis (or all).
     *
     * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
     * @param keepdims Keep reduced axes as length 1; default false.
     */
    var(axisOrOptions?: AxisOrOptions, keepdims?: boolean): NDArray;
    /**
     * Counted `np.dot(this, other)`.
     *
     * @param other The right operand.
     */
    dot(other: NDArray): NDArray;
    /** Counted `np.ravel(this)`: the elements as 1-D. */
    ravel(): NDArray;
    /** Counted `np.flatten(this)`: a 1-D copy. */
    flatten(): NDArray;
    /**
     * Counted `np.take(this, indices, axis)`: numpy's `a[indices]` along an axis.
     *
     * @param indices Integer indices (negative count from the end).
     * @param axis The axis, or `{ axis }`; default null (the flattened array).
     */
    take(indices: ArrayLike, axis?: number | null | AxisKeyword): NDArray;
    /**
     * Counted `np.compress(condition, this, axis)`: numpy's `a[mask]` along an axis (rows where
     * the 1-D `condition` is true).
     *
     * @param condition Booleans, at most the axis' length.
     * @param axis The axis, or `{ axis }`; default null (the flattened array).
     */
    compress(condition: ArrayLike, axis?: number | null | AxisKeyword): NDArray;
    /** Counted `np.nonzero(this)`: the indices of the non-zero elements, one array per axis. */
    nonzero(): NDArray[];
  }
}

/**
 * `self` when it is an array built by whest; anything else (a Proxy of one, another object
 * borrowing the method) throws before the op starts its clock.
 */
function checked(self: unknown, method: string): NDArray {
  if (!isNDArray(self)) {
    throw new TypeError(`ndarray.${method} called on an object that is not an np array`);
  }
  return self;
}

/** The methods, each with `this` brand-checked and its arguments made inert. */
const METHODS: Record<string, (this: unknown, ...args: never[]) => NDArray> = {
  at(this: unknown, i: number) {
    return shapeOps.index(checked(this, "at"), inert(i, "getitem") as number);
  },
  slice(this: unknown, start?: number, stop?: number) {
    const [lo, hi] = inertArgs([start, stop], "getitem") as (number | undefined)[];
    return shapeOps.slice(checked(this, "slice"), lo, hi);
  },
  reshape(this: unknown, ...shape: (number | readonly number[])[]) {
    const self = checked(this, "reshape");
    const args = inertArgs(shape, "reshape") as (number | readonly number[])[];
    const dims = args.length === 1 && Array.isArray(args[0]) ? args[0] : args as number[];
    return shapeOps.reshape(self, dims);
  },
  astype(this: unknown, dtype: DType, copy = true) {
    const self = checked(this, "astype");
    const [dt, c] = inertArgs([dtype, copy], "astype") as [DType, boolean];
    return shapeOps.astype(self, dt, c);
  },
  copy(this: unknown) {
    return shapeOps.copy(checked(this, "copy"));
  },
  transpose(this: unknown, axes?: readonly number[]) {
    const self = checked(this, "transpose");
    return shapeOps.transpose(self, inert(axes, "transpose") as number[] | undefined);
  },
  add(this: unknown, other: ArrayOrScalar) {
    return elementwise.add(checked(this, "add"), inert(other, "add") as ArrayOrScalar);
  },
  subtract(this: unknown, other: ArrayOrScalar) {
    const self = checked(this, "subtract");
    return elementwise.subtract(self, inert(other, "subtract") as ArrayOrScalar);
  },
  multiply(this: unknown, other: ArrayOrScalar) {
    const self = checked(this, "multiply");
    return elementwise.multiply(self, inert(other, "multiply") as ArrayOrScalar);
  },
  divide(this: unknown, other: ArrayOrScalar) {
    return elementwise.divide(checked(this, "divide"), inert(other, "divide") as ArrayOrScalar);
  },
  matmul(this: unknown, other: NDArray) {
    return contraction.matmul(checked(this, "matmul"), inert(other, "matmul") as NDArray);
  },
  sum(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "sum");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "sum") as [AxisOrOptions, boolean?];
    return reduction.sum(self, axis, keep ?? false);
  },
  prod(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "prod");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "prod") as [AxisOrOptions, boolean?];
    return reduction.prod(self, axis, keep ?? false);
  },
  mean(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "mean");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "mean") as [AxisOrOptions, boolean?];
    return reduction.mean(self, axis, keep ?? false);
  },
  max(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "max");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "max") as [AxisOrOptions, boolean?];
    return reduction.max(self, axis, keep ?? false);
  },
  min(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "min");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "min") as [AxisOrOptions, boolean?];
    return reduction.min(self, axis, keep ?? false);
  },
  argmax(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "argmax");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "argmax") as [
      AxisOrOptions,
      boolean?,
    ];
    return reduction.argmax(self, axis, keep ?? false);
  },
  argmin(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "argmin");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "argmin") as [
      AxisOrOptions,
      boolean?,
    ];
    return reduction.argmin(self, axis, keep ?? false);
  },
  any(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "any");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "any") as [AxisOrOptions, boolean?];
    return reduction.any(self, axis, keep ?? false);
  },
  all(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "all");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "all") as [AxisOrOptions, boolean?];
    return reduction.all(self, axis, keep ?? false);
  },
  std(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "std");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "std") as [AxisOrOptions, boolean?];
    return reduction.std(self, axis, keep ?? false);
  },
  var(this: unknown, axisOrOptions?: AxisOrOptions, keepdims?: boolean) {
    const self = checked(this, "var");
    const [axis, keep] = inertArgs([axisOrOptions, keepdims], "var") as [AxisOrOptions, boolean?];
    return reduction.variance(self, axis, keep ?? false);
  },
  dot(this: unknown, other: NDArray) {
    return contraction.dot(checked(this, "dot"), inert(other, "dot") as NDArray);
  },
  ravel(this: unknown) {
    return shapeOps.ravel(checked(this, "ravel"));
  },
  flatten(this: unknown) {
    return shapeOps.flatten(checked(this, "flatten"));
  },
  take(this: unknown, indices: ArrayLike, axis?: number | null | AxisKeyword) {
    const self = checked(this, "take");
    const [idx, ax] = inertArgs([indices, axis], "take") as [ArrayLike, AxisArgument];
    return indexing.take(self, idx, ax ?? null);
  },
  compress(this: unknown, condition: ArrayLike, axis?: number | null | AxisKeyword) {
    const self = checked(this, "compress");
    const [cond, ax] = inertArgs([condition, axis], "compress") as [ArrayLike, AxisArgument];
    return indexing.compress(cond, self, ax ?? null);
  },
};

/** Methods returning several arrays (numpy's tuples), installed the same way. */
const TUPLE_METHODS: Record<string, (this: unknown) => NDArray[]> = {
  nonzero(this: unknown) {
    return indexing.nonzero(checked(this, "nonzero"));
  },
};

for (const [name, method] of [...Object.entries(METHODS), ...Object.entries(TUPLE_METHODS)]) {
  Object.defineProperty(NDArray.prototype, name, {
    value: method,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
Object.defineProperty(NDArray.prototype, "T", {
  get(this: unknown) {
    return shapeOps.transpose(checked(this, "T"));
  },
  configurable: true,
  enumerable: false,
});
