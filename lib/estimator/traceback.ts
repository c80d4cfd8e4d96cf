/**
 * Turns an exception raised by estimator code into the one-line message and the traceback
 * shown with `--debug`.
 *
 * @module
 */
import { originalPosition } from "./source_maps.ts";

/** Frames from here down are whest's own call machinery (executor, validate), not the estimator's. */
const HOST_FRAME = /lib[\\/](estimator|validate)[\\/]/;

/**
 * The exception's one-line message: `Name: first line of the message`.
 *
 * @param error Anything the estimator threw.
 * @returns One line; non-Error values are described by their type and value.
 *
 * @example
 * ```ts
 * import { describeError } from "./traceback.ts";
 * console.log(describeError(new RangeError("k must be > 0\nsecond line"))); // "RangeError: k must be > 0"
 * console.log(describeError("oops")); // "thrown string: oops"
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const first = String(error.message).split("\n", 1)[0];
    return first === "" ? error.name : `${error.name}: ${first}`;
  }
  if (typeof error === "object" && error !== null) {
    return `thrown ${Object.prototype.toString.call(error).slice(8, -1)}`;
  }
  return `thrown ${typeof error}: ${String(error).split("\n", 1)[0]}`;
}

/**
 * The exception's stack, cut where whest's own frames begin, with eval frames rewritten
 * from `(file.ts, <anonymous>:3:5)` to `(file.ts:3:5)` and positions in estimator modules
 * mapped from the compiled code back to the author's source. Maps are read only here, so
 * only formatting a traceback pays for them.
 *
 * @param error Anything the estimator threw.
 * @returns The cleaned stack, or undefined when the value carries none.
 */
export function cleanTraceback(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== "string") return undefined;
  const kept: string[] = [];
  for (const line of error.stack.split("\n")) {
    if (kept.length > 0 && line.trimStart().startsWith("at ") && HOST_FRAME.test(line)) break;
    kept.push(toSourcePosition(line.replace(/, <anonymous>:(\d+):(\d+)\)/, ":$1:$2)")));
  }
  return kept.join("\n");
}

/** A frame's `file:line:col`, in parentheses or bare at the end of an `at` line. */
const FRAME_POSITION = /^(\s*at (?:.*\()?)(.+):(\d+):(\d+)(\)?)$/;

/** Rewrites a frame in an estimator module from compiled to source `line:col`; others pass as they are. */
function toSourcePosition(line: string): string {
  const match = FRAME_POSITION.exec(line);
  if (match === null) return line;
  const [, head, file, row, column, tail] = match;
  const original = originalPosition(file, Number(row), Number(column));
  return original === undefined
    ? line
    : `${head}${file}:${original.line}:${original.column}${tail}`;
}

/**
 * Names a value's type for one-line messages: "undefined", "null", "an array", "an object",
 * "a string ('abc')", "a number (3)".
 *
 * @param value Any value.
 * @returns A short phrase, at most about 50 characters.
 *
 * @example
 * ```ts
 * import { describeType } from "./traceback.ts";
 * console.log(describeType(3)); // "a number (3)"
 * ```
 */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  if (typeof value === "string") return `a string ('${value.slice(0, 40)}')`;
  return `a ${typeof value} (${String(value).slice(0, 40)})`;
}
