/**
 * `whest run --debug` tracebacks point at the author's `file:line:col` under both runners,
 * for a TypeScript estimator whose types sit before the throwing expression on line 1 and on
 * a later line (sources and expected positions: ./_throwing_sources.ts).
 */
import assert from "@std/assert";
import { estimatorFile, runCli } from "../cli/_helpers.ts";
import { positionOf, THROWING_SOURCES } from "./_throwing_sources.ts";

const SMALL = ["--width", "8", "--depth", "2", "--n-mlps", "1", "--n-samples", "100"];

for (const [label, source] of Object.entries(THROWING_SOURCES)) {
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
      const expected = `${estimator.path}:${positionOf(source)})`;
      const output = result.stdout + result.stderr;
      const frame = output.split("\n").find((l) => l.includes(`${estimator.path}:`)) ?? output;
      assert.ok(frame.endsWith(expected), `${frame}\nexpected ...${expected}`);
    });
  }
}
