/**
 * The numpy-like namespace handed to estimators: every counted op under its numpy name,
 * `np.linalg`, `np.stats.norm`, `np.namespace`, and dtype names as constants. The object is
 * deep-frozen here (and safe to harden again): it holds no mutable state of its own.
 *
 * @example
 * ```ts
 * import { np } from "./mod.ts";
 * const w = np.ones([4, 4], "float32");
 * const mu = np.matmul(w.T, np.zeros(4));
 * mu.shape; // [4]
 * ```
 *
 * @module
 */

import "../kernels/mod.ts";
import "./methods.ts";
import { namespace } from "../budget/engine.ts";
import * as creation from "../ops/creation.ts";
import * as shape from "../ops/shape.ts";
import * as join from "../ops/join.ts";
import * as elementwise from "../ops/elementwise.ts";
import * as unary from "../ops/unary.ts";
import * as selection from "../ops/selection.ts";
import * as reduction from "../ops/reduction.ts";
import * as contraction from "../ops/contraction.ts";
import * as stats from "../ops/stats.ts";
import * as linalg from "../ops/linalg.ts";
import * as sorting from "../ops/sorting.ts";
import * as einsumOps from "../ops/einsum.ts";
import * as products from "../ops/products.ts";
import * as indexing from "../ops/indexing.ts";
import * as searching from "../ops/searching.ts";
import * as rearrange from "../ops/rearrange.ts";
import * as rounding from "../ops/rounding.ts";
import * as closeness from "../ops/closeness.ts";
import * as statistics from "../ops/statistics.ts";
import * as correlation from "../ops/correlation.ts";
import * as nanReduction from "../ops/nan_reduction.ts";
import * as linalgCompound from "../ops/linalg_compound.ts";
import { defaultRngCounted } from "../ops/random.ts";
import { NDArray } from "../array/ndarray.ts";
import { guarded } from "../array/inert.ts";

export type { DType } from "../array/dtype.ts";
export type { ArrayOrScalar, NDArray, NestedList } from "../array/ndarray.ts";
export type { ArrayLike } from "../ops/convert.ts";
export type { Axis, AxisOrOptions, ReduceOptions, VarianceOptions } from "../ops/reduction.ts";
export type { EighResult, NormOrder, QrResult, SvdOptions, SvdResult } from "../ops/linalg.ts";
export type { ChoiceArgs, CountedGenerator, Size } from "../ops/random.ts";
export type { TensordotAxes } from "../ops/products.ts";
export type { SearchsortedOptions, UniqueOptions } from "../ops/searching.ts";
export type {
  AxesArgument,
  AxesKeyword,
  DiagonalKeyword,
  DiffKeywords,
  PadOptions,
  PadWidth,
} from "../ops/rearrange.ts";
export type { AxisKeyword } from "../ops/keywords.ts";
export type { EinsumKeywords } from "../ops/einsum.ts";
export type { CloseOptions, NanToNumOptions } from "../ops/closeness.ts";
export type { AverageOptions, QuantileOptions } from "../ops/statistics.ts";
export type { CovOptions } from "../ops/correlation.ts";
export type { SlogdetResult } from "../ops/linalg_compound.ts";

// The realm's intrinsics that np's members inherit from: freezing them would break unrelated code
// (an Error subclass assigning `this.name`), so they are left to SES lockdown.
const SHARED_PROTOTYPES = new Set<unknown>([
  Object.prototype,
  Function.prototype,
  Error,
  Error.prototype,
  null,
]);

// Like SES `harden`: freezes through data properties and accessor functions without calling
// getters, and through our own prototypes; the realm's shared prototypes are left to lockdown.
function deepFreeze<T>(value: T): T {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return value;
  if (Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
    if ("value" in descriptor) deepFreeze(descriptor.value);
    deepFreeze(descriptor.get);
    deepFreeze(descriptor.set);
  }
  const proto = Object.getPrototypeOf(value);
  if (!SHARED_PROTOTYPES.has(proto)) deepFreeze(proto);
  return value;
}

// Not ops, so not behind the argument boundary: the array class (for `instanceof`; it cannot be
// constructed), the error class, and `namespace`, whose callback is estimator code by design.
const UNGUARDED = new Set<unknown>([NDArray, linalg.LinAlgError, namespace]);

// Puts every op of `group` behind the argument boundary (lib/array/inert.ts), in place.
function guardOps(group: Record<string, unknown>, prefix: string): void {
  for (const [name, value] of Object.entries(group)) {
    if (typeof value === "function" && !UNGUARDED.has(value)) {
      group[name] = guarded(value as (...args: never[]) => unknown, `${prefix}${name}`);
    } else if (typeof value === "object" && value !== null) {
      guardOps(value as Record<string, unknown>, `${prefix}${name}.`);
    }
  }
}

/** Names looked up on any object by the platform (promises, JSON, inspection), never ops. */
const PLATFORM_NAMES = new Set(["then", "toJSON", "constructor", "prototype", "__esModule"]);

/**
 * `group`, where reading a name it lacks throws `np.X is not available in whest; see
 * docs/np.md` instead of giving undefined (and a later "np.X is not a function"). The check
 * sits on the prototype, so names the group has are found first and cost nothing extra.
 */
function missingNames<T extends object>(prefix: string, group: T): T {
  const fallback = new Proxy(Object.create(Object.prototype), {
    get(target, name, receiver) {
      if (typeof name !== "string" || name in target || PLATFORM_NAMES.has(name)) {
        return Reflect.get(target, name, receiver);
      }
      throw new TypeError(
        `${prefix}.${name} is not available in whest; see docs/np.md for what np offers`,
      );
    },
  });
  return Object.setPrototypeOf(group, fallback);
}

/** The counted numpy-like namespace, deep-frozen as this module loads. */
export const np = {
  ndarray: NDArray,
  bool: "bool",
  int32: "int32",
  int64: "int64",
  float32: "float32",
  float64: "float64",
  inf: Infinity,
  nan: NaN,
  pi: Math.PI,
  e: Math.E,

  zeros: creation.zeros,
  empty: creation.empty,
  ones: creation.ones,
  full: creation.full,
  eye: creation.eye,
  identity: creation.identity,
  array: creation.array,
  asarray: creation.asarray,
  arange: creation.arange,
  linspace: creation.linspace,
  zeros_like: creation.zeros_like,
  ones_like: creation.ones_like,
  full_like: creation.full_like,
  empty_like: creation.empty_like,

  reshape: shape.reshape,
  transpose: shape.transpose,
  swapaxes: shape.swapaxes,
  squeeze: shape.squeeze,
  expand_dims: shape.expand_dims,
  ravel: shape.ravel,
  broadcast_to: shape.broadcast_to,
  copy: shape.copy,
  astype: shape.astype,
  stack: join.stack,
  concatenate: join.concatenate,
  hstack: join.hstack,
  vstack: join.vstack,
  tile: join.tile,
  repeat: join.repeat,
  diag: join.diag,
  flip: rearrange.flip,
  roll: rearrange.roll,
  moveaxis: rearrange.moveaxis,
  triu: rearrange.triu,
  tril: rearrange.tril,
  pad: rearrange.pad,
  diff: rearrange.diff,

  add: elementwise.add,
  subtract: elementwise.subtract,
  multiply: elementwise.multiply,
  divide: elementwise.divide,
  true_divide: elementwise.divide,
  negative: unary.negative,
  abs: unary.abs,
  absolute: unary.abs,
  sign: unary.sign,
  sqrt: unary.sqrt,
  square: unary.square,
  reciprocal: unary.reciprocal,
  floor: unary.floor,
  ceil: unary.ceil,
  trunc: unary.trunc,
  rint: unary.rint,
  maximum: elementwise.maximum,
  minimum: elementwise.minimum,
  exp: unary.exp,
  expm1: unary.expm1,
  log: unary.log,
  log1p: unary.log1p,
  log2: unary.log2,
  log10: unary.log10,
  tanh: unary.tanh,
  sin: unary.sin,
  cos: unary.cos,
  power: elementwise.power,
  arctan2: elementwise.arctan2,
  hypot: elementwise.hypot,
  mod: elementwise.mod,
  remainder: elementwise.mod,
  floor_divide: elementwise.floor_divide,
  greater: elementwise.greater,
  greater_equal: elementwise.greater_equal,
  less: elementwise.less,
  less_equal: elementwise.less_equal,
  equal: elementwise.equal,
  not_equal: elementwise.not_equal,
  logical_and: elementwise.logical_and,
  logical_or: elementwise.logical_or,
  logical_not: unary.logical_not,
  where: selection.where,
  take: indexing.take,
  take_along_axis: indexing.take_along_axis,
  compress: indexing.compress,
  extract: indexing.extract,
  nonzero: indexing.nonzero,
  argwhere: indexing.argwhere,
  clip: selection.clip,
  tan: unary.tan,
  arcsin: unary.arcsin,
  arccos: unary.arccos,
  arctan: unary.arctan,
  sinh: unary.sinh,
  cosh: unary.cosh,
  exp2: unary.exp2,
  cbrt: unary.cbrt,
  isnan: unary.isnan,
  isinf: unary.isinf,
  isfinite: unary.isfinite,
  fmax: elementwise.fmax,
  fmin: elementwise.fmin,
  logaddexp: elementwise.logaddexp,
  float_power: elementwise.float_power,
  round: rounding.round,
  around: rounding.round,
  isclose: closeness.isclose,
  allclose: closeness.allclose,
  nan_to_num: closeness.nan_to_num,

  sum: reduction.sum,
  prod: reduction.prod,
  mean: reduction.mean,
  var: reduction.variance,
  std: reduction.std,
  max: reduction.max,
  amax: reduction.max,
  min: reduction.min,
  amin: reduction.min,
  argmax: reduction.argmax,
  argmin: reduction.argmin,
  any: reduction.any,
  all: reduction.all,
  cumsum: reduction.cumsum,
  cumprod: reduction.cumprod,
  median: statistics.median,
  percentile: statistics.percentile,
  quantile: statistics.quantile,
  nanpercentile: statistics.nanpercentile,
  nanquantile: statistics.nanquantile,
  average: statistics.average,
  ptp: statistics.ptp,
  count_nonzero: statistics.count_nonzero,
  cov: correlation.cov,
  corrcoef: correlation.corrcoef,
  nansum: nanReduction.nansum,
  nanprod: nanReduction.nanprod,
  nanmax: nanReduction.nanmax,
  nanmin: nanReduction.nanmin,
  nanargmax: nanReduction.nanargmax,
  nanargmin: nanReduction.nanargmin,
  nanmean: nanReduction.nanmean,
  nanvar: nanReduction.nanvar,
  nanstd: nanReduction.nanstd,
  nanmedian: nanReduction.nanmedian,

  matmul: contraction.matmul,
  dot: contraction.dot,
  outer: contraction.outer,
  trace: contraction.trace,
  fill_diagonal: contraction.fill_diagonal,
  einsum: einsumOps.einsum,
  tensordot: products.tensordot,
  inner: products.inner,
  vdot: products.vdot,
  kron: products.kron,

  sort: sorting.sort,
  argsort: sorting.argsort,
  searchsorted: searching.searchsorted,
  unique: searching.unique,

  linalg: missingNames("np.linalg", {
    cholesky: linalg.cholesky,
    solve: linalg.solve,
    inv: linalg.inv,
    eigh: linalg.eigh,
    eigvalsh: linalg.eigvalsh,
    svd: linalg.svd,
    svdvals: linalg.svdvals,
    qr: linalg.qr,
    norm: linalg.norm,
    det: linalgCompound.det,
    slogdet: linalgCompound.slogdet,
    lstsq: linalgCompound.lstsq,
    pinv: linalgCompound.pinv,
    matrix_power: linalgCompound.matrix_power,
    multi_dot: linalgCompound.multi_dot,
    LinAlgError: linalg.LinAlgError,
  }),

  stats: missingNames("np.stats", {
    norm: missingNames("np.stats.norm", { pdf: stats.pdf, cdf: stats.cdf, ppf: stats.ppf }),
  }),

  random: missingNames("np.random", { default_rng: defaultRngCounted }),

  namespace,
} as const;
missingNames("np", np);
guardOps(np as unknown as Record<string, unknown>, "");
deepFreeze(np);
