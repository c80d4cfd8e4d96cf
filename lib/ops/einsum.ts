/**
 * `np.einsum`, charged what flopscope 0.12 charges dense operands (lib/ops/einsum_path.ts):
 * k·N − O for one or two operands (N = the product of every label's extent, O = the output's
 * size), the sum of 2·N − O over opt_einsum's optimal pairwise path for three or four.
 *
 * @module
 */

import { type DType, promoteTypes } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";
import { evaluateEinsum } from "./einsum_exec.ts";
import { type EinsumSpec, parseEinsum } from "./einsum_parse.ts";
import { planEinsum } from "./einsum_path.ts";
import { swapIsSymmetry } from "./einsum_alias.ts";
import { keywordsOf } from "./keywords.ts";

/** numpy's keywords of `einsum` as a last argument (`optimize` only). */
export interface EinsumKeywords {
  /** numpy's path choice; accepted, without effect on the result or the charge. */
  readonly optimize?: boolean | string | readonly unknown[];
}

/** An einsum operand, or its keywords as the last argument. */
export type EinsumArgument = ArrayLike | EinsumKeywords;

/**
 * Einstein summation over the operands, as numpy's `einsum(subscripts, *operands)`: explicit
 * (`"ij,jk->ik"`) or implicit (`"ij,jk"`) output, repeated labels for traces and diagonals
 * (`"ii"`, `"ii->i"`), `...` for unlabelled leading axes; the result has the operands'
 * promoted dtype. Cost: k·N − O for k ≤ 2 operands (N = product of all label extents, O = output
 * size), for 3–4 operands the sum of 2·N − O over opt_einsum's optimal pairwise steps (5 or
 * more are refused).
 *
 * @param subscripts The subscripts, e.g. `"ij,jk->ik"`.
 * @param operandsAndKeywords The arrays, one per subscript term, optionally followed by numpy's
 *   keywords `{ optimize }` (accepted; it changes neither the result nor the charge).
 * @example
 * ```ts
 * import { einsum } from "./einsum.ts";
 * import { array } from "./creation.ts";
 * einsum("ij,j->i", array([[1, 2], [3, 4]]), array([1, 1])).tolist(); // [3, 7]
 * ```
 */
export function einsum(subscripts: string, ...operandsAndKeywords: EinsumArgument[]): NDArray {
  const t0 = opStart();
  const last = operandsAndKeywords[operandsAndKeywords.length - 1];
  // numpy's keywords may close the list; optimize= changes neither the result nor the charge
  // (flopscope charges opt_einsum's "auto" path whatever is asked).
  const keywords = keywordsOf(last, "einsum", ["optimize"]);
  const operands =
    (keywords ? operandsAndKeywords.slice(0, -1) : operandsAndKeywords) as ArrayLike[];
  if (operands.length === 0) throw new RangeError("einsum: needs at least one operand");
  const arrays = operands.map((o) => toArray(o, "einsum"));
  const spec = parseEinsum(subscripts, arrays.map((a) => a.shape));
  refuseRepeatedOperands(operands, spec);
  const plan = planEinsum(spec);
  const dtype = arrays.map((a) => a.dtype).reduce(promoteTypes);
  const shape = Object.freeze(spec.output.map((l) => spec.sizes.get(l)!));
  const cost = charge(plan.flopCost, dtype);
  return runOp("einsum", arrays.map((a) => a.shape), dtype, cost, () => {
    const compute = dtype === "float32" ? "float32" : "float64";
    const buffers = arrays.map((a) => floatData(a, compute));
    const result = evaluateEinsum(spec, buffers, plan.steps);
    return castResult(result, shape, dtype);
  }, t0);
}

// flopscope derives a symmetry (and a discount) from one array passed as two operands when the
// swap relabels the expression onto itself (`einsum("ik,jk->ij", A, A)`); whest does not
// reproduce that group analysis, so it refuses those, and any repeat among 3+ operands (whose
// path steps flopscope analyses the same way).
function refuseRepeatedOperands(operands: readonly ArrayLike[], spec: EinsumSpec): void {
  for (let i = 0; i < operands.length; i++) {
    for (let j = i + 1; j < operands.length; j++) {
      if (operands[i] !== operands[j] || typeof operands[i] !== "object") continue;
      const dense = operands.length === 2 &&
        !swapIsSymmetry(spec.inputs[i], spec.inputs[j], spec.output);
      if (dense) continue;
      throw new RangeError(
        `einsum: the same array is operands ${i} and ${j}; flopscope discounts such a repeat ` +
          `by its symmetry, which whest does not model: pass np.copy of one of them`,
      );
    }
  }
}

function floatData(a: NDArray, compute: "float32" | "float64"): Float32Array | Float64Array {
  const data = a.data;
  if (compute === "float32" && data instanceof Float32Array) return data;
  if (compute === "float64" && data instanceof Float64Array) return data;
  return compute === "float32" ? Float32Array.from(data) : Float64Array.from(data);
}

// Always a fresh buffer: a one-operand einsum with nothing to do yields the operand's storage.
function castResult(
  result: Float32Array | Float64Array,
  shape: readonly number[],
  dtype: DType,
): NDArray {
  const out = newArray(dtype, shape);
  kernels().castInto(result, out.data, dtype);
  return out;
}
