/**
 * The job protocol shared by the calling thread and the worker threads.
 *
 * A kernel call becomes one or two batches of independent jobs (pack panels, then compute
 * column blocks of C). The batch's parameters sit in a header at the start of the shared
 * memory; a 64-bit job word holds (generation, job count, next job) so that any thread can
 * claim the next job with one compare-and-swap, and a thread that wakes up late can never claim
 * a job of a batch it did not read. Whoever runs a job, the result is the same: every job
 * writes its own part of C with a fixed summation order, so results do not depend on how many
 * threads took part.
 *
 * `runJob` and `drainJobs` are also sent to the workers as source text (see worker_source.ts),
 * so they use nothing but their arguments, `CONTROL`, `HEADER` and `JOB_KIND`.
 *
 * @module
 */

/** Int32 slots of the control block (the first bytes of the shared memory). */
export const CONTROL = {
  /** BigInt64 index of the job word: generation << 48 | total << 24 | next (all non-negative). */
  JOB_WORD: 0,
  /** Int32 index bumped (and notified) when a new batch is published. */
  GENERATION: 2,
  /** Int32 index counting finished jobs of the current batch. */
  DONE: 3,
  /** Int32 index set to 1 when a job threw (the caller reports it after the batch). */
  FAILED: 4,
  /** Int32 index: workers whose index is at or above it sit out (thread-count setting). */
  ACTIVE_WORKERS: 5,
  /** Int32 index counting jobs run by workers (diagnostics: proves the threads took part). */
  WORKER_JOBS: 6,
  /** Milliseconds a thread polls for the next batch (or the last jobs) before it sleeps. */
  SPIN_MS: 0.2,
  /** Bytes reserved for the control block and header; buffers start after it. */
  BYTES: 1024,
} as const;
Object.freeze(CONTROL);

/** Int32 slots of the batch header (after the control words). */
export const HEADER = {
  /** The batch kind (a {@linkcode JOB_KIND} value). */
  KIND: 8,
  /** 1 for float64, 0 for float32. */
  F64: 9,
  // pack batches: A jobs first, then B jobs
  A_JOBS: 10,
  A_PANELS_PER_JOB: 11,
  A_PANELS: 12,
  A_SRC: 13,
  A_STRIDE_LANE: 14,
  A_STRIDE_K: 15,
  A_LANES: 16,
  K: 17,
  A_DST: 18,
  B_PANELS_PER_JOB: 19,
  B_PANELS: 20,
  B_SRC: 21,
  B_STRIDE_LANE: 22,
  B_STRIDE_K: 23,
  B_LANES: 24,
  B_DST: 25,
  // gemm batches: job j covers row block j / COL_BLOCKS and column block j % COL_BLOCKS
  KC: 26,
  LDC: 27,
  C: 28,
  ROW_PANELS_PER_JOB: 29,
  COL_PANELS_PER_JOB: 30,
  COL_BLOCKS: 31,
  MR: 32,
  NR: 33,
  // relu batches: rows of C, float64 running sums (and squares, 0 when absent)
  ROWS: 34,
  SUMS: 35,
  SQUARES: 36,
  /** Int32 slots used by the header (the control block holds at least this many). */
  SLOTS: 40,
} as const;
Object.freeze(HEADER);

/** Batch kinds. */
export const JOB_KIND = { PACK: 1, GEMM: 2, RELU_GEMM: 3 } as const;
Object.freeze(JOB_KIND);

/** The kernel entry points a job calls (the exports of the WASM module). */
export interface KernelExports {
  /** Packs float32 A panels (MR rows interleaved per k step). */
  pack_a_f32: PackFn;
  /** Packs float32 B panels (NR columns per k step). */
  pack_b_f32: PackFn;
  /** Packs float64 A panels (MR rows interleaved per k step). */
  pack_a_f64: PackFn;
  /** Packs float64 B panels (NR columns per k step). */
  pack_b_f64: PackFn;
  /** float32 GEMM over a block of register tiles of packed panels. */
  gemm_f32: GemmFn;
  /** float64 GEMM over a block of register tiles of packed panels. */
  gemm_f64: GemmFn;
  /** float32 matrix-vector product. */
  axpy_f32: AxpyFn;
  /** float64 matrix-vector product. */
  axpy_f64: AxpyFn;
  /**
   * The sampler's epilogue on rows [r0, r1) × columns [c0, c1) of C: ReLU in place, then
   * float64 column sums (and sums of squares unless `squares` is 0) accumulated.
   */
  relu_sums_f32(
    c: number,
    ldc: number,
    r0: number,
    r1: number,
    c0: number,
    c1: number,
    sums: number,
    squares: number,
  ): void;
}

/** Packs panels [panel0, panel1); see wat.ts. */
export type PackFn = (
  src: number,
  strideLane: number,
  strideK: number,
  lanes: number,
  k: number,
  dst: number,
  panel0: number,
  panel1: number,
) => void;

/** out[0..cols) = Σ_p x[p]·M[p, 0..cols) over k rows `ld` bytes apart; see wat_vector.ts. */
export type AxpyFn = (
  m: number,
  ld: number,
  k: number,
  cols: number,
  x: number,
  out: number,
) => void;

/** GEMM over row panels [p0, p1) × column panels [q0, q1); see wat.ts. */
export type GemmFn = (
  pa: number,
  pb: number,
  pc: number,
  ldc: number,
  k: number,
  kc: number,
  p0: number,
  p1: number,
  q0: number,
  q1: number,
) => void;

/**
 * Runs job `j` of the batch described by the header.
 *
 * @param ex The module's exports.
 * @param h Int32 view of the control block and header.
 * @param j Job index, below the batch's job count.
 */
export function runJob(ex: KernelExports, h: Int32Array, j: number): void {
  const f64 = h[HEADER.F64] === 1;
  if (h[HEADER.KIND] === JOB_KIND.PACK) {
    const aJobs = h[HEADER.A_JOBS];
    if (j < aJobs) {
      const p0 = j * h[HEADER.A_PANELS_PER_JOB];
      const p1 = Math.min(p0 + h[HEADER.A_PANELS_PER_JOB], h[HEADER.A_PANELS]);
      (f64 ? ex.pack_a_f64 : ex.pack_a_f32)(
        h[HEADER.A_SRC],
        h[HEADER.A_STRIDE_LANE],
        h[HEADER.A_STRIDE_K],
        h[HEADER.A_LANES],
        h[HEADER.K],
        h[HEADER.A_DST],
        p0,
        p1,
      );
    } else {
      const q0 = (j - aJobs) * h[HEADER.B_PANELS_PER_JOB];
      const q1 = Math.min(q0 + h[HEADER.B_PANELS_PER_JOB], h[HEADER.B_PANELS]);
      (f64 ? ex.pack_b_f64 : ex.pack_b_f32)(
        h[HEADER.B_SRC],
        h[HEADER.B_STRIDE_LANE],
        h[HEADER.B_STRIDE_K],
        h[HEADER.B_LANES],
        h[HEADER.K],
        h[HEADER.B_DST],
        q0,
        q1,
      );
    }
    return;
  }
  const colBlocks = h[HEADER.COL_BLOCKS];
  const p0 = Math.floor(j / colBlocks) * h[HEADER.ROW_PANELS_PER_JOB];
  const p1 = Math.min(p0 + h[HEADER.ROW_PANELS_PER_JOB], h[HEADER.A_PANELS]);
  const q0 = (j % colBlocks) * h[HEADER.COL_PANELS_PER_JOB];
  const q1 = Math.min(q0 + h[HEADER.COL_PANELS_PER_JOB], h[HEADER.B_PANELS]);
  (f64 ? ex.gemm_f64 : ex.gemm_f32)(
    h[HEADER.A_DST],
    h[HEADER.B_DST],
    h[HEADER.C],
    h[HEADER.LDC],
    h[HEADER.K],
    h[HEADER.KC],
    p0,
    p1,
    q0,
    q1,
  );
  if (h[HEADER.KIND] === JOB_KIND.RELU_GEMM) {
    // relu batches have one row block, so each column is summed over all rows, in row order
    const nr = h[HEADER.NR];
    ex.relu_sums_f32(
      h[HEADER.C],
      h[HEADER.LDC],
      0,
      h[HEADER.ROWS],
      q0 * nr,
      q1 * nr,
      h[HEADER.SUMS],
      h[HEADER.SQUARES],
    );
  }
}

/**
 * Claims and runs jobs of the current batch until none is left; returns how many it ran.
 * A job that throws marks the batch failed and still counts as done, so no thread waits
 * forever on it.
 *
 * @param ex The module's exports.
 * @param h Int32 view of the control block and header.
 * @param word BigInt64 view of the control block (the job word).
 */
export function drainJobs(ex: KernelExports, h: Int32Array, word: BigInt64Array): number {
  let ran = 0;
  for (;;) {
    const w = Atomics.load(word, CONTROL.JOB_WORD);
    const total = Number((w >> 24n) & 0xffffffn);
    const next = Number(w & 0xffffffn);
    if (next >= total) return ran;
    if (Atomics.compareExchange(word, CONTROL.JOB_WORD, w, w + 1n) !== w) continue;
    try {
      runJob(ex, h, next);
    } catch {
      Atomics.store(h, CONTROL.FAILED, 1);
    }
    ran++;
    if (Atomics.add(h, CONTROL.DONE, 1) + 1 === total) Atomics.notify(h, CONTROL.DONE);
  }
}

/**
 * The job word that publishes a batch of `total` jobs as generation `generation`.
 *
 * @param generation Batch counter (wraps at 2^15; a stale claim would need a full wrap to succeed).
 * @param total Jobs in the batch (below 2^24).
 */
export function jobWord(generation: number, total: number): bigint {
  return (BigInt(generation & 0x7fff) << 48n) | (BigInt(total) << 24n);
}
