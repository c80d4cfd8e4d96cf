/**
 * The console an estimator sees: every call becomes a captured line, never process output.
 *
 * Runners drain the lines after each call and show them to the user; in the sandboxed worker
 * this keeps estimator output out of the protocol channel.
 *
 * @module
 */

/** Default cap on captured characters between two drains (1 MiB). */
export const DEFAULT_LOG_CAPACITY_CHARS = 1 << 20;

/** A console whose output is kept in memory until drained. */
export interface CapturedConsole {
  /** The object handed to the estimator as `console`. */
  readonly console: Console;
  /** Returns the lines captured since the last drain and forgets them. */
  drain(): string[];
}

/** Console methods that print their arguments, and the prefix each line gets. */
const PRINTERS: Record<string, string> = {
  log: "",
  info: "",
  debug: "",
  dir: "",
  dirxml: "",
  table: "",
  trace: "",
  warn: "warning: ",
  error: "error: ",
};

/**
 * Creates a captured console. Lines past `capacityChars` are counted, not kept, so a chatty
 * estimator cannot exhaust memory through its logs.
 *
 * @param capacityChars Most characters kept between drains; default 1 MiB.
 * @returns The console and its drain.
 *
 * @example
 * ```ts
 * import { captureConsole } from "./console.ts";
 * const captured = captureConsole();
 * captured.console.log("k =", 42);
 * console.log(captured.drain()); // ["k = 42"]
 * ```
 */
export function captureConsole(capacityChars = DEFAULT_LOG_CAPACITY_CHARS): CapturedConsole {
  let lines: string[] = [];
  let kept = 0;
  let dropped = 0;
  const push = (prefix: string, args: unknown[]) => {
    const line = prefix + args.map(formatValue).join(" ");
    if (kept + line.length > capacityChars) {
      dropped++;
      return;
    }
    kept += line.length;
    lines.push(line);
  };
  const target: Record<string, (...args: unknown[]) => void> = {};
  for (const [method, prefix] of Object.entries(PRINTERS)) {
    target[method] = (...args) => push(prefix, args);
  }
  target.assert = (condition, ...args) => {
    if (!condition) push("assertion failed: ", args);
  };
  for (const quiet of ["group", "groupCollapsed", "groupEnd", "clear", "count", "countReset"]) {
    target[quiet] = () => {};
  }
  for (const quiet of ["time", "timeEnd", "timeLog", "timeStamp", "profile", "profileEnd"]) {
    target[quiet] = () => {};
  }
  return {
    console: Object.freeze(target) as unknown as Console,
    drain() {
      const out = lines;
      if (dropped > 0) out.push(`(${dropped} more log lines dropped: over ${capacityChars} chars)`);
      lines = [];
      kept = 0;
      dropped = 0;
      return out;
    },
  };
}

/** Formats one console argument as Deno's console would (strings as they are, values inspected). */
function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  const inspect = (globalThis as { Deno?: { inspect?(v: unknown, o?: object): string } }).Deno
    ?.inspect;
  try {
    return inspect ? inspect(value, { depth: 4, colors: false }) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
