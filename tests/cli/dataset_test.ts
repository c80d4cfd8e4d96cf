/** `whest dataset info`, run as a user runs it. */
import assert from "@std/assert";
import { createHash } from "node:crypto";
import { readDataset } from "../../lib/dataset/read.ts";
import { DATASETS } from "../dataset/_helpers.ts";
import { runCli } from "./_helpers.ts";

/** SHA-256 of all float32 weights of `rows`, hashed byte by byte here (not via whest). */
function stackedSha256(rows: readonly { weights: readonly Float32Array[] }[]): string {
  const hash = createHash("sha256");
  for (const row of rows) {
    for (const w of row.weights) {
      const view = new DataView(w.buffer, w.byteOffset, w.byteLength);
      const le = new Uint8Array(w.byteLength);
      const out = new DataView(le.buffer);
      for (let i = 0; i < w.length; i++) out.setFloat32(4 * i, view.getFloat32(4 * i, true), true);
      hash.update(le);
    }
  }
  return hash.digest("hex");
}

Deno.test("dataset info --json: metadata, every split's rows and weight hashes", async () => {
  const dir = `${DATASETS}/multi_config_v3.0`;
  const result = await runCli(["dataset", "info", dir, "--json"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.schema_version, "3.0");
  assert.deepEqual(report.seed_protocol, {
    name: "whestbench_explicit_per_mlp_seeds",
    version: "3.0",
  });
  assert.deepEqual([report.n_samples, report.width, report.depth], [100, 8, 2]);
  assert.equal(report.default_split, "public");
  assert.deepEqual(report.splits.map((s: { name: string }) => s.name), ["public", "holdout"]);
  for (const split of report.splits) {
    const { rows } = await readDataset(dir, { split: split.name });
    assert.equal(split.n_mlps, rows.length);
    assert.equal(split.weights_sha256_f32le, stackedSha256(rows));
    assert.deepEqual(
      split.mlps.map((m: { mlp_seed: number; estimator_seed: number }) => [
        m.mlp_seed,
        m.estimator_seed,
      ]),
      rows.map((r) => [r.mlpSeed, r.seed]),
    );
    split.mlps.forEach((m: { weights_sha256_f32le: string }, i: number) => {
      assert.equal(m.weights_sha256_f32le, stackedSha256([rows[i]]));
    });
  }
});

Deno.test("dataset info --split: only that split; text output names it and its hash", async () => {
  const dir = `${DATASETS}/multi_split_v3.0`;
  const json = JSON.parse(
    (await runCli(["dataset", "info", dir, "--split", "holdout", "--json"]))
      .stdout,
  );
  assert.deepEqual(json.splits.map((s: { name: string }) => s.name), ["holdout"]);
  const text = await runCli(["dataset", "info", dir, "--split", "holdout"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`holdout\\s+4\\s+${json.splits[0].weights_sha256_f32le}`));
});

Deno.test("dataset info: bad flags exit 2, a bad dataset exits 1 with one line", async () => {
  for (
    const args of [["dataset"], ["dataset", "list"], ["dataset", "info"], [
      "dataset",
      "info",
      DATASETS,
      "--bogus",
    ]]
  ) {
    const result = await runCli(args);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
  }
  const unknown = await runCli(["dataset", "info", `${DATASETS}/multi_split_v3.0`, "--split", "x"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /has no split 'x' \(known: public, holdout\)/);
  const missing = await runCli(["dataset", "info", `${DATASETS}/absent`]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
});
