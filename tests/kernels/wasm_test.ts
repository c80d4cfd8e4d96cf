import assert from "@std/assert";
import {
  createWasmKernels,
  supportedVariants,
  type WasmKernels,
  type WasmVariant,
} from "../../lib/kernels/wasm/mod.ts";
import { matmulInto } from "../../lib/kernels/seam.ts";
import { mulberry32 } from "../_random.ts";

/** Deterministic uniform values in [-1, 1), so failures reproduce. */
function randomArray<T extends Float32Array | Float64Array>(out: T, seed: number): T {
  const next = mulberry32(seed);
  for (let i = 0; i < out.length; i++) out[i] = 2 * next() - 1;
  return out;
}

interface Reference {
  /** Sequential loop in the kernel's precision: each product and sum rounded (no FMA). */
  sequential: Float64Array;
  /** The float64 value and Σ|a·b|, for an error bound on fused multiply-add builds. */
  exact: Float64Array;
  magnitude: Float64Array;
}

function naiveMatmul(
  f32: boolean,
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Reference {
  const sequential = new Float64Array(m * n);
  const exact = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  const round = f32 ? Math.fround : (x: number) => x;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a[p * m + i] : a[i * k + p];
        const y = transB ? b[j * k + p] : b[p * n + j];
        acc = round(acc + round(x * y));
        sum += x * y;
        abs += Math.abs(x * y);
      }
      sequential[i * n + j] = acc;
      exact[i * n + j] = sum;
      magnitude[i * n + j] = abs;
    }
  }
  return { sequential, exact, magnitude };
}

/** Checks C against the reference: exact for unfused builds, within the error bound for FMA. */
function assertMatches(
  label: string,
  variant: WasmVariant,
  f32: boolean,
  c: Float32Array | Float64Array,
  ref: Reference,
  k: number,
): void {
  const unit = f32 ? 2 ** -24 : 2 ** -53;
  for (let i = 0; i < c.length; i++) {
    if (variant === "relaxed") {
      const bound = (k + 2) * unit * ref.magnitude[i] + 1e-300;
      const err = Math.abs(c[i] - ref.exact[i]);
      if (!(err <= bound)) {
        assert.fail(`${label}: C[${i}] = ${c[i]}, exact ${ref.exact[i]}, error ${err} > ${bound}`);
      }
    } else if (c[i] !== ref.sequential[i]) {
      assert.fail(`${label}: C[${i}] = ${c[i]}, sequential loop gives ${ref.sequential[i]}`);
    }
  }
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 3, 17],
  [3, 17, 1],
  [17, 1, 3],
  [3, 3, 3],
  [17, 17, 17],
  [255, 17, 3],
  [3, 255, 17],
  [17, 3, 255],
  [1, 255, 255],
  [255, 1, 17],
  [17, 255, 255],
  [1024, 3, 17],
  [3, 1024, 17],
  [17, 3, 1024],
  [1024, 255, 1],
  [1, 255, 1024],
];
const ORIENTATIONS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [
  true,
  true,
]];

/** Runs small products until the backend's worker has taken a job (workers start in the background). */
async function untilWorkerJoins(backend: WasmKernels): Promise<void> {
  const a = new Float32Array(64 * 64);
  const c = new Float32Array(64 * 64);
  for (const deadline = Date.now() + 10_000; backend.workerJobs === 0 && Date.now() < deadline;) {
    backend.matmulF32(a, a, c, 64, 64, 64, false, false);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(backend.workerJobs > 0, `${backend.name}: no job ran on a worker within 10 s`);
}

/**
 * One backend per (build, threads), everything forced through WASM and, for 2 threads, through
 * the pool, whose worker has already joined.
 */
async function backends(): Promise<
  { variant: WasmVariant; serial: WasmKernels; parallel: WasmKernels }[]
> {
  const list = supportedVariants().map((variant) => ({
    variant,
    serial: createWasmKernels({ variant, threads: 1, wasmMinFlops: 0 }),
    parallel: createWasmKernels({ variant, threads: 2, wasmMinFlops: 0, parallelMinFlops: 0 }),
  }));
  for (const { parallel } of list) await untilWorkerJoins(parallel);
  return list;
}

function closeAll(list: { serial: WasmKernels; parallel: WasmKernels }[]): void {
  for (const { serial, parallel } of list) {
    serial.close();
    parallel.close();
  }
}

Deno.test("wasm: this engine runs every build, relaxed SIMD first", () => {
  assert.deepEqual(supportedVariants(), ["relaxed", "simd", "scalar"]);
});

for (const f32 of [true, false]) {
  Deno.test(`wasm matmul ${f32 ? "f32" : "f64"}: every build, shape and orientation matches the naive loop, 1 and 2 threads alike`, async () => {
    const list = await backends();
    try {
      let seed = 1;
      for (const [m, k, n] of SHAPES) {
        for (const [transA, transB] of ORIENTATIONS) {
          const Type = f32 ? Float32Array : Float64Array;
          const a = randomArray(new Type(m * k), seed++);
          const b = randomArray(new Type(k * n), seed++);
          const ref = naiveMatmul(f32, a, b, m, k, n, transA, transB);
          for (const { variant, serial, parallel } of list) {
            const label = `${variant} ${m}x${k}x${n} transA=${transA} transB=${transB}`;
            const c1 = new Type(m * n).fill(NaN);
            const c2 = new Type(m * n).fill(NaN);
            matmulInto(serial, a, b, c1, m, k, n, transA, transB);
            matmulInto(parallel, a, b, c2, m, k, n, transA, transB);
            assertMatches(label, variant, f32, c1, ref, k);
            assert.deepEqual(c2, c1, `${label}: 2 threads differ from 1`);
          }
        }
      }
    } finally {
      closeAll(list);
    }
  });
}

Deno.test("wasm matmul: 1024-sized square products, both dtypes, match the naive loop", async () => {
  // the one large case per dtype: 255×1024 · 1024×255 exercises several k blocks and column blocks
  const [m, k, n] = [255, 1024, 255];
  const list = (await backends()).filter(({ variant }) => variant !== "scalar");
  try {
    for (const f32 of [true, false]) {
      const Type = f32 ? Float32Array : Float64Array;
      const a = randomArray(new Type(m * k), 11);
      const b = randomArray(new Type(k * n), 12);
      const ref = naiveMatmul(f32, a, b, m, k, n, true, false);
      for (const { variant, parallel } of list) {
        const c = new Type(m * n);
        matmulInto(parallel, a, b, c, m, k, n, true, false);
        assertMatches(`${variant} ${f32 ? "f32" : "f64"} ${m}x${k}x${n}`, variant, f32, c, ref, k);
      }
    }
  } finally {
    closeAll(list);
  }
});

Deno.test("wasm sampler step: ReLU output matches the naive loop and column sums add in row order", async () => {
  const list = await backends();
  try {
    let seed = 100;
    for (const [rows, n] of [[1, 1], [3, 3], [17, 17], [255, 3], [3, 255], [1024, 17], [17, 255]]) {
      const x = randomArray(new Float32Array(rows * n), seed++);
      const w = randomArray(new Float32Array(n * n), seed++);
      const ref = naiveMatmul(true, x, w, rows, n, n, false, false);
      const start = randomArray(new Float64Array(n), seed++);
      for (const { variant, serial, parallel } of list) {
        for (const backend of [serial, parallel]) {
          for (const withSquares of [false, true]) {
            const label = `${backend.name} rows=${rows} n=${n} squares=${withSquares}`;
            const out = new Float32Array(rows * n).fill(NaN);
            const sums = start.slice();
            const squares = withSquares ? start.slice() : undefined;
            backend.reluMatmulColumnSumsF32(x, w, out, rows, n, sums, squares);
            const relu = {
              ...ref,
              sequential: ref.sequential.map((v) => Math.max(v, 0)),
              exact: ref.exact.map((v) => Math.max(v, 0)),
            };
            assertMatches(label, variant, true, out, relu, n);
            for (let j = 0; j < n; j++) {
              let s = start[j];
              let q = start[j];
              for (let r = 0; r < rows; r++) {
                s += out[r * n + j];
                q += out[r * n + j] * out[r * n + j];
              }
              assert.equal(sums[j], s, `${label}: column ${j} sum`);
              if (squares) assert.equal(squares[j], q, `${label}: column ${j} sum of squares`);
            }
          }
        }
      }
    }
  } finally {
    closeAll(list);
  }
});

Deno.test("wasm matmul: infinities and NaN propagate where the naive loop puts them", async () => {
  const list = await backends();
  try {
    const [m, k, n] = [7, 5, 9];
    for (const f32 of [true, false]) {
      const Type = f32 ? Float32Array : Float64Array;
      const a = randomArray(new Type(m * k), 31);
      const b = randomArray(new Type(k * n), 32);
      a[3] = Infinity; // row 0
      a[2 * k + 1] = NaN; // row 2
      b[4 * n + 8] = -Infinity; // column 8
      const ref = naiveMatmul(f32, a, b, m, k, n, false, false);
      for (const { variant, serial, parallel } of list) {
        for (const backend of [serial, parallel]) {
          const c = new Type(m * n);
          matmulInto(backend, a, b, c, m, k, n, false, false);
          for (let i = 0; i < c.length; i++) {
            const expected = ref.sequential[i];
            const label = `${variant} ${f32 ? "f32" : "f64"} C[${i}]`;
            if (!Number.isFinite(expected)) {
              assert.ok(Object.is(c[i], expected), `${label} = ${c[i]}, want ${expected}`);
            } else assert.ok(Number.isFinite(c[i]), `${label} = ${c[i]}, want finite ${expected}`);
          }
        }
      }
    }
  } finally {
    closeAll(list);
  }
});

Deno.test("wasm: worker threads take part in large calls and give the single-thread result", async () => {
  const serial = createWasmKernels({ threads: 1 });
  const parallel = createWasmKernels({ threads: 2 });
  try {
    const [m, k, n] = [384, 256, 384];
    const a = randomArray(new Float32Array(m * k), 7);
    const b = randomArray(new Float32Array(k * n), 8);
    const expected = new Float32Array(m * n);
    serial.matmulF32(a, b, expected, m, k, n, false, true);
    const deadline = Date.now() + 10_000;
    while (parallel.workerJobs === 0 && Date.now() < deadline) {
      const c = new Float32Array(m * n);
      parallel.matmulF32(a, b, c, m, k, n, false, true);
      assert.deepEqual(c, expected);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(parallel.workerJobs > 0, "no job ran on a worker within 10 s");
    assert.equal(
      parallel.name,
      `wasm-${supportedVariants()[0] === "relaxed" ? "relaxed-simd" : supportedVariants()[0]}-x2`,
    );
  } finally {
    serial.close();
    parallel.close();
  }
});

Deno.test("wasm: default options send tiny calls to the JS fallback and still compute them", () => {
  const backend = createWasmKernels({ threads: 1 });
  try {
    const a = new Float64Array([1, 2, 3, 4, 5, 6]);
    const b = new Float64Array([7, 8, 9, 10, 11, 12]);
    const c = new Float64Array(4);
    backend.matmulF64(a, b, c, 2, 3, 2, false, false);
    assert.deepEqual([...c], [58, 64, 139, 154]);
    const empty = new Float32Array(6).fill(5);
    backend.matmulF32(new Float32Array(0), new Float32Array(0), empty, 2, 0, 3, false, false);
    assert.deepEqual([...empty], [0, 0, 0, 0, 0, 0]);
  } finally {
    backend.close();
  }
});

Deno.test("wasm: short buffers are rejected with the sizes quoted", () => {
  const backend = createWasmKernels({ threads: 1 });
  try {
    assert.throws(
      () =>
        backend.matmulF32(
          new Float32Array(5),
          new Float32Array(6),
          new Float32Array(4),
          2,
          3,
          2,
          false,
          false,
        ),
      /A has 5 elements, needs 6/,
    );
  } finally {
    backend.close();
  }
});
