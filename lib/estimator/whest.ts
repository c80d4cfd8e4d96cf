/**
 * The module an estimator imports as "whest": the counted `np` API and the contract types.
 *
 * deno.json maps the bare specifier "whest" here so that editors and `deno check` understand
 * estimator files. At run time the loader never imports this file for an estimator: its
 * `require("whest")` returns the loader's frozen `{ np }`, the same `np` object.
 *
 * @example
 * ```ts
 * import { np } from "whest";
 * import type { Estimator, Mlp } from "whest";
 * ```
 *
 * @module
 */
import { np } from "../api/mod.ts";

export { np };
export type * from "../api/mod.ts";
export type { Estimator, Mlp, Predictions, SetupContext } from "../contract/estimator.ts";
