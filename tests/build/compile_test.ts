import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { BINARY_PERMISSIONS, compileFailure } from "../../lib/build/compile.ts";
import { canUnshareNetwork, passThroughEnv, tempDir } from "../cli/_helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("a failed runtime download is one line naming DENORT_BIN; other failures quote deno's error", () => {
  const download =
    "error: Writing deno compile executable\n\nCaused by:\n    0: Setting up base binary.\n" +
    "    1: error sending request for url (.../denort-x86_64-unknown-linux-gnu.zip): dns error";
  const line = compileFailure(download, undefined);
  assert.equal(line.split("\n").length, 1);
  assert.match(line, /could not fetch Deno's runtime \(denort .*set DENORT_BIN=/);
  assert.match(compileFailure(download, "/opt/denort"), /could not use DENORT_BIN=\/opt\/denort/);
  assert.equal(
    compileFailure('\x1b[31merror\x1b[0m: Module not found "file:///x.ts".\n', undefined),
    'whest: deno compile failed: error: Module not found "file:///x.ts".',
  );
});

const unshareWorks = await canUnshareNetwork();
if (!unshareWorks) console.log("SKIPPED: the offline compile check needs `unshare -n`");

Deno.test({
  name: "deno task compile with no network: a binary where denort is cached, else the one line",
  ignore: !unshareWorks,
  async fn() {
    await using out = await tempDir("whest-compile-out-");
    // the packages come from the suite's own cache; denort only from there or DENORT_BIN
    const env = { ...passThroughEnv(["HOME", "PATH", "DENO_DIR", "DENORT_BIN"]), NO_COLOR: "1" };
    const result = await new Deno.Command("unshare", {
      args: ["-n", Deno.execPath(), "task", "-q", "compile", "--output", `${out.path}/whest`],
      cwd: ROOT,
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(result.stderr);
    if (result.code === 0) {
      const version = await new Deno.Command(`${out.path}/whest`, { args: ["version"] }).output();
      assert.match(new TextDecoder().decode(version.stdout), /^whest \d/);
      return;
    }
    assert.equal(result.code, 1, stderr);
    assert.match(stderr, /^whest: deno compile could not fetch .*DENORT_BIN/m);
    assert.doesNotMatch(stderr, /Stack backtrace/);
    assert.deepEqual([...Deno.readDirSync(out.path)], []);
  },
});

Deno.test("the binary bakes in the permissions the whest and smoke tasks grant, no more", () => {
  const tasks = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`)).tasks as Record<
    string,
    string
  >;
  for (const name of ["whest", "smoke"]) {
    const granted = tasks[name].split(/\s+/).filter((word) => word.startsWith("--allow-"));
    assert.deepEqual(granted.sort(), [...BINARY_PERMISSIONS].sort(), name);
  }
});
