/**
 * `whest doctor`: the JSON structure, the exit code with and without --strict, and the checks
 * that read the environment (a forced warning, a failing WHEST_THREADS, unknown free disk).
 */
import assert from "@std/assert";
import { currentEnvironment, doctorExitCode, runDoctor } from "../../lib/doctor/doctor.ts";
import { runCli } from "./_helpers.ts";

const CHECK_NAMES = [
  "deno",
  "launch",
  "cores",
  "wasm-simd",
  "wasm-relaxed-simd",
  "blas",
  "ffi",
  "threads",
  "deno-cache",
  "groundtruth-cache",
  "working-dir",
  "temp-dir",
  "free-disk",
];

Deno.test("doctor --json: every check once, each pass/warn/fail with one line of detail", async () => {
  const result = await runCli(["doctor", "--json"]);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report), ["ok", "strict", "warnings", "failures", "checks"]);
  assert.deepEqual(report.checks.map((c: { check: string }) => c.check), CHECK_NAMES);
  for (const check of report.checks) {
    assert.deepEqual(Object.keys(check), ["check", "status", "detail"]);
    assert.ok(["pass", "warn", "fail"].includes(check.status));
    assert.ok(check.detail.length > 0 && !check.detail.includes("\n"), check.detail);
  }
  assert.equal(report.strict, false);
  assert.equal(result.code, report.failures > 0 ? 1 : 0);
  assert.equal(report.ok, result.code === 0);
  assert.equal(report.checks[1].detail.startsWith("a checkout"), true);
});

Deno.test("doctor --strict exits 1 on a warning that plain doctor lets pass", async () => {
  // a cache directory under a file cannot be created: a warning, not a failure
  const env = { WHEST_CACHE_DIR: "/dev/null/whest-cache" };
  const plain = await runCli(["doctor", "--json"], env);
  const report = JSON.parse(plain.stdout);
  const cache = report.checks.find((c: { check: string }) => c.check === "groundtruth-cache");
  assert.equal(cache.status, "warn");
  assert.match(cache.detail, /cannot be written/);
  if (report.failures === 0) assert.equal(plain.code, 0);
  const strict = await runCli(["doctor", "--strict"], env);
  assert.equal(strict.code, 1);
  assert.match(strict.stdout, /--strict: warnings fail/);
});

Deno.test("doctor: a bad WHEST_THREADS fails; unknown free disk warns; exit codes", async () => {
  const environment = { ...currentEnvironment(), freeDiskBytes: () => Promise.resolve(null) };
  const previous = Deno.env.get("WHEST_THREADS");
  Deno.env.set("WHEST_THREADS", "zero");
  let checks;
  try {
    checks = await runDoctor(environment);
  } finally {
    if (previous === undefined) Deno.env.delete("WHEST_THREADS");
    else Deno.env.set("WHEST_THREADS", previous);
  }
  const byName = Object.fromEntries(checks.map((c) => [c.check, c]));
  assert.equal(byName.threads.status, "fail");
  assert.equal(byName["free-disk"].status, "warn");
  assert.match(byName["free-disk"].detail, /^unknown/);
  assert.equal(doctorExitCode(checks, false), 1);
  const ok = [{ check: "a", status: "pass" as const, detail: "x" }];
  const warned = [...ok, { check: "b", status: "warn" as const, detail: "y" }];
  assert.equal(doctorExitCode(ok, true), 0);
  assert.equal(doctorExitCode(warned, false), 0);
  assert.equal(doctorExitCode(warned, true), 1);
  const usage = await runCli(["doctor", "extra"]);
  assert.equal(usage.code, 2);
});
