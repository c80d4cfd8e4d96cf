/**
 * `whest compare A.json B.json [--json]`: two reports of the same contest, MLP by MLP (the
 * work is in `lib/compare/`).
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { compareReports, renderComparison } from "../../compare/compare.ts";
import { readReport } from "../../report/read_report.ts";

const USAGE = `usage: whest compare A.json B.json [--json] [--debug]

Compares two JSON reports of the same contest (same seed, width, depth, MLP count, samples and
dataset): per-MLP ratios B/A of the adjusted score and of the final-layer MSE, their geometric
mean with the standard error of the log ratios, and the per-layer MSE difference B − A (mean
over MLPs). Reports of different contests, or unseeded runs, exit 1. --json prints the
comparison as JSON.`;

const FLAGS = { json: "boolean", debug: "boolean" } as const;

/** The `compare` subcommand. */
export const compareCommand: Command = {
  name: "compare",
  summary: "Compare two JSON reports of the same contest, MLP by MLP",
  usage: USAGE,
  async run(args) {
    const hint = USAGE.split("\n")[0];
    const { values, positionals } = parseFlags("compare", args, FLAGS, hint);
    if (positionals.length !== 2) {
      throw new UsageError(`compare: give two JSON reports, got ${positionals.length}`, hint);
    }
    const [pathA, pathB] = positionals;
    const [a, b] = [await readReport(pathA), await readReport(pathB)];
    const comparison = compareReports(a, b, { a: pathA, b: pathB });
    console.log(
      values.json === true ? JSON.stringify(comparison, null, 2) : renderComparison(comparison),
    );
    return 0;
  },
};
