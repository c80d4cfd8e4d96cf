/**
 * Dense linear-algebra kernels on row-major Float64Array matrices: pure functions that never
 * modify their inputs and always allocate their outputs. The counted ops in lib/ops wrap
 * them with validation and FLOP charges.
 *
 * @module
 */

export { LinAlgError } from "./linalg/errors.ts";
export { cholesky } from "./linalg/cholesky.ts";
export { inv, solve } from "./linalg/lu.ts";
export { qr } from "./linalg/qr.ts";
export { eigh, eigvalsh } from "./linalg/eigh.ts";
export { svd, type SvdResult, svdvals } from "./linalg/svd.ts";
export { completeBasis } from "./linalg/complete_basis.ts";
export { det, slogdet } from "./linalg/determinant.ts";
