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
};

for (const [name, method] of Object.entries(METHODS)) {
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
