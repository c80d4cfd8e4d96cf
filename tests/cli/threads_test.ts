import assert from "@std/assert";
import { runCli } from "./_helpers.ts";

// width 128: sampler chunks of 8192 rows make 2.7e8-FLOP layer calls, far above the kernels'
// 2^23-FLOP threshold for going parallel, so the thread count really changes how work is split
// The WASM kernels are bit-identical for any thread count; a BLAS, like numpy's, may split its
// sums by thread and is not, so this property is checked on the WASM kernels.
const RUN = [
  "run",
  "--kernels",
  "wasm",
  "--estimator",
  "mean_propagation",
  "--seed",
  "5",
  "--width",
  "128",
  "--depth",
  "3",
  "--n-mlps",
  "2",
  "--n-samples",
  "20000",
  "--json",
];

/** The report's results without wall-clock fields, the only ones allowed to differ. */
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !key.endsWith("_s")).map((
      [key, inner],
    ) => [key, withoutTimings(inner)]),
  );
}

async function report(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runCli(args, env);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

Deno.test("--threads 1 and WHEST_THREADS give results identical to the default; the flag wins", async () => {
  const byDefault = await report(RUN);
  const fromEnv = await report(RUN, { WHEST_THREADS: "3" });
  const fromFlag = await report([...RUN, "--threads", "1"], { WHEST_THREADS: "3" });
  const defaultThreads = byDefault.run_meta.host.kernel_threads;
  assert.ok(Number.isInteger(defaultThreads) && defaultThreads >= 1, String(defaultThreads));
  assert.equal(fromEnv.run_meta.host.kernel_threads, 3);
  assert.equal(fromFlag.run_meta.host.kernel_threads, 1);
  assert.ok(
    byDefault.results.per_mlp.every((row: { final_layer_mse: number }) => row.final_layer_mse > 0),
  );
  assert.deepEqual(withoutTimings(fromFlag.results), withoutTimings(byDefault.results));
  assert.deepEqual(withoutTimings(fromEnv.results), withoutTimings(byDefault.results));
});

Deno.test("the human report's run context shows the thread count", async () => {
  const { code, stdout, stderr } = await runCli([
    "smoke",
    "--n-mlps",
    "1",
    "--n-samples",
    "1000",
    "--width",
    "8",
    "--depth",
    "2",
    "--format",
    "plain",
    "--threads",
    "2",
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /kernel threads\s+2\n/);
});

Deno.test("a bad WHEST_THREADS or --threads is one usage line (exit 2) naming it", async () => {
  const cases: [string[], Record<string, string>, string][] = [
    [[...RUN], { WHEST_THREADS: "many" }, "WHEST_THREADS"],
    [["smoke", "--json"], { WHEST_THREADS: "0" }, "WHEST_THREADS"],
    [["validate", "--estimator", "zeros"], { WHEST_THREADS: "2.5" }, "WHEST_THREADS"],
    [["smoke", "--json", "--threads", "0"], {}, "--threads"],
    [[...RUN, "--threads", "lots"], {}, "--threads"],
  ];
  for (const [args, env, name] of cases) {
    const { code, stdout, stderr } = await runCli(args, env);
    const what = `${args.join(" ")} ${JSON.stringify(env)}`;
    assert.equal(code, 2, `${what}: ${stderr}`);
    assert.equal(stdout, "", what);
    const [first] = stderr.split("\n");
    assert.match(first, new RegExp(`^whest: ${name} must be `), what);
    assert.ok(!/RangeError|internal error|\n\s+at /.test(stderr), `${what}: ${stderr}`);
  }
});

Deno.test("the official names work: smoke-test runs smoke, --max-threads sets the threads", async () => {
  const out = await runCli([
    "smoke-test",
    "--n-mlps",
    "1",
    "--n-samples",
    "500",
    "--width",
    "8",
    "--depth",
    "2",
    "--json",
    "--max-threads",
    "1",
  ]);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout).run_meta.host.kernel_threads, 1);
  const clash = await runCli([
    "run",
    "--estimator",
    "zeros",
    "--threads",
    "2",
    "--max-threads",
    "1",
  ]);
  assert.equal(clash.code, 2);
  assert.match(clash.stderr, /--threads 2 and --max-threads 1 disagree/);
});
