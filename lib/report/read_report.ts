/**
 * Reading a saved JSON report back (`whest report`, `whest compare`): the file is untrusted
 * input, so it is checked for the structure the renderers read (docs/report.schema.json's
 * required keys and their types) before anything uses it. A file that is not a whest report is
 * one line naming the first thing wrong.
 *
 * @module
 */
import { WhestError } from "../core/errors.ts";
import { type JsonReport, REPORT_SCHEMA_VERSION } from "./json_report.ts";

type Check = (value: unknown, at: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const num: Check = (v, at) =>
  typeof v === "number" && Number.isFinite(v) ? null : `${at} must be a finite number`;
const str: Check = (v, at) => typeof v === "string" ? null : `${at} must be a string`;
const bool: Check = (v, at) => typeof v === "boolean" ? null : `${at} must be a boolean`;
const nullable = (check: Check): Check => (v, at) => v === null ? null : check(v, at);
const optional = (check: Check): Check => (v, at) => v === undefined ? null : check(v, at);

const arrayOf = (check: Check): Check => (v, at) => {
  if (!Array.isArray(v)) return `${at} must be an array`;
  for (let i = 0; i < v.length; i++) {
    const wrong = check(v[i], `${at}[${i}]`);
    if (wrong !== null) return wrong;
  }
  return null;
};

const recordOf = (check: Check): Check => (v, at) => {
  if (!isObject(v)) return `${at} must be an object`;
  for (const [key, value] of Object.entries(v)) {
    const wrong = check(value, `${at}[${JSON.stringify(key)}]`);
    if (wrong !== null) return wrong;
  }
  return null;
};

const shape = (fields: Record<string, Check>): Check => (v, at) => {
  if (!isObject(v)) return `${at} must be an object`;
  for (const [key, check] of Object.entries(fields)) {
    const wrong = check(v[key], `${at}.${key}`);
    if (wrong !== null) return wrong;
  }
  return null;
};

const operation = shape({ flop_cost: num, calls: num });
const namespace = shape({ flops_used: num, calls: num, operations: recordOf(operation) });
const summary = shape({
  flop_budget: num,
  flops_used: num,
  flops_remaining: num,
  wall_time_s: num,
  by_namespace: recordOf(namespace),
});

const mlpRow = shape({
  mlp_index: num,
  mlp_name: str,
  final_layer_mse: num,
  all_layers_mse: num,
  per_layer_mse: arrayOf(num),
  adjusted_final_layer_score: num,
  flops_used: num,
  effective_compute: num,
  budget_exhausted: bool,
  time_exhausted: bool,
  residual_wall_time_exhausted: bool,
  combined_budget_exhausted: bool,
  wall_time_s: num,
  breakdowns: shape({ estimator: nullable(summary) }),
  traceback: nullable(str),
  error: optional(str),
  error_code: optional(str),
});

/**
 * Report versions earlier whests wrote: 1.2 made every breakdown a full budget summary and gave
 * datasets whestbench's provenance, which the renderers and `compare` read.
 */
const OLDER = ["1.0", "1.1"];

const reportShape = shape({
  schema_version: (v, at) =>
    v === REPORT_SCHEMA_VERSION
      ? null
      : `${at} must be "${REPORT_SCHEMA_VERSION}", got ${JSON.stringify(v) ?? "nothing"}${
        OLDER.includes(v as string)
          ? " (an older whest wrote it: run it again to read it here)"
          : ""
      }`,
  mode: str,
  results: shape({
    adjusted_final_layer_score: num,
    final_layer_mse: num,
    all_layers_mse: num,
    per_layer_mse: arrayOf(num),
    best_mlp_adjusted_final_layer_score: num,
    worst_mlp_adjusted_final_layer_score: num,
    mean_score_multiplier: num,
    mean_compute_utilization: num,
    n_failed_mlps: num,
    mean_effective_compute: num,
    failure_breakdown: recordOf(num),
    per_mlp: arrayOf(mlpRow),
    breakdowns: shape({ sampling: nullable(summary), estimator: nullable(summary) }),
  }),
  run_meta: shape({
    run_started_at_utc: str,
    run_finished_at_utc: str,
    run_duration_s: num,
    host: recordOf((v, at) =>
      v === null || typeof v === "string" || typeof v === "number"
        ? null
        : `${at} must be a string, a number or null`
    ),
  }),
  run_config: shape({
    n_mlps: num,
    width: num,
    depth: num,
    seed: nullable(num),
    flop_budget: num,
    setup_timeout_s: num,
    wall_time_limit_s: num,
    residual_wall_time_limit_s: nullable(num),
    lambda_flops_per_second: num,
    n_samples: num,
    estimator: str,
    round: nullable(str),
    dataset: optional(
      shape({ path: str, sha256: str, seed: nullable(num), n_mlps: nullable(num) }),
    ),
  }),
});

/**
 * The first structural problem of a parsed report (`results.per_mlp[0].final_layer_mse must be
 * a finite number`), or null when it has everything the renderers read.
 *
 * @example
 * ```ts
 * import { reportProblem } from "./read_report.ts";
 * reportProblem({ schema_version: "1.2" }); // "report.mode must be a string"
 * ```
 * @param value A parsed JSON value.
 */
export function reportProblem(value: unknown): string | null {
  return reportShape(value, "report");
}

/**
 * Parses and checks a report's text.
 *
 * @param text The file's contents.
 * @param label What to call the file in the message (its path).
 * @throws {WhestError} When the text is not JSON or not a whest report (one line).
 */
export function parseReport(text: string, label: string): JsonReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WhestError(`'${label}' is not a whest report: not JSON (${reason})`);
  }
  const problem = reportProblem(value);
  if (problem !== null) throw new WhestError(`'${label}' is not a whest report: ${problem}`);
  return value as JsonReport;
}

/**
 * Reads a saved JSON report and checks it ({@link parseReport}).
 *
 * @param path The report file.
 * @throws {WhestError} When the file cannot be read or is not a whest report.
 */
export async function readReport(path: string): Promise<JsonReport> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WhestError(`cannot read the report '${path}': ${reason}`);
  }
  return parseReport(text, path);
}
