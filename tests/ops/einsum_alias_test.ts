import assert from "@std/assert";
import { swapIsSymmetry } from "../../lib/ops/einsum_alias.ts";

// The relabelling s0[d] ↔ s1[d] of two identical operands, by hand: a symmetry exactly when it is
// a consistent, non-identity permutation that keeps the output labels among themselves.
Deno.test("swapping two identical operands: which contractions it makes symmetric", () => {
  const cases: [string, string, string, boolean][] = [
    ["ij", "jk", "ik", false], // A·A: i→j, j→k and j→i clash
    ["ik", "jk", "ij", true], // A·Aᵀ: (i j)
    ["ij", "ji", "", true], // trace(A·A): (i j) among summed labels
    ["i", "i", "", false], // v·v: the identity
    ["ij", "ij", "i", false], // row-wise dot of A with A: the identity
    ["i", "j", "ij", true], // outer(v, v): (i j)
    ["ij", "ik", "jk", true], // AᵀA: (j k)
    ["ij", "kl", "ik", true], // (i k)(j l): kept with kept, summed with summed
    ["ij", "kl", "ij", false], // (i k)(j l) sends the kept i to the summed k
  ];
  for (const [s0, s1, out, symmetric] of cases) {
    assert.equal(swapIsSymmetry([...s0], [...s1], [...out]), symmetric, `${s0},${s1}->${out}`);
  }
});
