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
  if (validate(report)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => {
    const params = JSON.stringify(error.params);
    return `${error.instancePath || "/"}: ${error.message ?? error.keyword} ${params}`;
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
