/**
 * `whest run --debug` tracebacks point at the author's `file:line:col` under both runners,
 * for a TypeScript estimator whose types sit before the throwing expression on line 1 and on
 * a later line. V8 puts a `throw new Error(...)` frame at the `new`, so the expected column is
 * that of `new Error` in the source text.
 */
import assert from "@std/assert";
import { estimatorFile, runCli } from "../cli/helpers.ts";

const SOURCES = {
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

const SMALL = ["--width", "8", "--depth", "2", "--n-mlps", "1", "--n-samples", "100"];

for (const [label, source] of Object.entries(SOURCES)) {
  for (const runner of [["--runner", "local"], []]) {
    const name = runner.length > 0 ? "local" : "subprocess";
    Deno.test(`--debug traceback under the ${name} runner: throw on ${label} at its source column`, async () => {
      await using estimator = await estimatorFile(source);
      const result = await runCli([
        "run",
        "--estimator",
        estimator.path,
        ...SMALL,
        "--debug",
        ...runner,
      ]);
      assert.equal(result.code, 1, result.stderr);
      const lines = source.split("\n");
      const row = lines.findIndex((l) => l.includes("new Error"));
      const expected = `${estimator.path}:${row + 1}:${lines[row].indexOf("new Error") + 1})`;
      const output = result.stdout + result.stderr;
      const frame = output.split("\n").find((l) => l.includes(`${estimator.path}:`)) ?? output;
      assert.ok(frame.endsWith(expected), `${frame}\nexpected ...${expected}`);
    });
  }
}
