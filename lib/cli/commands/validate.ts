/**
 * `whest validate --estimator PATH`: checks that an estimator loads, sets up, predicts the
 * right shape with finite values and tears down, and prints the checks table. A package
 * (`.tar.gz` from `whest package`) is unpacked first, and its files are the submission.
 *
 * @module
 */
import { basename } from "@std/path";
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { WHEST_VERSION } from "../../core/version.ts";
import { parseFlags } from "../../config/flags.ts";
import { chooseFormat, parseRunner, type ReportFormat } from "../../config/run_config.ts";
import { applyThreads } from "../../config/threads.ts";
import { parseNonNegativeInteger } from "../../config/values.ts";
import { type OpenedEstimator, openEstimator } from "../../package/open.ts";
import { colourAllowed, makeStyle, renderTable } from "../../report/style.ts";
import {
  VALIDATE_SETTINGS,
  validateEstimator,
  type Validation,
} from "../../validate/validate_estimator.ts";

const USAGE =
  `usage: whest validate --estimator PATH|NAME [--class NAME] [--seed N] [--runner subprocess|local] [--submission-dir DIR] [--format rich|plain|json] [--json] [--debug]

Loads the estimator, runs setup (limit ${VALIDATE_SETTINGS.setupTimeoutS} s), calls predict on a random \
${VALIDATE_SETTINGS.width}x${VALIDATE_SETTINGS.depth} MLP with budget ${VALIDATE_SETTINGS.flopBudget} and no budget active,
checks the shape and finiteness of the result, runs teardown. Exit 1 when a check fails.
The estimator runs in the sandboxed worker, as under 'whest run'; --runner local runs it
in-process, for debugging (a check the sandbox refused says so). --submission-dir DIR
sets what the estimator may read and ctx.submission_dir, as 'whest run --submission-dir DIR' does.
--class NAME uses that export instead of the default export. --seed N is what setup receives
as ctx.seed (default null, as 'whest run' without --seed). PATH may be a package made by
'whest package' (.tar.gz): it is checked, unpacked, and its files are the submission.
--json prints whestbench's keys (ok, class_name, module_name, output_shape), then the checks,
the estimator as given, its SHA-256 and whest_version.`;

const FLAGS = {
  estimator: "string",
  class: "string",
  seed: "string",
  runner: "string",
  "submission-dir": "string",
  format: "string",
  json: "boolean",
  debug: "boolean",
} as const;

/** How {@link validateOpened} runs and prints. */
export interface ValidationDisplay {
  /** The name printed (the estimator or package as the user gave it). */
  readonly label: string;
  /** rich, plain or json. */
  readonly format: ReportFormat;
  /** Show tracebacks. */
  readonly debug: boolean;
  /** subprocess or local. */
  readonly runner: "subprocess" | "local";
  /** `--seed N`: setup's `ctx.seed`; null without it. */
  readonly seed: number | null;
  /** Extra fields of the JSON object (validate-package's manifest summary). */
  readonly extra?: Record<string, unknown>;
}

/**
 * Runs `whest validate`'s checks on an opened estimator and prints the table (or JSON).
 *
 * @param opened The estimator, its submission directory and export.
 * @param display Name, format, debug and runner.
 * @returns The exit code: 0 when every check passed, else 1.
 */
export async function validateOpened(
  opened: OpenedEstimator,
  display: ValidationDisplay,
): Promise<number> {
  const validation = await validateEstimator(opened.estimator, {
    runner: display.runner,
    submissionDir: opened.submissionDir,
    className: opened.className,
    label: opened.packaged
      ? `${display.label} (${opened.manifest?.entry_point}${
        opened.className ? `, export ${opened.className}` : ""
      })`
      : display.label,
    seed: display.seed,
    onLog: (line) => console.error(`[estimator] ${line}`),
  });
  const ok = validation.checks.every((c) => c.status === "pass");
  printChecks(validation, ok, opened, display);
  return ok ? 0 : 1;
}

/**
 * The module the estimator came from, as whestbench's `module_name` names it: the entry file's
 * name (a package's recorded entry point), or a built-in's name.
 */
function moduleName(opened: OpenedEstimator): string {
  return opened.manifest?.entry_point ?? basename(opened.estimator);
}

function printChecks(
  validation: Validation,
  ok: boolean,
  opened: OpenedEstimator,
  display: ValidationDisplay,
): void {
  const { label, debug } = display;
  const { checks } = validation;
  if (display.format === "json") {
    const shown = debug ? checks : checks.map(({ traceback: _, ...check }) => check);
    // whestbench's keys first, in its order; then whest's
    console.log(JSON.stringify(
      {
        ok,
        class_name: opened.className ?? "default",
        module_name: moduleName(opened),
        output_shape: validation.outputShape,
        checks: shown,
        estimator: label,
        estimator_sha256: opened.sha256,
        ...display.extra,
        whest_version: WHEST_VERSION,
      },
      null,
      2,
    ));
    return;
  }
  const style = makeStyle(display.format === "rich" && colourAllowed());
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
    ok ? style.primary(`${label}: all checks passed`) : style.bad(`${label}: validation failed`),
  );
}

/** The `validate` subcommand. */
export const validateCommand: Command = {
  name: "validate",
  summary: "Check that an estimator (or a package) loads, predicts the right shape, tears down",
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
    const format = chooseFormat(values, Deno.stdout.isTerminal());
    const runner = parseRunner(typeof values.runner === "string" ? values.runner : undefined);
    const className = typeof values.class === "string" ? values.class : null;
    const seed = typeof values.seed === "string"
      ? parseNonNegativeInteger("--seed", values.seed)
      : null;
    if (className !== null && !/^[A-Za-z_$][\w$]*$/.test(className)) {
      throw new UsageError(`--class must be an export name, got '${className}'`);
    }
    applyThreads(null); // a bad WHEST_THREADS is a usage error, not a failed predict check
    const dir = values["submission-dir"];
    const opened = await openEstimator(estimator, typeof dir === "string" ? dir : null, className);
    try {
      return await validateOpened(opened, {
        label: estimator,
        format,
        debug: values.debug === true,
        runner,
        seed,
      });
    } finally {
      await opened.close();
    }
  },
};
