import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { passThroughEnv, tempDir } from "./_helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("under `deno task whest` relative paths resolve against the user's directory", async () => {
  await using work = await tempDir("whest-user-cwd-");
  const task = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "--config", `${ROOT}deno.json`, "whest", ...args],
      cwd: work.path,
      // as from a shell: the suite's own `deno task test` set INIT_CWD, which tasks keep
      clearEnv: true,
      env: {
        ...passThroughEnv(["HOME", "PATH", "DENO_DIR", "TMPDIR", "WHEST_CACHE_DIR"]),
        NO_COLOR: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
  const init = await task("init", "mine");
  assert.equal(init.code, 0, new TextDecoder().decode(init.stderr));
  assert.ok((await Deno.stat(`${work.path}/mine/estimator.ts`)).isFile);
  await assert.rejects(() => Deno.stat(`${ROOT}mine`), Deno.errors.NotFound);
  const run = await task(
    "run",
    "--estimator",
    "mine/estimator.ts",
    "--width",
    "8",
    "--depth",
    "2",
    "--n-mlps",
    "1",
    "--n-samples",
    "500",
    "--seed",
    "1",
    "--output",
    "report.json",
    "--format",
    "plain",
  );
  assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
  const report = JSON.parse(await Deno.readTextFile(`${work.path}/report.json`));
  assert.equal(report.results.per_mlp.length, 1);
});
