/**
 * Contractions: matmul/dot ((2K−1)·M·N per matrix; vectors count as one row or column),
 * outer (m·n, or n(n+1)/2 for the same array object twice), trace, and fill_diagonal.
 * Float work goes through the kernel seam; mixed dtypes are promoted first (a float32 matrix
 * with a float64 vector is converted to float64 and billed at rate 2).
 *
 * @module
 */

import { type DType, isFloat, promoteTypes, sumDType } from "../array/dtype.ts";
import {
  isLazyTranspose,
  isNDArray,
  materialisedOf,
  type NDArray,
  storageOf,
} from "../array/ndarray.ts";
import { broadcastShapes, formatShape, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels, matmulInto } from "../kernels/seam.ts";
import { charge, reductionCharge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";
import { multiply } from "./elementwise.ts";

interface MatmulPlan {
  shape: readonly number[];
  batch: readonly number[];
  m: number;
  k: number;
  n: number;
}

function planMatmul(op: string, a: NDArray, b: NDArray): MatmulPlan {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(
      `${op}: operands must be at least 1-D, got ${formatShape(a.shape)} and ${
        formatShape(b.shape)
      }`,
    );
  }
  const m = a.ndim === 1 ? 1 : a.shape[a.ndim - 2];
  const ka = a.shape[a.ndim - 1];
  const kb = b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2];
  const n = b.ndim === 1 ? 1 : b.shape[b.ndim - 1];
  if (ka !== kb) {
    throw new RangeError(
      `${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} not aligned: ${ka} (dim ${
        a.ndim - 1
      }) != ${kb}`,
    );
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op);
  const shape = [...batch];
  if (a.ndim > 1) shape.push(m);
  if (b.ndim > 1) shape.push(n);
  return { shape: Object.freeze(shape), batch, m, k: ka, n };
}

function floatBuffer(x: NDArray, dtype: "float32" | "float64"): Float32Array | Float64Array {
  const storage = storageOf(x);
  if (dtype === "float32" && storage instanceof Float32Array) return storage;
  if (dtype === "float64" && storage instanceof Float64Array) return storage;
  return dtype === "float32" ? new Float32Array(storage) : new Float64Array(storage);
}

function matmulKernel(a: NDArray, b: NDArray, plan: MatmulPlan, outDType: DType): NDArray {
  const compute = outDType === "float32" ? "float32" : "float64";
  const out = newArray(outDType, plan.shape);
  const target = isFloat(outDType)
    ? out.data as Float32Array | Float64Array
    : new Float64Array(out.size);
  const { m, k, n } = plan;
  const backend = kernels();
  if (plan.batch.length === 0) {
    const transA = a.ndim === 2 && isLazyTranspose(a);
    const transB = b.ndim === 2 && isLazyTranspose(b);
    const ab = floatBuffer(a, compute);
    const bb = floatBuffer(b, compute);
    matmulInto(backend, ab, bb, target, m, k, n, transA, transB);
  } else {
    batchedMatmul(a, b, plan, compute, target);
  }
  if (!isFloat(outDType)) kernels().castInto(target, out.data, outDType);
  return out;
}

function batchedMatmul(
  a: NDArray,
  b: NDArray,
  plan: MatmulPlan,
  compute: "float32" | "float64",
  target: Float32Array | Float64Array,
): void {
  const { m, k, n, batch } = plan;
  const backend = kernels();
  const ad = compute === "float32" ? new Float32Array(a.data) : new Float64Array(a.data);
  const bd = compute === "float32" ? new Float32Array(b.data) : new Float64Array(b.data);
  const aBatch = a.ndim > 2 ? a.shape.slice(0, -2) : [];
  const bBatch = b.ndim > 2 ? b.shape.slice(0, -2) : [];
  const count = sizeOf(batch);
  const index = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < count; t++) {
    const aOff = batchOffset(index, batch, aBatch) * m * k;
    const bOff = batchOffset(index, batch, bBatch) * k * n;
    const c = target.subarray(t * m * n, (t + 1) * m * n);
    const aPart = ad.subarray(aOff, aOff + m * k);
    const bPart = bd.subarray(bOff, bOff + k * n);
    matmulInto(backend, aPart, bPart, c, m, k, n, false, false);
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++index[d] < batch[d]) break;
      index[d] = 0;
    }
  }
}

function batchOffset(
  index: readonly number[],
  batch: readonly number[],
  own: readonly number[],
): number {
  let off = 0;
  const skip = batch.length - own.length;
  for (let d = 0; d < own.length; d++) off = off * own[d] + (own[d] === 1 ? 0 : index[d + skip]);
  return off;
}

/**
 * numpy matmul (`@`): 1-D operands act as a row (left) or column (right) vector and the
 * vector axis is dropped; leading axes broadcast as a batch. Cost per matrix (2K−1)·M·N.
 *
 * @param x Left operand.
 * @param y Right operand.
 * @example
 * ```ts
 * import { matmul } from "./contraction.ts";
 * import { array } from "./creation.ts";
 * matmul(array([[1, 2], [3, 4]], "float32"), array([1, 1], "float32")).tolist(); // [3, 7]
 * ```
 */
export function matmul(x: ArrayLike, y: ArrayLike): NDArray {
  return contract("matmul", x, y);
}

function contract(op: string, x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  const a = toArray(x, op);
  const b = toArray(y, op);
  const plan = planMatmul(op, a, b);
  const dtype = promoteTypes(a.dtype, b.dtype);
  const perMatrix = Math.max(0, 2 * plan.k - 1) * plan.m * plan.n;
  const cost = plan.k === 0 ? 0 : charge(sizeOf(plan.batch) * perMatrix, dtype);
  return runOp(op, [a.shape, b.shape], dtype, cost, () => matmulKernel(a, b, plan, dtype), t0);
}

/**
 * numpy dot for scalars, 1-D and 2-D operands (same cost as matmul; with a scalar it is a
 * multiply). Higher dimensions are not supported: use matmul.
 *
 * @param x Left operand.
 * @param y Right operand.
 */
export function dot(x: ArrayLike, y: ArrayLike): NDArray {
  const a = toArray(x, "dot");
  const b = toArray(y, "dot");
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  if (a.ndim > 2 || b.ndim > 2) {
    throw new RangeError(
      `dot: only 1-D and 2-D operands are supported, got ${formatShape(a.shape)} and ${
        formatShape(b.shape)
      }; use matmul`,
    );
  }
  return contract("dot", a, b);
}

/**
 * Outer product of the flattened inputs (cost m·n; n(n+1)/2 when the same array object is
 * passed twice, as flopscope bills the symmetric case).
 *
 * @param x First vector (flattened).
 * @param y Second vector (flattened).
 */
export function outer(x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  const a = toArray(x, "outer");
  const b = x === y ? a : toArray(y, "outer");
  const dtype = promoteTypes(a.dtype, b.dtype);
  const m = a.size;
  const n = b.size;
  const flopCost = a === b ? (n * (n + 1)) / 2 : m * n;
  return runOp("outer", [a.shape, b.shape], dtype, charge(flopCost, dtype), () => {
    const out = newArray(dtype, Object.freeze([m, n]));
    const ad = a.data;
    const bd = b.data;
    const dst = out.data;
    for (let i = 0; i < m; i++) {
      const ai = ad[i];
      const o = i * n;
      for (let j = 0; j < n; j++) dst[o + j] = ai * bd[j];
    }
    return out;
  }, t0);
}

/**
 * Sum of the main diagonal of a 2-D array (cost: diagonal length).
 *
 * @param x A 2-D array.
 */
export function trace(x: ArrayLike): NDArray {
  const t0 = opStart();
  const a = toArray(x, "trace");
  if (a.ndim !== 2) {
    throw new RangeError(`trace: expected a 2-D array, got shape ${formatShape(a.shape)}`);
  }
  const len = Math.min(a.shape[0], a.shape[1]);
  const dtype = sumDType(a.dtype);
  return runOp("trace", [a.shape], dtype, reductionCharge(len, dtype), () => {
    const out = newArray(dtype, Object.freeze([]));
    const data = storageOf(a);
    const stride = (isLazyTranspose(a) ? a.shape[0] : a.shape[1]) + 1;
    let s = 0;
    for (let i = 0; i < len; i++) s += data[i * stride];
    out.data[0] = s;
    return out;
  }, t0);
}

/**
 * Writes `value` onto the main diagonal of a 2-D array in place (cost min(m, n)); an array
 * value is read in order and cycled, as numpy does.
 *
 * @param x The 2-D array to modify.
 * @param value A number or an array of values.
 */
export function fill_diagonal(x: NDArray, value: ArrayLike): void {
  const t0 = opStart();
  if (!isNDArray(x) || x.ndim !== 2) {
    throw new RangeError(
      `fill_diagonal: expected a 2-D array, got ${isNDArray(x) ? formatShape(x.shape) : typeof x}`,
    );
  }
  const len = Math.min(x.shape[0], x.shape[1]);
  const values = typeof value === "number" || typeof value === "boolean"
    ? undefined
    : toArray(value, "fill_diagonal");
  const shapes = values === undefined ? [x.shape] : [x.shape, values.shape];
  runOp("fill_diagonal", shapes, x.dtype, charge(len, x.dtype), () => {
    const src = values?.data;
    const scalar = typeof value === "boolean" ? (value ? 1 : 0) : value as number;
    const storage = storageOf(x);
    const stride = (isLazyTranspose(x) ? x.shape[0] : x.shape[1]) + 1;
    const cached = materialisedOf(x);
    for (let i = 0; i < len; i++) {
      const v = src === undefined ? scalar : src[i % src.length];
      storage[i * stride] = v;
      // Keep an already materialised row-major copy of a lazy transpose in step.
      if (cached !== undefined) cached[i * (x.shape[1] + 1)] = v;
    }
  }, t0);
}
