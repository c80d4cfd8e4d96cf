/**
 * Binary elementwise kernels. Each processes one run of `len` output elements; an operand's
 * stride is 1 (it varies along the run) or 0 (it is broadcast along the run). The broadcasting
 * driver (lib/kernels/js/broadcast.ts) splits any broadcast into such runs.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";

/** One run of a binary elementwise op: out[oo+i] = f(a[ao+i·sa], b[bo+i·sb]). */
export type BinaryKernel = (
  a: Storage,
  ao: number,
  sa: number,
  b: Storage,
  bo: number,
  sb: number,
  out: Storage,
  oo: number,
  len: number,
) => void;

/** a + b */
export const addKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] + b[bo + i * sb];
};
/** a − b */
export const subtractKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] - b[bo + i * sb];
};
/** a · b */
export const multiplyKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] * b[bo + i * sb];
};
/** a · b with int32 wrap-around (exact, unlike a double product). */
export const multiplyInt32Kernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = Math.imul(a[ao + i * sa], b[bo + i * sb]);
};
/** a / b */
export const divideKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] / b[bo + i * sb];
};
/** max(a, b), NaN-propagating as numpy.maximum. */
export const maximumKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = Math.max(a[ao + i * sa], b[bo + i * sb]);
};
/** min(a, b), NaN-propagating as numpy.minimum. */
export const minimumKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = Math.min(a[ao + i * sa], b[bo + i * sb]);
};
/** a ** b */
export const powerKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] ** b[bo + i * sb];
};
/** atan2(a, b) */
export const arctan2Kernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = Math.atan2(a[ao + i * sa], b[bo + i * sb]);
};
/** hypot(a, b) */
export const hypotKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = Math.hypot(a[ao + i * sa], b[bo + i * sb]);
};
/** a mod b with the sign of b (Python/numpy semantics). */
export const modKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) {
    const y = b[bo + i * sb];
    let r = a[ao + i * sa] % y;
    if (r !== 0 && (r < 0) !== (y < 0)) r += y;
    out[oo + i] = r;
  }
};
/** floor(a / b) */
export const floorDivideKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = Math.floor(a[ao + i * sa] / b[bo + i * sb]);
};
/** a > b */
export const greaterKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] > b[bo + i * sb] ? 1 : 0;
};
/** a >= b */
export const greaterEqualKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] >= b[bo + i * sb] ? 1 : 0;
};
/** a < b */
export const lessKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] < b[bo + i * sb] ? 1 : 0;
};
/** a <= b */
export const lessEqualKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] <= b[bo + i * sb] ? 1 : 0;
};
/** a == b */
export const equalKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] === b[bo + i * sb] ? 1 : 0;
};
/** a != b */
export const notEqualKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) out[oo + i] = a[ao + i * sa] !== b[bo + i * sb] ? 1 : 0;
};
/** a && b (truthiness: non-zero, NaN true) */
export const logicalAndKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) {
    out[oo + i] = a[ao + i * sa] !== 0 && b[bo + i * sb] !== 0 ? 1 : 0;
  }
};
/** a || b (truthiness: non-zero, NaN true) */
export const logicalOrKernel: BinaryKernel = (a, ao, sa, b, bo, sb, out, oo, len) => {
  for (let i = 0; i < len; i++) {
    out[oo + i] = a[ao + i * sa] !== 0 || b[bo + i * sb] !== 0 ? 1 : 0;
  }
};
