/**
 * `whest init [DIR]`: writes a starter estimator (it predicts zeros) and a short guide.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { chooseFormat } from "../../config/run_config.ts";
import { writeStarter } from "../../init/init.ts";

const USAGE = `usage: whest init [DIR] [--format rich|plain|json] [--json]

Writes DIR/estimator.ts (a starter estimator that predicts zeros) and DIR/README.md (a short
guide). DIR defaults to the current directory; existing files are never overwritten.
--json prints {"ok": true, "created": [the files written]} (whestbench's keys).`;

/** The `init` subcommand. */
export const initCommand: Command = {
  name: "init",
  summary: "Write a starter estimator and a short guide into a directory",
  usage: USAGE,
  async run(args) {
    const flags = { debug: "boolean", format: "string", json: "boolean" } as const;
    const { values, positionals } = parseFlags("init", args, flags, "usage: whest init [DIR]");
    const json = chooseFormat(values, false) === "json";
    if (positionals.length > 1) {
      throw new UsageError(
        `init: expected at most one directory, got ${positionals.length}`,
        "usage: whest init [DIR]",
      );
    }
    const dir = positionals[0] ?? ".";
    const created = await writeStarter(dir);
    if (json) {
      console.log(JSON.stringify({ ok: true, created }, null, 2));
      return 0;
    }
    for (const path of created) console.log(`wrote ${path}`);
    console.log(`next: whest validate --estimator ${dir === "." ? "" : `${dir}/`}estimator.ts`);
    return 0;
  },
};
