/**
 * The broadcasting driver for binary kernels: same-shape and scalar operands take one call of
 * a specialised loop; anything else is split into runs along which each operand is either
 * contiguous (stride 1) or constant (stride 0), merging trailing axes where possible.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";
import { binaryLoops, type BinaryOpName } from "./binary.ts";
import { broadcastStrides } from "./layout.ts";
import { storageKind } from "./specialise.ts";

/**
 * out (outShape) = op(a broadcast, b broadcast). `a` and `b` must share a storage type (the
 * ops convert operands to the compute dtype first) so that the specialised loops stay
 * monomorphic.
 *
 * @param op The binary op.
 * @param a First operand's buffer.
 * @param aShape Its shape.
 * @param b Second operand's buffer.
 * @param bShape Its shape.
 * @param out Output buffer of size(outShape); may alias `a` or `b` when shapes match.
 * @param outShape The broadcast shape.
 */
export function applyBinary(
  op: BinaryOpName,
  a: Storage,
  aShape: readonly number[],
  b: Storage,
  bShape: readonly number[],
  out: Storage,
  outShape: readonly number[],
): void {
  const total = out.length;
  if (total === 0) return;
  const loops = binaryLoops(op, storageKind(a));
  if (a.length === total && b.length === total) return loops.contiguous(a, b, out, total);
  if (b.length === 1 && a.length === total) return loops.rightScalar(a, b[0], out, total);
  if (a.length === 1 && b.length === total) return loops.leftScalar(a[0], b, out, total);
  const nd = outShape.length;
  const stA = broadcastStrides(aShape, outShape);
  const stB = broadcastStrides(bShape, outShape);
  let run = outShape[nd - 1];
  const sa = stA[nd - 1];
  const sb = stB[nd - 1];
  let outer = nd - 1;
  while (outer > 0) {
    const d = outer - 1;
    const mergeA = sa === 0 ? stA[d] === 0 : stA[d] === run;
    const mergeB = sb === 0 ? stB[d] === 0 : stB[d] === run;
    if (!mergeA || !mergeB) break;
    run *= outShape[d];
    outer = d;
  }
  const index = new Array<number>(outer).fill(0);
  let ao = 0;
  let bo = 0;
  for (let oo = 0; oo < total; oo += run) {
    loops.strided(a, ao, sa, b, bo, sb, out, oo, run);
    for (let d = outer - 1; d >= 0; d--) {
      index[d]++;
      ao += stA[d];
      bo += stB[d];
      if (index[d] < outShape[d]) break;
      ao -= stA[d] * outShape[d];
      bo -= stB[d] * outShape[d];
      index[d] = 0;
    }
  }
}
