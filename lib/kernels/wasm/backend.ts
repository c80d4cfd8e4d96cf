/**
 * The WASM SIMD kernel backend: float32/float64 matmul in all four orientations and the Monte
 * Carlo sampler's fused layer step, on every core.
 *
 * Each call copies its operands into the shared WASM memory, packs A into MR-row panels and B
 * into NR-column panels (one parallel batch), computes C in column blocks of register tiles
 * (a second batch) and copies C out. Work below a size threshold stays on the calling thread;
 * work too small to pay for the copies, or too large for the 4 GiB memory, goes to a fallback
 * backend (plain JS by default).
 *
 * Numerics: every C element sums its k products in increasing k order whatever the blocking
 * and the thread count, and the sampler sums each column over rows in row order, so results
 * are bit-identical for any thread count. The `simd` and `scalar` builds round each product
 * and each sum to float32 (exactly the sequential float32 loop); the `relaxed` build uses
 * fused multiply-add where the CPU has it, which rounds once per step instead of twice.
 *
 * @module
 */

import type { ComputeKernels, Kernels } from "../seam.ts";
import { JS_COMPUTE_KERNELS } from "../js/compute.ts";
import { createJsKernels } from "../js/backend.ts";
import { matmulWithoutProducts } from "../js/matmul.ts";
import { Arena, copyCorner } from "./arena.ts";
import { HEADER, JOB_KIND } from "./jobs.ts";
import { type LoadedKernels, loadKernels } from "./loader.ts";
import { JobRunner } from "./pool.ts";
import { parseThreads, wasmThreads } from "./threads.ts";
import type { WasmVariant } from "./wat.ts";
import { AXPY_UNROLL } from "./wat_vector.ts";

/** Options of {@link createWasmKernels}. */
export interface WasmKernelOptions {
  /** Force a build ("relaxed", "simd", "scalar"); default: the fastest this engine runs. */
  readonly variant?: WasmVariant;
  /** Fixed thread count; default: follow `setWasmThreads` / WHEST_THREADS / all cores. */
  readonly threads?: number;
  /** Backend for calls too small or too large for WASM; default: the plain-JS backend. */
  readonly fallback?: Kernels;
  /** Work (2·m·n·k) below which calls go to the fallback; default 2^13 (tests pass 0). */
  readonly wasmMinFlops?: number;
  /** Work below which calls stay on the calling thread; default 2^23 (tests pass 0). */
  readonly parallelMinFlops?: number;
}

/** A WASM kernel backend. */
export interface WasmKernels extends Kernels {
  /** The build in use. */
  readonly variant: WasmVariant;
  /** Threads the next large call will use, counting the calling thread. */
  readonly threads: number;
  /** Jobs worker threads have run so far (diagnostics: shows the threads take part). */
  readonly workerJobs: number;
  /** Stops the worker threads (the backend then runs on the calling thread only). */
  close(): void;
  /**
   * The sampler's epilogue alone, on the calling thread: ReLU in place on `out` (rows×n), then
   * float64 column sums (and sums of squares) added in row order, as the JS kernel does, so
   * the results are the same bits. For a backend whose product runs elsewhere (BLAS).
   *
   * @returns False when it cannot run here (a width the SIMD loop does not cover, no room in
   *   the arena): the caller runs the JS epilogue.
   */
  reluColumnSumsF32(
    out: Float32Array,
    rows: number,
    n: number,
    colSums: Float64Array,
    colSquareSums?: Float64Array,
  ): boolean;
}

/** Steps of k per cache block (packed A micro-panel and B block stay in L1 / L2). */
const KC = 256;
/**
 * Jobs per thread a batch aims at: enough that a thread preempted by other work (or a worker
 * that starts late) leaves only a short tail, few enough that per-job overhead stays negligible.
 */
const JOBS_PER_THREAD = 8;
/** Most NR-column panels per job: a job's B block (KC × NC) fits in L2. */
const MAX_COL_PANELS = 16;
/** Default work (2·m·n·k) below which a call stays on the calling thread. */
const PARALLEL_MIN_FLOPS = 1 << 23;
/** Default work below which the copies into WASM memory cost more than they save. */
const WASM_MIN_FLOPS = 1 << 13;

const LABELS: Record<WasmVariant, string> = {
  relaxed: "relaxed-simd",
  simd: "simd",
  scalar: "scalar",
};

function checkLength(what: string, length: number, need: number): void {
  if (length < need) {
    throw new RangeError(`wasm kernels: ${what} has ${length} elements, needs ${need}`);
  }
}

/** Rows of A (mr) and columns of B (nr) per packed panel of one precision's register tile. */
interface PanelSizes {
  readonly mr: number;
  readonly nr: number;
}

/** The matrix products in WASM; {@link createWasmKernels} adds the plain-JS compute set. */
class WasmBackend implements Omit<WasmKernels, keyof ComputeKernels> {
  readonly variant: WasmVariant;
  readonly #loaded: LoadedKernels;
  readonly #runner: JobRunner;
  readonly #fallback: Kernels;
  readonly #fixedThreads: number | undefined;
  readonly #wasmMinFlops: number;
  readonly #parallelMinFlops: number;
  readonly #arena: Arena;
  readonly #panelsF32: PanelSizes;
  readonly #panelsF64: PanelSizes;

  constructor(options: WasmKernelOptions) {
    this.#loaded = loadKernels(options.variant);
    this.variant = this.#loaded.variant;
    this.#arena = new Arena(this.#loaded.memory);
    const global = (name: string) =>
      (this.#loaded.exports[name] as WebAssembly.Global).value as number;
    this.#panelsF32 = { mr: global("mr_f32"), nr: global("nr_f32") };
    this.#panelsF64 = { mr: global("mr_f64"), nr: global("nr_f64") };
    this.#runner = new JobRunner(this.#loaded.module, this.#loaded.memory, this.#loaded.exports);
    this.#fallback = options.fallback ?? createJsKernels();
    this.#fixedThreads = options.threads === undefined
      ? undefined
      : parseThreads(options.threads, "threads");
    this.#wasmMinFlops = options.wasmMinFlops ?? WASM_MIN_FLOPS;
    this.#parallelMinFlops = options.parallelMinFlops ?? PARALLEL_MIN_FLOPS;
    this.#syncThreads();
  }

  get workerJobs(): number {
    return this.#runner.workerJobs;
  }

  get name(): string {
    return `wasm-${LABELS[this.variant]}-x${this.threads}`;
  }

  get threads(): number {
    return this.#fixedThreads ?? wasmThreads();
  }

  close(): void {
    this.#runner.close();
  }

  matmulF32(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void {
    if (!this.#matmul(false, a, b, c, m, k, n, transA, transB)) {
      this.#fallback.matmulF32(a, b, c, m, k, n, transA, transB);
    }
  }

  matmulF64(
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void {
    if (!this.#matmul(true, a, b, c, m, k, n, transA, transB)) {
      this.#fallback.matmulF64(a, b, c, m, k, n, transA, transB);
    }
  }

  reluMatmulColumnSumsF32(
    x: Float32Array,
    w: Float32Array,
    out: Float32Array,
    rows: number,
    n: number,
    colSums: Float64Array,
    colSquareSums?: Float64Array,
  ): void {
    checkLength("x", x.length, rows * n);
    checkLength("w", w.length, n * n);
    checkLength("out", out.length, rows * n);
    checkLength("colSums", colSums.length, n);
    if (colSquareSums) checkLength("colSquareSums", colSquareSums.length, n);
    if (rows === 0 || n === 0) return;
    const flops = 2 * rows * n * n;
    const { mr, nr } = this.#panelsF32;
    const rowPanels = Math.ceil(rows / mr);
    const colPanels = Math.ceil(n / nr);
    const ldc = colPanels * nr;
    const offsets = flops < this.#wasmMinFlops ? undefined : this.#arena.allocate([
      rows * n * 4,
      n * n * 4,
      rowPanels * mr * n * 4,
      colPanels * nr * n * 4,
      rowPanels * mr * ldc * 4,
      ldc * 8,
      ldc * 8,
    ]);
    if (offsets === undefined) {
      this.#fallback.reluMatmulColumnSumsF32(x, w, out, rows, n, colSums, colSquareSums);
      return;
    }
    const [xAt, wAt, paAt, pbAt, cAt, sumsAt, squaresAt] = offsets;
    const parallel = this.#syncThreads() > 1 && flops >= this.#parallelMinFlops;
    this.#arena.f32.set(x.subarray(0, rows * n), xAt / 4);
    this.#arena.f32.set(w.subarray(0, n * n), wAt / 4);
    const sums = this.#arena.f64.subarray(sumsAt / 8, sumsAt / 8 + n);
    sums.set(colSums.subarray(0, n));
    if (colSquareSums) this.#arena.f64.set(colSquareSums.subarray(0, n), squaresAt / 8);
    this.#pack(false, parallel, [xAt, n * 4, 4, rows, paAt], [wAt, 4, n * 4, n, pbAt], n);
    const h = this.#runner.header;
    const threads = parallel ? this.#runner.threads : 1;
    const colPer = Math.max(
      1,
      Math.min(MAX_COL_PANELS, Math.ceil(colPanels / (JOBS_PER_THREAD * threads))),
    );
    const colBlocks = Math.ceil(colPanels / colPer);
    this.#writeGemmHeader(JOB_KIND.RELU_GEMM, false, cAt, ldc, rowPanels, colPer, colBlocks);
    h[HEADER.ROWS] = rows;
    h[HEADER.SUMS] = sumsAt;
    h[HEADER.SQUARES] = colSquareSums ? squaresAt : 0;
    this.#runner.run(colBlocks, parallel);
    copyCorner(this.#arena.f32, cAt / 4, ldc, out, rows, n);
    colSums.set(sums);
    if (colSquareSums) {
      colSquareSums.set(this.#arena.f64.subarray(squaresAt / 8, squaresAt / 8 + n));
    }
  }

  reluColumnSumsF32(
    out: Float32Array,
    rows: number,
    n: number,
    colSums: Float64Array,
    colSquareSums?: Float64Array,
  ): boolean {
    checkLength("out", out.length, rows * n);
    checkLength("colSums", colSums.length, n);
    if (colSquareSums) checkLength("colSquareSums", colSquareSums.length, n);
    // the SIMD loop steps four columns at a time and would run past a row's end otherwise
    if (rows === 0 || n === 0 || (this.variant !== "scalar" && n % 4 !== 0)) return false;
    const offsets = this.#arena.allocate([rows * n * 4, n * 8, n * 8]);
    if (offsets === undefined) return false;
    const [cAt, sumsAt, squaresAt] = offsets;
    const f32 = this.#arena.f32;
    const f64 = this.#arena.f64;
    f32.set(out.subarray(0, rows * n), cAt / 4);
    f64.set(colSums.subarray(0, n), sumsAt / 8);
    if (colSquareSums) f64.set(colSquareSums.subarray(0, n), squaresAt / 8);
    this.#loaded.exports.relu_sums_f32(
      cAt,
      n,
      0,
      rows,
      0,
      n,
      sumsAt,
      colSquareSums ? squaresAt : 0,
    );
    out.set(f32.subarray(cAt / 4, cAt / 4 + rows * n));
    colSums.set(f64.subarray(sumsAt / 8, sumsAt / 8 + n));
    if (colSquareSums) colSquareSums.set(f64.subarray(squaresAt / 8, squaresAt / 8 + n));
    return true;
  }

  /** Runs a matmul in WASM; false when the fallback should run it instead. */
  #matmul(
    f64: boolean,
    a: Float32Array | Float64Array,
    b: Float32Array | Float64Array,
    c: Float32Array | Float64Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): boolean {
    checkLength("A", a.length, m * k);
    checkLength("B", b.length, k * n);
    checkLength("C", c.length, m * n);
    if (matmulWithoutProducts(c, m, k, n)) return true;
    const flops = 2 * m * n * k;
    if (flops < this.#wasmMinFlops) return false;
    // a vector operand whose matrix streams by rows: no packing, no padded tile to waste
    if (n === 1 && transA) return this.#matvec(f64, a, b, c, k, m);
    if (m === 1 && !transB) return this.#matvec(f64, b, a, c, k, n);
    const size = f64 ? 8 : 4;
    const { mr, nr } = f64 ? this.#panelsF64 : this.#panelsF32;
    const rowPanels = Math.ceil(m / mr);
    const colPanels = Math.ceil(n / nr);
    const ldc = colPanels * nr;
    const offsets = this.#arena.allocate([
      m * k * size,
      k * n * size,
      rowPanels * mr * k * size,
      colPanels * nr * k * size,
      rowPanels * mr * ldc * size,
    ]);
    if (offsets === undefined) return false;
    const [aAt, bAt, paAt, pbAt, cAt] = offsets;
    const view = f64 ? this.#arena.f64 : this.#arena.f32;
    view.set(a.subarray(0, m * k), aAt / size);
    view.set(b.subarray(0, k * n), bAt / size);
    const parallel = this.#syncThreads() > 1 && flops >= this.#parallelMinFlops;
    // A's lanes are rows i of op(A), B's lanes are columns j of op(B); strides in bytes
    const aLayout = transA ? [aAt, size, m * size, m, paAt] : [aAt, k * size, size, m, paAt];
    const bLayout = transB ? [bAt, k * size, size, n, pbAt] : [bAt, size, n * size, n, pbAt];
    this.#pack(f64, parallel, aLayout, bLayout, k);
    const threads = parallel ? this.#runner.threads : 1;
    const colPer = Math.min(MAX_COL_PANELS, colPanels);
    const colBlocks = Math.ceil(colPanels / colPer);
    const rowBlocks = Math.min(rowPanels, Math.ceil((JOBS_PER_THREAD * threads) / colBlocks));
    const rowPer = Math.ceil(rowPanels / rowBlocks);
    this.#writeGemmHeader(JOB_KIND.GEMM, f64, cAt, ldc, rowPer, colPer, colBlocks);
    this.#runner.run(Math.ceil(rowPanels / rowPer) * colBlocks, parallel);
    copyCorner(view, cAt / size, ldc, c, m, n);
    return true;
  }

  /**
   * out (cols) = Σ_p x[p]·M[p, :] for M stored k×cols, on the calling thread (memory-bound work
   * gains little from threads); the same multiply-adds in the same order as the GEMM path.
   */
  #matvec(
    f64: boolean,
    matrix: Float32Array | Float64Array,
    vector: Float32Array | Float64Array,
    out: Float32Array | Float64Array,
    k: number,
    cols: number,
  ): boolean {
    const size = f64 ? 8 : 4;
    const group = AXPY_UNROLL * 16;
    const offsets = this.#arena.allocate([k * cols * size + group, k * size, cols * size + group]);
    if (offsets === undefined) return false;
    const [mAt, xAt, outAt] = offsets;
    const view = f64 ? this.#arena.f64 : this.#arena.f32;
    view.set(matrix.subarray(0, k * cols), mAt / size);
    view.set(vector.subarray(0, k), xAt / size);
    this.#loaded.exports[f64 ? "axpy_f64" : "axpy_f32"](mAt, cols * size, k, cols, xAt, outAt);
    out.set(view.subarray(outAt / size, outAt / size + cols));
    return true;
  }

  /** One batch packing A panels then B panels; layouts are [src, strideLane, strideK, lanes, dst]. */
  #pack(f64: boolean, parallel: boolean, aLayout: number[], bLayout: number[], k: number): void {
    const { mr, nr } = f64 ? this.#panelsF64 : this.#panelsF32;
    const aPanels = Math.ceil(aLayout[3] / mr);
    const bPanels = Math.ceil(bLayout[3] / nr);
    const jobs = parallel ? 2 * this.#runner.threads : 1;
    const aPer = Math.ceil(aPanels / Math.min(jobs, aPanels));
    const bPer = Math.ceil(bPanels / Math.min(jobs, bPanels));
    const aJobs = Math.ceil(aPanels / aPer);
    const h = this.#runner.header;
    h[HEADER.KIND] = JOB_KIND.PACK;
    h[HEADER.F64] = f64 ? 1 : 0;
    h[HEADER.K] = k;
    h[HEADER.A_JOBS] = aJobs;
    h[HEADER.A_PANELS_PER_JOB] = aPer;
    h[HEADER.A_PANELS] = aPanels;
    [
      h[HEADER.A_SRC],
      h[HEADER.A_STRIDE_LANE],
      h[HEADER.A_STRIDE_K],
      h[HEADER.A_LANES],
      h[HEADER.A_DST],
    ] = aLayout;
    h[HEADER.B_PANELS_PER_JOB] = bPer;
    h[HEADER.B_PANELS] = bPanels;
    [
      h[HEADER.B_SRC],
      h[HEADER.B_STRIDE_LANE],
      h[HEADER.B_STRIDE_K],
      h[HEADER.B_LANES],
      h[HEADER.B_DST],
    ] = bLayout;
    h[HEADER.MR] = mr;
    h[HEADER.NR] = nr;
    this.#runner.run(aJobs + Math.ceil(bPanels / bPer), parallel);
  }

  /** Header of a GEMM batch; packed A/B addresses, K and panel counts stay from the pack batch. */
  #writeGemmHeader(
    kind: number,
    f64: boolean,
    c: number,
    ldc: number,
    rowPer: number,
    colPer: number,
    colBlocks: number,
  ): void {
    const h = this.#runner.header;
    h[HEADER.KIND] = kind;
    h[HEADER.F64] = f64 ? 1 : 0;
    h[HEADER.KC] = KC;
    h[HEADER.LDC] = ldc;
    h[HEADER.C] = c;
    h[HEADER.ROW_PANELS_PER_JOB] = rowPer;
    h[HEADER.COL_PANELS_PER_JOB] = colPer;
    h[HEADER.COL_BLOCKS] = colBlocks;
  }

  /** Applies the current thread setting to the runner; returns the thread count. */
  #syncThreads(): number {
    const threads = this.threads;
    if (threads !== this.#runner.threads) this.#runner.setThreads(threads);
    return threads;
  }
}

/**
 * Builds the WASM kernel backend (synchronously: the binary is embedded and compiled in place).
 *
 * @param options Build, thread count and fallback; all optional.
 * @returns A backend for `useKernels`, named like "wasm-relaxed-simd-x2".
 * @throws Error when this engine runs none of the builds (shared memory missing).
 * @example
 * ```ts
 * import { createWasmKernels } from "./backend.ts";
 * const k = createWasmKernels({ threads: 1 });
 * const c = new Float64Array(4);
 * k.matmulF64(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 0, 0, 1]), c, 2, 2, 2, false, false);
 * ```
 */
export function createWasmKernels(options: WasmKernelOptions = {}): WasmKernels {
  // WASM speeds up the matrix products; every other kernel is registered from the JS set.
  return Object.assign(new WasmBackend(options), JS_COMPUTE_KERNELS);
}
