/**
 * Per-storage specialisation of elementwise loops. V8 keeps one set of type feedback per
 * function literal, so a single loop that sees Float64Array, Float32Array and Int32Array
 * storage goes polymorphic and runs 3–4× slower than a loop that only ever sees one. Each
 * elementwise op is therefore written once as an expression in `x` (and `y`) and compiled
 * here, at module load, into separate loop functions per storage kind.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";

/** The storage kinds that get their own compiled loops; everything else shares "other". */
export type StorageKind = "f64" | "f32" | "other";

/** All storage kinds, in table order. */
export const STORAGE_KINDS: readonly StorageKind[] = ["f64", "f32", "other"];

/**
 * The storage kind of a buffer.
 *
 * @param s Any storage.
 */
export function storageKind(s: Storage): StorageKind {
  if (s instanceof Float64Array) return "f64";
  if (s instanceof Float32Array) return "f32";
  return "other";
}

/**
 * Compiles a function from its body. Used only at module load, before any estimator code
 * runs; the body is built from this project's own expression tables, never from input.
 *
 * @param params Parameter names.
 * @param body Function body.
 */
export function compileLoop<F>(params: readonly string[], body: string): F {
  return new Function(...params, `"use strict";\n${body}`) as F;
}
