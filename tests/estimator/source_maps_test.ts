/**
 * Stack positions in estimator modules map back to the author's source: type stripping and
 * the CommonJS prologue move compiled columns, the traceback must not show them.
 * Sources and expected positions: ./_throwing_sources.ts.
 */
import assert from "@std/assert";
import { compileModule } from "../../lib/estimator/evaluate.ts";
import { evaluateModule } from "../../lib/estimator/modules.ts";
import { originalPosition, registerSourceMap } from "../../lib/estimator/source_maps.ts";
import { cleanTraceback } from "../../lib/estimator/traceback.ts";
import { toCommonJs } from "../../lib/estimator/transpile.ts";
import { positionOf, THROWING_SOURCES } from "./_throwing_sources.ts";

/** Loads `source` as `name`, calls its predict and returns the cleaned traceback. */
function predictTraceback(name: string, source: string): string {
  const exports = evaluateModule(name, source, {
    compile: compileModule,
    whestModule: {},
    console,
  });
  const Estimator = exports.default as new () => { predict(m: unknown, b: number): unknown };
  try {
    new Estimator().predict({ width: 1 }, 1);
  } catch (error) {
    const traceback = cleanTraceback(error);
    if (traceback === undefined) throw new Error("the error carries no stack");
    return traceback;
  }
  throw new Error("predict did not throw");
}

for (const [label, source] of Object.entries(THROWING_SOURCES)) {
  Deno.test(`a traceback points at the throw's source column on ${label}`, () => {
    const name = `/tmp/maps_${label.replaceAll(" ", "_")}.ts`;
    const traceback = predictTraceback(name, source);
    const frame = traceback.split("\n").find((l) => l.includes(name)) ?? traceback;
    assert.ok(frame.endsWith(`${name}:${positionOf(source)})`), frame);
  });
}

Deno.test("originalPosition inverts the compiled code's columns, token by token", () => {
  const source = "const a: number = 1; const b: string = 'x'; const c = a + b.length;";
  const { code, sourceMap } = toCommonJs(source, "law.ts");
  registerSourceMap("law.ts", sourceMap, 0);
  const compiled = code.split("\n")[0];
  for (const token of ["const b", "'x'", "const c", "b.length"]) {
    const position = originalPosition("law.ts", 1, compiled.indexOf(token) + 1);
    assert.deepEqual(position, { line: 1, column: source.indexOf(token) + 1 }, token);
  }
});

Deno.test("originalPosition leaves unknown files and the wrapper's own columns unmapped", () => {
  const { sourceMap } = toCommonJs("export const x: number = 1;", "offset.ts");
  registerSourceMap("offset.ts", sourceMap, 40);
  assert.equal(originalPosition("offset.ts", 1, 40), undefined);
  assert.equal(originalPosition("never_loaded.ts", 1, 1), undefined);
});

Deno.test("frames of other files keep their positions", () => {
  const error = new Error("x");
  error.stack = "Error: x\n    at f (file:///app/lib/ops/x.ts:40:3)\n    at other.ts:2:9";
  assert.equal(cleanTraceback(error), error.stack);
});
