/**
 * Test fixtures shared by the traceback tests: TypeScript estimators whose types sit before a
 * throwing expression, and where in the source that throw's stack frame must point.
 *
 * V8 puts a `throw new Error(...)` frame at the `new` (where the stack is captured), so the
 * expected column is that of `new Error` in the source text.
 *
 * @module
 */
import assert from "@std/assert";

/** Estimator sources keyed by where they throw: on line 1, and on a later line. */
export const THROWING_SOURCES: Readonly<Record<string, string>> = {
  "line 1": 'import { np } from "whest"; const k: number = 2; ' +
    "export default class { predict(mlp: { width: number }, _b: number): never { " +
    'throw new Error("line one " + k); } }\n',
  "a later line": [
    'import { np } from "whest";',
    "type Row = Array<number>;",
    "export default class {",
    "  predict(mlp: { width: number }, _b: number): Row {",
    "    const a: Row = [1]; const b = a as unknown as number; if (b) throw new Error('later');",
    "    return a;",
    "  }",
    "}",
  ].join("\n"),
};

/**
 * The 1-based `line:col` where `needle` first appears in `source`.
 *
 * @param source The module text.
 * @param needle The text to find (default: the `new Error` a throwing frame points at).
 */
export function positionOf(source: string, needle = "new Error"): string {
  const lines = source.split("\n");
  const row = lines.findIndex((l) => l.includes(needle));
  assert.ok(row >= 0, `${needle} not in source`);
  return `${row + 1}:${lines[row].indexOf(needle) + 1}`;
}
