/**
 * `whest version`: prints the program, runtime and estimator-API versions.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { API_VERSION, WHEST_VERSION } from "../../core/version.ts";
import { parseFlags } from "../../config/flags.ts";
import { chooseFormat } from "../../config/run_config.ts";

const USAGE = "usage: whest version [--format rich|plain|json] [--json]";

/** The `version` subcommand; `--json` (or `--format json`) prints a machine-readable object. */
export const versionCommand: Command = {
  name: "version",
  summary: "Print the whest, Deno and estimator-API versions",
  usage: USAGE,
  run(args) {
    const flags = { json: "boolean", format: "string" } as const;
    const { values, positionals } = parseFlags("version", args, flags, USAGE);
    if (positionals.length > 0) {
      throw new UsageError(`version: unknown argument '${positionals[0]}'`, USAGE);
    }
    const json = chooseFormat(values, false) === "json";
    const info = { whest: WHEST_VERSION, deno: Deno.version.deno, api_version: API_VERSION };
    console.log(
      json
        ? JSON.stringify(info)
        : `whest ${info.whest} (deno ${info.deno}, estimator API ${info.api_version})`,
    );
    return Promise.resolve(0);
  },
};
