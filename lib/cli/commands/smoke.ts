/**
 * `whest smoke`: the README's main-job command — a small seeded run with a built-in
 * estimator (3 MLPs at 256×8, 20,000 samples each) that exercises every stage end to end;
 * `--official` runs whestbench's `smoke-test` settings instead.
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

/**
 * whestbench 0.16's `smoke-test` settings (cli.py `_smoke_test_contest_spec`, `_DEFAULT_ESTIMATOR`):
 * the combined estimator in-process on 3 unseeded MLPs at the graded shape, 1024×16, with 5,000
 * samples each and the default budget and caps.
 */
export const OFFICIAL_SMOKE_ARGS: readonly string[] = [
  "--estimator",
  "combined",
  "--runner",
  "local",
  "--n-mlps",
  "3",
  "--width",
  "1024",
  "--depth",
  "16",
  "--n-samples",
  "5000",
];

/**
 * The `run` arguments of `whest smoke ARGS`: the smoke settings (whestbench's with
 * `--official`), then the flags given, which win.
 *
 * @example
 * ```ts
 * import { smokeRunArgs } from "./smoke.ts";
 * smokeRunArgs(["--official", "--json"]).slice(-3); // ["--n-samples", "5000", "--json"]
 * ```
 * @param args The arguments after `smoke`.
 */
export function smokeRunArgs(args: readonly string[]): string[] {
  const official = args.includes("--official");
  const given = args.filter((arg) => arg !== "--official");
  return [...(official ? OFFICIAL_SMOKE_ARGS : SMOKE_ARGS), ...given];
}

/** The `smoke` subcommand (also `smoke-test`, the official evaluator's name). */
export const smokeCommand: Command = {
  name: "smoke",
  aliases: ["smoke-test"],
  summary: "A small seeded run with a built-in estimator (3 MLPs at 256x8, 20,000 samples)",
  usage: `usage: whest smoke [--official] [run flags]

Runs: whest run ${SMOKE_ARGS.join(" ")}
--official runs whestbench's smoke-test settings instead (unseeded, at the graded shape):
whest run ${OFFICIAL_SMOKE_ARGS.join(" ")}
Any 'whest run' flag given here overrides those settings (e.g. --json, --estimator zeros).`,
  run(args) {
    return executeRun(parseRunConfig(smokeRunArgs(args), Deno.stdout.isTerminal()));
  },
};
