import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { loadEstimator, WHEST_MODULE } from "../../lib/estimator/loader.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import { BUILTIN_ESTIMATORS } from "../../estimators/mod.ts";
import { fixturePath, loadError } from "./_helpers.ts";

/** Loads a fixture file the way `--estimator PATH` does. */
function loadFixture(name: string) {
  return loadEstimator(resolveEstimator(fixturePath(name)));
}

Deno.test("every accepted form loads: TS class, JS object, named export, CommonJS", () => {
  for (const name of ["class_default.ts", "object_default.js", "named_export.ts", "commonjs.js"]) {
    const loaded = loadFixture(`valid/${name}`);
    assert.equal(typeof loaded.instance.predict, "function", name);
    assert.equal(loaded.name, name.replace(/\.(ts|js)$/, ""));
  }
});

Deno.test("'whest' inside an estimator is the counted np object itself", () => {
  assert.equal(WHEST_MODULE.np, np);
  assert.ok(Object.isFrozen(WHEST_MODULE));
});

Deno.test("every built-in resolves by name and loads through the same loader", () => {
  for (const name of Object.keys(BUILTIN_ESTIMATORS)) {
    const source = resolveEstimator(name);
    assert.equal(source.filename, `estimators/${name}.ts`);
    assert.equal(
      source.source,
      Deno.readTextFileSync(new URL(`../../estimators/${name}.ts`, import.meta.url)),
    );
    const loaded = loadEstimator(source);
    assert.equal(loaded.instance.predict.length, 2, name);
  }
});

Deno.test("an unknown name or a missing file is a one-line 'missing' error", () => {
  const unknown = loadError(() => resolveEstimator("mean_propagaton"));
  assert.equal(unknown.kind, "missing");
  assert.match(
    unknown.message,
    /^unknown estimator 'mean_propagaton': not a built-in \(zeros, .*\) and no such file; did you mean 'mean_propagation'\?$/,
  );
  const path = fixturePath("broken/does_not_exist.ts");
  const missing = loadError(() => resolveEstimator(path));
  assert.equal(missing.kind, "missing");
  assert.equal(missing.message, `estimator file '${path}' not found`);
  const directory = loadError(() => resolveEstimator(fixturePath("broken")));
  assert.match(directory.message, /is a directory, not a file$/);
});

/** Each broken fixture, the kind of error it must raise, and a pattern its message must match. */
const BROKEN: [string, string, RegExp][] = [
  ["syntax_error.ts", "syntax", /^syntax error in .*syntax_error\.ts:6:34: Unexpected token/],
  [
    "syntax_error_v8.js",
    "syntax",
    /^syntax error in .*syntax_error_v8\.js: Identifier 'k' has already been declared$/,
  ],
  [
    "imports_fs.ts",
    "import",
    /imports_fs\.ts imports 'node:fs': estimators may only import 'whest'$/,
  ],
  [
    "imports_relative.ts",
    "import",
    /imports_relative\.ts imports '\.\/helper\.ts': estimators may only import 'whest'$/,
  ],
  [
    "throws_at_load.ts",
    "evaluate",
    /throws_at_load\.ts raised while loading: Error: no weights file here$/,
  ],
  [
    "no_export.ts",
    "no_export",
    /no_export\.ts exports no estimator \(found only: helper\): add 'export default class/,
  ],
  [
    "function_export.ts",
    "bad_export",
    /function_export\.ts exports a plain function 'predict': export a class or an object/,
  ],
  ["number_export.js", "bad_export", /number_export\.js exports a number \(42\) as its estimator/],
  [
    "constructor_throws.ts",
    "construct",
    /^constructing Fragile from .*constructor_throws\.ts raised: TypeError: /,
  ],
  [
    "no_predict.ts",
    "bad_predict",
    /no_predict\.ts has no predict method: define predict\(mlp, budget\)$/,
  ],
  [
    "predict_not_function.js",
    "bad_predict",
    /predict in .*predict_not_function\.js is a number \(42\), not a function/,
  ],
  [
    "predict_three_params.ts",
    "bad_predict",
    /declares 3 parameters; the contract calls predict\(mlp, budget\)$/,
  ],
  [
    "predict_no_params.ts",
    "bad_predict",
    /declares 0 parameters; the contract calls predict\(mlp, budget\)$/,
  ],
  [
    "predict_async.ts",
    "bad_predict",
    /is an AsyncFunction: predict must return its \(depth, width\) array synchronously$/,
  ],
  [
    "setup_two_params.ts",
    "bad_hook",
    /setup in .*setup_two_params\.ts declares 2 parameters; the contract calls setup\(ctx\)$/,
  ],
  [
    "teardown_not_function.js",
    "bad_hook",
    /teardown in .*teardown_not_function\.js is a string \('later'\), not a function/,
  ],
];

for (const [file, kind, pattern] of BROKEN) {
  Deno.test(`broken estimator ${file} fails to load with a '${kind}' error`, () => {
    const error = loadError(() => loadFixture(`broken/${file}`));
    assert.equal(error.kind, kind);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes("\n"), "one line");
  });
}

Deno.test("a load error from the estimator's own code keeps its stack for --debug", () => {
  const error = loadError(() => loadFixture("broken/throws_at_load.ts"));
  assert.match(error.traceback ?? "", /throws_at_load\.ts:3:\d+/);
  const construct = loadError(() => loadFixture("broken/constructor_throws.ts"));
  assert.match(construct.traceback ?? "", /at new Fragile \(.*constructor_throws\.ts:6:\d+\)/);
});

Deno.test("every hostile fixture passes the loader: containing it is the runner's job", () => {
  // the runner suite's own hostile estimators (tests/fixtures/hostile/), the one such folder
  for (const entry of Deno.readDirSync(fixturePath("../hostile"))) {
    const loaded = loadFixture(`../hostile/${entry.name}`);
    assert.equal(typeof loaded.instance.predict, "function", entry.name);
  }
});

Deno.test("a module's console output is captured, never printed", () => {
  const loaded = loadEstimator({
    name: "chatty",
    filename: "chatty.js",
    source: 'console.log("loading");\nexport default { predict(mlp, budget) { return [[0]]; } };',
  });
  assert.deepEqual(loaded.drainLogs(), ["loading"]);
  assert.deepEqual(loaded.drainLogs(), []);
});

Deno.test("the compile seam is swappable: a custom compiler sees the CommonJS code and file name", () => {
  const seen: string[] = [];
  const loaded = loadEstimator(
    {
      name: "e",
      filename: "e.ts",
      source: "export default { predict(mlp: unknown, b: number) { return [[b]]; } };",
    },
    {
      compile: (code, url) => {
        seen.push(url);
        return (e) =>
          new Function("require", "module", "exports", "console", code)(
            e.require,
            e.module,
            e.exports,
            e.console,
          );
      },
    },
  );
  assert.deepEqual(seen, ["e.ts"]);
  assert.equal(typeof loaded.instance.predict, "function");
});
