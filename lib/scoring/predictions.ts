/**
 * The scorer's checks on what an estimator returned: shape (d, n), the float32 cast, then
 * finiteness — in that order, so a float64 value beyond float32 range counts as non-finite.
 *
 * @module
 */
import type { EstimatorFailure, RawPredictions } from "../contract/runner.ts";

/** Either the float32 predictions, or the failure that rejects them. */
export type CheckedPredictions =
  | { readonly ok: true; readonly values: Float32Array }
  | { readonly ok: false; readonly failure: EstimatorFailure };

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

function badShape(raw: RawPredictions, depth: number, width: number): EstimatorFailure | null {
  const expected = `(depth, width) = (${depth}, ${width})`;
  const { shape } = raw;
  if (shape.length === 2 && shape[0] === depth && shape[1] === width) {
    if (raw.values.length === depth * width) return null;
    return {
      code: "ESTIMATOR_BAD_SHAPE",
      message: `predictions of shape ${shapeText(shape)} carry ${raw.values.length} values, ` +
        `expected ${depth * width}`,
    };
  }
  const transposed = shape.length === 2 && shape[0] === width && shape[1] === depth;
  return {
    code: "ESTIMATOR_BAD_SHAPE",
    message: `predictions have shape ${shapeText(shape)}, expected ${expected}` +
      (transposed ? "; they look transposed: row l must be the estimate of layer l" : ""),
  };
}

/**
 * Checks the shape, casts to float32 and checks finiteness of an estimator's predictions.
 *
 * @example
 * ```ts
 * import { checkPredictions } from "./predictions.ts";
 * const checked = checkPredictions({ shape: [2, 4], values: new Float64Array(8) }, 2, 4);
 * // checked.ok === true, checked.values is a Float32Array of 8 zeros
 * ```
 * @param raw The array the estimator returned.
 * @param depth The MLP's depth d (rows expected).
 * @param width The MLP's width n (columns expected).
 */
export function checkPredictions(
  raw: RawPredictions,
  depth: number,
  width: number,
): CheckedPredictions {
  const shapeFailure = badShape(raw, depth, width);
  if (shapeFailure) return { ok: false, failure: shapeFailure };
  const values = Float32Array.from(raw.values);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const row = Math.floor(i / width);
      return {
        ok: false,
        failure: {
          code: "ESTIMATOR_NON_FINITE",
          message: `prediction [${row}, ${i - row * width}] is ${values[i]} after the float32 ` +
            `cast (returned ${raw.values[i]})`,
        },
      };
    }
  }
  return { ok: true, values };
}
