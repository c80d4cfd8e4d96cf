/**
 * The LAPACK kernels' cases (`_lapack_cases.ts`) run in a process of their own: LAPACK is
 * opt-in (`WHEST_LAPACK=1`) because a long test process once crashed in its first LAPACK call,
 * a fault not yet understood. In a fresh process the cases have always passed; run there, a
 * crash would fail this one test instead of ending the whole suite.
 */
import assert from "@std/assert";
import { fileURLToPath } from "node:url";

const CASES = fileURLToPath(new URL("./_lapack_cases.ts", import.meta.url));

Deno.test("the LAPACK kernels' cases pass in a process of their own", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-all", "--quiet", CASES],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  if (/SKIPPED/.test(text)) {
    console.log(text.split("\n").find((line) => line.includes("SKIPPED")));
    return;
  }
  assert.match(text, /ok \| 7 passed \| 0 failed/, text);
});
