/**
 * Binary elementwise kernels, compiled per storage kind (lib/kernels/js/specialise.ts) from one
 * expression in `x` and `y` per op. Each op has four loop shapes: both operands contiguous,
 * a scalar on either side, and a general strided run (stride 1 or 0 per operand) that the
 * broadcasting driver (lib/kernels/js/broadcast.ts) uses for everything else.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";
import { compileLoop, STORAGE_KINDS, type StorageKind } from "./specialise.ts";

/**
 * Each binary op's JS expression in `x` and `y`, compiled into its loops; `r` is a scratch
 * variable for ops that need a statement's worth of work.
 */
export const EXPRESSIONS = {
  add: "x + y",
  subtract: "x - y",
  multiply: "x * y",
  multiply_int32: "Math.imul(x, y)",
  divide: "x / y",
  maximum: "Math.max(x, y)",
  minimum: "Math.min(x, y)",
  power: "x ** y",
  arctan2: "Math.atan2(x, y)",
  hypot: "Math.hypot(x, y)",
  // Python/numpy remainder: the result takes the sign of the divisor.
  mod: "(r = x % y, r !== 0 && (r < 0) !== (y < 0) ? r + y : r)",
  floor_divide: "Math.floor(x / y)",
  greater: "x > y ? 1 : 0",
  greater_equal: "x >= y ? 1 : 0",
  less: "x < y ? 1 : 0",
  less_equal: "x <= y ? 1 : 0",
  equal: "x === y ? 1 : 0",
  not_equal: "x !== y ? 1 : 0",
  logical_and: "x !== 0 && y !== 0 ? 1 : 0",
  logical_or: "x !== 0 || y !== 0 ? 1 : 0",
  // NaN-ignoring: a NaN loses to any number, two NaNs give NaN.
  fmax: "x !== x ? y : y !== y ? x : Math.max(x, y)",
  fmin: "x !== x ? y : y !== y ? x : Math.min(x, y)",
  // numpy's npy_logaddexp: exact at x == y (infinities included), log1p of the smaller term.
  logaddexp:
    "x === y ? x + 0.6931471805599453 : (r = x - y, r > 0 ? x + Math.log1p(Math.exp(-r)) : r <= 0 ? y + Math.log1p(Math.exp(r)) : r)",
} as const;

/** Names of the binary kernels. */
export type BinaryOpName = keyof typeof EXPRESSIONS;

/** The loop shapes of one binary op for one storage kind. */
export interface BinaryLoops {
  /** out[i] = f(a[i], b[i]). */
  contiguous(a: Storage, b: Storage, out: Storage, len: number): void;
  /** out[i] = f(a[i], y). */
  rightScalar(a: Storage, y: number, out: Storage, len: number): void;
  /** out[i] = f(x, b[i]). */
  leftScalar(x: number, b: Storage, out: Storage, len: number): void;
  /** out[oo+i] = f(a[ao+i·sa], b[bo+i·sb]). */
  strided(
    a: Storage,
    ao: number,
    sa: number,
    b: Storage,
    bo: number,
    sb: number,
    out: Storage,
    oo: number,
    len: number,
  ): void;
}

function compile(expr: string): BinaryLoops {
  const loop = (head: string, x: string, y: string, store: string) =>
    `let r = 0;\nfor (let i = 0; i < len; i++) {\n${head}const x = ${x};\nconst y = ${y};\n${store} = ${expr};\n}`;
  return {
    contiguous: compileLoop(["a", "b", "out", "len"], loop("", "a[i]", "b[i]", "out[i]")),
    rightScalar: compileLoop(["a", "s", "out", "len"], loop("", "a[i]", "s", "out[i]")),
    leftScalar: compileLoop(["s", "b", "out", "len"], loop("", "s", "b[i]", "out[i]")),
    strided: compileLoop(
      ["a", "ao", "sa", "b", "bo", "sb", "out", "oo", "len"],
      loop("", "a[ao + i * sa]", "b[bo + i * sb]", "out[oo + i]"),
    ),
  };
}

const TABLE = new Map<string, BinaryLoops>();
for (const [name, expr] of Object.entries(EXPRESSIONS)) {
  for (const kind of STORAGE_KINDS) TABLE.set(`${name}/${kind}`, compile(expr));
}

/**
 * The loops of `op` specialised for operands stored as `kind`.
 *
 * @param op The binary op.
 * @param kind Storage kind of both operands.
 * @example
 * ```ts
 * import { binaryLoops } from "./binary.ts";
 * const out = new Float64Array(2);
 * binaryLoops("add", "f64").contiguous(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 2);
 * ```
 */
export function binaryLoops(op: BinaryOpName, kind: StorageKind): BinaryLoops {
  return TABLE.get(`${op}/${kind}`)!;
}
