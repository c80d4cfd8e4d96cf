/**
 * Unary elementwise kernels over whole contiguous buffers: out[i] = f(a[i]).
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";

/** out[i] = f(a[i]) for i < n. */
export type UnaryKernel = (a: Storage, out: Storage, n: number) => void;

/** −a */
export const negativeKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = -a[i];
};
/** |a| */
export const absKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
};
/** sign(a): −1, 0 or 1 (NaN stays NaN). */
export const signKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sign(a[i]);
};
/** √a */
export const sqrtKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
};
/** a² */
export const squareKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = a[i] * a[i];
};
/** a² for int32, wrapping like numpy. */
export const squareInt32Kernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.imul(a[i], a[i]);
};
/** 1 / a */
export const reciprocalKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = 1 / a[i];
};
/** ⌊a⌋ */
export const floorKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.floor(a[i]);
};
/** ⌈a⌉ */
export const ceilKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.ceil(a[i]);
};
/** trunc(a) */
export const truncKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.trunc(a[i]);
};
/** Round half to even (numpy.rint). */
export const rintKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const r = Math.round(x);
    // Math.round rounds halves up; numpy rounds them to the even neighbour.
    out[i] = r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
};
/** eᵃ */
export const expKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.exp(a[i]);
};
/** eᵃ − 1 */
export const expm1Kernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.expm1(a[i]);
};
/** ln a */
export const logKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log(a[i]);
};
/** ln(1 + a) */
export const log1pKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log1p(a[i]);
};
/** log₂ a */
export const log2Kernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log2(a[i]);
};
/** log₁₀ a */
export const log10Kernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log10(a[i]);
};
/** tanh a */
export const tanhKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(a[i]);
};
/** sin a */
export const sinKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sin(a[i]);
};
/** cos a */
export const cosKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.cos(a[i]);
};
/** !a (truthiness: non-zero, NaN true) */
export const logicalNotKernel: UnaryKernel = (a, out, n) => {
  for (let i = 0; i < n; i++) out[i] = a[i] !== 0 ? 0 : 1;
};
