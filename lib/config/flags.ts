/**
 * A small strict flag parser for the subcommands: `--name value`, `--name=value`, boolean
 * switches and positionals, with one-line usage errors that name the flag.
 *
 * `node:util`'s `parseArgs` rejects `--width -3` as "ambiguous" before a value check can say
 * what is wrong with -3; this parser hands every value to the command's own validation.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { closest } from "../core/suggest.ts";

/** How one flag is written: a switch, or a flag that takes a value. */
export type FlagKind = "boolean" | "string";

/** The flags a command accepts, by name without the leading dashes. */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** What {@link parseFlags} found: the value of each flag given (last wins) and positionals. */
export interface ParsedFlags {
  /** String flags map to their text, boolean flags to true. Absent flags are missing. */
  readonly values: Readonly<Record<string, string | true>>;
  /** Arguments that are not flags, in order (everything after `--` included). */
  readonly positionals: readonly string[];
}

/**
 * Parses `args` against `spec`; unknown flags and missing values throw `UsageError`.
 *
 * @example
 * ```ts
 * import { parseFlags } from "./flags.ts";
 * const { values } = parseFlags("run", ["--width", "32", "--json"], { width: "string", json: "boolean" });
 * // values.width === "32", values.json === true
 * ```
 * @param command The subcommand, used in messages ("run: unknown flag ...").
 * @param args The arguments after the subcommand's name.
 * @param spec The accepted flags.
 * @param usage One usage line shown as the hint of every error.
 */
export function parseFlags(
  command: string,
  args: readonly string[],
  spec: FlagSpec,
  usage?: string,
): ParsedFlags {
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) {
      const guess = closest(name, Object.keys(spec));
      throw new UsageError(
        `${command}: unknown flag '--${name}'`,
        guess ? `did you mean '--${guess}'? (${usage ?? `see 'whest help ${command}'`})` : usage,
      );
    }
    if (kind === "boolean") {
      if (eq >= 0) {
        throw new UsageError(`${command}: --${name} takes no value, got '${arg}'`, usage);
      }
      values[name] = true;
      continue;
    }
    if (eq >= 0) {
      values[name] = arg.slice(eq + 1);
    } else if (i + 1 < args.length) {
      values[name] = args[++i];
    } else {
      throw new UsageError(`${command}: --${name} needs a value`, usage);
    }
  }
  return { values, positionals };
}
