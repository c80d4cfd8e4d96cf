import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { contestSeeds } from "../../lib/contest/seeding.ts";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import { sampleGroundTruth } from "../../lib/groundtruth/sampler.ts";
import { createBlasKernels } from "../../lib/kernels/blas/backend.ts";
import { BlasUnavailable, findBlas, openBlas } from "../../lib/kernels/blas/library.ts";
import { createJsKernels, reluColumnSums } from "../../lib/kernels/js/backend.ts";
import { useKernels } from "../../lib/kernels/seam.ts";
import { selectKernels } from "../../lib/kernels/select.ts";
import { createWasmKernels } from "../../lib/kernels/wasm/backend.ts";
import { SubprocessRunner } from "../../lib/runner/subprocess.ts";
import { LocalRunner } from "../../lib/runner/local.ts";
import { runCli } from "../cli/_helpers.ts";
import { centred, maxRelative } from "./_numeric.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BLAS = Deno.permissions.querySync({ name: "ffi" }).state === "granted"
  ? findBlas()
  : undefined;
if (BLAS === undefined) {
  console.log("SKIPPED: BLAS tests need a system BLAS (e.g. libopenblas0-pthread) and --allow-ffi");
}
const withBlas = { ignore: BLAS === undefined, sanitizeResources: false, sanitizeOps: false };

function random(n: number, seed: number, type: "f32" | "f64") {
  return type === "f32" ? Float32Array.from(centred(n, seed)) : centred(n, seed);
}

Deno.test({
  name: "BLAS matmuls agree with the JS kernels, every transpose, small and large",
  ...withBlas,
  fn() {
    const blas = createBlasKernels(openBlas(BLAS!), 2);
    const js = createJsKernels();
    for (const [m, k, n] of [[3, 4, 5], [64, 48, 80], [130, 257, 65]]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a32 = random(m * k, 1, "f32") as Float32Array;
          const b32 = random(k * n, 2, "f32") as Float32Array;
          const got = new Float32Array(m * n);
          const want = new Float32Array(m * n);
          blas.matmulF32(a32, b32, got, m, k, n, transA, transB);
          js.matmulF32(a32, b32, want, m, k, n, transA, transB);
          assert.ok(maxRelative(got, want) < 1e-5, `f32 ${m}x${k}x${n} ${transA} ${transB}`);
          const a64 = random(m * k, 3, "f64") as Float64Array;
          const b64 = random(k * n, 4, "f64") as Float64Array;
          const got64 = new Float64Array(m * n);
          const want64 = new Float64Array(m * n);
          blas.matmulF64(a64, b64, got64, m, k, n, transA, transB);
          js.matmulF64(a64, b64, want64, m, k, n, transA, transB);
          assert.ok(maxRelative(got64, want64) < 1e-12, `f64 ${m}x${k}x${n} ${transA} ${transB}`);
        }
      }
    }
  },
});

Deno.test({
  name: "a BLAS call whose buffers are smaller than its dimensions is refused before native code",
  ...withBlas,
  fn() {
    const blas = createBlasKernels(openBlas(BLAS!), 1);
    const big = new Float32Array(128 * 128);
    assert.throws(
      () => blas.matmulF32(big, new Float32Array(10), big.slice(), 128, 128, 128, false, false),
      /too small/,
    );
    assert.throws(
      () =>
        blas.matmulF64(
          new Float64Array(4),
          new Float64Array(4),
          new Float64Array(4),
          2.5,
          1,
          1,
          false,
          false,
        ),
      /int32/,
    );
  },
});

Deno.test({
  name: "ground truth on BLAS agrees with the WASM kernels to 1e-6 relative",
  ...withBlas,
  async fn() {
    const [streams] = contestSeeds(11, 1);
    const mlp = sampleMlp(128, 4, streams.weightRng);
    const means: Float32Array[] = [];
    const wasm = createWasmKernels();
    const blas = createBlasKernels(openBlas(BLAS!), 2);
    for (const backend of [wasm, blas]) {
      const previous = useKernels(backend);
      try {
        const inputs = contestSeeds(11, 1)[0].inputRng;
        means.push((await sampleGroundTruth(mlp, inputs, 8192)).truth.allLayerMeans);
      } finally {
        useKernels(previous ?? createJsKernels());
      }
    }
    wasm.close();
    const [w, b] = means;
    assert.ok(maxRelative(b, w) < 1e-6, `relative difference ${maxRelative(b, w)}`);
  },
});

Deno.test({
  name: "--kernels auto picks BLAS where it may open one; blas without one is BlasUnavailable",
  ...withBlas,
  fn() {
    const auto = selectKernels("auto", 2);
    assert.match(auto.backend.name, /^blas-openblas-x2$|^blas-/);
    assert.equal(auto.blasPath, BLAS);
    useKernels(createJsKernels());
    assert.throws(() => openBlas("/nonexistent/libopenblas.so"), BlasUnavailable);
  },
});

Deno.test({
  name: "the sandboxed worker opens the host's BLAS and predicts what the local runner does",
  ...withBlas,
  async fn() {
    const selected = selectKernels("blas", 2);
    const scratch = await Deno.makeTempDir({ prefix: "whest-blas-" });
    try {
      const ctx = {
        width: 64,
        depth: 2,
        flop_budget: 1e12,
        api_version: "1.0",
        scratch_dir: scratch,
        submission_dir: ROOT,
        seed: 1,
      };
      const [streams] = contestSeeds(5, 1);
      const mlp = sampleMlp(64, 2, streams.weightRng, "mlp-0", 1);
      const limits = { flopBudget: 1e12, wallTimeLimitS: 60 };
      const sub = new SubprocessRunner("covariance_propagation", () => {}, {
        blasPath: selected.blasPath,
      });
      await sub.start(ctx, 30);
      assert.match(sub.workerKernels ?? "", /^blas-/);
      const inWorker = await sub.predict(mlp, limits);
      await sub.close();
      const local = new LocalRunner("covariance_propagation");
      await local.start(ctx, 30);
      const inProcess = await local.predict(mlp, limits);
      await local.close();
      assert.deepEqual([...inWorker.predictions!.values], [...inProcess.predictions!.values]);
      assert.equal(inWorker.summary!.flops_used, inProcess.summary!.flops_used);
    } finally {
      useKernels(createJsKernels());
      await Deno.remove(scratch, { recursive: true });
    }
  },
});

Deno.test("--kernels: a bad value exits 2; blas without ffi is one line, exit 1", async () => {
  const bad = await runCli(["run", "--estimator", "zeros", "--kernels", "gpu"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--kernels must be auto, blas, wasm, js, got 'gpu'/);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
      "--allow-sys",
      "main.ts",
      "run",
      "--estimator",
      "zeros",
      "--width",
      "4",
      "--depth",
      "1",
      "--n-mlps",
      "1",
      "--n-samples",
      "10",
      "--kernels",
      "blas",
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1", WHEST_BLAS: BLAS ?? "/nonexistent/libopenblas.so.0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr).trim();
  assert.equal(out.code, 1, stderr);
  assert.match(stderr, /^whest: --kernels blas: .*(ffi permission|cannot load)/);
  assert.equal(stderr.split("\n").length, 1);
});

Deno.test("the WASM epilogue gives the JS epilogue's bits (ReLU, float64 column sums in row order)", () => {
  const wasm = createWasmKernels({ threads: 1 });
  try {
    const rows = 37;
    const n = 64;
    const source = random(rows * n, 9, "f32") as Float32Array;
    const viaWasm = source.slice();
    const viaJs = source.slice();
    const sums = [new Float64Array(n).fill(0.25), new Float64Array(n).fill(0.25)];
    const squares = [new Float64Array(n), new Float64Array(n)];
    assert.equal(wasm.reluColumnSumsF32(viaWasm, rows, n, sums[0], squares[0]), true);
    reluColumnSums(viaJs, rows, n, sums[1], squares[1]);
    assert.deepEqual([...sums[0]], [...sums[1]]);
    assert.deepEqual([...squares[0]], [...squares[1]]);
    assert.deepEqual([...viaWasm].map((v) => v + 0), [...viaJs].map((v) => v + 0));
    assert.equal(
      wasm.reluColumnSumsF32(new Float32Array(6), 2, 3, new Float64Array(3)),
      wasm.variant === "scalar",
      "a width the SIMD loop does not cover is left to JS",
    );
  } finally {
    wasm.close();
  }
});
