/**
 * Generates the WebAssembly text of the matmul kernels: the source of the embedded binaries.
 *
 * One generator serves three builds: `relaxed` (128-bit SIMD with relaxed-SIMD fused
 * multiply-add), `simd` (128-bit SIMD, separate multiply and add) and `scalar` (no SIMD, for
 * engines without it). Each build holds, per precision, a packing routine for A panels (MR rows
 * interleaved per k step) and B panels (NR columns per k step), a GEMM over a block of
 * register tiles, and for float32 the sampler's epilogue (ReLU in place, float64 column sums).
 * The register tile is MR rows × NV vectors; the loops are unrolled here in the generator
 * because hand-writing the unrolled text would hide the structure.
 *
 * @module
 */

/** The three builds of the kernel module. */
export type WasmVariant = "relaxed" | "simd" | "scalar";

/** Every build, fastest first: the loader picks the first one the engine validates. */
export const WASM_VARIANTS: readonly WasmVariant[] = ["relaxed", "simd", "scalar"];

/** Register-tile shape and k-loop unrolling of one precision in one build. */
export interface TileShape {
  /** Rows of the register tile (A panel width). */
  readonly mr: number;
  /** Vectors per tile row; the B panel width NR is `nv × lanes`. */
  readonly nv: number;
  /** Steps of k per unrolled loop iteration. */
  readonly unroll: number;
}

/** Memory pages the module imports at least; the maximum makes shared memory growable to 4 GiB. */
export const MEMORY_MAX_PAGES = 65536;

/** Tile shapes per build and precision; chosen by benchmark on x86-64 (16 vector registers). */
export const TILES: Readonly<Record<WasmVariant, { f32: TileShape; f64: TileShape }>> = {
  relaxed: { f32: { mr: 6, nv: 2, unroll: 4 }, f64: { mr: 6, nv: 2, unroll: 4 } },
  simd: { f32: { mr: 5, nv: 2, unroll: 4 }, f64: { mr: 5, nv: 2, unroll: 4 } },
  scalar: { f32: { mr: 4, nv: 2, unroll: 2 }, f64: { mr: 4, nv: 2, unroll: 2 } },
};

/** What differs between the float32 and float64 halves of one build. */
interface Precision {
  readonly tag: "f32" | "f64";
  /** Bytes per element. */
  readonly size: number;
  /** Elements per vector: 4 or 2 with SIMD, 1 without. */
  readonly lanes: number;
  /** Wasm type of an accumulator. */
  readonly vtype: string;
  readonly tile: TileShape;
}

function precisions(variant: WasmVariant): Precision[] {
  const simd = variant !== "scalar";
  return [
    {
      tag: "f32",
      size: 4,
      lanes: simd ? 4 : 1,
      vtype: simd ? "v128" : "f32",
      tile: TILES[variant].f32,
    },
    {
      tag: "f64",
      size: 8,
      lanes: simd ? 2 : 1,
      vtype: simd ? "v128" : "f64",
      tile: TILES[variant].f64,
    },
  ];
}

/** A vector (or scalar) load of one element's splat at `offset` bytes past `addr`. */
function loadSplat(p: Precision, addr: string, offset: number): string {
  if (p.lanes === 1) return `(${p.tag}.load offset=${offset} ${addr})`;
  return `(v128.load${p.size * 8}_splat offset=${offset} ${addr})`;
}

function loadVec(p: Precision, addr: string, offset: number): string {
  return p.lanes === 1
    ? `(${p.tag}.load offset=${offset} ${addr})`
    : `(v128.load offset=${offset} ${addr})`;
}

function storeVec(p: Precision, addr: string, offset: number, value: string): string {
  return p.lanes === 1
    ? `(${p.tag}.store offset=${offset} ${addr} ${value})`
    : `(v128.store offset=${offset} ${addr} ${value})`;
}

function zeroVec(p: Precision): string {
  return p.lanes === 1 ? `(${p.tag}.const 0)` : "(v128.const i64x2 0 0)";
}

/** acc + a·b: fused where relaxed SIMD allows, else rounded product then rounded sum. */
function madd(variant: WasmVariant, p: Precision, a: string, b: string, acc: string): string {
  if (p.lanes === 1) return `(${p.tag}.add ${acc} (${p.tag}.mul ${a} ${b}))`;
  const shape = p.tag === "f32" ? "f32x4" : "f64x2";
  if (variant === "relaxed") return `(${shape}.relaxed_madd ${a} ${b} ${acc})`;
  return `(${shape}.add ${acc} (${shape}.mul ${a} ${b}))`;
}

/**
 * The register-tile kernel: C[0..MR, 0..NR] (+)= Apanel·Bpanel over `kc` steps of k.
 * Packed A holds MR values per k step, packed B NR values per k step; C rows are `ldc` bytes
 * apart. When `first` is set the tile starts from zero instead of loading C.
 */
function microKernel(variant: WasmVariant, p: Precision): string {
  const { mr, nv, unroll } = p.tile;
  const nr = nv * p.lanes;
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  const locals: string[] = [];
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) locals.push(`(local ${acc(r, v)} ${p.vtype})`);
  }
  for (let v = 0; v < nv; v++) locals.push(`(local $b${v} ${p.vtype})`);
  locals.push(`(local $a ${p.vtype})`, "(local $end i32)");
  for (let r = 1; r < mr; r++) locals.push(`(local $row${r} i32)`);
  const rowAddr = (r: number) => (r === 0 ? "(local.get $pc)" : `(local.get $row${r})`);

  const rows: string[] = [];
  for (let r = 1; r < mr; r++) {
    const prev = r === 1 ? "(local.get $pc)" : `(local.get $row${r - 1})`;
    rows.push(`(local.set $row${r} (i32.add ${prev} (local.get $ldc)))`);
  }
  const zero: string[] = [];
  const load: string[] = [];
  const store: string[] = [];
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) {
      const off = v * p.lanes * p.size;
      zero.push(`(local.set ${acc(r, v)} ${zeroVec(p)})`);
      load.push(`(local.set ${acc(r, v)} ${loadVec(p, rowAddr(r), off)})`);
      store.push(storeVec(p, rowAddr(r), off, `(local.get ${acc(r, v)})`));
    }
  }
  const step = (u: number): string[] => {
    const out: string[] = [];
    for (let v = 0; v < nv; v++) {
      out.push(
        `(local.set $b${v} ${loadVec(p, "(local.get $pb)", (u * nr + v * p.lanes) * p.size)})`,
      );
    }
    for (let r = 0; r < mr; r++) {
      out.push(`(local.set $a ${loadSplat(p, "(local.get $pa)", (u * mr + r) * p.size)})`);
      for (let v = 0; v < nv; v++) {
        out.push(
          `(local.set ${acc(r, v)} ${
            madd(variant, p, "(local.get $a)", `(local.get $b${v})`, `(local.get ${acc(r, v)})`)
          })`,
        );
      }
    }
    return out;
  };
  const advance = (steps: number) => [
    `(local.set $pa (i32.add (local.get $pa) (i32.const ${steps * mr * p.size})))`,
    `(local.set $pb (i32.add (local.get $pb) (i32.const ${steps * nr * p.size})))`,
  ];
  return `
  (func $micro_${p.tag} (param $pa i32) (param $pb i32) (param $pc i32) (param $ldc i32) (param $kc i32) (param $first i32)
    ${locals.join(" ")}
    ${rows.join("\n    ")}
    (if (local.get $first)
      (then ${zero.join("\n        ")})
      (else ${load.join("\n        ")}))
    ;; unrolled steps while at least ${unroll} remain, then single steps
    (local.set $end (i32.add (local.get $pa)
      (i32.mul (i32.and (local.get $kc) (i32.const ${-unroll})) (i32.const ${mr * p.size}))))
    (if (i32.lt_u (local.get $pa) (local.get $end))
      (then (loop $unrolled
        ${[0, 1, 2, 3, 4, 5, 6, 7].slice(0, unroll).flatMap(step).join("\n        ")}
        ${advance(unroll).join("\n        ")}
        (br_if $unrolled (i32.lt_u (local.get $pa) (local.get $end))))))
    (local.set $end (i32.add (local.get $pa)
      (i32.mul (i32.and (local.get $kc) (i32.const ${unroll - 1})) (i32.const ${mr * p.size}))))
    (if (i32.lt_u (local.get $pa) (local.get $end))
      (then (loop $single
        ${step(0).join("\n        ")}
        ${advance(1).join("\n        ")}
        (br_if $single (i32.lt_u (local.get $pa) (local.get $end))))))
    ${store.join("\n    ")})`;
}

/** Moves `bytes` bytes from `src` to `dst` with the widest loads the build has. */
function copyBytes(simd: boolean, src: string, dst: string, bytes: number): string[] {
  const out: string[] = [];
  let off = 0;
  for (const [width, op] of [[16, "v128"], [8, "i64"], [4, "i32"]] as const) {
    if (width === 16 && !simd) continue;
    for (; off + width <= bytes; off += width) {
      out.push(`(${op}.store offset=${off} ${dst} (${op}.load offset=${off} ${src}))`);
    }
  }
  return out;
}

/**
 * Packs panels [panel0, panel1) of `width` lanes each: lane l at step kk is read from
 * src + l·strideLane + kk·strideK (bytes) and written to dst + (panel·k + kk)·width + l.
 * Lanes at or past `lanes` are written as zeros so edge tiles need no special case.
 * Two fast paths cover full panels: contiguous lanes (a straight copy per k step) and
 * strided lanes (one running pointer per lane, contiguous along k).
 */
function packKernel(simd: boolean, p: Precision, name: string, width: number): string {
  const s = p.size;
  const t = p.tag;
  const ptrs: string[] = [];
  for (let l = 0; l < width; l++) ptrs.push(`(local $l${l} i32)`);
  const gatherInit: string[] = [];
  const gatherStep: string[] = [];
  for (let l = 0; l < width; l++) {
    gatherInit.push(
      `(local.set $l${l} (i32.add (local.get $base) (i32.mul (local.get $strideLane) (i32.const ${l}))))`,
    );
    gatherStep.push(`(${t}.store offset=${l * s} (local.get $out) (${t}.load (local.get $l${l})))`);
    gatherStep.push(`(local.set $l${l} (i32.add (local.get $l${l}) (i32.const ${s})))`);
  }
  return `
  (func (export "${name}") (param $src i32) (param $strideLane i32) (param $strideK i32)
      (param $lanes i32) (param $k i32) (param $dst i32) (param $panel0 i32) (param $panel1 i32)
    (local $panel i32) (local $kk i32) (local $l i32) (local $lane0 i32) (local $base i32)
    (local $in i32) (local $out i32) (local $end i32)
    ${ptrs.join(" ")}
    (local.set $out (i32.add (local.get $dst)
      (i32.mul (i32.mul (local.get $panel0) (local.get $k)) (i32.const ${width * s}))))
    (local.set $panel (local.get $panel0))
    (block $panels_done (loop $panels
      (br_if $panels_done (i32.ge_u (local.get $panel) (local.get $panel1)))
      (local.set $lane0 (i32.mul (local.get $panel) (i32.const ${width})))
      (local.set $base (i32.add (local.get $src) (i32.mul (local.get $lane0) (local.get $strideLane))))
      (local.set $end (i32.add (local.get $out) (i32.mul (local.get $k) (i32.const ${width * s}))))
      (if (i32.le_u (i32.add (local.get $lane0) (i32.const ${width})) (local.get $lanes))
        (then
          (if (i32.eq (local.get $strideLane) (i32.const ${s}))
            (then
              ;; lanes contiguous: copy ${width} elements per k step
              (local.set $in (local.get $base))
              (block $copy_done (loop $copy
                (br_if $copy_done (i32.ge_u (local.get $out) (local.get $end)))
                ${
    copyBytes(simd, "(local.get $in)", "(local.get $out)", width * s).join("\n                ")
  }
                (local.set $in (i32.add (local.get $in) (local.get $strideK)))
                (local.set $out (i32.add (local.get $out) (i32.const ${width * s})))
                (br $copy))))
            (else
              ;; lanes strided, k contiguous (strideK = element size): one pointer per lane
              ${gatherInit.join("\n              ")}
              (block $gather_done (loop $gather
                (br_if $gather_done (i32.ge_u (local.get $out) (local.get $end)))
                ${gatherStep.join("\n                ")}
                (local.set $out (i32.add (local.get $out) (i32.const ${width * s})))
                (br $gather))))))
        (else
          ;; edge panel: lanes past the matrix become zeros
          (local.set $kk (i32.const 0))
          (block $edge_done (loop $edge
            (br_if $edge_done (i32.ge_u (local.get $kk) (local.get $k)))
            (local.set $l (i32.const 0))
            (block $lanes_done (loop $lane
              (br_if $lanes_done (i32.ge_u (local.get $l) (i32.const ${width})))
              (${t}.store (local.get $out)
                (if (result ${t}) (i32.lt_u (i32.add (local.get $lane0) (local.get $l)) (local.get $lanes))
                  (then (${t}.load (i32.add (local.get $base) (i32.add
                    (i32.mul (local.get $l) (local.get $strideLane))
                    (i32.mul (local.get $kk) (local.get $strideK))))))
                  (else (${t}.const 0))))
              (local.set $out (i32.add (local.get $out) (i32.const ${s})))
              (local.set $l (i32.add (local.get $l) (i32.const 1)))
              (br $lane)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $edge)))))
      (local.set $panel (i32.add (local.get $panel) (i32.const 1)))
      (br $panels)))
  )`;
}

/**
 * GEMM over row panels [p0, p1) × column panels [q0, q1) of packed A and B, all of k, in
 * blocks of `kc` steps: per k block, each A micro-panel stays in L1 while it meets every B
 * micro-panel of the block. C is padded (MR-row, NR-column multiples), `ldc` in elements.
 * Every C element accumulates its k terms in increasing k order, whatever the blocking.
 */
function gemmKernel(p: Precision): string {
  const { mr, nv } = p.tile;
  const nr = nv * p.lanes;
  const s = p.size;
  return `
  (func (export "gemm_${p.tag}") (param $pa i32) (param $pb i32) (param $pc i32) (param $ldc i32)
      (param $k i32) (param $kc i32) (param $p0 i32) (param $p1 i32) (param $q0 i32) (param $q1 i32)
    (local $k0 i32) (local $len i32) (local $p i32) (local $q i32) (local $aRow i32) (local $cRow i32)
    (local $ldcBytes i32)
    (local.set $ldcBytes (i32.mul (local.get $ldc) (i32.const ${s})))
    (block $k_done (loop $k_blocks
      (br_if $k_done (i32.ge_u (local.get $k0) (local.get $k)))
      (local.set $len (i32.sub (local.get $k) (local.get $k0)))
      (if (i32.gt_u (local.get $len) (local.get $kc)) (then (local.set $len (local.get $kc))))
      (local.set $p (local.get $p0))
      (block $p_done (loop $rows
        (br_if $p_done (i32.ge_u (local.get $p) (local.get $p1)))
        (local.set $aRow (i32.add (local.get $pa) (i32.mul (i32.const ${mr * s})
          (i32.add (i32.mul (local.get $p) (local.get $k)) (local.get $k0)))))
        (local.set $cRow (i32.add (local.get $pc)
          (i32.mul (i32.mul (local.get $p) (i32.const ${mr})) (local.get $ldcBytes))))
        (local.set $q (local.get $q0))
        (block $q_done (loop $cols
          (br_if $q_done (i32.ge_u (local.get $q) (local.get $q1)))
          (call $micro_${p.tag}
            (local.get $aRow)
            (i32.add (local.get $pb) (i32.mul (i32.const ${nr * s})
              (i32.add (i32.mul (local.get $q) (local.get $k)) (local.get $k0))))
            (i32.add (local.get $cRow) (i32.mul (local.get $q) (i32.const ${nr * s})))
            (local.get $ldcBytes) (local.get $len) (i32.eqz (local.get $k0)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $cols)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rows)))
      (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
      (br $k_blocks)))
  )`;
}

/**
 * The sampler's epilogue over rows [r0, r1) and columns [c0, c1) of padded float32 C:
 * ReLU in place, then each column's values added in row order to `sums` (float64), and their
 * float64 squares to `squares` unless it is 0. Column bounds are multiples of 4 with SIMD.
 */
function reluSumsKernel(simd: boolean): string {
  const body = simd
    ? `
        (local.set $v (f32x4.max (v128.load (local.get $at)) (v128.const i64x2 0 0)))
        (v128.store (local.get $at) (local.get $v))
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $hi (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))
        (v128.store (local.get $sum) (f64x2.add (v128.load (local.get $sum)) (local.get $lo)))
        (v128.store offset=16 (local.get $sum) (f64x2.add (v128.load offset=16 (local.get $sum)) (local.get $hi)))
        (if (local.get $squares) (then
          (local.set $sq (i32.add (local.get $squares) (i32.sub (local.get $sum) (local.get $sums))))
          (v128.store (local.get $sq)
            (f64x2.add (v128.load (local.get $sq)) (f64x2.mul (local.get $lo) (local.get $lo))))
          (v128.store offset=16 (local.get $sq)
            (f64x2.add (v128.load offset=16 (local.get $sq)) (f64x2.mul (local.get $hi) (local.get $hi))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $sum (i32.add (local.get $sum) (i32.const 32)))`
    : `
        (local.set $x (f32.load (local.get $at)))
        ;; keeps NaN, like np.maximum(x, 0)
        (if (f32.lt (local.get $x) (f32.const 0)) (then (local.set $x (f32.const 0))))
        (f32.store (local.get $at) (local.get $x))
        (local.set $d (f64.promote_f32 (local.get $x)))
        (f64.store (local.get $sum) (f64.add (f64.load (local.get $sum)) (local.get $d)))
        (if (local.get $squares) (then
          (local.set $sq (i32.add (local.get $squares) (i32.sub (local.get $sum) (local.get $sums))))
          (f64.store (local.get $sq) (f64.add (f64.load (local.get $sq)) (f64.mul (local.get $d) (local.get $d))))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $sum (i32.add (local.get $sum) (i32.const 8)))`;
  return `
  (func (export "relu_sums_f32") (param $pc i32) (param $ldc i32) (param $r0 i32) (param $r1 i32)
      (param $c0 i32) (param $c1 i32) (param $sums i32) (param $squares i32)
    (local $r i32) (local $at i32) (local $end i32) (local $sum i32) (local $sq i32)
    ${simd ? "(local $v v128) (local $lo v128) (local $hi v128)" : "(local $x f32) (local $d f64)"}
    (local.set $r (local.get $r0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $at (i32.add (local.get $pc) (i32.shl
        (i32.add (i32.mul (local.get $r) (local.get $ldc)) (local.get $c0)) (i32.const 2))))
      (local.set $end (i32.add (local.get $at) (i32.shl (i32.sub (local.get $c1) (local.get $c0)) (i32.const 2))))
      (local.set $sum (i32.add (local.get $sums) (i32.shl (local.get $c0) (i32.const 3))))
      (block $cols_done (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $at) (local.get $end)))
        ${body.trim()}
        (br $cols)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
  )`;
}

/**
 * The WebAssembly text of one build. The module imports `env.memory` (shared, so worker
 * threads can run jobs on the same buffers) and exports, per precision `t`: `pack_a_t`,
 * `pack_b_t`, `gemm_t`, the globals `mr_t` and `nr_t`, and `relu_sums_f32`.
 *
 * @param variant Which build to emit.
 * @returns The module text for wabt's `parseWat`.
 * @example
 * ```ts
 * import { generateWat } from "./wat.ts";
 * generateWat("simd").startsWith("(module"); // true
 * ```
 */
export function generateWat(variant: WasmVariant): string {
  const simd = variant !== "scalar";
  const parts: string[] = [
    `(module`,
    `  ;; generated by lib/kernels/wasm/wat.ts (variant "${variant}"); edit the generator, not this text`,
    `  (import "env" "memory" (memory 1 ${MEMORY_MAX_PAGES} shared))`,
  ];
  for (const p of precisions(variant)) {
    const nr = p.tile.nv * p.lanes;
    parts.push(`  (global (export "mr_${p.tag}") i32 (i32.const ${p.tile.mr}))`);
    parts.push(`  (global (export "nr_${p.tag}") i32 (i32.const ${nr}))`);
    parts.push(microKernel(variant, p));
    parts.push(packKernel(simd, p, `pack_a_${p.tag}`, p.tile.mr));
    parts.push(packKernel(simd, p, `pack_b_${p.tag}`, nr));
    parts.push(gemmKernel(p));
  }
  parts.push(reluSumsKernel(simd));
  parts.push(")");
  return parts.join("\n") + "\n";
}
