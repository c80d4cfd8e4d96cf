/**
 * Shape and view ops: transpose, indexing, reshape, squeeze/expand_dims, broadcast_to,
 * copy and astype. Views are free; ops that write a new buffer are charged numel
 * (cost-model.md "written bytes"). Joining and tiling ops live in lib/ops/join.ts.
 *
 * @module
 */

import { checkDType, type DType, heavierDType } from "../array/dtype.ts";
import { isLazyTranspose, type NDArray, storageOf, wrapStorage } from "../array/ndarray.ts";
import { broadcastShapes, formatShape, normalizeAxis, sameShape, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge, writtenCharge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

/**
 * The transpose (free). 2-D arrays give a lazy view that matmul reads without copying;
 * other permutations copy.
 *
 * @param a The array.
 * @param axes A permutation of the axes; default reversed.
 * @example
 * ```ts
 * import { transpose } from "./shape.ts";
 * import { array } from "./creation.ts";
 * transpose(array([[1, 2, 3]])).shape; // [3, 1]
 * ```
 */
export function transpose(a: ArrayLike, axes?: readonly number[]): NDArray {
  const t0 = opStart();
  const x = toArray(a, "transpose");
  const perm = axes === undefined ? reversedAxes(x.ndim) : checkPermutation(axes, x.ndim);
  return permuted("transpose", x, perm, t0);
}

function permuted(op: string, x: NDArray, perm: readonly number[], t0: number): NDArray {
  const shape = Object.freeze(perm.map((p) => x.shape[p]));
  return runOp(op, [x.shape], x.dtype, 0, () => {
    if (isIdentity(perm)) return wrapStorage(storageOf(x), x.shape, x.dtype, isLazyTranspose(x));
    if (x.ndim === 2) return wrapStorage(storageOf(x), shape, x.dtype, !isLazyTranspose(x));
    const out = newArray(x.dtype, shape);
    kernels().permuteInto(x.data, out.data, x.shape, perm);
    return out;
  }, t0);
}

/**
 * Swaps two axes (free).
 *
 * @param a The array.
 * @param axis1 First axis.
 * @param axis2 Second axis.
 */
export function swapaxes(a: ArrayLike, axis1: number, axis2: number): NDArray {
  const t0 = opStart();
  const x = toArray(a, "swapaxes");
  const i = normalizeAxis(axis1, x.ndim, "swapaxes");
  const j = normalizeAxis(axis2, x.ndim, "swapaxes");
  const perm = reversedAxes(x.ndim).reverse();
  perm[i] = j;
  perm[j] = i;
  return permuted("swapaxes", x, perm, t0);
}

/**
 * Row `i` along the first axis, a free view sharing memory (numpy `a[i]`).
 *
 * @param a The array (at least 1-D).
 * @param i The index; negative counts from the end.
 */
export function index(a: NDArray, i: number): NDArray {
  const t0 = opStart();
  if (a.ndim === 0) throw new RangeError("getitem: a 0-d array cannot be indexed");
  const len = a.shape[0];
  const j = i < 0 ? i + len : i;
  if (!Number.isInteger(j) || j < 0 || j >= len) {
    throw new RangeError(`getitem: index ${i} is out of bounds for axis 0 with size ${len}`);
  }
  const shape = Object.freeze(a.shape.slice(1));
  const stride = sizeOf(shape);
  return runOp("getitem", [a.shape], a.dtype, 0, () => {
    const data = a.data.subarray(j * stride, (j + 1) * stride);
    return wrapStorage(data, shape, a.dtype);
  }, t0);
}

/**
 * Rows start..stop (exclusive) along the first axis, a free view sharing memory.
 *
 * @param a The array (at least 1-D).
 * @param start First row; default 0; negative counts from the end.
 * @param stop One past the last row; default the length; clamped like a Python slice.
 */
export function slice(a: NDArray, start?: number, stop?: number): NDArray {
  const t0 = opStart();
  if (a.ndim === 0) throw new RangeError("getitem: a 0-d array cannot be sliced");
  const len = a.shape[0];
  const clamp = (v: number) => Math.min(len, Math.max(0, v < 0 ? v + len : v));
  const lo = start === undefined ? 0 : clamp(start);
  const hi = Math.max(lo, stop === undefined ? len : clamp(stop));
  const shape = Object.freeze([hi - lo, ...a.shape.slice(1)]);
  const stride = sizeOf(a.shape.slice(1));
  return runOp("getitem", [a.shape], a.dtype, 0, () => {
    return wrapStorage(a.data.subarray(lo * stride, hi * stride), shape, a.dtype);
  }, t0);
}

/**
 * A new shape for the same elements (charged numel, as flopscope does); one length may be -1.
 *
 * @param a The array.
 * @param shape The new shape.
 */
export function reshape(a: ArrayLike, shape: number | readonly number[]): NDArray {
  const t0 = opStart();
  const x = toArray(a, "reshape");
  const target = resolveReshape(x, typeof shape === "number" ? [shape] : shape);
  return runOp("reshape", [x.shape], x.dtype, writtenCharge(x.size, x.dtype), () => {
    return wrapStorage(x.data, target, x.dtype);
  }, t0);
}

/**
 * The elements as 1-D (charged numel).
 *
 * @param a The array.
 */
export function ravel(a: ArrayLike): NDArray {
  const t0 = opStart();
  const x = toArray(a, "ravel");
  return runOp("ravel", [x.shape], x.dtype, writtenCharge(x.size, x.dtype), () => {
    return wrapStorage(x.data, Object.freeze([x.size]), x.dtype);
  }, t0);
}

/**
 * A 1-D copy of the elements (charged numel).
 *
 * @param a The array.
 */
export function flatten(a: ArrayLike): NDArray {
  const t0 = opStart();
  const x = toArray(a, "flatten");
  return runOp("flatten", [x.shape], x.dtype, writtenCharge(x.size, x.dtype), () => {
    return wrapStorage(x.data.slice(), Object.freeze([x.size]), x.dtype);
  }, t0);
}

/**
 * Removes length-1 axes (free view).
 *
 * @param a The array.
 * @param axis One axis to remove (must have length 1); default all length-1 axes.
 */
export function squeeze(a: ArrayLike, axis?: number): NDArray {
  const t0 = opStart();
  const x = toArray(a, "squeeze");
  let shape: number[];
  if (axis === undefined) {
    shape = x.shape.filter((d) => d !== 1);
  } else {
    const ax = normalizeAxis(axis, x.ndim, "squeeze");
    if (x.shape[ax] !== 1) {
      throw new RangeError(
        `squeeze: axis ${axis} of shape ${formatShape(x.shape)} is not length 1`,
      );
    }
    shape = x.shape.filter((_, d) => d !== ax);
  }
  return runOp("squeeze", [x.shape], x.dtype, 0, () => view(x, shape), t0);
}

/**
 * Inserts a length-1 axis at `axis` (free view).
 *
 * @param a The array.
 * @param axis Position of the new axis in the result.
 */
export function expand_dims(a: ArrayLike, axis: number): NDArray {
  const t0 = opStart();
  const x = toArray(a, "expand_dims");
  const ax = normalizeAxis(axis, x.ndim + 1, "expand_dims");
  const shape = [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)];
  return runOp("expand_dims", [x.shape], x.dtype, 0, () => view(x, shape), t0);
}

/**
 * `a` broadcast to `shape` (free; materialised here, numpy returns a read-only view).
 *
 * @param a The array.
 * @param shape The target shape.
 */
export function broadcast_to(a: ArrayLike, shape: number | readonly number[]): NDArray {
  const t0 = opStart();
  const x = toArray(a, "broadcast_to");
  const target = Object.freeze(typeof shape === "number" ? [shape] : shape.slice());
  const joined = broadcastShapes(x.shape, target, "broadcast_to");
  if (!sameShape(joined, target)) {
    throw new RangeError(
      `broadcast_to: cannot broadcast shape ${formatShape(x.shape)} to ${formatShape(target)}`,
    );
  }
  return runOp("broadcast_to", [x.shape], x.dtype, 0, () => {
    if (sameShape(x.shape, target)) return wrapStorage(x.data, target, x.dtype);
    const out = newArray(x.dtype, target);
    kernels().broadcastInto(x.data, x.shape, out.data, target);
    return out;
  }, t0);
}

/**
 * A copy (charged numel).
 *
 * @param a The array.
 */
export function copy(a: ArrayLike): NDArray {
  const t0 = opStart();
  const x = toArray(a, "copy");
  return runOp("copy", [x.shape], x.dtype, writtenCharge(x.size, x.dtype), () => {
    return wrapStorage(x.data.slice(), x.shape, x.dtype);
  }, t0);
}

/**
 * A cast copy (charged numel at the heavier of the two dtypes; free only for a same-dtype
 * cast with `copy` false, which returns `a` itself).
 *
 * @param a The array.
 * @param dtype The target dtype.
 * @param copyArray Whether a same-dtype cast copies; default true, as numpy.
 */
export function astype(a: ArrayLike, dtype: DType, copyArray = true): NDArray {
  const t0 = opStart();
  const x = toArray(a, "astype");
  const target = checkDType(dtype, "astype");
  if (target === x.dtype && !copyArray) {
    return runOp("astype", [x.shape], target, 0, () => x, t0);
  }
  return countedCast("astype", x, target, x.size, t0);
}

/**
 * `x` cast into a new `target` array as the counted op `op`, charged `numel` elements at the
 * heavier of the two dtypes: the cost of astype, and of array/asarray given an array.
 *
 * @param op Op name.
 * @param x The array.
 * @param target The dtype of the copy.
 * @param numel Elements charged.
 * @param t0 The value of `opStart()` when the op began.
 * @param billing The dtype billed; default the heavier of `x`'s and `target`.
 */
export function countedCast(
  op: string,
  x: NDArray,
  target: DType,
  numel: number,
  t0: number,
  billing: DType = heavierDType(x.dtype, target),
): NDArray {
  return runOp(op, [x.shape], target, charge(numel, billing), () => {
    const out = newArray(target, x.shape);
    kernels().castInto(x.data, out.data, target);
    return out;
  }, t0);
}

function view(x: NDArray, shape: readonly number[]): NDArray {
  const frozen = Object.freeze(shape.slice());
  if (isLazyTranspose(x) && shape.length === 2) {
    const lazy = shape[0] === x.shape[0];
    if (lazy) return wrapStorage(storageOf(x), frozen, x.dtype, true);
  }
  return wrapStorage(x.data, frozen, x.dtype);
}

function resolveReshape(x: NDArray, shape: readonly number[]): readonly number[] {
  const dims = Array.from(shape);
  const unknown = dims.indexOf(-1);
  if (unknown !== dims.lastIndexOf(-1)) {
    throw new RangeError("reshape: can only specify one unknown dimension");
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < -1) {
      throw new RangeError(`reshape: invalid shape ${JSON.stringify(shape)}`);
    }
  }
  if (unknown >= 0) {
    const known = dims.reduce((p, d) => (d === -1 ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new RangeError(
        `reshape: cannot reshape array of size ${x.size} into shape ${JSON.stringify(shape)}`,
      );
    }
    dims[unknown] = x.size / known;
  }
  if (sizeOf(dims) !== x.size) {
    throw new RangeError(
      `reshape: cannot reshape array of size ${x.size} into shape ${JSON.stringify(shape)}`,
    );
  }
  return Object.freeze(dims);
}

function reversedAxes(ndim: number): number[] {
  const axes: number[] = [];
  for (let d = ndim - 1; d >= 0; d--) axes.push(d);
  return axes;
}

function isIdentity(perm: readonly number[]): boolean {
  for (let d = 0; d < perm.length; d++) if (perm[d] !== d) return false;
  return true;
}

function checkPermutation(axes: readonly number[], ndim: number): number[] {
  const perm = axes.map((a) => normalizeAxis(a, ndim, "transpose"));
  if (perm.length !== ndim || new Set(perm).size !== ndim) {
    throw new RangeError(
      `transpose: axes ${JSON.stringify(axes)} don't match an array of dimension ${ndim}`,
    );
  }
  return perm;
}
