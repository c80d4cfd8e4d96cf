/**
 * Number formats of the human report (reference-behaviour §4): MSE as `%.2e`, ratios as
 * `%.8f`, FLOPs comma-grouped below 1e6 and `%.2e` from there on.
 *
 * @module
 */

/**
 * C's `%.Ne`: mantissa with `digits` decimals and an exponent of at least two digits.
 *
 * @example
 * ```ts
 * import { formatExponential } from "./format.ts";
 * formatExponential(0.000123456, 2); // "1.23e-04"
 * ```
 * @param value The number.
 * @param digits Decimals of the mantissa.
 */
export function formatExponential(value: number, digits: number): string {
  if (!Number.isFinite(value)) return formatNonFinite(value);
  const [mantissa, exponent] = value.toExponential(digits).split("e");
  const sign = exponent.startsWith("-") ? "-" : "+";
  const magnitude = exponent.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa}e${sign}${magnitude}`;
}

function formatNonFinite(value: number): string {
  if (Number.isNaN(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}

/**
 * An MSE or score as `%.2e`.
 *
 * @param value The MSE.
 */
export function formatMse(value: number): string {
  return formatExponential(value, 2);
}

/**
 * A ratio (multiplier, utilisation) as `%.8f`.
 *
 * @example
 * ```ts
 * import { formatRatio } from "./format.ts";
 * formatRatio(0.1); // "0.10000000"
 * ```
 * @param value The ratio.
 */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(8) : formatNonFinite(value);
}

/**
 * A FLOP count: comma-grouped below 1e6 (`123,456`), `%.2e` from 1e6 on (`2.20e+12`).
 *
 * @example
 * ```ts
 * import { formatFlops } from "./format.ts";
 * formatFlops(59712); // "59,712"
 * formatFlops(2 ** 41); // "2.20e+12"
 * ```
 * @param value The FLOPs.
 */
export function formatFlops(value: number): string {
  if (Math.abs(value) >= 1e6 || !Number.isFinite(value)) return formatExponential(value, 2);
  const [whole, fraction] = String(value).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * Seconds for tables: three decimals below 100 s, whole seconds from there on.
 *
 * @param seconds The duration.
 */
export function formatSeconds(seconds: number): string {
  return seconds < 100 ? `${seconds.toFixed(3)} s` : `${seconds.toFixed(0)} s`;
}
