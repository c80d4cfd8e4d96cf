/**
 * Elementwise ops with numpy broadcasting and NEP 50 weak scalars. Arithmetic, rounding,
 * maximum/minimum, comparisons and logical ops cost numel (weight 1); transcendental ops,
 * power, arctan2, hypot, mod and floor_divide weight 16 (cost-model.md). Comparisons bill at
 * the operands' promoted width although they return bool.
 *
 * @module
 */

import { binaryFloatDType, type DType, resultType, unaryFloatDType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { broadcastShapes } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import type { BinaryOpName } from "../kernels/js/binary.ts";
import { applyBinary } from "../kernels/js/broadcast.ts";
import { storageKind } from "../kernels/js/specialise.ts";
import { unaryKernel, type UnaryOpName } from "../kernels/js/unary.ts";
import { elementwiseCharge } from "./charge.ts";
import {
  type ArrayLike,
  newArray,
  operandData,
  operandShape,
  storageAs,
  toArray,
  toOperand,
} from "./convert.ts";

/** How a binary op's compute and output dtypes follow from the promoted operand dtype. */
type BinaryTyping = "same" | "float" | "bool";

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
  const compute = typing === "float" ? binaryFloatDType(promoted) : promoted;
  const outDType: DType = typing === "bool" ? "bool" : compute;
  const aShape = operandShape(a);
  const bShape = operandShape(b);
  const shape = broadcastShapes(aShape, bShape, op);
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  const cost = elementwiseCharge(size, compute, weight);
  const k = kernel === "multiply" && compute === "int32" ? "multiply_int32" : kernel;
  return runOp(op, [aShape, bShape], outDType, cost, () => {
    const out = newArray(outDType, shape);
    applyBinary(
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
    unaryKernel(kernel, storageKind(input))(input, out.data, a.size);
    return out;
  }, t0);
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
  return binary("arctan2", "arctan2", "float", 16, a, b);
}

/**
 * Elementwise √(a² + b²) (cost 16·numel).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 */
export function hypot(a: ArrayLike, b: ArrayLike): NDArray {
  return binary("hypot", "hypot", "float", 16, a, b);
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
