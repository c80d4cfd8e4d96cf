/**
 * The report schema check for tests: {@linkcode assertReportSchema} validates a parsed JSON
 * report against docs/report.schema.json (draft 2020-12) with ajv, so a test checks the
 * report's whole structure at once and keeps its own assertions for values.
 *
 * @module
 */
import assert from "@std/assert";
import { Ajv2020, type ErrorObject } from "ajv/2020";
import schema from "../../docs/report.schema.json" with { type: "json" };

/** The report schema, as parsed from docs/report.schema.json. */
export const REPORT_SCHEMA: typeof schema = schema;

// strict: an unknown keyword or a typo in the schema is an error, not silently ignored;
// allowUnionTypes: the schema's nullable fields are written `["string", "null"]`
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

/**
 * ajv's errors for `report`, one line each (`/results/per_mlp/0: must have required
 * property 'traceback'`); empty when the report conforms.
 *
 * @param report A parsed JSON report.
 */
export function reportSchemaErrors(report: unknown): string[] {
  return validate(report) ? [] : errorLines(validate.errors);
}

function errorLines(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const params = JSON.stringify(error.params);
    return `${error.instancePath || "/"}: ${error.message ?? error.keyword} ${params}`;
  });
}

/** The schema's named parts (`$defs`), for checking a piece of a report on its own. */
export type ReportSchemaPart = keyof typeof schema.$defs;

/**
 * Throws an AssertionError listing every violation when `value` does not conform to the part
 * `$defs/<part>` of docs/report.schema.json (e.g. "runConfig" for a `run_config` object).
 *
 * @param part The part's name under `$defs`.
 * @param value The object to check.
 */
export function assertReportPartSchema(part: ReportSchemaPart, value: unknown): void {
  const check = ajv.getSchema(`${schema.$id}#/$defs/${part}`);
  if (check === undefined) throw new Error(`docs/report.schema.json has no $defs/${part}`);
  if (check(value)) return;
  throw new assert.AssertionError({
    message: `${part} does not match docs/report.schema.json:\n  ${
      errorLines(check.errors).join("\n  ")
    }`,
  });
}

/**
 * Throws an AssertionError listing every schema violation when `report` does not conform to
 * docs/report.schema.json.
 *
 * @example
 * ```ts ignore
 * import { assertReportSchema } from "./_schema.ts";
 * assertReportSchema(JSON.parse(stdout));
 * ```
 * @param report A parsed JSON report.
 * @param label What the report is, for the message.
 */
export function assertReportSchema(report: unknown, label = "report"): void {
  const errors = reportSchemaErrors(report);
  if (errors.length === 0) return;
  throw new assert.AssertionError({
    message: `${label} does not match docs/report.schema.json:\n  ${errors.join("\n  ")}`,
  });
}
