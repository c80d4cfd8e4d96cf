/**
 * Terminal styling for the human report: ANSI colours in rich mode, plain text otherwise,
 * and tables drawn by cli-table3.
 *
 * @module
 */
import Table from "cli-table3";

/** Text decorations the report uses; each is the identity in plain mode. */
export interface Style {
  /** Whether colours are on. */
  readonly colour: boolean;
  /** Section titles. */
  heading(text: string): string;
  /** The primary score. */
  primary(text: string): string;
  /** Failures and errors. */
  bad(text: string): string;
  /** Secondary detail (tracebacks, hints). */
  dim(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) =>
  `\x1b[${open}m${text}\x1b[${close}m`;

/**
 * A style with ANSI colours when `colour` is true (rich mode without NO_COLOR), else none.
 *
 * @param colour Whether to colour.
 */
export function makeStyle(colour: boolean): Style {
  if (!colour) {
    const same = (text: string) => text;
    return { colour, heading: same, primary: same, bad: same, dim: same };
  }
  const bold = ansi(1, 22);
  const cyan = ansi(36, 39);
  const green = ansi(32, 39);
  return {
    colour,
    heading: (text) => bold(cyan(text)),
    primary: (text) => bold(green(text)),
    bad: ansi(31, 39),
    dim: ansi(2, 22),
  };
}

/**
 * Whether colour is allowed: not when NO_COLOR is set (https://no-color.org).
 */
export function colourAllowed(): boolean {
  try {
    return !Deno.env.get("NO_COLOR");
  } catch {
    return true;
  }
}

/** Column alignment of a table. */
export type Align = "left" | "right";

/**
 * Renders a table with a header row, compact (no lines between body rows).
 *
 * @example
 * ```ts
 * import { renderTable } from "./style.ts";
 * console.log(renderTable(["MLP", "FLOPs"], [["0", "59,712"]], ["left", "right"]));
 * ```
 * @param head Column titles.
 * @param rows Body rows (strings).
 * @param align Alignment per column (default left).
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const table = new Table({
    head: [...head],
    colAligns: head.map((_, i) => align[i] ?? "left"),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}
