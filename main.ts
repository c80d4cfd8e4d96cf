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
import { enterUserDirectory } from "./lib/cli/user_directory.ts";
import { installInterruptHandlers } from "./lib/runner/interrupt.ts";
import { WORKER_COMMAND_NAME } from "./lib/runner/worker_process.ts";

if (import.meta.main) {
  // the worker is the host's to stop; everything else cleans up and exits 130/143
  if (Deno.args[0] !== WORKER_COMMAND_NAME) {
    installInterruptHandlers();
    enterUserDirectory();
  }
  Deno.exit(await main(COMMANDS, Deno.args));
}
