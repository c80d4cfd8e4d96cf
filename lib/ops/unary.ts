/**
 * Unary elementwise ops: negation, abs, sign, rounding, sqrt, square, reciprocal and the
 * isnan/isinf/isfinite tests cost numel (weight 1); exp, exp2, expm1, the logs, cbrt and the
 * trigonometric and hyperbolic functions weight 16 (cost-model.md). Float-only ops compute
 * integer input in float64 and bool in numpy's float16 loop (stored as float32, same rate).
 *
 * @module
 */

import { type DType, unaryFloatDType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels, type UnaryOpName } from "../kernels/seam.ts";
import { elementwiseCharge } from "./charge.ts";
import { type ArrayLike, newArray, storageAs, toArray } from "./convert.ts";

/** How a unary op's dtype follows from its input. */
type UnaryTyping = "same" | "float" | "bool";

function unary(
  op: string,
  kernel: UnaryOpName,
  typing: UnaryTyping,
  weight: number,
  x: ArrayLike,
): NDArray {
  const t0 = opStart();
  const a = toArray(x, op);
  const compute = typing === "float" ? unaryFloatDType(a.dtype) : a.dtype;
  const outDType: DType = typing === "bool" ? "bool" : compute;
  const cost = elementwiseCharge(a.size, compute, weight);
  return runOp(op, [a.shape], outDType, cost, () => {
    const out = newArray(outDType, a.shape);
    const input = storageAs(a.data, compute);
    kernels().applyUnary(kernel, input, out.data, a.size);
    return out;
  }, t0);
}

/**
 * Elementwise logical not (cost numel at the input's rate).
 *
 * @param a Array.
 */
export function logical_not(a: ArrayLike): NDArray {
  return unary("logical_not", "logical_not", "bool", 1, a);
}

/**
 * Elementwise −a (cost numel).
 *
 * @param a Array (not bool).
 */
export function negative(a: ArrayLike): NDArray {
  const x = toArray(a, "negative");
  if (x.dtype === "bool") {
    throw new TypeError("negative: the numpy boolean negative is not supported, use logical_not");
  }
  return unary("negative", "negative", "same", 1, x);
}

/**
 * Elementwise |a| (cost numel).
 *
 * @param a Array.
 */
export function abs(a: ArrayLike): NDArray {
  return unary("abs", "abs", "same", 1, a);
}

/**
 * Elementwise sign (cost numel).
 *
 * @param a Array.
 */
export function sign(a: ArrayLike): NDArray {
  return unary("sign", "sign", "same", 1, a);
}

/**
 * Elementwise √a (cost numel).
 *
 * @param a Array; integers compute in float64.
 */
export function sqrt(a: ArrayLike): NDArray {
  return unary("sqrt", "sqrt", "float", 1, a);
}

/**
 * Elementwise a² (cost numel; `power(a, 2)` costs 16·numel).
 *
 * @param a Array.
 */
export function square(a: ArrayLike): NDArray {
  const x = toArray(a, "square");
  return unary(
    "square",
    x.dtype === "int32" ? "square_int32" : "square",
    "same",
    1,
    x,
  );
}

/**
 * Elementwise 1/a (cost numel).
 *
 * @param a Array; integers compute in float64.
 */
export function reciprocal(a: ArrayLike): NDArray {
  return unary("reciprocal", "reciprocal", "float", 1, a);
}

/**
 * Elementwise ⌊a⌋ (cost numel).
 *
 * @param a Array.
 */
export function floor(a: ArrayLike): NDArray {
  return unary("floor", "floor", "float", 1, a);
}

/**
 * Elementwise ⌈a⌉ (cost numel).
 *
 * @param a Array.
 */
export function ceil(a: ArrayLike): NDArray {
  return unary("ceil", "ceil", "float", 1, a);
}

/**
 * Elementwise truncation toward zero (cost numel).
 *
 * @param a Array.
 */
export function trunc(a: ArrayLike): NDArray {
  return unary("trunc", "trunc", "float", 1, a);
}

/**
 * Elementwise round half to even (cost numel).
 *
 * @param a Array.
 */
export function rint(a: ArrayLike): NDArray {
  return unary("rint", "rint", "float", 1, a);
}

/**
 * Elementwise eᵃ (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function exp(a: ArrayLike): NDArray {
  return unary("exp", "exp", "float", 16, a);
}

/**
 * Elementwise eᵃ − 1 (cost 16·numel).
 *
 * @param a Array.
 */
export function expm1(a: ArrayLike): NDArray {
  return unary("expm1", "expm1", "float", 16, a);
}

/**
 * Elementwise ln a (cost 16·numel).
 *
 * @param a Array.
 */
export function log(a: ArrayLike): NDArray {
  return unary("log", "log", "float", 16, a);
}

/**
 * Elementwise ln(1 + a) (cost 16·numel).
 *
 * @param a Array.
 */
export function log1p(a: ArrayLike): NDArray {
  return unary("log1p", "log1p", "float", 16, a);
}

/**
 * Elementwise log₂ a (cost 16·numel).
 *
 * @param a Array.
 */
export function log2(a: ArrayLike): NDArray {
  return unary("log2", "log2", "float", 16, a);
}

/**
 * Elementwise log₁₀ a (cost 16·numel).
 *
 * @param a Array.
 */
export function log10(a: ArrayLike): NDArray {
  return unary("log10", "log10", "float", 16, a);
}

/**
 * Elementwise tanh a (cost 16·numel).
 *
 * @param a Array.
 */
export function tanh(a: ArrayLike): NDArray {
  return unary("tanh", "tanh", "float", 16, a);
}

/**
 * Elementwise sin a (cost 16·numel).
 *
 * @param a Array.
 */
export function sin(a: ArrayLike): NDArray {
  return unary("sin", "sin", "float", 16, a);
}

/**
 * Elementwise cos a (cost 16·numel).
 *
 * @param a Array.
 */
export function cos(a: ArrayLike): NDArray {
  return unary("cos", "cos", "float", 16, a);
}

/**
 * Elementwise tan a (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function tan(a: ArrayLike): NDArray {
  return unary("tan", "tan", "float", 16, a);
}

/**
 * Elementwise arcsin a, NaN outside [−1, 1] (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function arcsin(a: ArrayLike): NDArray {
  return unary("arcsin", "arcsin", "float", 16, a);
}

/**
 * Elementwise arccos a, NaN outside [−1, 1] (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function arccos(a: ArrayLike): NDArray {
  return unary("arccos", "arccos", "float", 16, a);
}

/**
 * Elementwise arctan a (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function arctan(a: ArrayLike): NDArray {
  return unary("arctan", "arctan", "float", 16, a);
}

/**
 * Elementwise sinh a (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function sinh(a: ArrayLike): NDArray {
  return unary("sinh", "sinh", "float", 16, a);
}

/**
 * Elementwise cosh a (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function cosh(a: ArrayLike): NDArray {
  return unary("cosh", "cosh", "float", 16, a);
}

/**
 * Elementwise 2ᵃ (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function exp2(a: ArrayLike): NDArray {
  return unary("exp2", "exp2", "float", 16, a);
}

/**
 * Elementwise cube root (cost 16·numel).
 *
 * @param a Array; integers compute in float64.
 */
export function cbrt(a: ArrayLike): NDArray {
  return unary("cbrt", "cbrt", "float", 16, a);
}

/**
 * Elementwise test for NaN, as bool (cost numel at the input's rate).
 *
 * @param a Array.
 */
export function isnan(a: ArrayLike): NDArray {
  return unary("isnan", "isnan", "bool", 1, a);
}

/**
 * Elementwise test for ±infinity, as bool (cost numel at the input's rate).
 *
 * @param a Array.
 */
export function isinf(a: ArrayLike): NDArray {
  return unary("isinf", "isinf", "bool", 1, a);
}

/**
 * Elementwise test for a finite value (not NaN, not ±infinity), as bool (cost numel at the
 * input's rate).
 *
 * @param a Array.
 */
export function isfinite(a: ArrayLike): NDArray {
  return unary("isfinite", "isfinite", "bool", 1, a);
}
