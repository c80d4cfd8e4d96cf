/**
 * `whest create-dataset`: whestbench's retired command, kept as it keeps it — a usage error
 * (exit 2) that points to `whest dataset bake`.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";

/** The `create-dataset` subcommand: refuses, naming its replacement. */
export const createDatasetCommand: Command = {
  name: "create-dataset",
  summary: "[deprecated] replaced by 'whest dataset bake'",
  usage: "usage: whest dataset bake --output DIR [flags] (create-dataset has been replaced)",
  run() {
    return Promise.reject(
      new UsageError(
        "'whest create-dataset' has been replaced by 'whest dataset bake'",
        "see 'whest help dataset'; --output-path FILE.npz becomes --output DIR",
      ),
    );
  },
};
