/**
 * `whest init [DIR]`: writes a starter estimator (it predicts zeros) and a short guide.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { writeStarter } from "../../init/init.ts";

const USAGE = `usage: whest init [DIR]

Writes DIR/estimator.ts (a starter estimator that predicts zeros) and DIR/README.md (a short
guide). DIR defaults to the current directory; existing files are never overwritten.`;

/** The `init` subcommand. */
export const initCommand: Command = {
  name: "init",
  summary: "Write a starter estimator and a short guide into a directory",
  usage: USAGE,
  async run(args) {
    const { positionals } = parseFlags(
      "init",
      args,
      { debug: "boolean" },
      "usage: whest init [DIR]",
    );
    if (positionals.length > 1) {
      throw new UsageError(
        `init: expected at most one directory, got ${positionals.length}`,
        "usage: whest init [DIR]",
      );
    }
    const dir = positionals[0] ?? ".";
    for (const path of await writeStarter(dir)) console.log(`wrote ${path}`);
    console.log(`next: whest validate --estimator ${dir === "." ? "" : `${dir}/`}estimator.ts`);
    return 0;
  },
};
