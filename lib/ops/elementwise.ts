/**
 * Binary elementwise ops with numpy broadcasting and NEP 50 weak scalars. Arithmetic,
 * maximum/minimum, comparisons and logical ops cost numel (weight 1); power, arctan2, hypot,
 * mod, floor_divide, logaddexp and float_power weight 16 (cost-model.md). Comparisons bill at the operands' promoted
 * width although they return bool. Unary ops live in lib/ops/unary.ts.
 *
 * @module
 */

import { binaryFloatDType, type DType, resultType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { broadcastShapes } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { type BinaryOpName, kernels } from "../kernels/seam.ts";
import { elementwiseCharge } from "./charge.ts";
import { type ArrayLike, newArray, operandData, operandShape, toOperand } from "./convert.ts";

/**
 * How a binary op's compute and output dtypes follow from the promoted operand dtype: "float"
 * sends integers and bool to float64 (divide); "float16" is a float-only ufunc whose bool loop
 * is numpy's float16 (arctan2, hypot), stored as float32 here (the same rate).
 */
type BinaryTyping = "same" | "float" | "float16" | "float64" | "bool";

function computeDType(typing: BinaryTyping, promoted: DType): DType {
  if (typing === "float64") return "float64";
  if (typing === "float16" && promoted === "bool") return "float32";
  return typing === "float" || typing === "float16" ? binaryFloatDType(promoted) : promoted;
}

function binary(
  op: string,
  kernel: BinaryOpName,
  typing: BinaryTyping,
  weight: number,
  x: ArrayLike,
  y: ArrayLike,
): NDArray {
  const t0 = opStart();
  const a = toOperand(x, op);
  const b = toOperand(y, op);
  const promoted = resultType(a, b);
  const compute = computeDType(typing, promoted);
  const outDType: DType = typing === "bool" ? "bool" : compute;
  const aShape = operandShape(a);
  const bShape = operandShape(b);
  const shape = broadcastShapes(aShape, bShape, op);
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  const cost = elementwiseCharge(size, compute, weight);
  const k = loopFor(kernel, compute);
  return runOp(op, [aShape, bShape], outDType, cost, () => {
    const out = newArray(outDType, shape);
    kernels().applyBinary(
      k,
      operandData(a, compute),
      aShape,
      operandData(b, compute),
      bShape,
      out.data,
      shape,
    );
    return out;
  }, t0);
}

// numpy's bool add and multiply are logical or/and; int32 products must wrap exactly.
function loopFor(kernel: BinaryOpName, compute: DType): BinaryOpName {
  if (compute === "bool" && kernel === "add") return "logical_or";
  if (compute === "bool" && kernel === "multiply") return "logical_and";
  if (compute === "int32" && kernel === "multiply") return "multiply_int32";
  return kernel;
}

/**
 * Elementwise a + b (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 * @example
 * ```ts
 * import { add } from "./elementwise.ts";
 * import { array } from "./creation.ts";
 * add(array([1, 2], "float32"), 0.5).dtype; // "float32"
 * ```
 */
export function add(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("add", "add", "same", 1, a, b);
}

/**
 * Elementwise a − b (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function subtract(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("subtract", "subtract", "same", 1, a, b);
}

/**
 * Elementwise a · b (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function multiply(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("multiply", "multiply", "same", 1, a, b);
}

/**
 * Elementwise true division a / b; integers divide in float64 (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function divide(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("divide", "divide", "float", 1, a, b);
}

/**
 * Elementwise maximum, NaN-propagating (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function maximum(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("maximum", "maximum", "same", 1, a, b);
}

/**
 * Elementwise minimum, NaN-propagating (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function minimum(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("minimum", "minimum", "same", 1, a, b);
}

/**
 * Elementwise a ** b (cost 16·numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function power(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("power", "power", "same", 16, a, b);
}

/**
 * Elementwise atan2(a, b) (cost 16·numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function arctan2(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("arctan2", "arctan2", "float16", 16, a, b);
}

/**
 * Elementwise √(a² + b²) (cost 16·numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function hypot(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("hypot", "hypot", "float16", 16, a, b);
}

/**
 * Elementwise remainder with the sign of b (cost 16·numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function mod(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("mod", "mod", "same", 16, a, b);
}

/**
 * Elementwise ⌊a / b⌋ (cost 16·numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function floor_divide(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("floor_divide", "floor_divide", "same", 16, a, b);
}

/**
 * Elementwise a > b as bool (cost numel at the operands' promoted rate).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function greater(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("greater", "greater", "bool", 1, a, b);
}

/**
 * Elementwise a ≥ b as bool.
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function greater_equal(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("greater_equal", "greater_equal", "bool", 1, a, b);
}

/**
 * Elementwise a < b as bool.
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function less(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("less", "less", "bool", 1, a, b);
}

/**
 * Elementwise a ≤ b as bool.
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function less_equal(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("less_equal", "less_equal", "bool", 1, a, b);
}

/**
 * Elementwise a == b as bool.
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function equal(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("equal", "equal", "bool", 1, a, b);
}

/**
 * Elementwise a != b as bool.
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function not_equal(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("not_equal", "not_equal", "bool", 1, a, b);
}

/**
 * Elementwise logical and (non-zero is true).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function logical_and(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("logical_and", "logical_and", "bool", 1, a, b);
}

/**
 * Elementwise logical or (non-zero is true).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function logical_or(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("logical_or", "logical_or", "bool", 1, a, b);
}

/**
 * Elementwise maximum ignoring NaN: a NaN loses to any number (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function fmax(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("fmax", "fmax", "same", 1, a, b);
}

/**
 * Elementwise minimum ignoring NaN: a NaN loses to any number (cost numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function fmin(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("fmin", "fmin", "same", 1, a, b);
}

/**
 * Elementwise ln(eᵃ + eᵇ) without overflow (cost 16·numel; bools run numpy's float16 loop).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function logaddexp(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("logaddexp", "logaddexp", "float16", 16, a, b);
}

/**
 * Elementwise a ** b in float64 whatever the inputs, as numpy's float_power (cost 16·numel,
 * billed at the float64 rate).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function float_power(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("float_power", "power", "float64", 16, a, b);
}
