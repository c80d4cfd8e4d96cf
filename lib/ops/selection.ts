/**
 * Selection ops: `where` (cost 4·numel) and `clip` (cost max(bounds, 1)·numel).
 *
 * @module
 */

import { type DType, resultType, scalarDType, type Storage } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { broadcastShapes, sameShape } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge, elementwiseCharge } from "./charge.ts";
import { type ArrayLike, newArray, operandData, operandShape, toOperand } from "./convert.ts";

function expanded(
  data: Storage,
  shape: readonly number[],
  target: readonly number[],
  dtype: DType,
): Storage {
  if (sameShape(shape, target)) return data;
  const out = newArray(dtype, target).data;
  kernels().broadcastInto(data, shape, out, target);
  return out;
}

/**
 * Picks x where cond is true, else y, broadcasting all three. The result has numpy's dtype
 * (JS numbers weak, so `where(c, f32, 0)` is float32), but the cost, 4·numel, is billed at
 * result_type(asarray(x), asarray(y)): flopscope converts x and y first, which makes a JS number
 * strong there (int64 if integral, else float64).
 *
 * @param cond Condition (non-zero is true).
 * @param x Values where true.
 * @param y Values where false.
 * @example
 * ```ts
 * import { where } from "./selection.ts";
 * import { array } from "./creation.ts";
 * where(array([true, false]), 1.5, 0).tolist(); // [1.5, 0]
 * ```
 */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  const c = toOperand(cond, "where");
  const a = toOperand(x, "where");
  const b = toOperand(y, "where");
  const dtype = resultType(a, b);
  const billed = resultType(asStrong(a), asStrong(b));
  const cShape = operandShape(c);
  const aShape = operandShape(a);
  const bShape = operandShape(b);
  const shape = broadcastShapes(broadcastShapes(cShape, aShape, "where"), bShape, "where");
  let size = 1;
  for (const d of shape) size *= d;
  const cost = elementwiseCharge(size, billed, 4);
  return runOp("where", [cShape, aShape, bShape], dtype, cost, () => {
    const out = newArray(dtype, shape);
    const cd = expanded(operandData(c, "float64"), cShape, shape, "float64");
    const ad = expanded(operandData(a, dtype), aShape, shape, dtype);
    const bd = expanded(operandData(b, dtype), bShape, shape, dtype);
    const dst = out.data;
    for (let i = 0; i < dst.length; i++) dst[i] = cd[i] !== 0 ? ad[i] : bd[i];
    return out;
  }, t0);
}

/** An operand as `asarray` would type it: a JS scalar becomes a strong 0-d dtype. */
function asStrong(x: NDArray | number | boolean): NDArray | { dtype: DType } {
  return typeof x === "object" ? x : { dtype: scalarDType(x) };
}

/**
 * Limits values to [lo, hi]; either bound may be null (cost max(bounds given, 1)·numel).
 *
 * @param a The array.
 * @param lo Lower bound (array or weak scalar) or null.
 * @param hi Upper bound (array or weak scalar) or null.
 */
export function clip(a: ArrayLike, lo: ArrayLike | null, hi: ArrayLike | null): NDArray {
  const t0 = opStart();
  const x = toOperand(a, "clip");
  const low = lo === null ? null : toOperand(lo, "clip");
  const high = hi === null ? null : toOperand(hi, "clip");
  const operands = [x, ...(low === null ? [] : [low]), ...(high === null ? [] : [high])];
  const dtype = resultType(...operands);
  const xShape = operandShape(x);
  let shape = xShape;
  for (const o of operands) shape = broadcastShapes(shape, operandShape(o), "clip");
  let size = 1;
  for (const d of shape) size *= d;
  const bounds = operands.length - 1;
  const cost = charge(Math.max(bounds, 1) * Math.max(size, 1), dtype);
  return runOp("clip", operands.map(operandShape), dtype, cost, () => {
    const out = newArray(dtype, shape);
    const data = out.data;
    data.set(expanded(operandData(x, dtype), xShape, shape, dtype));
    if (low !== null) {
      kernels().applyBinary(
        "maximum",
        data,
        shape,
        operandData(low, dtype),
        operandShape(low),
        data,
        shape,
      );
    }
    if (high !== null) {
      kernels().applyBinary(
        "minimum",
        data,
        shape,
        operandData(high, dtype),
        operandShape(high),
        data,
        shape,
      );
    }
    return out;
  }, t0);
}
