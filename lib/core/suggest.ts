/**
 * "Did you mean ...?" suggestions for mistyped commands and flags.
 *
 * @module
 */

/** Levenshtein edit distance between two strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, substitution));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The closest candidate to `input`, or undefined when none is within a third of its length.
 *
 * @example
 * ```ts
 * import { closest } from "./suggest.ts";
 * closest("rnu", ["run", "init"]); // "run"
 * ```
 * @param input What the user typed.
 * @param candidates The valid names.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(input, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(1, Math.ceil(input.length / 3)) ? best : undefined;
}
