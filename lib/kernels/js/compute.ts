/**
 * The plain-JS set of {@link ComputeKernels}: every kernel besides the matrix products. The JS
 * backend registers it whole; the WASM backend registers it for everything it does not
 * accelerate.
 *
 * @module
 */
import type { ComputeKernels } from "../seam.ts";
import { applyBinary } from "./broadcast.ts";
import { broadcastInto, castInto, permuteInto } from "./layout.ts";
import {
  cholesky,
  completeBasis,
  det,
  eigh,
  eigvalsh,
  inv,
  qr,
  slogdet,
  solve,
  svd,
  svdvals,
} from "./linalg.ts";
import { anyAllAxis, extremeAxis, prodAxis, scanAxis, sumAxis, varAxis } from "./reduce.ts";
import { nanReduceAxis } from "./nan_reduce.ts";
import { quantileAxis } from "./quantile.ts";
import { iscloseInto, nanToNumInto } from "./closeness.ts";
import { centreRows, correlationInPlace } from "./covariance.ts";
import { argsort, sortInPlace } from "./sort.ts";
import { storageKind } from "./specialise.ts";
import { normCdf, normPdf, normPpf } from "./stats.ts";
import { unaryKernel } from "./unary.ts";

/**
 * The plain-JS compute kernels.
 *
 * @example
 * ```ts
 * import { JS_COMPUTE_KERNELS } from "./compute.ts";
 * const out = new Float64Array(2);
 * JS_COMPUTE_KERNELS.applyUnary("negative", new Float64Array([1, 2]), out, 2); // out: [-1, -2]
 * ```
 */
export const JS_COMPUTE_KERNELS: ComputeKernels = Object.freeze<ComputeKernels>({
  permuteInto,
  broadcastInto,
  castInto,
  applyBinary,
  applyUnary: (op, input, out, n) => unaryKernel(op, storageKind(input))(input, out, n),
  sumAxis,
  prodAxis,
  extremeAxis,
  anyAllAxis,
  varAxis,
  scanAxis,
  sortInPlace,
  argsort,
  normPdf,
  normCdf,
  normPpf,
  cholesky,
  solve,
  inv,
  eigh,
  eigvalsh,
  svd,
  svdvals,
  qr,
  completeBasis,
  nanReduceAxis,
  quantileAxis,
  det,
  slogdet,
  iscloseInto,
  nanToNumInto,
  centreRows,
  correlationInPlace,
});
