import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import {
  costRows,
  npEntries,
  parameterNames,
  renderNpReference,
  summaryOf,
} from "../../lib/build/np_reference.ts";

const SOURCE = `
/**
 * Sum over \`axis\`. More text.
 *
 * @param a The array.
 */
export function sum(a: ArrayLike, axis?: Axis, keepdims = false, ...rest: number[]): NDArray {
  return a;
}
`;

Deno.test("argument names come from the op's signature, optional ones marked", () => {
  assert.equal(parameterNames(SOURCE, "sum"), "(a, axis?, keepdims?, ...rest)");
  assert.equal(parameterNames(SOURCE, "missing"), undefined);
  assert.equal(summaryOf(SOURCE, "sum"), "Sum over `axis`.");
});

Deno.test("the cost table maps each backticked op, and family words, to its row", () => {
  const rows = costRows(
    "| family | ops | flop_cost | weight |\n|---|---|---|---|\n" +
      "| elementwise | `exp`, `log`, rounding | numel | 16 |\n",
  );
  assert.deepEqual(rows.get("exp"), { family: "elementwise", flopCost: "numel", weight: "16" });
  assert.equal(rows.get("rounding")?.weight, "16");
});

Deno.test("docs/np.md lists every np function, with a cost for each, and is current", async () => {
  const entries = npEntries();
  const names = new Set(entries.map((e) => e.name));
  for (const name of ["np.matmul", "np.sum", "np.linalg.eigh", "np.stats.norm.cdf", "np.where"]) {
    assert.ok(names.has(name), name);
  }
  const functions = Object.entries(np).filter(([k, v]) =>
    typeof v === "function" && !/^[A-Z]/.test(k) && k !== "ndarray" && k !== "namespace"
  );
  for (const [name] of functions) assert.ok(names.has(`np.${name}`), `np.${name}`);
  const uncosted = entries.filter((e) => e.cost === undefined).map((e) => e.name);
  assert.deepEqual(uncosted, [], "every function has a row in the cost table");
  const onDisk = await Deno.readTextFile(new URL("../../docs/np.md", import.meta.url));
  assert.equal(onDisk, renderNpReference(), "docs/np.md is stale: run deno task docs:np");
});
