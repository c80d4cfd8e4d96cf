/**
 * Whether one array passed as both operands of a two-operand contraction gives flopscope a
 * symmetry to discount. Swapping the two identical operands relabels the axes: s0[d] ↔ s1[d]
 * for every axis d. That relabelling is a symmetry of the expression only when it is one
 * consistent permutation of the labels that keeps the output labels among themselves; then
 * flopscope charges fewer (orbit-counted) products, which whest does not model. Otherwise (an
 * inconsistent relabelling, as `ij,jk->ik` for A·A, or the identity, as `i,i->`) the charge is
 * the dense one.
 *
 * @module
 */

/**
 * True when swapping two identical operands with subscripts `s0` and `s1` is a non-trivial
 * symmetry of the contraction with output labels `output`.
 *
 * @param s0 The first operand's labels, one per axis.
 * @param s1 The second operand's labels (the same number: the same array).
 * @param output The output's labels.
 * @example
 * ```ts
 * import { swapIsSymmetry } from "./einsum_alias.ts";
 * swapIsSymmetry(["i", "j"], ["j", "k"], ["i", "k"]); // false: A·A has no such symmetry
 * swapIsSymmetry(["i", "k"], ["j", "k"], ["i", "j"]); // true: A·Aᵀ is symmetric
 * ```
 */
export function swapIsSymmetry(
  s0: readonly string[],
  s1: readonly string[],
  output: readonly string[],
): boolean {
  const sigma = new Map<string, string>();
  const bind = (from: string, to: string): boolean => {
    const seen = sigma.get(from);
    if (seen !== undefined && seen !== to) return false;
    sigma.set(from, to);
    return true;
  };
  for (let d = 0; d < s0.length; d++) {
    if (!bind(s0[d], s1[d]) || !bind(s1[d], s0[d])) return false;
  }
  const images = new Set(sigma.values());
  if (images.size !== sigma.size) return false;
  if ([...sigma].every(([from, to]) => from === to)) return false;
  const kept = new Set(output);
  return [...sigma].every(([from, to]) => kept.has(from) === kept.has(to));
}
