/**
 * Tensor products charged by flopscope's contraction engine: `tensordot`, `inner`, `vdot`
 * ((2K − 1)·M, K = the contracted extent, M = the output's size) and `kron` (a.size·b.size).
 * `inner(A, A)` with the same array object twice costs (2K − 1)·P(P + 1)/2 (P = the output's
 * side), flopscope's symmetric discount. `tensordot` of one array with itself is charged dense
 * when the swap is no symmetry (`tensordot(A, A, 1)`, A·A) and refused when it is
 * (`tensordot(A, A, [0, 0])`, AᵀA); `kron(a, a)` is refused. Computed through the einsum
 * evaluator.
 *
 * @module
 */

import { type DType, promoteTypes, type Storage } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { formatShape, normalizeAxis, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";
import { evaluateEinsum } from "./einsum_exec.ts";
import type { EinsumSpec } from "./einsum_parse.ts";
import { keywordsOf } from "./keywords.ts";
import { swapIsSymmetry } from "./einsum_alias.ts";

/** `tensordot`'s axes: a count N (last N of a with first N of b), or the two axis lists. */
export type TensordotAxes =
  | number
  | readonly [number | readonly number[], number | readonly number[]];

// Labels for generated subscripts: outside the letters, as many as there are axes.
function label(i: number): string {
  return String.fromCharCode(0x200 + i);
}

/** What contractAxes reads of an operand (an NDArray, or one seen flattened). */
interface Operand {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: Storage;
}

/** Contracts `a`'s axes `aAxes` with `b`'s `bAxes`, output a's free axes then b's. */
function contractAxes(
  op: string,
  a: Operand,
  b: Operand,
  aAxes: readonly number[],
  bAxes: readonly number[],
  flopCost: (k: number, m: number) => number,
  t0: number,
  sameArray = false,
): NDArray {
  const sizes = new Map<string, number>();
  const aLabels = a.shape.map((d, i) => {
    sizes.set(label(i), d);
    return label(i);
  });
  const bLabels = b.shape.map((d, i) => {
    const at = bAxes.indexOf(i);
    if (at >= 0) return aLabels[aAxes[at]];
    sizes.set(label(a.shape.length + i), d);
    return label(a.shape.length + i);
  });
  aAxes.forEach((ax, i) => {
    if (a.shape[ax] !== b.shape[bAxes[i]]) {
      throw new RangeError(
        `${op}: shape-mismatch for sum: ${formatShape(a.shape)} axis ${ax} (${
          a.shape[ax]
        }) against ${formatShape(b.shape)} axis ${bAxes[i]} (${b.shape[bAxes[i]]})`,
      );
    }
  });
  const output = [
    ...aLabels.filter((_, i) => !aAxes.includes(i)),
    ...bLabels.filter((_, i) => !bAxes.includes(i)),
  ];
  if (sameArray && swapIsSymmetry(aLabels, bLabels, output)) refuseSelf(op);
  const spec: EinsumSpec = { inputs: [aLabels, bLabels], output, sizes };
  const shape = Object.freeze(output.map((l) => sizes.get(l)!));
  const k = sizeOf(aAxes.map((ax) => a.shape[ax]));
  const dtype = promoteTypes(a.dtype, b.dtype);
  const cost = charge(Math.max(0, flopCost(k, sizeOf(shape))), dtype);
  return runOp(op, [a.shape, b.shape], dtype, cost, () => {
    const compute = dtype === "float32" ? Float32Array : Float64Array;
    const result = evaluateEinsum(spec, [compute.from(a.data), compute.from(b.data)], []);
    const out = newArray(dtype, shape);
    kernels().castInto(result, out.data, dtype);
    return out;
  }, t0);
}

const dense = (k: number, m: number) => (2 * k - 1) * m;

function refuseSelf(op: string): never {
  throw new RangeError(
    `${op}: the same array twice; flopscope discounts it by its symmetry, which whest does ` +
      `not model: pass np.copy of one of them`,
  );
}

/**
 * numpy's `tensordot(a, b, axes=2)`: sums products over `a`'s `axes[0]` and `b`'s `axes[1]`
 * (an integer N means a's last N axes with b's first N); cost (2K − 1)·M.
 *
 * @param x First array.
 * @param y Second array.
 * @param axesOrKeywords A count, or `[aAxes, bAxes]`, or `{ axes }`; default 2.
 * @example
 * ```ts
 * import { tensordot } from "./products.ts";
 * import { ones } from "./creation.ts";
 * tensordot(ones([2, 3, 4]), ones([3, 4, 5])).shape; // [2, 5]
 * ```
 */
export function tensordot(
  x: ArrayLike,
  y: ArrayLike,
  axesOrKeywords: TensordotAxes | { readonly axes?: TensordotAxes } = 2,
): NDArray {
  const t0 = opStart();
  const kw = keywordsOf(axesOrKeywords, "tensordot", ["axes"]);
  const axes = kw ? (kw.axes as TensordotAxes | undefined) ?? 2 : axesOrKeywords as TensordotAxes;
  const a = toArray(x, "tensordot");
  const b = toArray(y, "tensordot");
  let aAxes: number[];
  let bAxes: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > a.ndim || axes > b.ndim) {
      throw new RangeError(
        `tensordot: axes ${axes} must be an integer in [0, ${Math.min(a.ndim, b.ndim)}]`,
      );
    }
    aAxes = Array.from({ length: axes }, (_, i) => a.ndim - axes + i);
    bAxes = Array.from({ length: axes }, (_, i) => i);
  } else if (Array.isArray(axes) && axes.length === 2) {
    const list = (v: number | readonly number[]) => (typeof v === "number" ? [v] : Array.from(v));
    aAxes = list(axes[0]).map((ax) => normalizeAxis(ax, a.ndim, "tensordot"));
    bAxes = list(axes[1]).map((ax) => normalizeAxis(ax, b.ndim, "tensordot"));
    if (aAxes.length !== bAxes.length) {
      throw new RangeError(`tensordot: ${aAxes.length} axes of a against ${bAxes.length} of b`);
    }
    if (new Set(aAxes).size !== aAxes.length || new Set(bAxes).size !== bAxes.length) {
      throw new RangeError("tensordot: an axis is repeated");
    }
  } else {
    throw new TypeError("tensordot: axes must be an integer or a pair [aAxes, bAxes]");
  }
  return contractAxes("tensordot", a, b, aAxes, bAxes, dense, t0, x === y && typeof x === "object");
}

/**
 * numpy's `inner(a, b)`: sums products over the last axes (a scalar operand multiplies);
 * cost (2K − 1)·M, or (2K − 1)·P(P + 1)/2 for the same array object twice.
 *
 * @param x First array.
 * @param y Second array.
 */
export function inner(x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  const a = toArray(x, "inner");
  const b = x === y ? a : toArray(y, "inner");
  if (a.ndim === 0 || b.ndim === 0) return contractAxes("inner", a, b, [], [], dense, t0);
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 1]) {
    throw new RangeError(
      `inner: shapes ${formatShape(a.shape)} and ${
        formatShape(b.shape)
      } not aligned: last dimensions differ`,
    );
  }
  const symmetric = x === y && a.ndim > 1;
  const side = sizeOf(a.shape.slice(0, -1));
  const cost = symmetric ? (k: number) => ((2 * k - 1) * side * (side + 1)) / 2 : dense;
  return contractAxes("inner", a, b, [a.ndim - 1], [b.ndim - 1], cost, t0);
}

/**
 * numpy's `vdot(a, b)`: the dot product of the flattened arrays, a 0-d array; cost 2N − 1.
 *
 * @param x First array (flattened).
 * @param y Second array (flattened, same size).
 */
export function vdot(x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  const a = toArray(x, "vdot");
  const b = x === y ? a : toArray(y, "vdot");
  if (a.size !== b.size) {
    throw new RangeError(`vdot: arrays of ${a.size} and ${b.size} elements (sizes must match)`);
  }
  const flat = (t: NDArray): Operand => ({ shape: [t.size], dtype: t.dtype, data: t.data });
  return contractAxes("vdot", flat(a), flat(b), [0], [0], dense, t0);
}

/**
 * numpy's `kron(a, b)`: the Kronecker product, shape `a.shape[d]·b.shape[d]` per axis (the
 * shorter shape padded with leading 1s); cost a.size·b.size.
 *
 * @param x First array.
 * @param y Second array.
 */
export function kron(x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  if (x === y && typeof x === "object") refuseSelf("kron");
  const a = toArray(x, "kron");
  const b = toArray(y, "kron");
  const nd = Math.max(a.ndim, b.ndim);
  const as = [...new Array(nd - a.ndim).fill(1), ...a.shape];
  const bs = [...new Array(nd - b.ndim).fill(1), ...b.shape];
  const shape = Object.freeze(as.map((d, i) => d * bs[i]));
  const dtype = promoteTypes(a.dtype, b.dtype);
  return runOp("kron", [a.shape, b.shape], dtype, charge(a.size * b.size, dtype), () => {
    const out = newArray(dtype, shape);
    const dst = out.data;
    const ad = a.data;
    const bd = b.data;
    const outStrides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
    const aIdx = new Array<number>(nd).fill(0);
    for (let i = 0; i < a.size; i++) {
      let rem = i;
      for (let d = nd - 1; d >= 0; d--) {
        aIdx[d] = rem % as[d];
        rem = Math.floor(rem / as[d]);
      }
      for (let j = 0; j < b.size; j++) {
        let r = j;
        let at = 0;
        for (let d = nd - 1; d >= 0; d--) {
          const bi = r % bs[d];
          r = Math.floor(r / bs[d]);
          at += (aIdx[d] * bs[d] + bi) * outStrides[d];
        }
        dst[at] = ad[i] * bd[j];
      }
    }
    return out;
  }, t0);
}
