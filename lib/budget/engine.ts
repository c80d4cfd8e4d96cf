/**
 * The engine: the one entry every counted op (and any other metered work, such as the Monte
 * Carlo sampler's fused kernels) goes through. It holds the active budget context's ledger
 * (module-private), checks the budget and the wall-time limit, times the kernel (backend)
 * apart from the layer's own dispatch (overhead), and records the call.
 *
 * Without an active context, ops run uncounted ("validate mode").
 *
 * @module
 */

import type { DType } from "../array/dtype.ts";
import { BudgetExhaustedError, NestedBudgetError, TimeExhaustedError } from "./errors.ts";
import type { Ledger } from "./ledger.ts";

// Captured at load, before any estimator code can patch the global.
const now: () => number = performance.now.bind(performance);

let active: Ledger | undefined;
let openedAtMs = 0;
let limitS = Infinity;
let deadlineMs = Infinity;

/**
 * The engine's clock in milliseconds (performance.now as captured at module load).
 *
 * @example
 * ```ts
 * import { clockMs } from "./engine.ts";
 * const t = clockMs();
 * ```
 */
export function clockMs(): number {
  return now();
}

/**
 * Marks the start of an op's dispatch so validation counts as overhead; 0 when no context is
 * active (nothing is timed then). Pass the value to {@link runOp} as `startedAt`.
 */
export function opStart(): number {
  return active === undefined ? 0 : now();
}

/** Whether a budget context is active. */
export function isCounting(): boolean {
  return active !== undefined;
}

/**
 * Runs one metered op: checks the time and the budget (throwing before the kernel runs), records
 * the call, times the kernel, then checks the time again.
 *
 * @param op Op name as it appears in summaries.
 * @param shapes Shapes of the array inputs (recorded as given).
 * @param dtype The result (billing) dtype.
 * @param charge FLOPs, already including dtype rate and weight (a non-negative integer).
 * @param kernel The numeric work; its return value is returned.
 * @param startedAt The value of {@link opStart} taken when the op began, or 0.
 * @example
 * ```ts
 * import { runOp } from "./engine.ts";
 * const sum = runOp("my_kernel", [[3]], "float64", 6, () => 1 + 2 + 3);
 * ```
 */
export function runOp<T>(
  op: string,
  shapes: readonly (readonly number[])[],
  dtype: DType,
  charge: number,
  kernel: () => T,
  startedAt = 0,
): T {
  const ledger = active;
  if (ledger === undefined) return kernel();
  const t0 = startedAt === 0 ? now() : startedAt;
  if (t0 > deadlineMs) throw timeError(op, t0);
  if (!(charge >= 0) || !Number.isSafeInteger(charge)) {
    throw new RangeError(`${op}: charge ${charge} is not a non-negative integer`);
  }
  const remaining = ledger.flopsRemaining;
  if (charge > remaining) throw new BudgetExhaustedError(op, charge, remaining);
  ledger.startOp(op, shapes, dtype, charge);
  const k0 = now();
  try {
    return kernel();
  } finally {
    const k1 = now();
    ledger.finishOp(k1 - k0, k0 - t0);
    if (k1 > deadlineMs && active === ledger) throwAfter(op, k1);
  }
}

/**
 * Like {@link runOp}, but for ops whose charge is known only after running (random samplers,
 * `asarray` of foreign data): the kernel runs first; on overshoot it throws without recording.
 *
 * @param op Op name.
 * @param shapes Input shapes.
 * @param dtype Result dtype.
 * @param kernel The numeric work.
 * @param chargeOf Computes the charge from the kernel's result.
 * @param startedAt The value of {@link opStart}, or 0.
 */
export function runOpChargedAfter<T>(
  op: string,
  shapes: readonly (readonly number[])[],
  dtype: DType,
  kernel: () => T,
  chargeOf: (result: T) => number,
  startedAt = 0,
): T {
  const ledger = active;
  if (ledger === undefined) return kernel();
  const t0 = startedAt === 0 ? now() : startedAt;
  if (t0 > deadlineMs) throw timeError(op, t0);
  const k0 = now();
  const result = kernel();
  const k1 = now();
  const charge = chargeOf(result);
  const remaining = ledger.flopsRemaining;
  if (charge > remaining) throw new BudgetExhaustedError(op, charge, remaining);
  ledger.startOp(op, shapes, dtype, charge);
  ledger.finishOp(k1 - k0, k0 - t0 + (now() - k1));
  if (k1 > deadlineMs) throw timeError(op, k1);
  return result;
}

/**
 * Runs `fn` with its ops filed under `label` (joined to enclosing labels with "."). Outside a
 * context it only validates the label. Works with async functions.
 *
 * @param label A non-empty label without ".".
 * @param fn The work to label.
 * @example
 * ```ts
 * import { namespace } from "./engine.ts";
 * const x = namespace("init", () => 42);
 * ```
 */
export function namespace<T>(label: string, fn: () => T): T {
  if (typeof label !== "string" || label.length === 0 || label.includes(".")) {
    throw new RangeError(`namespace: label ${JSON.stringify(label)} must be non-empty without "."`);
  }
  const ledger = active;
  if (ledger === undefined) return fn();
  const t = now();
  const previous = ledger.labels;
  ledger.setLabels(previous === undefined ? label : `${previous}.${label}`);
  ledger.addOverhead(now() - t);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    ledger.setLabels(previous);
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(() => ledger.setLabels(previous)) as T;
  }
  ledger.setLabels(previous);
  return result;
}

/**
 * Makes `ledger` the active one (used by BudgetContext); throws when one is already active.
 *
 * @param ledger The context's ledger.
 * @param wallTimeLimitS Limit in seconds (Infinity for none).
 * @returns The opening time in milliseconds.
 */
export function activateLedger(ledger: Ledger, wallTimeLimitS: number): number {
  if (active !== undefined) throw new NestedBudgetError();
  active = ledger;
  openedAtMs = now();
  limitS = wallTimeLimitS;
  deadlineMs = openedAtMs + wallTimeLimitS * 1000;
  return openedAtMs;
}

/**
 * Deactivates `ledger` if it is the active one.
 *
 * @param ledger The context's ledger.
 * @returns The closing time in milliseconds.
 */
export function deactivateLedger(ledger: Ledger): number {
  const t = now();
  if (active === ledger) {
    active = undefined;
    deadlineMs = Infinity;
    limitS = Infinity;
  }
  return t;
}

function timeError(op: string, atMs: number): TimeExhaustedError {
  return new TimeExhaustedError(op, (atMs - openedAtMs) / 1000, limitS);
}

function throwAfter(op: string, atMs: number): never {
  throw timeError(op, atMs);
}
