/**
 * Generated text of the vector kernels: the sampler's ReLU-and-column-sums epilogue and the
 * matrix-vector product.
 *
 * @module
 */

import {
  loadSplat,
  loadVec,
  madd,
  type Precision,
  storeVec,
  type WasmVariant,
  zeroVec,
} from "./wat_ops.ts";

/** Vectors per iteration of the matrix-vector column loop (callers pad buffers to a multiple). */
export const AXPY_UNROLL = 4;

/**
 * The sampler's epilogue over rows [r0, r1) and columns [c0, c1) of padded float32 C:
 * ReLU in place, then each column's values added in row order to `sums` (float64), and their
 * float64 squares to `squares` unless it is 0. Column bounds are multiples of 4 with SIMD.
 */
export function reluSumsKernel(simd: boolean): string {
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
 * The matrix-vector product in its row-streaming form: out[0..cols) = Σ_p x[p]·M[p, 0..cols),
 * p in increasing order and each step one multiply-add as in the GEMM tile, so the result is
 * bit-identical to the GEMM path. M has `k` rows `ld` bytes apart. Whole groups of AXPY_UNROLL
 * vectors are written and read, so `out` needs room for `cols` rounded up to a group, and M's
 * last row must be followed by a group's worth of readable bytes.
 */
export function axpyKernel(variant: WasmVariant, p: Precision): string {
  const vbytes = p.lanes * p.size;
  const group = AXPY_UNROLL * vbytes;
  const steps: string[] = [];
  for (let u = 0; u < AXPY_UNROLL; u++) {
    const product = madd(
      variant,
      p,
      "(local.get $xs)",
      loadVec(p, "(local.get $at)", u * vbytes),
      loadVec(p, "(local.get $o)", u * vbytes),
    );
    steps.push(storeVec(p, "(local.get $o)", u * vbytes, product));
  }
  const zeros: string[] = [];
  for (let u = 0; u < AXPY_UNROLL; u++) {
    zeros.push(storeVec(p, "(local.get $o)", u * vbytes, zeroVec(p)));
  }
  return `
  (func (export "axpy_${p.tag}") (param $m i32) (param $ld i32) (param $k i32) (param $cols i32)
      (param $x i32) (param $out i32)
    (local $row i32) (local $at i32) (local $o i32) (local $end i32) (local $step i32)
    (local $xs ${p.vtype})
    (local.set $end (i32.add (local.get $out) (i32.mul (i32.const ${group})
      (i32.div_u (i32.add (local.get $cols) (i32.const ${AXPY_UNROLL * p.lanes - 1})) (i32.const ${
    AXPY_UNROLL * p.lanes
  })))))
    (local.set $o (local.get $out))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $o) (local.get $end)))
      ${zeros.join("\n      ")}
      (local.set $o (i32.add (local.get $o) (i32.const ${group})))
      (br $zero)))
    (local.set $row (local.get $m))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $step) (local.get $k)))
      (local.set $xs ${loadSplat(p, "(local.get $x)", 0)})
      (local.set $at (local.get $row))
      (local.set $o (local.get $out))
      (block $cols_done (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $o) (local.get $end)))
        ${steps.join("\n        ")}
        (local.set $at (i32.add (local.get $at) (i32.const ${group})))
        (local.set $o (i32.add (local.get $o) (i32.const ${group})))
        (br $cols)))
      (local.set $row (i32.add (local.get $row) (local.get $ld)))
      (local.set $x (i32.add (local.get $x) (i32.const ${p.size})))
      (local.set $step (i32.add (local.get $step) (i32.const 1)))
      (br $rows)))
  )`;
}
