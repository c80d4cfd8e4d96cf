/**
 * docs/report.schema.json against the code: its keys match the TypeScript types that build the
 * report (checked at compile time and here), every report kind a real run produces conforms
 * to it, and reports with a missing key, a wrong type or a broken row invariant do not.
 */
import assert from "@std/assert";
import { join, resolve } from "@std/path";
import type {
  BreakdownSummary,
  NamespaceTotals,
  OperationTotals,
  SamplingBreakdownSummary,
} from "../../lib/budget/summary.ts";
import { ROUND_TAGS } from "../../lib/config/rounds.ts";
import type { RunnerKind } from "../../lib/config/run_config.ts";
import type { ErrorCode } from "../../lib/contract/runner.ts";
import type { DatasetProvenance } from "../../lib/dataset/contest.ts";
import type { HostInfo } from "../../lib/report/host.ts";
import {
  type JsonReport,
  REPORT_SCHEMA_VERSION,
  type ReportRunConfig,
  type RunMeta,
} from "../../lib/report/json_report.ts";
import type { FailureBreakdown, MlpResult, RunResults } from "../../lib/scoring/types.ts";
import { estimatorFile, runCli } from "../cli/_helpers.ts";
import { DATASETS } from "../dataset/_helpers.ts";
import {
  assertReportPartSchema,
  assertReportSchema,
  REPORT_SCHEMA,
  reportSchemaErrors,
} from "./_schema.ts";

/**
 * Every key of T, marked as the type declares it. A key added to, removed from or made
 * optional in the interface is a type error in the tables below until they follow it.
 */
type Keys<T> = { readonly [K in keyof T]-?: object extends Pick<T, K> ? "optional" : "required" };

const REPORT_KEYS: Keys<JsonReport> = {
  schema_version: "required",
  mode: "required",
  results: "required",
  run_meta: "required",
  run_config: "required",
  whest_version: "required",
};
const RESULTS_KEYS: Keys<RunResults> = {
  adjusted_final_layer_score: "required",
  final_layer_mse: "required",
  all_layers_mse: "required",
  per_layer_mse: "required",
  best_mlp_adjusted_final_layer_score: "required",
  worst_mlp_adjusted_final_layer_score: "required",
  mean_score_multiplier: "required",
  mean_compute_utilization: "required",
  n_failed_mlps: "required",
  mean_effective_compute: "required",
  failure_breakdown: "required",
  per_mlp: "required",
  breakdowns: "required",
};
const ROW_KEYS: Keys<MlpResult> = {
  mlp_index: "required",
  mlp_name: "required",
  final_layer_mse: "required",
  all_layers_mse: "required",
  per_layer_mse: "required",
  adjusted_final_layer_score: "required",
  flops_used: "required",
  effective_compute: "required",
  budget_exhausted: "required",
  time_exhausted: "required",
  residual_wall_time_exhausted: "required",
  combined_budget_exhausted: "required",
  wall_time_s: "required",
  flopscope_backend_time_s: "required",
  flopscope_overhead_time_s: "required",
  residual_wall_time_s: "required",
  breakdowns: "required",
  traceback: "required",
  error: "optional",
  error_code: "optional",
};
const FAILURE_KEYS: Keys<FailureBreakdown> = {
  budget_exhausted: "required",
  time_exhausted: "required",
  residual_wall_time_exhausted: "required",
  combined_budget_exhausted: "required",
  error: "required",
};
const SUMMARY_KEYS: Keys<BreakdownSummary> = {
  flop_budget: "required",
  flops_used: "required",
  flops_remaining: "required",
  wall_time_s: "required",
  flopscope_backend_time_s: "required",
  flopscope_overhead_time_s: "required",
  residual_wall_time_s: "required",
  by_namespace: "required",
};
const SAMPLING_SUMMARY_KEYS: Keys<SamplingBreakdownSummary> = {
  ...SUMMARY_KEYS,
  time_source: "optional",
};
const NAMESPACE_KEYS: Keys<NamespaceTotals> = {
  flops_used: "required",
  calls: "required",
  flopscope_backend_time_s: "required",
  flopscope_overhead_time_s: "required",
  operations: "required",
};
const OPERATION_KEYS: Keys<OperationTotals> = {
  flop_cost: "required",
  calls: "required",
  flopscope_backend_time_s: "required",
  flopscope_overhead_time_s: "required",
};
const META_KEYS: Keys<RunMeta> = {
  run_started_at_utc: "required",
  run_finished_at_utc: "required",
  run_duration_s: "required",
  host: "required",
};
const HOST_KEYS: Keys<HostInfo> = {
  hostname: "required",
  os: "required",
  os_release: "required",
  platform: "required",
  machine: "required",
  deno_version: "required",
  whest_version: "required",
  cpu_brand: "required",
  cpu_count_logical: "required",
  ram_total_bytes: "required",
  ram_available_bytes: "required",
  kernel_backend: "required",
  kernel_threads: "required",
};
const CONFIG_KEYS: Keys<ReportRunConfig> = {
  n_mlps: "required",
  width: "required",
  depth: "required",
  seed: "required",
  flop_budget: "required",
  setup_timeout_s: "required",
  wall_time_limit_s: "required",
  residual_wall_time_limit_s: "required",
  lambda_flops_per_second: "required",
  n_samples: "required",
  estimator: "required",
  estimator_sha256: "required",
  class_name: "required",
  round: "required",
  dataset: "optional",
};
const DATASET_KEYS: Keys<DatasetProvenance> = {
  path: "required",
  sha256: "required",
  seed: "required",
  n_mlps: "required",
  data_sha256: "required",
};

// Record<U, true> over a union: a member added to or removed from the type is a type error here
const ERROR_CODES: Record<ErrorCode, true> = {
  SETUP_TIMEOUT: true,
  SETUP_ERROR: true,
  SETUP_PROTOCOL_ERROR: true,
  PREDICT_ERROR: true,
  PREDICT_TIMEOUT: true,
  PREDICT_NO_DATA: true,
  WORKER_EOF: true,
  WORKER_BROKEN_PIPE: true,
  WORKER_IO_ERROR: true,
  WORKER_PROTOCOL_ERROR: true,
  WORKER_RESTART_FAILED: true,
  ESTIMATOR_BAD_SHAPE: true,
  ESTIMATOR_NON_FINITE: true,
};
const RUNNERS: Record<RunnerKind, true> = { local: true, subprocess: true };

interface ObjectSchema {
  required?: string[];
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  enum?: unknown[];
}

const defs = REPORT_SCHEMA.$defs as unknown as Record<string, ObjectSchema>;

function assertKeysMatch(name: string, schema: ObjectSchema, keys: Record<string, string>): void {
  assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), Object.keys(keys).sort(), name);
  const required = Object.keys(keys).filter((key) => keys[key] === "required").sort();
  assert.deepEqual([...(schema.required ?? [])].sort(), required, `${name} required`);
  assert.equal(schema.additionalProperties, false, `${name} has fixed keys`);
}

Deno.test("the schema's objects have exactly the keys of the TypeScript types, required as they declare", () => {
  assertKeysMatch("report", REPORT_SCHEMA as unknown as ObjectSchema, REPORT_KEYS);
  assertKeysMatch("results", defs.runResults, RESULTS_KEYS);
  assertKeysMatch("per_mlp row", defs.mlpResult, ROW_KEYS);
  assertKeysMatch("failure_breakdown", defs.failureBreakdown, FAILURE_KEYS);
  assertKeysMatch("breakdown summary", defs.breakdownSummary, SUMMARY_KEYS);
  assertKeysMatch("sampling summary", defs.samplingBreakdownSummary, SAMPLING_SUMMARY_KEYS);
  assertKeysMatch("namespace totals", defs.namespaceTotals, NAMESPACE_KEYS);
  assertKeysMatch("operation totals", defs.operationTotals, OPERATION_KEYS);
  assertKeysMatch("run_meta", defs.runMeta, META_KEYS);
  assertKeysMatch("host", defs.host, HOST_KEYS);
  assertKeysMatch("run_config", defs.runConfig, CONFIG_KEYS);
  assertKeysMatch("run_config.dataset", defs.datasetProvenance, DATASET_KEYS);
});

Deno.test("the schema's enums and version are the code's", () => {
  assert.deepEqual([...defs.errorCode.enum!].sort(), Object.keys(ERROR_CODES).sort());
  const props = REPORT_SCHEMA.properties as Record<string, { enum?: unknown[]; const?: unknown }>;
  assert.deepEqual([...props.mode.enum!].sort(), Object.keys(RUNNERS).sort());
  assert.equal(props.schema_version.const, REPORT_SCHEMA_VERSION);
  const round = defs.runConfig.properties!.round as { enum: unknown[] };
  assert.deepEqual(round.enum, [...ROUND_TAGS, null]);
});

const SMALL = [
  "--seed",
  "3",
  "--width",
  "8",
  "--depth",
  "2",
  "--n-mlps",
  "3",
  "--n-samples",
  "500",
];

type Row = MlpResult & Record<string, unknown>;

/** Runs `whest run --json` and returns the exit code and the parsed report, schema-checked. */
async function report(
  args: string[],
  label: string,
): Promise<{ code: number; report: JsonReport }> {
  const { code, stdout, stderr } = await runCli(["run", ...args, "--json"]);
  assert.notEqual(stdout, "", `${label}: no report; stderr: ${stderr}`);
  const parsed = JSON.parse(stdout);
  assertReportSchema(parsed, label);
  return { code, report: parsed as JsonReport };
}

Deno.test("schema: a normal run under the subprocess runner", async () => {
  const { code, report: r } = await report(
    ["--estimator", "mean_propagation", ...SMALL],
    "subprocess run",
  );
  assert.equal(code, 0);
  assert.equal(r.mode, "subprocess");
  assert.equal(r.results.per_mlp.length, 3);
  assert.ok(r.results.per_mlp.every((row) => row.per_layer_mse.length === 2 && row.flops_used > 0));
  assert.equal(r.run_config.dataset, undefined);
  assert.equal(r.run_config.seed, 3);
});

Deno.test("schema: a normal run under the local runner", async () => {
  const { code, report: r } = await report(
    ["--estimator", "mean_propagation", ...SMALL, "--runner", "local"],
    "local run",
  );
  assert.equal(code, 0);
  assert.equal(r.mode, "local");
  assert.equal(r.results.n_failed_mlps, 0);
});

Deno.test("schema: an estimator that raises on one MLP gives one error row with its code", async () => {
  await using estimator = await estimatorFile(`
import { np } from "whest";
export default class {
  predict(mlp, budget) {
    if (mlp.name === "mlp-1") throw new Error("no estimate for " + mlp.name);
    return np.zeros([mlp.depth, mlp.width]);
  }
}`);
  const { code, report: r } = await report(
    ["--estimator", estimator.path, ...SMALL],
    "run with one raising MLP",
  );
  assert.equal(code, 1);
  const rows = r.results.per_mlp as Row[];
  assert.deepEqual(rows.map((row) => row.error_code ?? null), [null, "PREDICT_ERROR", null]);
  assert.match(rows[1].error!, /no estimate for mlp-1/);
  assert.ok(!("error" in rows[0]) && !("error" in rows[2]), "successful rows omit the keys");
  assert.equal(r.results.failure_breakdown.error, 1);
  assert.equal(r.results.n_failed_mlps, 1);
});

Deno.test("schema: budget exhaustion sets the flag on every row", async () => {
  const { code, report: r } = await report(
    ["--estimator", "mean_propagation", ...SMALL, "--flop-budget", "100"],
    "budget-exhausted run",
  );
  assert.equal(code, 0);
  assert.ok(r.results.per_mlp.every((row) => row.budget_exhausted && !("error" in row)));
  assert.equal(r.results.failure_breakdown.budget_exhausted, 3);
  assert.equal(r.run_config.flop_budget, 100);
});

Deno.test("schema: a --dataset run carries run_config.dataset", async () => {
  const dir = join(DATASETS, "multi_split_v3.0");
  const { code, report: r } = await report(
    ["--estimator", "mean_propagation", "--dataset", dir, "--n-mlps", "2", "--runner", "local"],
    "dataset run",
  );
  assert.equal(code, 0);
  assert.equal(r.run_config.dataset?.path, resolve(dir));
  assert.equal(r.run_config.dataset?.n_mlps, 4, "the split's row count in metadata.json");
  assert.equal(r.run_config.n_mlps, 2, "the rows scored");
  assert.equal(r.results.per_mlp.length, 2);
  assert.equal(r.results.breakdowns.sampling?.time_source, "bake");
});

/** A conforming report to break: two rows, one scored and one error row. */
function sampleReport(): Record<string, unknown> {
  const totals = {
    flops_used: 16,
    calls: 1,
    flopscope_backend_time_s: 0.001,
    flopscope_overhead_time_s: 0.0005,
    operations: {
      ones: {
        flop_cost: 16,
        calls: 1,
        flopscope_backend_time_s: 0.001,
        flopscope_overhead_time_s: 0.0005,
      },
    },
  };
  const summary = (flops: number, wall: number) => ({
    flop_budget: 2 ** 41,
    flops_used: flops,
    flops_remaining: 2 ** 41 - flops,
    wall_time_s: wall,
    flopscope_backend_time_s: wall / 2,
    flopscope_overhead_time_s: wall / 4,
    residual_wall_time_s: wall / 4,
    by_namespace: { "estimator.estimator-client": totals },
  });
  const row = {
    mlp_index: 0,
    mlp_name: "mlp-0",
    final_layer_mse: 0.5,
    all_layers_mse: 0.25,
    per_layer_mse: [0, 0.5],
    adjusted_final_layer_score: 0.05,
    flops_used: 16,
    effective_compute: 16,
    budget_exhausted: false,
    time_exhausted: false,
    residual_wall_time_exhausted: false,
    combined_budget_exhausted: false,
    wall_time_s: 0.002,
    flopscope_backend_time_s: 0.001,
    flopscope_overhead_time_s: 0.0005,
    residual_wall_time_s: 0.0005,
    breakdowns: { estimator: summary(16, 0.002) },
    traceback: null,
  };
  const errorRow = {
    ...row,
    mlp_index: 1,
    mlp_name: "mlp-1",
    adjusted_final_layer_score: 0.5,
    flops_used: 0,
    effective_compute: 0,
    wall_time_s: 0,
    flopscope_backend_time_s: 0,
    flopscope_overhead_time_s: 0,
    residual_wall_time_s: 0,
    breakdowns: { estimator: null },
    traceback: "Error: boom\n    at predict",
    error: "boom",
    error_code: "PREDICT_ERROR",
  };
  return {
    schema_version: "1.2",
    mode: "local",
    results: {
      adjusted_final_layer_score: 0.275,
      final_layer_mse: 0.5,
      all_layers_mse: 0.25,
      per_layer_mse: [0, 0.5],
      best_mlp_adjusted_final_layer_score: 0.05,
      worst_mlp_adjusted_final_layer_score: 0.5,
      mean_score_multiplier: 0.55,
      mean_compute_utilization: 1e-9,
      n_failed_mlps: 1,
      mean_effective_compute: 8,
      failure_breakdown: {
        budget_exhausted: 0,
        time_exhausted: 0,
        residual_wall_time_exhausted: 0,
        combined_budget_exhausted: 0,
        error: 1,
      },
      per_mlp: [row, errorRow],
      breakdowns: { sampling: null, estimator: summary(16, 0.002) },
    },
    run_meta: {
      run_started_at_utc: "2026-01-02T03:04:05.006+00:00",
      run_finished_at_utc: "2026-01-02T03:04:06.006+00:00",
      run_duration_s: 1,
      host: {
        hostname: null,
        os: "linux",
        os_release: null,
        platform: "x86_64-unknown-linux-gnu",
        machine: "x86_64",
        deno_version: "2.9.6",
        whest_version: "0.1.0",
        cpu_brand: null,
        cpu_count_logical: null,
        ram_total_bytes: null,
        ram_available_bytes: null,
        kernel_backend: "js",
        kernel_threads: 1,
      },
    },
    run_config: {
      n_mlps: 2,
      width: 2,
      depth: 2,
      seed: null,
      flop_budget: 2 ** 41,
      setup_timeout_s: 5,
      wall_time_limit_s: 120,
      residual_wall_time_limit_s: null,
      lambda_flops_per_second: 0,
      n_samples: 1000,
      estimator: "zeros",
      estimator_sha256: "cd".repeat(32),
      class_name: null,
      round: null,
      dataset: {
        path: "/d",
        sha256: "ab".repeat(32),
        seed: 1,
        n_mlps: 2,
        data_sha256: "ef".repeat(32),
      },
    },
    whest_version: "0.1.0",
  };
}

// deno-lint-ignore no-explicit-any
type Breaker = (r: any) => void;

const BROKEN: [string, Breaker, RegExp][] = [
  [
    "a missing required key",
    (r) => delete r.run_meta.host.kernel_threads,
    /required property 'kernel_threads'/,
  ],
  ["a wrong type", (r) => r.run_config.width = "8", /\/run_config\/width: must be integer/],
  ["an unknown key", (r) => r.results.extra = 1, /must NOT have additional properties.*extra/],
  [
    "another schema version",
    (r) => r.schema_version = "1.0",
    /\/schema_version: must be equal to constant/,
  ],
  [
    "an unknown mode",
    (r) => r.mode = "thread",
    /\/mode: must be equal to one of the allowed values/,
  ],
  [
    "an unknown error code",
    (r) => r.results.per_mlp[1].error_code = "ValueError",
    /error_code: must be equal to one of/,
  ],
  [
    "an error without its code",
    (r) => delete r.results.per_mlp[1].error_code,
    /must have property error_code when property error is present/,
  ],
  [
    "an error row with FLOPs",
    (r) => r.results.per_mlp[1].flops_used = 16,
    /\/per_mlp\/1\/flops_used: must be equal to constant/,
  ],
  [
    "a scored row with a traceback",
    (r) => r.results.per_mlp[0].traceback = "x",
    /\/per_mlp\/0\/traceback: must be null/,
  ],
  ["two exhaustion flags on one row", (r) => {
    r.results.per_mlp[0].budget_exhausted = true;
    r.results.per_mlp[0].time_exhausted = true;
  }, /\/per_mlp\/0: must NOT be valid/],
  [
    "a null MSE (what JSON makes of Infinity)",
    (r) => r.results.per_mlp[0].final_layer_mse = null,
    /final_layer_mse: must be number/,
  ],
  [
    "a timestamp without its offset",
    (r) => r.run_meta.run_started_at_utc = "2026-01-02T03:04:05.006Z",
    /run_started_at_utc: must match pattern/,
  ],
  ["a short dataset hash", (r) => r.run_config.dataset.sha256 = "ab", /sha256: must match pattern/],
  [
    "an operation without its cost",
    (r) =>
      delete r.results.breakdowns.estimator.by_namespace["estimator.estimator-client"].operations
        .ones.flop_cost,
    /required property 'flop_cost'/,
  ],
  [
    "a summary without its budget",
    (r) => delete r.results.per_mlp[0].breakdowns.estimator.flop_budget,
    /required property 'flop_budget'/,
  ],
  [
    "an error row with a breakdown (whestbench's is null)",
    (r) => r.results.per_mlp[1].breakdowns.estimator = r.results.per_mlp[0].breakdowns.estimator,
    /\/per_mlp\/1\/breakdowns: must be equal to constant/,
  ],
  [
    "a scored row without its breakdown",
    (r) => r.results.per_mlp[0].breakdowns.estimator = null,
    /\/per_mlp\/0\/breakdowns\/estimator: must be object/,
  ],
];

Deno.test("the sample report conforms, so each broken copy below fails for its own reason", () => {
  assert.deepEqual(reportSchemaErrors(sampleReport()), []);
});

for (const [what, breakIt, message] of BROKEN) {
  Deno.test(`schema refuses ${what}`, () => {
    const broken = sampleReport();
    breakIt(broken);
    assert.throws(() => assertReportSchema(broken), (error: Error) => {
      assert.ok(error instanceof assert.AssertionError, String(error));
      assert.match(error.message, message);
      return true;
    });
  });
}

Deno.test("a part of a report is checked against its $defs entry", () => {
  const config = sampleReport().run_config as Record<string, unknown>;
  assertReportPartSchema("runConfig", config);
  delete config.round;
  assert.throws(
    () => assertReportPartSchema("runConfig", config),
    /runConfig does not match .*\n.*required property 'round'/,
  );
});
