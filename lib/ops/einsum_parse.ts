/**
 * Parsing `np.einsum` subscripts against the operands' shapes, numpy's rules: letters label
 * axes, `->` names the output (implicit: the labels seen once, sorted, after any `...` axes),
 * a label repeated within one term takes a diagonal, and `...` stands for the axes not
 * labelled (right-aligned across operands). Sizes must agree exactly: whest does not broadcast
 * an einsum axis of extent 1 (`np.broadcast_to` the operand first).
 *
 * @module
 */

import { formatShape } from "../array/shape.ts";

/** Subscripts resolved against shapes: one label per axis, `...` expanded. */
export interface EinsumSpec {
  /** Each operand's labels, one per axis. */
  readonly inputs: readonly (readonly string[])[];
  /** The output's labels, in output axis order. */
  readonly output: readonly string[];
  /** Every label's extent. */
  readonly sizes: ReadonlyMap<string, number>;
}

const ELLIPSIS = "...";
// Labels standing for `...` axes: outside the letters, so no subscript can name them.
const ELLIPSIS_LABEL_BASE = 0x100;

function ellipsisLabel(i: number): string {
  return String.fromCharCode(ELLIPSIS_LABEL_BASE + i);
}

function isLetter(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

/** A term's explicit labels and whether it holds `...`, checking its characters. */
function splitTerm(term: string, where: string): { labels: string[]; ellipsis: number } {
  const at = term.indexOf(ELLIPSIS);
  if (at >= 0 && term.indexOf(ELLIPSIS, at + 1) >= 0) {
    throw new RangeError(`einsum: ${where} '${term}' has more than one '...'`);
  }
  const plain = at >= 0 ? term.slice(0, at) + term.slice(at + 3) : term;
  for (const c of plain) {
    if (!isLetter(c)) {
      throw new RangeError(`einsum: invalid subscript '${c}' in ${where} '${term}' (use a-z, A-Z)`);
    }
  }
  const labels = [...plain];
  return { labels, ellipsis: at < 0 ? -1 : [...term.slice(0, at)].length };
}

/**
 * Resolves `subscripts` against the operands' shapes.
 *
 * @param subscripts numpy's einsum subscripts, e.g. `"ij,jk->ik"`.
 * @param shapes The operands' shapes, one per term.
 * @example
 * ```ts
 * import { parseEinsum } from "./einsum_parse.ts";
 * parseEinsum("ij,jk", [[2, 3], [3, 4]]).output; // ["i", "k"]
 * ```
 */
export function parseEinsum(
  subscripts: string,
  shapes: readonly (readonly number[])[],
): EinsumSpec {
  if (typeof subscripts !== "string") {
    throw new TypeError(
      "einsum: the first argument must be the subscripts string, e.g. 'ij,jk->ik'",
    );
  }
  const text = subscripts.replaceAll(" ", "");
  const arrow = text.indexOf("->");
  const lhs = arrow < 0 ? text : text.slice(0, arrow);
  const rhs = arrow < 0 ? undefined : text.slice(arrow + 2);
  if (rhs !== undefined && rhs.includes("->")) {
    throw new RangeError(`einsum: subscripts '${subscripts}' have more than one '->'`);
  }
  const terms = lhs.split(",");
  if (terms.length !== shapes.length) {
    throw new RangeError(
      `einsum: ${terms.length} subscript terms for ${shapes.length} operands in '${subscripts}'`,
    );
  }
  const sizes = new Map<string, number>();
  let ellipsisRank = 0;
  const parsed = terms.map((term, i) => {
    const { labels, ellipsis } = splitTerm(term, `operand ${i}'s term`);
    const rank = shapes[i].length - labels.length;
    if (rank < 0 || (ellipsis < 0 && rank !== 0)) {
      throw new RangeError(
        `einsum: term '${term}' has ${labels.length} labels for operand ${i} of shape ${
          formatShape(shapes[i])
        }`,
      );
    }
    if (ellipsis >= 0) ellipsisRank = Math.max(ellipsisRank, rank);
    return { labels, ellipsis, rank };
  });
  const inputs = parsed.map(({ labels, ellipsis, rank }, i) => {
    const full = ellipsis < 0 ? labels : [
      ...labels.slice(0, ellipsis),
      ...Array.from({ length: rank }, (_, d) => ellipsisLabel(ellipsisRank - rank + d)),
      ...labels.slice(ellipsis),
    ];
    full.forEach((label, axis) => recordSize(sizes, label, shapes[i][axis], subscripts));
    return Object.freeze(full);
  });
  const output = rhs === undefined
    ? implicitOutput(inputs, ellipsisRank)
    : explicitOutput(rhs, sizes, ellipsisRank, subscripts);
  return { inputs: Object.freeze(inputs), output: Object.freeze(output), sizes };
}

function recordSize(sizes: Map<string, number>, label: string, size: number, subs: string) {
  const seen = sizes.get(label);
  if (seen !== undefined && seen !== size) {
    const name = label.charCodeAt(0) >= ELLIPSIS_LABEL_BASE ? "an axis under '...'" : `'${label}'`;
    throw new RangeError(
      `einsum: ${name} has extents ${seen} and ${size} in '${subs}' (whest does not broadcast ` +
        `einsum axes: np.broadcast_to the operand first)`,
    );
  }
  sizes.set(label, size);
}

function implicitOutput(inputs: readonly (readonly string[])[], ellipsisRank: number): string[] {
  const counts = new Map<string, number>();
  for (const labels of inputs) for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const once = [...counts].filter(([l, n]) => n === 1 && isLetter(l)).map(([l]) => l).sort();
  return [...Array.from({ length: ellipsisRank }, (_, d) => ellipsisLabel(d)), ...once];
}

function explicitOutput(
  rhs: string,
  sizes: ReadonlyMap<string, number>,
  ellipsisRank: number,
  subscripts: string,
): string[] {
  const { labels, ellipsis } = splitTerm(rhs, "the output");
  const output = ellipsis < 0 ? labels : [
    ...labels.slice(0, ellipsis),
    ...Array.from({ length: ellipsisRank }, (_, d) => ellipsisLabel(d)),
    ...labels.slice(ellipsis),
  ];
  const seen = new Set<string>();
  for (const l of output) {
    if (seen.has(l)) {
      throw new RangeError(`einsum: output label '${l}' repeated in '${subscripts}'`);
    }
    if (!sizes.has(l)) {
      throw new RangeError(`einsum: output label '${l}' is not in any input of '${subscripts}'`);
    }
    seen.add(l);
  }
  if (ellipsis < 0 && ellipsisRank > 0) {
    throw new RangeError(
      `einsum: output '${rhs}' drops the '...' axes of '${subscripts}'; write '...' in it`,
    );
  }
  return output;
}
