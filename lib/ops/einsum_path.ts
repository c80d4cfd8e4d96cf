/**
 * What flopscope 0.12 charges for `einsum` on dense operands (`_accumulation/_cost.py`), and
 * the pairwise order it contracts in.
 *
 * With N = the product of every label's extent and O = the output's size, k operands cost
 * (k − 1)·N + N − O when k ≤ 2 (a matmul `ij,jk->ik`: 2mkn − mn; a transpose: 0). With 3 or
 * more operands flopscope walks opt_einsum's `contract_path(..., optimize="auto")` and sums
 * 2·N_s − O_s over its pairwise steps; "auto" is opt_einsum's exhaustive `optimal` search up
 * to 4 operands, reproduced here (its depth-first order, its strict-improvement sieve and its
 * pair cache keyed by the two operands' label sets). Five or more operands use opt_einsum's
 * branch-and-bound and greedy searches, which whest does not reproduce: refused.
 *
 * @module
 */

import type { EinsumSpec } from "./einsum_parse.ts";

/** Most operands whose charge whest reproduces (opt_einsum's `optimal` range of "auto"). */
export const MAX_EINSUM_OPERANDS = 4;

/** One pairwise step: the operand positions (in the current list) and the labels it keeps. */
export interface EinsumStep {
  /** Positions in the current operand list, ascending; both are removed, the result appended. */
  readonly pair: readonly [number, number];
  /** The labels the step's result keeps (those of the output or of operands still to come). */
  readonly keep: ReadonlySet<string>;
}

/** The charge (before the dtype rate) and the order of work of one einsum. */
export interface EinsumPlan {
  /** flop_cost, as flopscope's accumulation engine gives it for dense operands. */
  readonly flopCost: number;
  /** The pairwise steps for 3+ operands; empty for 1 or 2. */
  readonly steps: readonly EinsumStep[];
}

function extent(labels: Iterable<string>, sizes: ReadonlyMap<string, number>): number {
  let n = 1;
  for (const l of labels) n *= sizes.get(l)!;
  return n;
}

/**
 * The charge and the contraction order of `spec`.
 *
 * @param spec Parsed subscripts.
 * @example
 * ```ts
 * import { parseEinsum } from "./einsum_parse.ts";
 * import { planEinsum } from "./einsum_path.ts";
 * planEinsum(parseEinsum("ij,jk->ik", [[2, 3], [3, 4]])).flopCost; // 2·24 − 8 = 40
 * ```
 */
export function planEinsum(spec: EinsumSpec): EinsumPlan {
  const k = spec.inputs.length;
  if (k > MAX_EINSUM_OPERANDS) {
    throw new RangeError(
      `einsum: ${k} operands; whest reproduces flopscope's charge for up to ` +
        `${MAX_EINSUM_OPERANDS} (opt_einsum's optimal path): contract in several einsum calls`,
    );
  }
  const sets = spec.inputs.map((labels) => new Set(labels));
  if (k <= 2) {
    const all = new Set(sets.flatMap((s) => [...s]));
    const n = extent(all, spec.sizes);
    return { flopCost: k * n - extent(spec.output, spec.sizes), steps: [] };
  }
  const output = new Set(spec.output);
  const ssa = optimalSsaPath(sets, output, spec.sizes);
  return replay(ssa, sets, output, spec.sizes);
}

/** Turns an SSA path into positional steps with their true keep sets, summing 2·N − O. */
function replay(
  ssa: readonly (readonly [number, number])[],
  sets: readonly Set<string>[],
  output: ReadonlySet<string>,
  sizes: ReadonlyMap<string, number>,
): EinsumPlan {
  let ids = sets.map((_, i) => i);
  let current = sets.slice();
  let next = sets.length;
  let flopCost = 0;
  const steps: EinsumStep[] = [];
  for (const [a, b] of ssa) {
    const pa = ids.indexOf(a);
    const pb = ids.indexOf(b);
    const pair: [number, number] = pa < pb ? [pa, pb] : [pb, pa];
    const either = new Set([...current[pa], ...current[pb]]);
    const rest = current.filter((_, i) => i !== pa && i !== pb);
    const keep = new Set([...output, ...rest.flatMap((s) => [...s])]);
    const result = new Set([...either].filter((l) => keep.has(l)));
    flopCost += 2 * extent(either, sizes) - extent(result, sizes);
    steps.push({ pair, keep: result });
    ids = [...ids.filter((_, i) => i !== pa && i !== pb), next++];
    current = [...rest, result];
  }
  return { flopCost, steps };
}

/** opt_einsum's `optimal`: the cheapest SSA path under its own cost (size × (1 + inner)). */
function optimalSsaPath(
  inputs: readonly Set<string>[],
  output: ReadonlySet<string>,
  sizes: ReadonlyMap<string, number>,
): (readonly [number, number])[] {
  let bestFlops = Infinity;
  let bestPath: (readonly [number, number])[] = [];
  const cache = new Map<string, { k12: Set<string>; flops: number }>();
  const key = (s: ReadonlySet<string>) => [...s].sort().join("");
  const iterate = (
    path: (readonly [number, number])[],
    remaining: number[],
    sets: Set<string>[],
    flops: number,
  ): void => {
    if (remaining.length === 1) {
      bestFlops = flops;
      bestPath = path;
      return;
    }
    for (let x = 0; x < remaining.length; x++) {
      for (let y = x + 1; y < remaining.length; y++) {
        const i = remaining[x];
        const j = remaining[y];
        // Keyed by the two label sets only, as opt_einsum's result_cache is.
        const cacheKey = `${key(sets[i])}|${key(sets[j])}`;
        let hit = cache.get(cacheKey);
        if (hit === undefined) {
          hit = pairCost(sets, output, remaining, i, j, sizes);
          cache.set(cacheKey, hit);
        }
        const total = flops + hit.flops;
        if (total >= bestFlops) continue;
        const rest = remaining.filter((r) => r !== i && r !== j);
        iterate([...path, [i, j]], [...rest, sets.length], [...sets, hit.k12], total);
      }
    }
  };
  iterate([], inputs.map((_, i) => i), inputs.slice(), 0);
  return bestPath;
}

function pairCost(
  sets: readonly Set<string>[],
  output: ReadonlySet<string>,
  remaining: readonly number[],
  i: number,
  j: number,
  sizes: ReadonlyMap<string, number>,
): { k12: Set<string>; flops: number } {
  const either = new Set([...sets[i], ...sets[j]]);
  const keep = new Set(output);
  for (const r of remaining) if (r !== i && r !== j) { for (const l of sets[r]) keep.add(l); }
  const k12 = new Set([...either].filter((l) => keep.has(l)));
  const inner = [...sets[i]].some((l) => sets[j].has(l) && !keep.has(l));
  return { k12, flops: extent(either, sizes) * (inner ? 2 : 1) };
}
