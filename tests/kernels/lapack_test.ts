/**
 * The LAPACK kernels' cases (`_lapack_cases.ts`) run in a process of their own, so that a
 * crash in native code fails this one test instead of ending the whole suite. They crashed about
 * one run in eight (SIGSEGV) until `dgesv` was run single-threaded: OpenBLAS's threaded LU
 * overflowed the 2 MiB stack of the thread deno test runs them on (see lapack.ts).
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
