import assert from "@std/assert";
import { join } from "@std/path";
import { runCli, tempDir } from "../cli/_helpers.ts";

const TINY = ["--seed", "1", "--width", "4", "--depth", "1", "--n-mlps", "1", "--n-samples", "10"];

Deno.test("--output into a missing directory or onto a directory fails first: exit 2, no run", async () => {
  await using dir = await tempDir();
  const missing = join(dir.path, "no-such-dir", "report.json");
  for (
    const [output, pattern] of [
      [missing, /^whest: --output: directory '.*no-such-dir' does not exist/],
      [dir.path, /^whest: --output: '.*' is a directory; give a file name/],
      ["", /^whest: --output needs a file name/],
    ] as const
  ) {
    const { code, stdout, stderr } = await runCli(
      ["run", "--estimator", "zeros", ...TINY, "--json", "--output", output],
    );
    assert.equal(code, 2, stderr);
    assert.equal(stdout, "", "nothing runs, so no report");
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split("\n").length, 1, "one line, no stack trace");
  }
  assert.deepEqual([...Deno.readDirSync(dir.path)], [], "no temporary file left behind");
});
