/**
 * The program's version, read once from `deno.json` at build time.
 *
 * @module
 */
import denoConfig from "../../deno.json" with { type: "json" };

/** The whest version string, e.g. "0.1.0". */
export const WHEST_VERSION: string = denoConfig.version;

/** Version of the estimator API handed to estimators as `ctx.api_version`. */
export const API_VERSION = "1.0";
