/**
 * Turns argv into a subcommand call and its failures into messages and exit codes.
 *
 * @module
 */
import type { Command } from "./command.ts";
import { EXIT_FAILURE, UsageError, WhestError } from "../core/errors.ts";
import { closest } from "../core/suggest.ts";
import { WHEST_VERSION } from "../core/version.ts";

function overview(allCommands: readonly Command[]): string {
  const commands = allCommands.filter((c) => !c.hidden);
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `whest ${WHEST_VERSION}: evaluator for the ARC Whitebox Estimation Challenge`,
    "",
    "usage: whest <command> [options]",
    "",
    "commands:",
    `  ${"help".padEnd(width)}  Show this overview, or a command's usage with 'help <command>'`,
    ...lines,
    "",
    "Add --debug to any command to print stack traces of internal errors.",
  ].join("\n");
}

function findCommand(commands: readonly Command[], name: string): Command {
  const command = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (command) return command;
  const guess = closest(name, ["help", ...commands.filter((c) => !c.hidden).map((c) => c.name)]);
  throw new UsageError(
    `unknown command '${name}'`,
    guess ? `did you mean 'whest ${guess}'? (see 'whest help')` : "see 'whest help'",
  );
}

async function dispatch(commands: readonly Command[], argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    console.log(topic === undefined ? overview(commands) : findCommand(commands, topic).usage);
    return 0;
  }
  if (name === "--version" || name === "-V") return await findCommand(commands, "version").run([]);
  const command = findCommand(commands, name);
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  return await command.run(rest);
}

/**
 * Runs the subcommand named by `argv[0]` and returns the process exit code.
 *
 * Usage errors print `whest: <message>` and a hint line and return 2; `WhestError`s print one
 * line and return their code; anything else prints one line (the stack only with `--debug`) and
 * returns 1.
 *
 * @example
 * ```ts
 * import { main } from "./dispatch.ts";
 * import { COMMANDS } from "./commands/mod.ts";
 * const code = await main(COMMANDS, ["version"]);
 * ```
 * @param commands The registered subcommands.
 * @param argv The arguments after the program name.
 */
export async function main(commands: readonly Command[], argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await dispatch(commands, argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`whest: ${error.message}`);
      if (error.hint) console.error(error.hint);
      return error.exitCode;
    }
    if (error instanceof WhestError) {
      console.error(`whest: ${error.message}`);
      if (debug && error.stack) console.error(error.stack);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`whest: internal error: ${message}`);
    if (debug && error instanceof Error && error.stack) console.error(error.stack);
    else console.error("(run again with --debug for the stack trace)");
    return EXIT_FAILURE;
  }
}
