/**
 * `whest version`: prints the program, runtime and estimator-API versions.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { API_VERSION, WHEST_VERSION } from "../../core/version.ts";

/** The `version` subcommand; `--json` prints a machine-readable object. */
export const versionCommand: Command = {
  name: "version",
  summary: "Print the whest, Deno and estimator-API versions",
  usage: "whest version [--json]",
  run(args) {
    const json = args.includes("--json");
    const unknown = args.find((a) => a !== "--json");
    if (unknown !== undefined) {
      throw new UsageError(
        `version: unknown argument '${unknown}'`,
        "usage: whest version [--json]",
      );
    }
    const info = { whest: WHEST_VERSION, deno: Deno.version.deno, api_version: API_VERSION };
    console.log(
      json
        ? JSON.stringify(info)
        : `whest ${info.whest} (deno ${info.deno}, estimator API ${info.api_version})`,
    );
    return Promise.resolve(0);
  },
};
