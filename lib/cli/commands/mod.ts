/**
 * The registry of `whest` subcommands, in the order `help` lists them.
 *
 * Each command lives in its own module; adding one is one import and one entry here.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { compareCommand } from "./compare.ts";
import { createDatasetCommand } from "./create_dataset.ts";
import { datasetCommand } from "./dataset.ts";
import { doctorCommand } from "./doctor.ts";
import { initCommand } from "./init.ts";
import { inspectCommand } from "./inspect.ts";
import { profileSimulationCommand } from "./profile_simulation.ts";
import { reportCommand } from "./report.ts";
import { packageCommand, validatePackageCommand } from "./package.ts";
import { runCommand } from "./run.ts";
import { smokeCommand } from "./smoke.ts";
import { validateCommand } from "./validate.ts";
import { versionCommand } from "./version.ts";
import { workerCommand } from "./worker.ts";

/** Every subcommand except `help`, which the dispatcher provides. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  validateCommand,
  reportCommand,
  compareCommand,
  packageCommand,
  validatePackageCommand,
  inspectCommand,
  datasetCommand,
  createDatasetCommand,
  profileSimulationCommand,
  initCommand,
  smokeCommand,
  doctorCommand,
  versionCommand,
  workerCommand,
];
