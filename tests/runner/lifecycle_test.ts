/**
 * The worker's life is bounded by its host's: a host killed outright (SIGKILL) leaves no worker
 * spinning, and a host interrupted (SIGINT, SIGTERM) kills its worker, removes its scratch
 * directory, says `interrupted` and exits 130/143 with no report.
 */
import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { estimatorFile, tempDir } from "../cli/_helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Writes a marker into the scratch directory, then spins forever in predict. */
const SPINNER = `import { np } from "whest";
let scratch = "";
export default class {
  setup(ctx) { scratch = ctx.scratch_dir; }
  predict(mlp) {
    Deno.writeTextFileSync(scratch + "/spinning", "yes");
    for (;;) { /* never returns */ }
    return np.zeros([mlp.depth, mlp.width]);
  }
}`;

/** A host `whest run` of the spinner whose temporary directories land in `tmp`. */
function spawnHost(estimator: string, tmp: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "run",
      "--estimator",
      estimator,
      "--width",
      "4",
      "--depth",
      "2",
      "--n-mlps",
      "1",
      "--n-samples",
      "64",
      "--seed",
      "1",
      "--json",
      "--predict-timeout",
      "60",
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1", TMPDIR: tmp },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** The scratch directories under `tmp`. */
function scratchDirs(tmp: string): string[] {
  return [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) =>
    n.startsWith("whest-scratch-")
  );
}

/** Waits until the spinner has entered predict (its marker exists in a scratch directory). */
async function untilSpinning(tmp: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const dir of scratchDirs(tmp)) {
      try {
        Deno.statSync(`${tmp}/${dir}/spinning`);
        return;
      } catch {
        // not yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the estimator never started spinning");
}

/** `ps` lines "pid stat" for the given pids, or for the children of `parent`. */
async function ps(args: string[]): Promise<{ pid: number; stat: string }[]> {
  const out = await new Deno.Command("ps", { args: ["-o", "pid=,stat=", ...args] }).output();
  return new TextDecoder().decode(out.stdout).trim().split("\n").filter((l) => l.trim() !== "")
    .map((line) => {
      const [pid, stat] = line.trim().split(/\s+/);
      return { pid: Number(pid), stat };
    });
}

/** Whether a process is still running (a zombie awaiting its reaper has stopped running). */
async function running(pid: number): Promise<boolean> {
  const [entry] = await ps(["-p", String(pid)]);
  return entry !== undefined && !entry.stat.startsWith("Z");
}

async function drain(child: Deno.ChildProcess): Promise<{ stdout: string; stderr: string }> {
  const [stdout, stderr] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  return { stdout, stderr };
}

const hasPs = await new Deno.Command("ps", { args: ["-p", "1"], stdout: "null" }).output()
  .then((o) => o.success, () => false);

Deno.test({
  name: "a host killed with SIGKILL during a spinning predict leaves no worker 2 s later",
  ignore: !hasPs || Deno.build.os === "windows",
  async fn() {
    await using estimator = await estimatorFile(SPINNER);
    await using tmp = await tempDir("whest-lifecycle-");
    const host = spawnHost(estimator.path, tmp.path);
    const output = drain(host);
    await untilSpinning(tmp.path);
    const workers = await ps(["--ppid", String(host.pid)]);
    assert.equal(workers.length, 1, "one worker process under the host");
    assert.ok(await running(workers[0].pid));
    host.kill("SIGKILL");
    assert.equal((await host.status).signal, "SIGKILL");
    await output;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(await running(workers[0].pid), false, "the orphaned worker exited");
  },
});

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test({
    name: `${signal} during a predict: worker killed, scratch removed, 'interrupted', exit ${code}`,
    ignore: !hasPs || Deno.build.os === "windows",
    async fn() {
      await using estimator = await estimatorFile(SPINNER);
      await using tmp = await tempDir("whest-lifecycle-");
      const host = spawnHost(estimator.path, tmp.path);
      const output = drain(host);
      await untilSpinning(tmp.path);
      const [worker] = await ps(["--ppid", String(host.pid)]);
      host.kill(signal);
      const status = await host.status;
      const { stdout, stderr } = await output;
      assert.equal(status.code, code, stderr);
      assert.match(stderr, new RegExp(`^whest: interrupted \\(${signal}\\)$`, "m"));
      assert.equal(stdout, "", "no partial report");
      assert.deepEqual(scratchDirs(tmp.path), [], "no scratch directory survives");
      assert.equal(await running(worker.pid), false, "the worker was killed");
    },
  });
}
