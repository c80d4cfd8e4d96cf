/**
 * The operating-system layer of the sandbox, beneath the compartment: the worker's deny/allow
 * flags and the permission drop, checked with raw Deno calls (which the compartment never even
 * offers an estimator).
 */
import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { GUARD_RUN_GRANT, workerLaunch } from "../../lib/runner/worker_process.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROBE = `${ROOT}tests/runner/_permission_probe.ts`;

interface ProbeResult {
  before: Record<string, string>;
  after: Record<string, string>;
  report: { stillGranted: string[]; globalFileAccess: boolean };
}

async function runProbe(flagArgs: string[], roots: string[]): Promise<ProbeResult> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [...flagArgs, PROBE, ...roots],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return JSON.parse(stdout);
}

async function world(): Promise<{ dir: string; roots: string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "whest-perm-" });
  await Deno.mkdir(`${dir}/estimator`);
  await Deno.mkdir(`${dir}/scratch`);
  await Deno.writeTextFile(`${dir}/secret.txt`, "secret");
  return { dir, roots: [`${dir}/estimator`, `${dir}/scratch`, `${dir}/secret.txt`] };
}

Deno.test("under deno run the worker's flags allow only its roots and deny the rest", async () => {
  const { dir, roots } = await world();
  try {
    const launch = workerLaunch({
      readRoots: [roots[0], roots[1]],
      writeRoots: [roots[1]],
      cwd: roots[0],
      memoryLimitMb: 256,
      threads: 1,
    }, "checkout");
    // the same flags, with the probe in place of `worker_entry.ts --threads 1`
    const flags = launch.args.slice(
      0,
      launch.args.indexOf(new URL("../../lib/runner/worker_entry.ts", import.meta.url).href),
    );
    assert.ok(flags.includes("--deny-net") && flags.includes(`--allow-run=${GUARD_RUN_GRANT}`));
    assert.ok(flags.includes("--deny-env") && flags.includes("--deny-ffi"));
    assert.ok(flags.includes("--deny-sys") && flags.includes("--no-prompt"));
    const result = await runProbe(flags, roots);
    for (const phase of [result.before, result.after]) {
      assert.equal(phase.readRoot, "allowed");
      assert.equal(phase.writeRoot, "allowed");
      for (const denied of ["readOutside", "writeOutside", "env", "run", "net", "ffi", "sys"]) {
        assert.equal(phase[denied], "NotCapable", denied);
      }
    }
    assert.deepEqual(result.report, { stillGranted: [], globalFileAccess: false });
    assert.equal(await Deno.readTextFile(`${dir}/secret.txt`), "secret");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with everything granted (a compiled binary's baked flags) the drop revokes net, run, env, ffi and sys", async () => {
  const { dir, roots } = await world();
  try {
    const result = await runProbe(["run", "-A", "-q"], roots);
    assert.equal(result.before.env, "allowed");
    assert.equal(result.before.run, "allowed");
    for (const revoked of ["env", "run", "net", "ffi", "sys"]) {
      assert.equal(result.after[revoked], "NotCapable", revoked);
    }
    // a global file grant cannot be narrowed to a path: the confined file API is the limit there
    assert.deepEqual(result.report, { stillGranted: [], globalFileAccess: true });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
