/**
 * `whest run`: generate a contest and compute its ground truth (or read both from a dataset),
 * score an estimator on it and report — the reference's main job.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { parseRunConfig, RUN_USAGE } from "../../config/run_config.ts";
import { executeRun } from "../../run/execute.ts";

/** The `run` subcommand. */
export const runCommand: Command = {
  name: "run",
  summary: "Score an estimator on a seeded contest or a dataset (ground truth, scoring, report)",
  usage: RUN_USAGE,
  run(args) {
    return executeRun(parseRunConfig(args, Deno.stdout.isTerminal()));
  },
};
