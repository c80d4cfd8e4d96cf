import assert from "@std/assert";
import { join } from "@std/path";
import { parseRunConfig } from "../../lib/config/run_config.ts";
import { reportRunConfig, utcTimestamp, writeFileAtomic } from "../../lib/report/json_report.ts";
import { assertReportPartSchema } from "./_schema.ts";

Deno.test("run_config carries the spec's fields from the run configuration", () => {
  const config = parseRunConfig(
    [
      "--estimator",
      "zeros",
      "--seed",
      "3",
      "--no-residual-wall-time-limit",
      "--round",
      "v1-warmup",
    ],
    false,
  );
  const rc = reportRunConfig(config, { sha256: "ef".repeat(32), className: "Mine" });
  // every key the schema requires, with its type, and no other
  assertReportPartSchema("runConfig", rc);
  assert.equal(rc.flop_budget, 6.8e10);
  assert.equal(rc.residual_wall_time_limit_s, null);
  assert.equal(rc.seed, 3);
  assert.equal(rc.round, "v1-warmup");
  assert.equal(rc.estimator, "zeros");
  assert.equal(rc.estimator_sha256, "ef".repeat(32));
  assert.equal(rc.class_name, "Mine");
  assert.ok(!("dataset" in rc));
  const provenance = {
    path: "/d",
    sha256: "ab".repeat(32),
    seed: 1,
    n_mlps: 2,
    data_sha256: "cd".repeat(32),
  };
  const withData = reportRunConfig(config, { sha256: null, className: null }, provenance);
  assertReportPartSchema("runConfig", withData);
  assert.deepEqual(withData.dataset, provenance);
});

Deno.test("timestamps are UTC with an explicit +00:00 offset", () => {
  assert.equal(
    utcTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))),
    "2026-01-02T03:04:05.006+00:00",
  );
});

Deno.test("atomic writes replace the file whole and leave no temporary behind", async () => {
  const dir = await Deno.makeTempDir({ prefix: "whest-report-test-" });
  try {
    const path = join(dir, "report.json");
    await writeFileAtomic(path, "old\n");
    await writeFileAtomic(path, "new\n");
    assert.equal(await Deno.readTextFile(path), "new\n");
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assert.deepEqual(names, ["report.json"]);
    await assert.rejects(writeFileAtomic(join(dir, "missing", "r.json"), "x"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
