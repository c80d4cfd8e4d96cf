import assert from "@std/assert";
import { compileModule } from "../../lib/estimator/evaluate.ts";
import { evaluateModule, type ModuleEnvironment } from "../../lib/estimator/modules.ts";
import { cleanTraceback } from "../../lib/estimator/traceback.ts";
import { loadError } from "./_helpers.ts";

const WHEST = Object.freeze({ np: Object.freeze({ marker: "the counted API" }) });
const ENV: ModuleEnvironment = { compile: compileModule, whestModule: WHEST, console };

Deno.test("evaluateModule resolves 'whest' to the module object it is given, never by path", () => {
  const exports = evaluateModule(
    "uses_np.ts",
    'import { np } from "whest";\nexport const got = np;',
    ENV,
  );
  assert.equal(exports.got, WHEST.np);
});

Deno.test("evaluateModule refuses every other import, naming the file and the specifier", () => {
  for (
    const specifier of ["node:fs", "./helper.ts", "../lib/api/mod.ts", "npm:ses", "jsr:@std/path"]
  ) {
    const error = loadError(() =>
      evaluateModule("bad.ts", `import * as x from "${specifier}";\nexport default x;`, ENV)
    );
    assert.equal(error.kind, "import");
    assert.equal(
      error.message,
      `bad.ts imports '${specifier}': estimators may only import 'whest'`,
    );
  }
});

Deno.test("evaluateModule routes dynamic import() through the same require", async () => {
  const exports = evaluateModule(
    "dynamic.js",
    'export const later = import("node:fs");',
    ENV,
  );
  await assert.rejects(exports.later as Promise<unknown>, /estimators may only import 'whest'/);
});

Deno.test("evaluateModule loads siblings by relative path once each, when it is given them", () => {
  const siblings = {
    "helper.ts": "export let loads = 0; loads++; export const twice = (x: number) => 2 * x;",
    "user.ts": 'import { twice } from "./helper.ts"; export const y = twice(4);',
  };
  const exports = evaluateModule(
    "estimators/entry.ts",
    'import { y } from "./user.ts";\nimport * as h from "./helper";\nexport const out = [y, h.loads];',
    { ...ENV, siblings },
  );
  assert.deepEqual(exports.out, [8, 1]);
});

Deno.test("evaluateModule names a top-level exception and keeps its stack on the author's line", () => {
  const error = loadError(() =>
    evaluateModule("boom.ts", "const a: number = 1;\nthrow new TypeError(`bad ${a}`);", ENV)
  );
  assert.equal(error.kind, "evaluate");
  assert.equal(error.message, "boom.ts raised while loading: TypeError: bad 1");
  assert.match(error.traceback ?? "", /boom\.ts:2:\d+/);
});

Deno.test("evaluateModule reports what V8 rejects after the transpiler accepted it as a syntax error", () => {
  const error = loadError(() => evaluateModule("dup.js", "let k = 1;\nlet k = 2;", ENV));
  assert.equal(error.kind, "syntax");
  assert.equal(error.message, "syntax error in dup.js: Identifier 'k' has already been declared");
});

Deno.test("stack traces of estimator functions name the file and the line it was written on", () => {
  const exports = evaluateModule(
    "dir/traced.ts",
    "export function f(): never {\n  const x: number = 2;\n  throw new RangeError(`x = ${x}`);\n}",
    ENV,
  );
  let caught: unknown;
  try {
    (exports.f as () => never)();
  } catch (error) {
    caught = error;
  }
  const trace = cleanTraceback(caught) ?? "";
  assert.match(trace, /^RangeError: x = 2\n\s+at (Object\.)?f \(dir\/traced\.ts:3:\d+\)/);
});

Deno.test("module code runs in strict mode with the estimator's console", () => {
  const lines: string[] = [];
  const fakeConsole = { log: (...a: unknown[]) => lines.push(a.join(" ")) } as unknown as Console;
  const exports = evaluateModule(
    "strict.js",
    'console.log("hi", 2);\nexport const strict = (function () { return this === undefined; })();',
    { ...ENV, console: fakeConsole },
  );
  assert.equal(exports.strict, true);
  assert.deepEqual(lines, ["hi 2"]);
});
