import assert from "@std/assert";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import { defaultRng } from "../../lib/random/generator.ts";
import { LocalRunner } from "../../lib/runner/local.ts";
import { defaultPredictTimeoutS, SubprocessRunner } from "../../lib/runner/subprocess.ts";
import type { PredictOutcome, Runner, SetupContext } from "../../lib/contract/runner.ts";
import { SetupFailure } from "../../lib/contract/runner.ts";
import {
  GUARD_RUN_GRANT,
  isBundle,
  isCompiledBinary,
  stderrCause,
  workerLaunch,
} from "../../lib/runner/worker_process.ts";
import { estimatorFile as tempEstimatorFile } from "../cli/_helpers.ts";

const LIMITS = { flopBudget: 2 ** 41, wallTimeLimitS: 120 };

function mlps(width: number, depth: number, count: number): MlpSpec[] {
  const rng = defaultRng(11);
  return Array.from({ length: count }, (_, i) => sampleMlp(width, depth, rng, `mlp-${i}`, 100 + i));
}

async function withScratch<T>(fn: (ctx: SetupContext) => Promise<T>): Promise<T> {
  const scratch = await Deno.makeTempDir({ prefix: "whest-runner-test-" });
  try {
    return await fn({
      width: 16,
      depth: 3,
      flop_budget: LIMITS.flopBudget,
      api_version: "test",
      scratch_dir: scratch,
      submission_dir: Deno.cwd(),
      seed: 1,
    });
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/** Scores like scoreContest: predict, then the prefetch hint for the next MLP, then await. */
async function predictAll(runner: Runner, list: MlpSpec[], prefetch: boolean) {
  const outcomes: PredictOutcome[] = [];
  for (let i = 0; i < list.length; i++) {
    const pending = runner.predict(list[i], LIMITS);
    if (prefetch && i + 1 < list.length) runner.prefetch?.(list[i + 1]);
    outcomes.push(await pending);
  }
  return outcomes;
}

function estimatorFile(source: string) {
  return tempEstimatorFile(source, "whest-runner-est-");
}

Deno.test("subprocess and local runners give bit-identical predictions and FLOPs, prefetched or not", async () => {
  const list = mlps(16, 3, 3);
  await withScratch(async (ctx) => {
    const local = new LocalRunner("mean_propagation");
    await local.start(ctx, 5);
    const expected = await predictAll(local, list, false);
    await local.close();
    for (const prefetch of [false, true]) {
      const lines: string[] = [];
      const runner = new SubprocessRunner("mean_propagation", (line) => lines.push(line));
      await runner.start(ctx, 5);
      const got = await predictAll(runner, list, prefetch);
      await runner.close();
      await runner.close();
      for (let i = 0; i < list.length; i++) {
        assert.equal(got[i].error, undefined);
        assert.deepEqual(got[i].predictions?.shape, expected[i].predictions?.shape);
        assert.deepEqual(got[i].predictions?.values, expected[i].predictions?.values);
        assert.equal(got[i].summary?.flops_used, expected[i].summary?.flops_used);
        assert.deepEqual(
          Object.keys(got[i].summary?.operations ?? {}),
          Object.keys(expected[i].summary?.operations ?? {}),
        );
      }
      assert.deepEqual(lines, []);
    }
  });
});

Deno.test("a worker that dies fails only its MLP; the next one restarts it and reruns setup", async () => {
  await using estimator = await estimatorFile(`
import { np } from "whest";
let setups = 0;
export default class {
  setup(_ctx) { setups++; console.log("setup", setups); }
  predict(mlp, _budget) {
    while (mlp.name === "mlp-0") {}
    return np.zeros([mlp.depth, mlp.width]);
  }
}`);
  await withScratch(async (ctx) => {
    const lines: string[] = [];
    const runner = new SubprocessRunner(estimator.path, (line) => lines.push(line), {
      predictTimeoutS: 1,
    });
    await runner.start(ctx, 5);
    const [first, second] = await predictAll(runner, mlps(16, 3, 2), true);
    await runner.close();
    assert.equal(first.error?.code, "PREDICT_TIMEOUT");
    assert.match(first.error?.message ?? "", /no reply within 1 s/);
    assert.equal(second.error, undefined);
    assert.deepEqual(second.predictions?.shape, [3, 16]);
    // each worker ran setup once: the fresh one counted from 1 again
    assert.deepEqual(lines, ["setup 1", "setup 1"]);
  });
});

Deno.test("a restart whose setup fails is WORKER_RESTART_FAILED for that MLP", async () => {
  await using estimator = await estimatorFile(`
import { np } from "whest";
export default class {
  setup(ctx) {
    const marker = ctx.scratch_dir + "/started-once";
    try { Deno.statSync(marker); } catch { Deno.writeTextFileSync(marker, "x"); return; }
    throw new Error("refusing a second start");
  }
  predict(mlp, _budget) {
    while (mlp.name === "mlp-0") {}
    return np.zeros([mlp.depth, mlp.width]);
  }
}`);
  await withScratch(async (ctx) => {
    const runner = new SubprocessRunner(estimator.path, () => {}, { predictTimeoutS: 1 });
    await runner.start(ctx, 5);
    const [first, second] = await predictAll(runner, mlps(16, 3, 2), false);
    await runner.close();
    assert.equal(first.error?.code, "PREDICT_TIMEOUT");
    assert.equal(second.error?.code, "WORKER_RESTART_FAILED");
    assert.match(second.error?.message ?? "", /SETUP_ERROR.*refusing a second start/);
  });
});

Deno.test("setup failures surface as SetupFailure with their codes", async () => {
  await using throwing = await estimatorFile(
    `export default { setup(_ctx) { throw new RangeError("bad ctx"); }, predict(mlp, b) { return [[0]]; } };`,
  );
  await using pending = await estimatorFile(
    `export default { setup(_ctx) { return new Promise(() => {}); }, predict(mlp, b) { return [[0]]; } };`,
  );
  await withScratch(async (ctx) => {
    const cases: [string, string, RegExp][] = [
      [throwing.path, "SETUP_ERROR", /setup raised RangeError: bad ctx/],
      [pending.path, "SETUP_TIMEOUT", /still running/],
      ["no_such_estimator", "SETUP_ERROR", /unknown estimator/],
    ];
    for (const [estimator, code, message] of cases) {
      const runner = new SubprocessRunner(estimator);
      const error = await runner.start(ctx, 0.5).then(() => undefined, (e) => e);
      await runner.close();
      assert.ok(error instanceof SetupFailure, String(error));
      assert.equal(error.code, code);
      assert.match(error.message, message);
    }
  });
});

Deno.test("the host's predict wait is max(30 s, wall limit + 5 s)", () => {
  assert.equal(defaultPredictTimeoutS(1), 30);
  assert.equal(defaultPredictTimeoutS(25), 30);
  assert.equal(defaultPredictTimeoutS(120), 125);
});

Deno.test("a compiled binary spawns itself as the worker; a checkout spawns the worker entry, locked and cached-only", () => {
  const options = {
    readRoots: ["/est", "/scratch"],
    writeRoots: ["/scratch"],
    cwd: "/est",
    memoryLimitMb: 512,
    threads: 3,
  };
  const compiled = workerLaunch(options, "compiled");
  assert.equal(compiled.command, Deno.execPath());
  const workerArgs = ["--threads", "3", "--memory-limit-mb", "512"];
  assert.deepEqual(compiled.args, ["__worker", ...workerArgs]);
  const run = workerLaunch(options, "checkout");
  assert.equal(run.command, Deno.execPath());
  assert.deepEqual(run.args.slice(0, 3), ["run", "-q", "--no-prompt"]);
  const sandboxFlags = [
    "--deny-net",
    `--allow-run=${GUARD_RUN_GRANT}`,
    "--deny-env",
    "--deny-ffi",
    "--deny-sys",
    "--allow-read=/est,/scratch",
    "--allow-write=/scratch",
    "--v8-flags=--max-old-space-size=512",
  ];
  const lock = new URL("../../deno.lock", import.meta.url).pathname;
  for (const flag of [...sandboxFlags, `--lock=${lock}`, "--frozen", "--cached-only"]) {
    assert.ok(run.args.includes(flag), flag);
  }
  assert.ok(!run.args.includes("--no-lock"), "the worker resolves exactly the host's versions");
  assert.deepEqual(run.args.slice(-5), [
    new URL("../../lib/runner/worker_entry.ts", import.meta.url).href,
    ...workerArgs,
  ]);
  assert.equal(run.env.NO_COLOR, "1");
  assert.ok(!("PATH" in run.env), "the host's environment is not inherited");
  assert.equal(
    isCompiledBinary("file:///tmp/deno-compile-whest/lib/runner/worker_process.ts"),
    true,
  );
  assert.equal(isCompiledBinary(import.meta.url), false);
});

Deno.test("a bundle spawns itself with no config, no lockfile and no package resolution", () => {
  const options = { readRoots: [], writeRoots: [], cwd: "/s", memoryLimitMb: 64, threads: 1 };
  const bundle = workerLaunch(options, "bundle");
  for (const flag of ["--no-config", "--no-lock", "--no-npm", "--no-remote", "--deny-net"]) {
    assert.ok(bundle.args.includes(flag), flag);
  }
  assert.deepEqual(bundle.args.slice(-6), [
    Deno.mainModule,
    "__worker",
    "--threads",
    "1",
    "--memory-limit-mb",
    "64",
  ]);
  assert.equal(isBundle("file:///x/dist/whest.js", "file:///x/dist/whest.js"), true);
  assert.equal(isBundle("file:///x/lib/runner/worker_process.ts", "file:///x/main.ts"), false);
  assert.equal(isBundle(import.meta.url), false);
});

Deno.test("a worker's start failure is one line: Deno's error and its numbered causes, no '0:'", () => {
  const tail = [
    "error: Error getting response at https://registry/@colors%2fcolors",
    "",
    "Caused by:",
    "    0: error sending request for url (https://registry/@colors%2fcolors)",
    "    1: client error (Connect)",
    "",
    "Stack backtrace:",
    "   0: <unknown>",
  ];
  const cause = stderrCause(tail);
  assert.equal(
    cause,
    "Error getting response at https://registry/@colors%2fcolors: error sending request for url (https://registry/@colors%2fcolors): client error (Connect)",
  );
  assert.doesNotMatch(cause, /(^|: )\d+:/);
  assert.equal(stderrCause(["some line", "  last words  "]), "last words");
  assert.equal(stderrCause([]), "");
});
