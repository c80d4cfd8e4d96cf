/**
 * The work of `whest profile-simulation`: the ground-truth sampler timed over a grid of kernel
 * backends × thread counts × MLP shapes × sample counts, each cell reporting samples per
 * second, FLOPs per second (from the sampler's own meter) and the time 10^9 samples (a round's
 * ground truth per MLP) would take at that rate.
 *
 * @module
 */
import { WhestError } from "../core/errors.ts";
import { sampleMlp } from "../contest/mlp.ts";
import { contestSeeds } from "../contest/seeding.ts";
import type { MlpSpec } from "../contract/mlp.ts";
import { sampleGroundTruth } from "../groundtruth/sampler.ts";
import { createBlasKernels } from "../kernels/blas/backend.ts";
import { type BlasLibrary, BlasUnavailable, findBlas, openBlas } from "../kernels/blas/library.ts";
import { createJsKernels } from "../kernels/js/backend.ts";
import { type Kernels, useKernels } from "../kernels/seam.ts";
import { createWasmKernels } from "../kernels/wasm/backend.ts";
import { supportedVariants } from "../kernels/wasm/loader.ts";

/** The backends a profile can time, in the order the grid lists them. */
export const PROFILE_BACKENDS = ["js", "wasm", "blas"] as const;

/** One of {@link PROFILE_BACKENDS}. */
export type ProfileBackend = typeof PROFILE_BACKENDS[number];

/** The presets' names, smallest first. */
export const PRESET_NAMES = ["super-quick", "quick", "standard", "exhaustive"] as const;

/** One of {@link PRESET_NAMES}. */
export type PresetName = typeof PRESET_NAMES[number];

/**
 * Which thread counts up to the maximum a preset times: `ends` 1 and the maximum, `powers` the
 * powers of two below the maximum and the maximum, `every` each count from 1.
 */
export type ThreadLadder = "ends" | "powers" | "every";

/** One MLP shape of a preset and the sample counts timed on it. */
export interface ShapeSamples {
  /** Neurons per layer. */
  readonly width: number;
  /** Weight matrices. */
  readonly depth: number;
  /** Sample counts, each one cell per backend and thread count. */
  readonly samples: readonly number[];
}

/** A named grid. */
export interface ProfilePreset {
  /** The preset's name. */
  readonly name: PresetName;
  /** One line for the help text. */
  readonly description: string;
  /** Shapes, each with its own sample counts (the plain-JS backend must finish them too). */
  readonly shapes: readonly ShapeSamples[];
  /** The thread counts timed. */
  readonly threads: ThreadLadder;
}

/**
 * The presets. Sample counts are sized for the slowest backend, plain JS at about 3 GFLOP/s:
 * on 2 cores super-quick takes about 2 s, quick about 20 s (most of it JS at 1024×16, the
 * rounds' shape, where 1,024 samples are one full chunk of the sampler), standard about 75 s
 * and exhaustive about 12 minutes.
 */
export const PRESETS: Readonly<Record<PresetName, ProfilePreset>> = {
  "super-quick": {
    name: "super-quick",
    description: "128×4, 16,384 samples; 1 and the most threads (seconds)",
    shapes: [{ width: 128, depth: 4, samples: [16384] }],
    threads: "ends",
  },
  quick: {
    name: "quick",
    description: "256×8 (8,192 samples), 1024×16 (1,024); 1 and the most threads",
    shapes: [
      { width: 256, depth: 8, samples: [8192] },
      { width: 1024, depth: 16, samples: [1024] },
    ],
    threads: "ends",
  },
  standard: {
    name: "standard",
    description: "256×8 (4,096, 16,384), 1024×16 (1,024, 4,096); threads 1, 2, 4, …",
    shapes: [
      { width: 256, depth: 8, samples: [4096, 16384] },
      { width: 1024, depth: 16, samples: [1024, 4096] },
    ],
    threads: "powers",
  },
  exhaustive: {
    name: "exhaustive",
    description: "5 shapes from 64×4 to 2048×16, 1,024–65,536 samples; every thread count",
    shapes: [
      { width: 64, depth: 4, samples: [8192, 65536] },
      { width: 256, depth: 8, samples: [4096, 16384, 65536] },
      { width: 1024, depth: 16, samples: [1024, 4096, 16384] },
      { width: 1024, depth: 32, samples: [2048] },
      { width: 2048, depth: 16, samples: [1024, 4096] },
    ],
    threads: "every",
  },
};

/** The samples of a round's ground truth, for the projected time. */
export const PROJECTED_SAMPLES = 1e9;

/** The contest seed the profiled MLPs and their inputs are drawn from. */
export const PROFILE_SEED = 0;

/**
 * Whether `value` names a preset.
 *
 * @param value Any string.
 */
export function isPresetName(value: string): value is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(value);
}

/**
 * Whether `value` names a profiled backend.
 *
 * @param value Any string.
 */
export function isProfileBackend(value: string): value is ProfileBackend {
  return (PROFILE_BACKENDS as readonly string[]).includes(value);
}

/**
 * The thread counts a ladder times up to `maxThreads`, ascending and without repeats.
 *
 * @example
 * ```ts
 * import { threadCounts } from "./simulation.ts";
 * threadCounts("powers", 6); // [1, 2, 4, 6]
 * ```
 * @param ladder The preset's ladder.
 * @param maxThreads The most threads (at least 1).
 */
export function threadCounts(ladder: ThreadLadder, maxThreads: number): number[] {
  if (!Number.isInteger(maxThreads) || maxThreads < 1) {
    throw new RangeError(`maxThreads must be a positive integer, got ${maxThreads}`);
  }
  const counts = new Set<number>([1]);
  if (ladder === "every") { for (let t = 2; t <= maxThreads; t++) counts.add(t); }
  if (ladder === "powers") { for (let t = 2; t < maxThreads; t *= 2) counts.add(t); }
  counts.add(maxThreads);
  return [...counts].sort((a, b) => a - b);
}

/** One cell of the grid, before it runs. */
export interface CellPlan {
  /** Neurons per layer. */
  readonly width: number;
  /** Weight matrices. */
  readonly depth: number;
  /** The backend. */
  readonly backend: ProfileBackend;
  /** Threads the backend may use. */
  readonly threads: number;
  /** Samples drawn through the MLP. */
  readonly samples: number;
}

/**
 * The cells of a preset: shape by shape (one MLP in memory at a time), then backend, thread
 * count and sample count. Plain JS runs on the calling thread alone, so it has one thread count.
 *
 * @example
 * ```ts
 * import { expandGrid, PRESETS } from "./simulation.ts";
 * expandGrid(PRESETS["super-quick"], ["js", "wasm"], 2).length; // 3: js×1, wasm×1, wasm×2
 * ```
 * @param preset The preset.
 * @param backends The backends to time, in order.
 * @param maxThreads The most threads.
 */
export function expandGrid(
  preset: ProfilePreset,
  backends: readonly ProfileBackend[],
  maxThreads: number,
): CellPlan[] {
  const ladder = threadCounts(preset.threads, maxThreads);
  const cells: CellPlan[] = [];
  for (const { width, depth, samples } of preset.shapes) {
    for (const backend of backends) {
      for (const threads of backend === "js" ? [1] : ladder) {
        for (const n of samples) cells.push({ width, depth, backend, threads, samples: n });
      }
    }
  }
  return cells;
}

/** One timed cell. Field names are the JSON output's. */
export interface CellResult extends CellPlan {
  /** The backend's own name, e.g. "wasm-simd-x2" or "blas-openblas-x1". */
  readonly kernel: string;
  /** The sampler's wall time for the cell's samples (its meter's `wall_time_s`). */
  readonly seconds: number;
  /** `samples / seconds`. */
  readonly samples_per_s: number;
  /** FLOPs the sampler's meter charged. */
  readonly flops: number;
  /** `flops / seconds`. */
  readonly flops_per_s: number;
  /** Seconds {@link PROJECTED_SAMPLES} samples would take at this rate. */
  readonly projected_s: number;
}

/** A backend built for one thread count, and how to free it. */
export interface BuiltBackend {
  /** The kernels. */
  readonly kernels: Kernels;
  /** Frees what was built (WASM's worker threads); a shared BLAS library stays open. */
  release(): void;
}

/** A backend that can be built for any thread count. */
export interface BackendMaker {
  /** Which backend. */
  readonly backend: ProfileBackend;
  /** Builds it for `threads` threads; the profile releases it after its cells. */
  create(threads: number): BuiltBackend;
}

/** The backends that can run here, and why any other was left out. */
export interface AvailableBackends {
  /** One maker per backend that runs, in {@link PROFILE_BACKENDS} order. */
  readonly makers: readonly BackendMaker[];
  /** Backends left out of a default grid, with the reason. */
  readonly skipped: readonly { readonly backend: ProfileBackend; readonly reason: string }[];
  /** The BLAS file in use, or null. */
  readonly blasPath: string | null;
}

function blasMaker(library: BlasLibrary): BackendMaker {
  // one library for the whole grid (a BLAS is never unloaded): each thread count only changes
  // its setting
  return {
    backend: "blas",
    create: (threads) => ({ kernels: createBlasKernels(library, threads), release: () => {} }),
  };
}

/**
 * Opens the backends to time. With `requested` null every backend is tried and those that
 * cannot run here are listed in `skipped`; a backend asked for by name that cannot run fails.
 *
 * @param requested The `--kernels` list, or null for every backend.
 * @throws {WhestError} When a requested backend cannot run here.
 */
export function openBackends(requested: readonly ProfileBackend[] | null): AvailableBackends {
  const wanted = requested ?? PROFILE_BACKENDS;
  const makers: BackendMaker[] = [];
  const skipped: { backend: ProfileBackend; reason: string }[] = [];
  let library: BlasLibrary | undefined;
  const unavailable = (backend: ProfileBackend, reason: string) => {
    if (requested !== null) throw new WhestError(`--kernels ${backend}: ${reason}`);
    skipped.push({ backend, reason });
  };
  for (const backend of PROFILE_BACKENDS.filter((b) => wanted.includes(b))) {
    if (backend === "js") {
      makers.push({ backend, create: () => ({ kernels: createJsKernels(), release: () => {} }) });
    } else if (backend === "wasm") {
      if (supportedVariants().length === 0) {
        unavailable(backend, "this engine lacks WASM SIMD or shared memory");
      } else {
        makers.push({
          backend,
          create: (threads) => {
            const kernels = createWasmKernels({ threads });
            return { kernels, release: () => kernels.close() };
          },
        });
      }
    } else {
      const path = findBlas();
      if (path === undefined) {
        unavailable(backend, "no BLAS found (install OpenBLAS or set WHEST_BLAS)");
        continue;
      }
      try {
        library = openBlas(path);
        makers.push(blasMaker(library));
      } catch (error) {
        if (!(error instanceof BlasUnavailable)) throw error;
        unavailable(backend, error.message);
      }
    }
  }
  return { makers, skipped, blasPath: library?.path ?? null };
}

/** Called after each cell with the result, its position (from 0) and the number of cells. */
export type CellProgress = (cell: CellResult, index: number, total: number) => void;

function profiledMlp(width: number, depth: number): MlpSpec {
  const [streams] = contestSeeds(PROFILE_SEED, 1);
  return sampleMlp(width, depth, streams.weightRng, `profile-${width}x${depth}`);
}

/** A fresh copy of the profiled MLP's input stream: every cell samples the same inputs. */
const inputs = () => contestSeeds(PROFILE_SEED, 1)[0].inputRng;

/** Runs of consecutive cells sharing shape, backend and thread count. */
function groups(cells: readonly CellPlan[]): CellPlan[][] {
  const runs: CellPlan[][] = [];
  const key = (c: CellPlan) => `${c.width}x${c.depth}/${c.backend}/${c.threads}`;
  for (const cell of cells) {
    const last = runs.at(-1);
    if (last !== undefined && key(last[0]) === key(cell)) last.push(cell);
    else runs.push([cell]);
  }
  return runs;
}

/**
 * Times every cell. Each run of cells sharing shape, backend and thread count first samples
 * an untimed eighth of its smallest sample count, so JIT compilation and thread start-up stay
 * out of the timings. The active kernel backend is restored afterwards.
 *
 * @param cells The grid ({@link expandGrid}).
 * @param makers The backends ({@link openBackends}); each cell's backend must be among them.
 * @param onCell Called after each cell.
 * @returns One result per cell, in order.
 */
export async function profileSimulation(
  cells: readonly CellPlan[],
  makers: readonly BackendMaker[],
  onCell?: CellProgress,
): Promise<CellResult[]> {
  const results: CellResult[] = [];
  let previous: Kernels | undefined | null = null; // null: nothing swapped yet
  let mlp: MlpSpec | undefined;
  try {
    for (const run of groups(cells)) {
      const { width, depth, backend: name, threads } = run[0];
      if (mlp?.width !== width || mlp.depth !== depth) {
        mlp = undefined; // lets the previous shape's weights go before the next are drawn
        mlp = profiledMlp(width, depth);
      }
      const maker = makers.find((m) => m.backend === name);
      if (maker === undefined) throw new Error(`profileSimulation: backend ${name} not opened`);
      const built = maker.create(threads);
      const last = useKernels(built.kernels);
      if (previous === null) previous = last;
      try {
        await sampleGroundTruth(
          mlp,
          inputs(),
          Math.ceil(Math.min(...run.map((c) => c.samples)) / 8),
        );
        for (const cell of run) {
          const { summary } = await sampleGroundTruth(mlp, inputs(), cell.samples);
          const seconds = summary.wall_time_s;
          const samplesPerS = cell.samples / seconds;
          const result: CellResult = {
            ...cell,
            kernel: built.kernels.name,
            seconds,
            samples_per_s: samplesPerS,
            flops: summary.flops_used,
            flops_per_s: summary.flops_used / seconds,
            projected_s: PROJECTED_SAMPLES / samplesPerS,
          };
          results.push(result);
          onCell?.(result, results.length - 1, cells.length);
        }
      } finally {
        built.release();
      }
    }
  } finally {
    if (previous) useKernels(previous);
  }
  return results;
}
