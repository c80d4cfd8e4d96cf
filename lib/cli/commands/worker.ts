/**
 * `whest __worker`: the sandboxed estimator worker the subprocess runner spawns. Internal: not
 * listed in `help`, and it speaks only the binary frame protocol on stdin and stdout.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { runWorker } from "../../runner/worker_main.ts";
import { WORKER_COMMAND_NAME } from "../../runner/worker_process.ts";

/** The hidden `__worker` subcommand. */
export const workerCommand: Command = {
  name: WORKER_COMMAND_NAME,
  summary: "Internal: the sandboxed estimator worker (speaks the frame protocol on stdio)",
  usage: `usage: whest ${WORKER_COMMAND_NAME} [--threads N]

Internal: started by 'whest run --runner subprocess'; reads frames on stdin, writes frames on stdout.`,
  hidden: true,
  run(args) {
    return runWorker(args);
  },
};
