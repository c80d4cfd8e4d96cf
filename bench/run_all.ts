/**
 * Runs every benchmark in `bench/` one after another, each beside its numpy peer, and stops at
 * the first that fails.
 *
 * Usage: deno task bench [NAME ...]   (names without `_bench.ts`, e.g. `matmul rng`; default: all)
 *
 * Each benchmark is its own process so that one's kernel backend or thread pool cannot colour
 * the next one's timings.
 *
 * @module
 */

/** The benchmarks in the order they run: cheapest first, the long estimator table last. */
export const BENCHMARKS: readonly string[] = [
  "cold_start",
  "dispatch",
  "residual",
  "matmul",
  "kernels",
  "rng",
  "sampler",
  "transport",
  "predict",
  "linalg",
  "estimators",
];

async function runBenchmark(name: string): Promise<boolean> {
  const script = new URL(`./${name}_bench.ts`, import.meta.url);
  console.log(`\n=== bench/${name}_bench.ts`);
  const status = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script.href],
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  return status.success;
}

if (import.meta.main) {
  const unknown = Deno.args.filter((name) => !BENCHMARKS.includes(name));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark '${unknown[0]}' (known: ${BENCHMARKS.join(", ")})`);
    Deno.exit(2);
  }
  const selected = Deno.args.length > 0 ? Deno.args : BENCHMARKS;
  for (const name of selected) {
    if (!(await runBenchmark(name))) {
      console.error(`bench: ${name} failed`);
      Deno.exit(1);
    }
  }
}
