/**
 * The participant's ladder from the command line: package → validate-package → run on the
 * package, `--class`, `--save-predictions` (read back in TypeScript, and with numpy when
 * python3 has it), and `estimator_sha256`/`class_name` in the report.
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { unzipSync } from "fflate";
import { npyBytes } from "../../lib/report/npz.ts";
import { sha256Hex } from "../../lib/package/pack.ts";
import { runCli, tempDir } from "./_helpers.ts";
import { assertReportSchema } from "../report/_schema.ts";

const ESTIMATOR = `export default class {
  predict(mlp, budget) { return Array.from({ length: mlp.depth }, () => new Array(mlp.width).fill(0.5)); }
}
export class Quarter {
  setup(ctx) { this.table = JSON.parse(Deno.readTextFileSync(ctx.submission_dir + "/table.json")); }
  predict(mlp, budget) { return Array.from({ length: mlp.depth }, () => new Array(mlp.width).fill(this.table[0])); }
}
`;

const SMALL = [
  "--n-mlps",
  "2",
  "--width",
  "8",
  "--depth",
  "3",
  "--n-samples",
  "1000",
  "--seed",
  "5",
];

/** Reads one `.npy` (format 1.0, `<f4`, C order) back: its shape and values. */
function readNpy(bytes: Uint8Array): { shape: number[]; values: Float32Array } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  assert.equal((10 + headerLength) % 64, 0, "data aligned to 64 bytes");
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  assert.ok(header.endsWith("\n"));
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(\d+, \d+\), \} *\n$/);
  const shape = header.match(/\((\d+), (\d+)\)/)!.slice(1).map(Number);
  const body = bytes.slice(10 + headerLength);
  assert.equal(body.byteLength, shape[0] * shape[1] * 4);
  return { shape, values: new Float32Array(body.buffer) };
}

Deno.test(".npy bytes: header, padding and little-endian float32 body", () => {
  const bytes = npyBytes(new Float32Array([1, -2.5, 3, 0.25, 5, 6]), [2, 3]);
  const { shape, values } = readNpy(bytes);
  assert.deepEqual(shape, [2, 3]);
  assert.deepEqual([...values], [1, -2.5, 3, 0.25, 5, 6]);
  assert.equal(bytes.byteLength, 128 + 24); // a 70-byte header padded to 128, as numpy pads it
  assert.deepEqual([...bytes.subarray(128, 132)], [0, 0, 0x80, 0x3f]); // 1.0f, little-endian
});

Deno.test("package → validate-package → run --estimator pkg.tar.gz, with --class and --save-predictions", async () => {
  await using tmp = await tempDir();
  const sub = join(tmp.path, "sub");
  await Deno.mkdir(sub);
  await Deno.writeTextFile(join(sub, "estimator.ts"), ESTIMATOR);
  await Deno.writeTextFile(join(sub, "table.json"), "[0.25]");
  await Deno.writeTextFile(join(sub, ".env"), "TOKEN=secret");
  const pkg = join(tmp.path, "est.tar.gz");
  const packed = await runCli([
    "package",
    "--estimator",
    join(sub, "estimator.ts"),
    "--submission-dir",
    sub,
    "--class",
    "Quarter",
    "--output",
    pkg,
  ]);
  assert.equal(packed.code, 0, packed.stderr);
  assert.match(packed.stdout, /left out: \.env, secret/);

  const validated = await runCli(["validate-package", pkg, "--json"]);
  assert.equal(validated.code, 0, validated.stderr + validated.stdout);
  const checks = JSON.parse(validated.stdout);
  assert.equal(checks.ok, true);
  assert.equal(checks.class_name, "Quarter");
  assert.deepEqual(checks.manifest.files.map((f: { path: string }) => f.path), [
    "estimator.ts",
    "table.json",
  ]);

  const npz = join(tmp.path, "pred.npz");
  const run = await runCli([
    "run",
    "--estimator",
    pkg,
    ...SMALL,
    "--json",
    "--save-predictions",
    npz,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assertReportSchema(report);
  assert.equal(report.run_config.estimator, pkg);
  assert.equal(report.run_config.class_name, "Quarter");
  assert.equal(report.run_config.estimator_sha256, sha256Hex(await Deno.readFile(pkg)));
  // the package's directory is gone once the run ends
  assert.doesNotMatch(run.stderr, /whest-package-/);

  const entries = unzipSync(await Deno.readFile(npz));
  assert.deepEqual(Object.keys(entries).sort(), [
    "mlp_0_predictions.npy",
    "mlp_0_targets.npy",
    "mlp_1_predictions.npy",
    "mlp_1_targets.npy",
  ]);
  const predictions = readNpy(entries["mlp_0_predictions.npy"]);
  assert.deepEqual(predictions.shape, [3, 8]);
  assert.ok(predictions.values.every((v) => v === 0.25), "--class Quarter's predictions");
  const targets = readNpy(entries["mlp_1_targets.npy"]);
  const finalMean = targets.values.subarray(16).reduce((a, b) => a + b, 0) / 8;
  assert.ok(Number.isFinite(finalMean));
  // the MSE the report gives is the one of the saved arrays
  const mse = predictions.values.subarray(16).reduce(
    (sum, p, j) => sum + (p - readNpy(entries["mlp_0_targets.npy"]).values[16 + j]) ** 2,
    0,
  ) / 8;
  assert.ok(
    Math.abs(mse - report.results.per_mlp[0].final_layer_mse) <= 1e-6 * Math.max(mse, 1e-12),
  );

  const python = await new Deno.Command("python3", {
    args: [
      "-c",
      "import sys, numpy as np; z = np.load(sys.argv[1]); " +
      "print(sorted(z.files), z['mlp_0_predictions'].dtype, z['mlp_0_predictions'].shape, float(z['mlp_0_predictions'].mean()))",
      npz,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output().catch(() => null);
  if (python === null || !python.success) {
    console.log("SKIPPED: reading the .npz with numpy (python3 with numpy is not available)");
  } else {
    assert.equal(
      new TextDecoder().decode(python.stdout).trim(),
      "['mlp_0_predictions', 'mlp_0_targets', 'mlp_1_predictions', 'mlp_1_targets'] float32 (3, 8) 0.25",
    );
  }
});

Deno.test("--class: an unknown export is one line; validate --class picks the export", async () => {
  await using tmp = await tempDir();
  const file = join(tmp.path, "est.ts");
  await Deno.writeTextFile(file, ESTIMATOR);
  const run = await runCli(["run", "--estimator", file, "--class", "Nope", ...SMALL]);
  assert.equal(run.code, 1);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0],
    /--class Nope: .*has no export named 'Nope' \(its exports: default, Quarter\)/,
  );
  const bad = await runCli(["run", "--estimator", file, "--class", "1x", ...SMALL]);
  assert.equal(bad.code, 2);
  const validated = await runCli(["validate", "--estimator", file, "--class", "default", "--json"]);
  assert.equal(validated.code, 0, validated.stderr);
  assert.equal(JSON.parse(validated.stdout).class_name, "default");
});

Deno.test("package refusals are one line with exit 1: a named secret, 51 files", async () => {
  await using tmp = await tempDir();
  await Deno.writeTextFile(join(tmp.path, "estimator.ts"), ESTIMATOR);
  await Deno.writeTextFile(join(tmp.path, "server.key"), "k");
  const est = join(tmp.path, "estimator.ts");
  const out = join(tmp.path, "o.tar.gz");
  const secret = await runCli([
    "package",
    "--estimator",
    est,
    join(tmp.path, "server.key"),
    "--output",
    out,
  ]);
  assert.equal(secret.code, 1);
  assert.equal(secret.stderr.trim().split("\n").length, 1, secret.stderr);
  assert.match(secret.stderr, /looks like a secret/);
  for (let i = 0; i < 50; i++) await Deno.writeTextFile(join(tmp.path, `f${i}.txt`), "x");
  const many = await runCli([
    "package",
    "--estimator",
    est,
    "--submission-dir",
    tmp.path,
    "--output",
    out,
  ]);
  assert.equal(many.code, 1);
  assert.equal(
    many.stderr.trim(),
    "whest: package: 51 files, over the cap of 50; leave some out with .whestignore",
  );
  const tampered = join(tmp.path, "t.tar.gz");
  await Deno.writeTextFile(tampered, "not gzip");
  const refused = await runCli(["validate-package", tampered]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim().split("\n").length, 1, refused.stderr);
});

/** Writes a marker into the scratch directory, then spins forever in predict. */
const SPINNER = `let scratch = "";
export default class {
  setup(ctx) { scratch = ctx.scratch_dir; }
  predict(mlp) {
    Deno.writeTextFileSync(scratch + "/spinning", "yes");
    for (;;) { /* never returns */ }
  }
}`;

Deno.test({
  name: "SIGINT during a run on a package removes the package's temporary directory",
  ignore: Deno.build.os === "windows",
  async fn() {
    await using tmp = await tempDir();
    const est = join(tmp.path, "spinner.ts");
    await Deno.writeTextFile(est, SPINNER);
    const pkg = join(tmp.path, "spinner.tar.gz");
    assert.equal((await runCli(["package", "--estimator", est, "--output", pkg])).code, 0);
    const temp = join(tmp.path, "t");
    await Deno.mkdir(temp);
    const host = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts", "run", "--estimator", pkg, ...SMALL, "--json"],
      cwd: new URL("../../", import.meta.url),
      env: { NO_COLOR: "1", TMPDIR: temp },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(host.stderr).text();
    const named = (prefix: string) =>
      [...Deno.readDirSync(temp)].map((e) => e.name).filter((n) => n.startsWith(prefix));
    const deadline = Date.now() + 30_000;
    while (!named("whest-scratch-").some((d) => exists(join(temp, d, "spinning")))) {
      assert.ok(Date.now() < deadline, "the estimator never started spinning");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(named("whest-package-").length, 1, "the package is unpacked while it runs");
    host.kill("SIGINT");
    assert.equal((await host.status).code, 130, await stderr);
    assert.deepEqual(named("whest-package-"), [], "no package directory survives");
  },
});

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
