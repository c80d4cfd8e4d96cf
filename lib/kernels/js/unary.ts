/**
 * Unary elementwise kernels over contiguous buffers, compiled per storage kind
 * (lib/kernels/js/specialise.ts) from one expression in `x` per op.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";
import { compileLoop, STORAGE_KINDS, type StorageKind } from "./specialise.ts";

/**
 * Each unary op's JS expression in `x`, compiled into its kernels; `r` is a scratch variable
 * for ops that need a statement's worth of work.
 */
export const EXPRESSIONS = {
  negative: "-x",
  abs: "Math.abs(x)",
  sign: "Math.sign(x)",
  sqrt: "Math.sqrt(x)",
  square: "x * x",
  square_int32: "Math.imul(x, x)",
  reciprocal: "1 / x",
  floor: "Math.floor(x)",
  ceil: "Math.ceil(x)",
  trunc: "Math.trunc(x)",
  // Math.round rounds halves up; numpy's rint rounds them to the even neighbour.
  rint: "(r = Math.round(x), r - x === 0.5 && r % 2 !== 0 ? r - 1 : r)",
  exp: "Math.exp(x)",
  expm1: "Math.expm1(x)",
  log: "Math.log(x)",
  log1p: "Math.log1p(x)",
  log2: "Math.log2(x)",
  log10: "Math.log10(x)",
  tanh: "Math.tanh(x)",
  sin: "Math.sin(x)",
  cos: "Math.cos(x)",
  logical_not: "x !== 0 ? 0 : 1",
  tan: "Math.tan(x)",
  arcsin: "Math.asin(x)",
  arccos: "Math.acos(x)",
  arctan: "Math.atan(x)",
  sinh: "Math.sinh(x)",
  cosh: "Math.cosh(x)",
  exp2: "2 ** x",
  cbrt: "Math.cbrt(x)",
  isnan: "x !== x ? 1 : 0",
  isinf: "x === Infinity || x === -Infinity ? 1 : 0",
  isfinite: "Number.isFinite(x) ? 1 : 0",
} as const;

/** Names of the unary kernels. */
export type UnaryOpName = keyof typeof EXPRESSIONS;

/** out[i] = f(a[i]) for i < n. */
export type UnaryKernel = (a: Storage, out: Storage, n: number) => void;

const TABLE = new Map<string, UnaryKernel>();
for (const [name, expr] of Object.entries(EXPRESSIONS)) {
  for (const kind of STORAGE_KINDS) {
    TABLE.set(
      `${name}/${kind}`,
      compileLoop(
        ["a", "out", "n"],
        `let r = 0;\nfor (let i = 0; i < n; i++) {\nconst x = a[i];\nout[i] = ${expr};\n}`,
      ),
    );
  }
}

/**
 * The kernel of `op` specialised for input stored as `kind`.
 *
 * @param op The unary op.
 * @param kind Storage kind of the input.
 * @example
 * ```ts
 * import { unaryKernel } from "./unary.ts";
 * const out = new Float64Array(1);
 * unaryKernel("exp", "f64")(Float64Array.of(0), out, 1); // out[0] = 1
 * ```
 */
export function unaryKernel(op: UnaryOpName, kind: StorageKind): UnaryKernel {
  return TABLE.get(`${op}/${kind}`)!;
}
