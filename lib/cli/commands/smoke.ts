/**
 * `whest smoke`: the README's main-job command — a small seeded run with a built-in
 * estimator (3 MLPs at 256×8, 20,000 samples each) that exercises every stage end to end.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { parseRunConfig } from "../../config/run_config.ts";
import { executeRun } from "../../run/execute.ts";

/** The run settings of the smoke run; flags given to `smoke` are appended and win. */
export const SMOKE_ARGS: readonly string[] = [
  "--estimator",
  "mean_propagation",
  "--seed",
  "42",
  "--n-mlps",
  "3",
  "--width",
  "256",
  "--depth",
  "8",
  "--n-samples",
  "20000",
];

/** The `smoke` subcommand (also `smoke-test`, the official evaluator's name). */
export const smokeCommand: Command = {
  name: "smoke",
  aliases: ["smoke-test"],
  summary: "A small seeded run with a built-in estimator (3 MLPs at 256x8, 20,000 samples)",
  usage: `usage: whest smoke [run flags]

Runs: whest run ${SMOKE_ARGS.join(" ")}
Any 'whest run' flag given here overrides those settings (e.g. --json, --estimator zeros).`,
  run(args) {
    return executeRun(parseRunConfig([...SMOKE_ARGS, ...args], Deno.stdout.isTerminal()));
  },
};
