import assert from "@std/assert";
import { EstimatorLoadError } from "../../lib/estimator/errors.ts";
import { loadError } from "./_helpers.ts";
import { toCommonJs } from "../../lib/estimator/transpile.ts";

const FIXTURES = new URL("../fixtures/estimators/", import.meta.url);

Deno.test("toCommonJs strips types and turns imports into require calls", () => {
  const { code: js } = toCommonJs(
    [
      'import { np } from "whest";',
      'import type { Mlp } from "whest";',
      "interface Knob { k: number }",
      "export default class E { private k: Knob = { k: 1 }; predict(mlp: Mlp, b: number): unknown { return np; } }",
    ].join("\n"),
    "e.ts",
  );
  assert.match(js, /require\('whest'\)/);
  assert.doesNotMatch(js, /interface|: Mlp|private/);
  assert.match(js, /exports\. ?default = E/);
});

Deno.test("toCommonJs keeps every line where the author wrote it", () => {
  const source = [
    "import type { Mlp } from 'whest';",
    "type Pair = [number, number];",
    "const a: Pair = [1, 2];",
    "export const marker = 'line 4';",
  ].join("\n");
  const { code: js } = toCommonJs(source, "lines.ts");
  const line = js.split("\n").findIndex((l) => l.includes("'line 4'"));
  assert.equal(line + 1, 4);
});

Deno.test("toCommonJs reports a TypeScript syntax error with file:line:col", () => {
  const path = new URL("broken/syntax_error.ts", FIXTURES);
  const source = Deno.readTextFileSync(path);
  const error = loadError(() => toCommonJs(source, "syntax_error.ts"));
  assert.equal(error.kind, "syntax");
  const column = source.split("\n")[5].indexOf("]]") + 2;
  assert.equal(
    error.message,
    `syntax error in syntax_error.ts:6:${column}: Unexpected token, expected ","`,
  );
});

Deno.test("toCommonJs reads .js files as JavaScript, so type annotations are syntax errors", () => {
  const source = "export default { predict(mlp: number, b) { return [[0]]; } };";
  assert.ok(toCommonJs(source, "ok.ts").code.length > 0);
  assert.throws(
    () => toCommonJs(source, "typed.js"),
    (e: unknown) =>
      e instanceof EstimatorLoadError && /^syntax error in typed\.js:1:\d+/.test(e.message),
  );
});
