/**
 * Evaluating einsum: one operand is reduced (diagonals taken, unkept labels summed), two are
 * contracted as a batched matrix product through the kernel seam, three or more pairwise in
 * the order of the plan (lib/ops/einsum_path.ts), so no step loops over every label at once.
 *
 * @module
 */

import type { EinsumSpec } from "./einsum_parse.ts";
import type { EinsumStep } from "./einsum_path.ts";
import { sizeOf, stridesOf } from "../array/shape.ts";
import { kernels, matmulInto } from "../kernels/seam.ts";

/** A float buffer with one label per axis. */
export interface LabelledTensor {
  /** Row-major elements. */
  readonly data: Float32Array | Float64Array;
  /** One label per axis. */
  readonly labels: readonly string[];
}

type Sizes = ReadonlyMap<string, number>;

function shapeOf(labels: readonly string[], sizes: Sizes): number[] {
  return labels.map((l) => sizes.get(l)!);
}

function like(t: LabelledTensor, n: number): Float32Array | Float64Array {
  return t.data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/**
 * `t` with each label once and only the labels of `keep`: repeated labels read the diagonal,
 * labels outside `keep` are summed. Returns `t` itself when there is nothing to do.
 */
function reduceTo(t: LabelledTensor, keep: ReadonlySet<string>, sizes: Sizes): LabelledTensor {
  const unique = [...new Set(t.labels)];
  const kept = unique.filter((l) => keep.has(l));
  if (unique.length === t.labels.length && kept.length === unique.length) return t;
  const inStrides = stridesOf(shapeOf(t.labels, sizes));
  const outStrides = stridesOf(shapeOf(kept, sizes));
  const dims = shapeOf(unique, sizes);
  const stepIn = unique.map((l) =>
    t.labels.reduce((s, m, d) => (m === l ? s + inStrides[d] : s), 0)
  );
  const stepOut = unique.map((l) => (kept.includes(l) ? outStrides[kept.indexOf(l)] : 0));
  const out = like(t, sizeOf(shapeOf(kept, sizes)));
  const total = sizeOf(dims);
  if (total > 0) accumulate(t.data, out, dims, stepIn, stepOut);
  return { data: out, labels: kept };
}

// out[Σ index·stepOut] += src[Σ index·stepIn] over every index of `dims` (an odometer).
function accumulate(
  src: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
  dims: readonly number[],
  stepIn: readonly number[],
  stepOut: readonly number[],
): void {
  const nd = dims.length;
  if (nd === 0) {
    out[0] += src[0];
    return;
  }
  const index = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const len = dims[last];
  const si = stepIn[last];
  const so = stepOut[last];
  let ii = 0;
  let oi = 0;
  for (;;) {
    for (let x = 0; x < len; x++) out[oi + x * so] += src[ii + x * si];
    let d = last - 1;
    for (; d >= 0; d--) {
      index[d]++;
      ii += stepIn[d];
      oi += stepOut[d];
      if (index[d] < dims[d]) break;
      ii -= stepIn[d] * dims[d];
      oi -= stepOut[d] * dims[d];
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

function permute(t: LabelledTensor, order: readonly string[], sizes: Sizes): LabelledTensor {
  if (order.every((l, i) => t.labels[i] === l)) return t;
  const out = like(t, t.data.length);
  const perm = order.map((l) => t.labels.indexOf(l));
  kernels().permuteInto(t.data, out, shapeOf(t.labels, sizes), perm);
  return { data: out, labels: order };
}

/** Contracts two tensors into one keeping the labels of `keep`, as a batched matmul. */
function contractPair(
  x: LabelledTensor,
  y: LabelledTensor,
  keep: ReadonlySet<string>,
  sizes: Sizes,
): LabelledTensor {
  const a = reduceTo(x, new Set([...keep, ...y.labels]), sizes);
  const b = reduceTo(y, new Set([...keep, ...a.labels]), sizes);
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const aFree = a.labels.filter((l) => !inB.has(l));
  const bFree = b.labels.filter((l) => !inA.has(l));
  const left = permute(a, [...batch, ...aFree, ...summed], sizes);
  const right = permute(b, [...batch, ...summed, ...bFree], sizes);
  const p = sizeOf(shapeOf(batch, sizes));
  const m = sizeOf(shapeOf(aFree, sizes));
  const k = sizeOf(shapeOf(summed, sizes));
  const n = sizeOf(shapeOf(bFree, sizes));
  const out = like(a, p * m * n);
  if (k > 0) {
    const backend = kernels();
    for (let t = 0; t < p; t++) {
      matmulInto(
        backend,
        left.data.subarray(t * m * k, (t + 1) * m * k),
        right.data.subarray(t * k * n, (t + 1) * k * n),
        out.subarray(t * m * n, (t + 1) * m * n),
        m,
        k,
        n,
        false,
        false,
      );
    }
  }
  return { data: out, labels: [...batch, ...aFree, ...bFree] };
}

/**
 * The einsum of `operands` (float buffers in the compute precision), in the output's order.
 *
 * @param spec Parsed subscripts.
 * @param operands One buffer per operand, row-major for its labels.
 * @param steps The pairwise order for 3+ operands (from `planEinsum`).
 */
export function evaluateEinsum(
  spec: EinsumSpec,
  operands: readonly (Float32Array | Float64Array)[],
  steps: readonly EinsumStep[],
): Float32Array | Float64Array {
  const output = new Set(spec.output);
  let list: LabelledTensor[] = operands.map((data, i) => ({ data, labels: spec.inputs[i] }));
  let result: LabelledTensor;
  if (list.length === 1) {
    result = reduceTo(list[0], output, spec.sizes);
  } else if (list.length === 2) {
    result = contractPair(list[0], list[1], output, spec.sizes);
  } else {
    for (const { pair: [i, j], keep } of steps) {
      const merged = contractPair(list[i], list[j], keep, spec.sizes);
      list = [...list.filter((_, p) => p !== i && p !== j), merged];
    }
    result = list[0];
  }
  return permute(result, spec.output, spec.sizes).data;
}
