/**
 * Generated text of the GEMM kernels: the register-tile micro-kernel, panel packing and the
 * blocked loop over tiles.
 *
 * @module
 */

import {
  copyBytes,
  loadSplat,
  loadVec,
  madd,
  type Precision,
  storeVec,
  type WasmVariant,
  zeroVec,
} from "./wat_ops.ts";

/**
 * The register-tile kernel: C[0..MR, 0..NR] (+)= Apanel·Bpanel over `kc` steps of k.
 * Packed A holds MR values per k step, packed B NR values per k step; C rows are `ldc` bytes
 * apart. When `first` is set the tile starts from zero instead of loading C.
 */
export function microKernel(variant: WasmVariant, p: Precision): string {
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

/**
 * Packs panels [panel0, panel1) of `width` lanes each: lane l at step kk is read from
 * src + l·strideLane + kk·strideK (bytes) and written to dst + (panel·k + kk)·width + l.
 * Lanes at or past `lanes` are written as zeros so edge tiles need no special case.
 * Two fast paths cover full panels: contiguous lanes (a straight copy per k step) and
 * strided lanes (one running pointer per lane, contiguous along k).
 */
export function packKernel(simd: boolean, p: Precision, name: string, width: number): string {
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
export function gemmKernel(p: Precision): string {
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
