/**
 * `whest report REPORT.json --html FILE`: renders a saved JSON report (checked first) as the
 * self-contained HTML page `whest run --html` writes.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { renderHtmlReport } from "../../report/html.ts";
import { checkOutputPath, writeOutputFile } from "../../report/json_report.ts";
import { readReport } from "../../report/read_report.ts";

const USAGE = `usage: whest report REPORT.json --html FILE [--debug]

Renders a JSON report (from 'whest run --output' or '--json') as one self-contained HTML page:
the score block, per-MLP scores, per-layer MSE against depth, the FLOP breakdown, the run
configuration and host. A file that is not a whest report exits 1.`;

const FLAGS = { html: "string", debug: "boolean" } as const;

/** The `report` subcommand. */
export const reportCommand: Command = {
  name: "report",
  summary: "Render a saved JSON report as a self-contained HTML page",
  usage: USAGE,
  async run(args) {
    const hint = USAGE.split("\n")[0];
    const { values, positionals } = parseFlags("report", args, FLAGS, hint);
    if (positionals.length !== 1) {
      throw new UsageError("report: give one JSON report", hint);
    }
    const html = values.html;
    if (typeof html !== "string") throw new UsageError("report: --html FILE is required", hint);
    await checkOutputPath(html, "--html");
    const report = await readReport(positionals[0]);
    await writeOutputFile(html, renderHtmlReport(report), "--html");
    console.log(`wrote ${html}`);
    return 0;
  },
};
