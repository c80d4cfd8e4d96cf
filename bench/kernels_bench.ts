/**
 * Kernel benchmark: the WASM backend's matmul (float32, float64 at 256 and 1024) and the
 * sampler's fused layer step (1024×16 by default) beside numpy in the same run
 * (bench/numpy_kernels.py: `x @ w` and the reference sampler loop on fixed input chunks).
 *
 * Machines shared with other work are noisy, so whest and numpy are timed in alternating passes
 * (whest, numpy, whest, numpy) and each keeps its better pass; every figure is a best-of-several
 * time.
 *
 * Usage: deno run -A bench/kernels_bench.ts [--sizes 256,1024] [--width 1024] [--depth 16]
 *        [--samples 8192] [--json]
 *
 * @module
 */

import type { Kernels } from "../lib/kernels/seam.ts";
import { createWasmKernels } from "../lib/kernels/wasm/mod.ts";
import { runNumpyPeer } from "./numpy_peer.ts";

interface Options {
  sizes: number[];
  width: number;
  depth: number;
  samples: number;
  json: boolean;
}

interface MatmulTiming {
  n: number;
  dtype: "float32" | "float64";
  seconds: number;
  gflops: number;
}

interface SamplerTiming {
  seconds: number;
  samples_per_s: number;
  gflops: number;
}

interface Pass {
  matmul: MatmulTiming[];
  sampler: SamplerTiming;
}

function parseOptions(args: string[]): Options {
  const value = (flag: string, fallback: string) => {
    const at = args.indexOf(flag);
    return at < 0 ? fallback : args[at + 1];
  };
  return {
    sizes: value("--sizes", "256,1024").split(",").map(Number),
    width: Number(value("--width", "1024")),
    depth: Number(value("--depth", "16")),
    samples: Number(value("--samples", "8192")),
    json: args.includes("--json"),
  };
}

/** Best time of `fn`, run until `minTotalS` seconds and `minReps` runs have passed. */
function bestTime(fn: () => void, minTotalS = 0.5, minReps = 3): number {
  fn(); // warm-up: tier-up of the WASM code, memory growth, worker start
  let best = Infinity;
  let total = 0;
  for (let reps = 0; total < minTotalS || reps < minReps; reps++) {
    const started = performance.now();
    fn();
    const seconds = (performance.now() - started) / 1000;
    best = Math.min(best, seconds);
    total += seconds;
  }
  return best;
}

function normals(length: number, scale: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random())) * scale;
    const t = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(t);
    if (i + 1 < length) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

function timeMatmul(backend: Kernels, n: number, dtype: "float32" | "float64"): MatmulTiming {
  const seconds = dtype === "float32"
    ? (() => {
      const [a, b, c] = [normals(n * n, 1), normals(n * n, 1), new Float32Array(n * n)];
      return bestTime(() => backend.matmulF32(a, b, c, n, n, n, false, false));
    })()
    : (() => {
      const [a, b, c] = [
        Float64Array.from(normals(n * n, 1)),
        Float64Array.from(normals(n * n, 1)),
        new Float64Array(n * n),
      ];
      return bestTime(() => backend.matmulF64(a, b, c, n, n, n, false, false));
    })();
  return { n, dtype, seconds, gflops: (2 * n ** 3) / seconds / 1e9 };
}

/** The reference sampler loop on fixed chunks: the per-layer fused kernel and float64 sums. */
function timeSampler(backend: Kernels, { width: n, depth, samples }: Options): SamplerTiming {
  const chunk = Math.max(1024, Math.min(16384, Math.floor(2 ** 20 / n)));
  const weights = Array.from({ length: depth }, () => normals(n * n, Math.sqrt(2 / n)));
  const input = normals(chunk * n, 1);
  const x = new Float32Array(chunk * n);
  const y = new Float32Array(chunk * n);
  const sums = new Float64Array(depth * n);
  const squares = new Float64Array(n);
  const run = () => {
    for (let done = 0; done < samples;) {
      const rows = Math.min(chunk, samples - done);
      let from = x.subarray(0, rows * n);
      let to = y.subarray(0, rows * n);
      from.set(input.subarray(0, rows * n));
      for (let l = 0; l < depth; l++) {
        const last = l === depth - 1 ? squares : undefined;
        backend.reluMatmulColumnSumsF32(
          from,
          weights[l],
          to,
          rows,
          n,
          sums.subarray(l * n, (l + 1) * n),
          last,
        );
        [from, to] = [to, from];
      }
      done += rows;
    }
  };
  const seconds = bestTime(run, 2, 2);
  return {
    seconds,
    samples_per_s: samples / seconds,
    gflops: (2 * samples * depth * n * n) / seconds / 1e9,
  };
}

function timeWhest(backend: Kernels, options: Options): Pass {
  const matmul: MatmulTiming[] = [];
  for (const n of options.sizes) {
    for (const dtype of ["float32", "float64"] as const) matmul.push(timeMatmul(backend, n, dtype));
  }
  return { matmul, sampler: timeSampler(backend, options) };
}

function better<T extends Pass>(a: T, b: T): T {
  return {
    ...a,
    matmul: a.matmul.map((t, i) => (b.matmul[i].seconds < t.seconds ? b.matmul[i] : t)),
    sampler: b.sampler.seconds < a.sampler.seconds ? b.sampler : a.sampler,
  };
}

function timeNumpy(options: Options): Promise<Pass & { numpy: string }> {
  const { sizes, width, depth, samples } = options;
  return runNumpyPeer("numpy_kernels.py", [sizes.join(","), width, depth, samples]);
}

const TARGETS: Record<string, number> = {
  "float32 1024": 0.33,
  "float64 1024": 0.8,
  sampler: 0.33,
};

if (import.meta.main) {
  const options = parseOptions(Deno.args);
  const backend = createWasmKernels();
  const serial = createWasmKernels({ threads: 1 });
  const first = timeWhest(backend, options);
  const firstNumpy = await timeNumpy(options);
  const ours = better(first, timeWhest(backend, options));
  const numpy = better(firstNumpy, await timeNumpy(options));
  const single = timeWhest(serial, { ...options, samples: Math.min(options.samples, 2048) });
  const rows = ours.matmul.map((t, i) => {
    const peer = numpy.matmul.find((p) => p.n === t.n && p.dtype === t.dtype)!;
    return {
      case: `matmul ${t.dtype} ${t.n}`,
      ours: t.gflops,
      single: single.matmul[i].gflops,
      numpy: peer.gflops,
      ratio: t.gflops / peer.gflops,
      target: TARGETS[`${t.dtype} ${t.n}`],
    };
  });
  rows.push({
    case: `sampler ${options.width}x${options.depth} (samples/s)`,
    ours: ours.sampler.samples_per_s,
    single: single.sampler.samples_per_s,
    numpy: numpy.sampler.samples_per_s,
    ratio: ours.sampler.samples_per_s / numpy.sampler.samples_per_s,
    target: TARGETS.sampler,
  });
  if (options.json) {
    console.log(
      JSON.stringify({ backend: backend.name, numpy: numpy.numpy, rows, ours, numpyPass: numpy }),
    );
  } else {
    console.log(
      `backend ${backend.name} (and ${serial.name}) vs numpy ${numpy.numpy}; GFLOP/s unless noted`,
    );
    console.log("case                              ours      x1   numpy   ratio  target");
    for (const r of rows) {
      console.log([
        r.case.padEnd(32),
        r.ours.toFixed(1).padStart(7),
        r.single.toFixed(1).padStart(7),
        r.numpy.toFixed(1).padStart(7),
        r.ratio.toFixed(2).padStart(7),
        r.target === undefined
          ? ""
          : `${r.target.toFixed(2).padStart(7)} ${r.ratio >= r.target ? "met" : "MISSED"}`,
      ].join(" "));
    }
    console.log(
      `sampler GFLOP/s: ours ${ours.sampler.gflops.toFixed(1)}, numpy ${
        numpy.sampler.gflops.toFixed(1)
      }`,
    );
  }
  backend.close();
  serial.close();
}
