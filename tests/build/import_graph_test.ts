import assert from "@std/assert";
import {
  folderCycles,
  type FolderEdge,
  importSpecifiers,
  orderViolations,
  seamViolations,
} from "../../lib/build/import_graph.ts";

const edge = (from: string, to: string): FolderEdge => ({
  from,
  to,
  file: `lib/${from}/x.ts`,
  specifier: `../${to}/y.ts`,
  target: `${to}/y.ts`,
});

Deno.test("import specifiers: static, re-export, side-effect and dynamic; comments and packages skipped", () => {
  const source = [
    'import { a } from "./a.ts";',
    'import type { T } from "../t/types.ts";',
    'export { b } from "../b/b.ts";',
    'import "./side.ts";',
    'const m = await import("../m/m.ts");',
    'import { parse } from "@std/cli/parse-args";',
    '/** @example import { z } from "../z/z.ts"; */',
  ].join("\n");
  assert.deepEqual(
    importSpecifiers(source),
    [
      "./a.ts",
      "../t/types.ts",
      "../b/b.ts",
      "../m/m.ts",
      "./side.ts",
    ].sort((a, b) => source.indexOf(a) - source.indexOf(b)),
  );
});

Deno.test("folder cycles are the strongly connected groups of two or more folders", () => {
  const edges = [edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d"), edge("e", "d")];
  assert.deepEqual(folderCycles(edges), [["a", "b", "c"]]);
  assert.deepEqual(folderCycles([edge("a", "b"), edge("b", "c")]), []);
});

Deno.test("an import must reach a strictly lower layer; unknown folders are named", () => {
  const layers = [["core"], ["numeric"], ["app", "report"]];
  assert.deepEqual(orderViolations([edge("app", "core"), edge("numeric", "core")], layers), []);
  assert.deepEqual(orderViolations([edge("core", "numeric")], layers), [
    "lib/core/x.ts imports ../numeric/y.ts: lib/core/ may not import lib/numeric/",
  ]);
  assert.equal(orderViolations([edge("app", "report")], layers).length, 1, "same layer");
  assert.match(orderViolations([edge("app", "nowhere")], layers)[0], /lib\/nowhere\/ is not in/);
});

Deno.test("ops reach kernels only through the seam", () => {
  const seam = { ...edge("ops", "kernels"), target: "kernels/seam.ts" };
  const backend = { ...edge("ops", "kernels"), target: "kernels/js/layout.ts" };
  assert.deepEqual(seamViolations([seam]), []);
  assert.equal(seamViolations([backend]).length, 1);
  assert.deepEqual(seamViolations([{ ...backend, from: "groundtruth" }]), []);
});
