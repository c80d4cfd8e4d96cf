/**
 * `whest validate --estimator PATH`: checks that an estimator loads, sets up, predicts the
 * right shape with finite values and tears down, and prints the checks table.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { parseRunner } from "../../config/run_config.ts";
import { applyThreads } from "../../config/threads.ts";
import { colourAllowed, makeStyle, renderTable } from "../../report/style.ts";
import { VALIDATE_SETTINGS, validateEstimator } from "../../validate/validate_estimator.ts";

const USAGE =
  `usage: whest validate --estimator PATH|NAME [--runner subprocess|local] [--submission-dir DIR] [--format rich|plain|json] [--json] [--debug]

Loads the estimator, runs setup (limit ${VALIDATE_SETTINGS.setupTimeoutS} s), calls predict on a random \
${VALIDATE_SETTINGS.width}x${VALIDATE_SETTINGS.depth} MLP with budget ${VALIDATE_SETTINGS.flopBudget} and no budget active,
checks the shape and finiteness of the result, runs teardown. Exit 1 when a check fails.
The estimator runs in the sandboxed worker, as under 'whest run'; --runner local runs it
in-process, for debugging (a check the sandbox refused says so). --submission-dir DIR
sets what the estimator may read and ctx.submission_dir, as 'whest run --submission-dir DIR' does.`;

const FLAGS = {
  estimator: "string",
  runner: "string",
  "submission-dir": "string",
  format: "string",
  json: "boolean",
  debug: "boolean",
} as const;

/** The `validate` subcommand. */
export const validateCommand: Command = {
  name: "validate",
  summary: "Check that an estimator loads, predicts the right shape and tears down",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags("validate", args, FLAGS, USAGE.split("\n")[0]);
    const estimator = typeof values.estimator === "string" ? values.estimator : positionals[0];
    if (estimator === undefined || positionals.length > (values.estimator ? 0 : 1)) {
      throw new UsageError(
        "validate: give one estimator with --estimator PATH|NAME",
        USAGE.split("\n")[0],
      );
    }
    const format = values.json === true
      ? "json"
      : values.format ?? (Deno.stdout.isTerminal() ? "rich" : "plain");
    if (format !== "rich" && format !== "plain" && format !== "json") {
      throw new UsageError(`--format must be rich, plain or json, got '${format}'`);
    }
    const runner = parseRunner(typeof values.runner === "string" ? values.runner : undefined);
    applyThreads(null); // a bad WHEST_THREADS is a usage error, not a failed predict check
    const dir = values["submission-dir"];
    const checks = await validateEstimator(estimator, {
      runner,
      submissionDir: typeof dir === "string" ? dir : null,
      onLog: (line) => console.error(`[estimator] ${line}`),
    });
    const ok = checks.every((c) => c.status === "pass");
    const debug = values.debug === true;
    if (format === "json") {
      const shown = debug ? checks : checks.map(({ traceback: _, ...check }) => check);
      console.log(JSON.stringify({ estimator, ok, checks: shown }, null, 2));
    } else {
      const style = makeStyle(format === "rich" && colourAllowed());
      const mark = (status: string) =>
        status === "fail" ? style.bad("FAIL") : status === "pass" ? "pass" : style.dim("skipped");
      console.log(
        renderTable(
          ["check", "result", "detail"],
          checks.map((c) => [c.check, mark(c.status), c.detail]),
        ),
      );
      const raised = checks.filter((c) => c.traceback !== undefined);
      if (debug) {
        raised.forEach((c) => console.log(style.dim(`${c.check} traceback:\n${c.traceback}`)));
      } else if (raised.length > 0) {
        console.log(style.dim("(run again with --debug for tracebacks)"));
      }
      console.log(
        ok
          ? style.primary(`${estimator}: all checks passed`)
          : style.bad(`${estimator}: validation failed`),
      );
    }
    return ok ? 0 : 1;
  },
};
