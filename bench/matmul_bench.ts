/**
 * Benchmark of the counted matmul at 256 and 1024 (float32 and float64) against numpy at the
 * same shapes in the same run (bench/numpy_matmul.py through `python3`, when present), on the
 * plain-JS backend and, when this engine runs it, the WASM SIMD backend.
 *
 * Run: deno run -A bench/matmul_bench.ts [--sizes 256,1024]
 *
 * @module
 */

import { np } from "../lib/api/mod.ts";
import { withBudget } from "../lib/budget/mod.ts";
import { createJsKernels, type Kernels, useKernels } from "../lib/kernels/mod.ts";
import { createWasmKernels } from "../lib/kernels/wasm/mod.ts";
import { optionalBlas } from "./_blas.ts";
import { runNumpyPeer } from "./numpy_peer.ts";

interface Timing {
  n: number;
  dtype: "float32" | "float64";
  seconds: number;
  gflops: number;
}

function randomSquare(n: number, dtype: "float32" | "float64") {
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = Math.random() * 2 - 1;
  return np.reshape(np.array(data, dtype), [n, n]);
}

/** Best time of a counted (n×n)@(n×n), repeated until at least `minTotalS` has elapsed. */
function timeCounted(n: number, dtype: "float32" | "float64", minTotalS = 1): Timing {
  const a = randomSquare(n, dtype);
  const b = randomSquare(n, dtype);
  np.matmul(a, b); // warm-up: JIT and scratch buffers
  let best = Infinity;
  let total = 0;
  let reps = 0;
  while (total < minTotalS || reps < 2) {
    const { summary } = withBudget({ flopBudget: Number.MAX_SAFE_INTEGER }, () => np.matmul(a, b));
    best = Math.min(best, summary.wall_time_s);
    total += summary.wall_time_s;
    reps++;
  }
  return { n, dtype, seconds: best, gflops: (2 * n ** 3) / best / 1e9 };
}

async function timeNumpy(sizes: number[]): Promise<{ version: string; results: Timing[] } | null> {
  try {
    const parsed = await runNumpyPeer<{ numpy: string; results: Timing[] }>(
      "numpy_matmul.py",
      sizes,
    );
    return { version: parsed.numpy, results: parsed.results };
  } catch {
    return null;
  }
}

function parseSizes(args: string[]): number[] {
  const at = args.indexOf("--sizes");
  if (at < 0) return [256, 1024];
  return args[at + 1].split(",").map(Number);
}

function printTable(backend: string, ours: Timing[], numpy: { results: Timing[] } | null): void {
  console.log(`\ncounted matmul on backend "${backend}"`);
  console.log("n     dtype    ours ms    ours GFLOP/s  numpy ms   numpy GFLOP/s  ratio");
  for (const t of ours) {
    const ref = numpy?.results.find((r) => r.n === t.n && r.dtype === t.dtype);
    const cols = [
      String(t.n).padEnd(5),
      t.dtype.padEnd(8),
      (t.seconds * 1e3).toFixed(2).padStart(9),
      t.gflops.toFixed(2).padStart(13),
      ref ? (ref.seconds * 1e3).toFixed(2).padStart(9) : "      n/a",
      ref ? ref.gflops.toFixed(1).padStart(14) : "           n/a",
      ref ? (t.gflops / ref.gflops).toFixed(4).padStart(7) : "    n/a",
    ];
    console.log(cols.join("  "));
  }
  const f32 = ours.find((t) => t.n === 1024 && t.dtype === "float32");
  const ref32 = numpy?.results.find((r) => r.n === 1024 && r.dtype === "float32");
  if (f32 && ref32) {
    console.log(
      `float32 1024: ${(f32.gflops / ref32.gflops).toFixed(4)}x numpy float32 (target >= 0.03x)`,
    );
  }
}

function timeBackend(backend: Kernels, sizes: number[]): Timing[] {
  const previous = useKernels(backend);
  try {
    const ours: Timing[] = [];
    for (const n of sizes) {
      for (const dtype of ["float32", "float64"] as const) ours.push(timeCounted(n, dtype));
    }
    return ours;
  } finally {
    if (previous) useKernels(previous);
  }
}

function tryWasm(): (Kernels & { close(): void }) | null {
  try {
    return createWasmKernels();
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const sizes = parseSizes(Deno.args);
  const js = createJsKernels();
  const jsTimes = timeBackend(js, sizes);
  const wasm = tryWasm();
  const wasmTimes = wasm ? timeBackend(wasm, sizes) : null;
  wasm?.close();
  const blas = optionalBlas();
  const blasTimes = blas ? timeBackend(blas, sizes) : null;
  const numpy = await timeNumpy(sizes);
  console.log(numpy ? `numpy ${numpy.version} (python3, same run)` : "numpy: python3 not found");
  printTable(js.name, jsTimes, numpy);
  if (wasm && wasmTimes) printTable(wasm.name, wasmTimes, numpy);
  if (blas && blasTimes) printTable(blas.name, blasTimes, numpy);
}
