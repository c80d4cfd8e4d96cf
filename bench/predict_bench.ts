/**
 * Covariance propagation's predict at 1024×16, timed in whest on each kernel backend (through
 * the executor, meter included, as `whest run --runner local` runs it) beside the same op
 * sequence in numpy (`bench/numpy_covariance.py`) in the same run.
 *
 * Usage: deno run -A bench/predict_bench.ts [--width N] [--depth D] [--kernels wasm,blas]
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { sampleMlp } from "../lib/contest/mlp.ts";
import { contestSeeds } from "../lib/contest/seeding.ts";
import { runPredict } from "../lib/estimator/executor.ts";
import { loadEstimator } from "../lib/estimator/loader.ts";
import { resolveEstimator } from "../lib/estimator/source.ts";
import { createJsKernels, type Kernels, useKernels } from "../lib/kernels/mod.ts";
import { createWasmKernels } from "../lib/kernels/wasm/mod.ts";
import { optionalBlas } from "./_blas.ts";
import { runNumpyPeer } from "./numpy_peer.ts";

/** Best seconds of `runs` predicts (after one warm-up) on the active backend. */
function timePredict(width: number, depth: number, runs: number): number {
  const loaded = loadEstimator(resolveEstimator("covariance_propagation"));
  const [streams] = contestSeeds(0, 1);
  const mlp = sampleMlp(width, depth, streams.weightRng);
  const limits = { flopBudget: Number.MAX_SAFE_INTEGER, wallTimeLimitS: 1e9 };
  runPredict(loaded, mlp, limits);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const outcome = runPredict(loaded, mlp, limits);
    if (outcome.error) throw new Error(outcome.error.message);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      width: { type: "string", default: "1024" },
      depth: { type: "string", default: "16" },
      kernels: { type: "string", default: "wasm,blas" },
    },
  });
  const width = Number(values.width);
  const depth = Number(values.depth);
  const only = values.kernels!.split(",");
  const backends: Kernels[] = [];
  if (only.includes("js")) backends.push(createJsKernels());
  if (only.includes("wasm")) backends.push(createWasmKernels());
  const blas = only.includes("blas") ? optionalBlas() : null;
  if (blas) backends.push(blas);
  const numpy = await runNumpyPeer<{ numpy: string; seconds: number }>("numpy_covariance.py", [
    width,
    depth,
  ]);
  console.log(`covariance_propagation predict at ${width}x${depth}, numpy ${numpy.numpy} beside`);
  console.log("| backend | whest | numpy | whest / numpy time |");
  console.log("| --- | --- | --- | --- |");
  for (const backend of backends) {
    const previous = useKernels(backend);
    const seconds = timePredict(width, depth, 3);
    if (previous) useKernels(previous);
    console.log(
      `| ${backend.name} | ${seconds.toFixed(2)} s | ${numpy.seconds.toFixed(2)} s | ${
        (seconds / numpy.seconds).toFixed(2)
      }× |`,
    );
  }
}
