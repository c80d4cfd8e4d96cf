/**
 * `cov` and `corrcoef` of variables in rows (numpy's `rowvar=True`) or columns, always computed
 * and billed in float64 as flopscope bills them: cov 2f²s + 2fs for f variables of s samples,
 * corrcoef that plus 2f² + f.
 *
 * @module
 */

import type { NDArray } from "../array/ndarray.ts";
import { formatShape } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, operandData, toArray } from "./convert.ts";

/** numpy's keywords of {@link cov}. */
export interface CovOptions {
  /** Each row is a variable (default true), else each column. */
  readonly rowvar?: boolean;
  /** Normalise by s rather than s − 1 (default false). */
  readonly bias?: boolean;
  /** Delta degrees of freedom; overrides `bias` (default 1, or 0 with `bias`). */
  readonly ddof?: number | null;
}

/** The observations as f×s float64 rows (variables × samples), `y`'s rows after `m`'s. */
function variables(op: string, m: ArrayLike, y: ArrayLike | null | undefined, rowvar: boolean) {
  const rows: { data: Float64Array; f: number; s: number }[] = [];
  for (const part of y === undefined || y === null ? [m] : [m, y]) {
    const a = toArray(part, op);
    if (a.ndim === 0 || a.ndim > 2) {
      throw new RangeError(`${op}: expected a 1-D or 2-D array, got shape ${formatShape(a.shape)}`);
    }
    const two = a.ndim === 1 ? [1, a.shape[0]] : a.shape;
    const [f, s] = rowvar || a.ndim === 1 ? two : [two[1], two[0]];
    const data = new Float64Array(f * s);
    if (rowvar || a.ndim === 1) data.set(a.data);
    else kernels().permuteInto(Float64Array.from(a.data), data, two, [1, 0]);
    rows.push({ data, f, s });
  }
  const s = rows[0].s;
  if (rows.some((r) => r.s !== s)) {
    throw new RangeError(`${op}: m and y have different numbers of observations`);
  }
  const f = rows.reduce((n, r) => n + r.f, 0);
  const data = new Float64Array(f * s);
  let at = 0;
  for (const r of rows) {
    data.set(r.data, at);
    at += r.data.length;
  }
  return { data, f, s };
}

/** The covariance matrix of the f×s rows `x` (centred in place), float64 f×f. */
function covariance(x: Float64Array, f: number, s: number, ddof: number): Float64Array {
  kernels().centreRows(x, f, s);
  const c = new Float64Array(f * f);
  kernels().matmulF64(x, x, c, f, s, f, false, true);
  const scale = operandData(1 / Math.max(s - ddof, 0), "float64");
  kernels().applyBinary("multiply", c, [c.length], scale, [], c, [c.length]);
  return c;
}

function readDdof(op: string, options: CovOptions): number {
  const ddof = options.ddof ?? (options.bias ? 0 : 1);
  if (!Number.isInteger(ddof)) throw new TypeError(`${op}: ddof must be an integer, got ${ddof}`);
  return ddof;
}

/**
 * The covariance matrix of the variables in `m`'s rows (and `y`'s), as numpy's cov: float64,
 * f×f for f variables, 0-d for one (cost 2f²s + 2fs for s samples, at the float64 rate).
 *
 * @param m Variables in rows (1-D: one variable).
 * @param y More variables, stacked after `m`'s; default none.
 * @param options `{ rowvar, bias, ddof }`.
 * @example
 * ```ts
 * import { cov } from "./correlation.ts";
 * cov([[0, 1, 2], [2, 1, 0]]).tolist(); // [[1, -1], [-1, 1]]
 * ```
 */
export function cov(m: ArrayLike, y?: ArrayLike | null, options: CovOptions = {}): NDArray {
  const t0 = opStart();
  const { data, f, s } = variables("cov", m, y, options.rowvar ?? true);
  const ddof = readDdof("cov", options);
  const cost = charge(2 * f * f * s + 2 * f * s, "float64");
  return runOp("cov", [[f, s]], "float64", cost, () => {
    const c = covariance(data, f, s, ddof);
    const out = newArray("float64", f === 1 ? [] : [f, f]);
    out.data.set(c);
    return out;
  }, t0);
}

/**
 * Pearson correlation coefficients of the variables in `x`'s rows (and `y`'s), as numpy's
 * corrcoef: the covariance scaled by the standard deviations and clipped to [−1, 1], float64
 * (cost 2f²s + 2fs + 2f² + f, at the float64 rate).
 *
 * @param x Variables in rows (1-D: one variable).
 * @param y More variables, stacked after `x`'s; default none.
 * @param options `{ rowvar }`.
 */
export function corrcoef(
  x: ArrayLike,
  y?: ArrayLike | null,
  options: Pick<CovOptions, "rowvar"> = {},
): NDArray {
  const t0 = opStart();
  const { data, f, s } = variables("corrcoef", x, y, options.rowvar ?? true);
  const cost = charge(2 * f * f * s + 2 * f * s + 2 * f * f + f, "float64");
  return runOp("corrcoef", [[f, s]], "float64", cost, () => {
    const c = covariance(data, f, s, 1);
    kernels().correlationInPlace(c, f);
    const out = newArray("float64", f === 1 ? [] : [f, f]);
    out.data.set(c);
    return out;
  }, t0);
}
