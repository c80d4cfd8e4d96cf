/**
 * Parsers for flag values: each turns the text after a flag into a number or throws a
 * one-line `UsageError` naming the flag, the value and the rule it broke.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";

const DECIMAL = /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const POWER = /^(\d+)\s*(\^|\*\*)\s*(\d+)$/;

function decimal(flag: string, text: string, rule: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) throw new UsageError(`${flag} must be ${rule}, got '${text}'`);
  return Number(trimmed);
}

function wholeNumber(flag: string, value: number, text: string, rule: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`${flag} must be ${rule} up to 2^53 - 1, got '${text}'`);
  }
  return value;
}

/**
 * A positive integer; scientific notation is accepted when it names a whole number (`1e9`).
 *
 * @example
 * ```ts
 * import { parsePositiveInteger } from "./values.ts";
 * parsePositiveInteger("--n-samples", "2e5"); // 200000
 * ```
 * @param flag The flag, quoted in the error.
 * @param text The value as typed.
 */
export function parsePositiveInteger(flag: string, text: string): number {
  const rule = "a positive integer";
  const value = wholeNumber(flag, decimal(flag, text, rule), text, rule);
  if (value < 1) throw new UsageError(`${flag} must be ${rule}, got '${text}'`);
  return value;
}

/**
 * A non-negative integer, as a seed is.
 *
 * @param flag The flag, quoted in the error.
 * @param text The value as typed.
 */
export function parseNonNegativeInteger(flag: string, text: string): number {
  const rule = "a non-negative integer";
  if (!/^\+?\d+$/.test(text.trim())) throw new UsageError(`${flag} must be ${rule}, got '${text}'`);
  return wholeNumber(flag, Number(text.trim()), text, rule);
}

/**
 * A finite number greater than zero (a time limit in seconds).
 *
 * @param flag The flag, quoted in the error.
 * @param text The value as typed.
 */
export function parsePositiveNumber(flag: string, text: string): number {
  const rule = "a positive number";
  const value = decimal(flag, text, rule);
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new UsageError(`${flag} must be ${rule}, got '${text}'`);
  }
  return value;
}

/**
 * A finite number at least zero (λ, FLOPs charged per second of residual time).
 *
 * @param flag The flag, quoted in the error.
 * @param text The value as typed.
 */
export function parseNonNegativeNumber(flag: string, text: string): number {
  const rule = "a number >= 0";
  const value = decimal(flag, text, rule);
  if (!Number.isFinite(value)) throw new UsageError(`${flag} must be ${rule}, got '${text}'`);
  return value;
}

/**
 * A FLOP budget: a positive whole number written as an integer (`1000000`), in scientific
 * notation (`2.72e11`) or as a power (`2^41`, `2**41`).
 *
 * @example
 * ```ts
 * import { parseFlopBudget } from "./values.ts";
 * parseFlopBudget("--flop-budget", "2^41"); // 2199023255552
 * parseFlopBudget("--flop-budget", "6.8e10"); // 68000000000
 * ```
 * @param flag The flag, quoted in the error.
 * @param text The value as typed.
 */
export function parseFlopBudget(flag: string, text: string): number {
  const rule = "a positive whole number of FLOPs (e.g. 2^41, 2.72e11, 1000000)";
  const power = POWER.exec(text.trim());
  const value = power ? Number(power[1]) ** Number(power[3]) : decimal(flag, text, rule);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} must be ${rule} up to 2^53 - 1, got '${text}'`);
  }
  return value;
}
