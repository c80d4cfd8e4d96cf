/**
 * whest: a single-binary evaluator for the ARC Whitebox Estimation Challenge.
 *
 * This entry point only parses the subcommand and dispatches; each command lives in
 * `lib/cli/commands/`.
 *
 * @module
 */
import { COMMANDS } from "./lib/cli/commands/mod.ts";
import { main } from "./lib/cli/dispatch.ts";

if (import.meta.main) {
  Deno.exit(await main(COMMANDS, Deno.args));
}
