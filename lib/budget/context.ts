/**
 * The budget context: opens a metered region with a FLOP budget and an optional wall-time
 * limit, and closes it into the summary object (lib/budget/summary.ts).
 *
 * @module
 */

import { activateLedger, clockMs, deactivateLedger } from "./engine.ts";
import { Ledger, type OpRecord } from "./ledger.ts";
import type { BudgetSummary } from "./summary.ts";

/** Options of a {@link BudgetContext}. */
export interface BudgetOptions {
  /** The FLOP budget (a non-negative integer). */
  flopBudget: number;
  /** Wall-time limit in seconds, checked before and after each op; default none. */
  wallTimeLimitS?: number;
  /** Kept for flopscope parity: this layer never prints, so it has no effect. */
  quiet?: boolean;
  /** Prefix of every namespace label, e.g. "estimator" or "sampling"; default none. */
  namespacePrefix?: string;
  /** Label of unlabelled work under the prefix, e.g. "estimator-client"; default none. */
  defaultNamespace?: string;
}

/**
 * A metered region. Contexts do not nest: `enter()` throws `NestedBudgetError` while another is
 * active. Supports `using ctx = new BudgetContext(...).enter()`.
 *
 * @example
 * ```ts
 * import { BudgetContext } from "./context.ts";
 * const ctx = new BudgetContext({ flopBudget: 1e6 }).enter();
 * // ... counted ops ...
 * const summary = ctx.exit();
 * ```
 */
export class BudgetContext {
  readonly #ledger: Ledger;
  readonly #wallTimeLimitS: number;
  #openedAtMs = -1;
  #closedAtMs = -1;
  #summary: BudgetSummary | undefined;

  /**
   * Validates the options; the context starts counting at {@link BudgetContext.enter}.
   *
   * @param options Budget, time limit and namespace filing.
   */
  constructor(options: BudgetOptions) {
    const { flopBudget, wallTimeLimitS } = options;
    if (!Number.isSafeInteger(flopBudget) || flopBudget < 0) {
      throw new RangeError(
        `BudgetContext: flopBudget ${flopBudget} must be a non-negative integer`,
      );
    }
    if (wallTimeLimitS !== undefined && !(wallTimeLimitS > 0)) {
      throw new RangeError(`BudgetContext: wallTimeLimitS ${wallTimeLimitS} must be positive`);
    }
    checkLabel(options.namespacePrefix, "namespacePrefix");
    checkLabel(options.defaultNamespace, "defaultNamespace");
    this.#ledger = new Ledger(options);
    this.#wallTimeLimitS = wallTimeLimitS ?? Infinity;
  }

  /** Opens the context; returns it for chaining. */
  enter(): this {
    if (this.#openedAtMs >= 0) throw new Error("BudgetContext: a context can be entered only once");
    this.#openedAtMs = activateLedger(this.#ledger, this.#wallTimeLimitS);
    return this;
  }

  /** Closes the context and returns its summary (idempotent). */
  exit(): BudgetSummary {
    if (this.#summary !== undefined) return this.#summary;
    if (this.#openedAtMs < 0) throw new Error("BudgetContext: exit() before enter()");
    this.#closedAtMs = deactivateLedger(this.#ledger);
    this.#summary = this.#ledger.summary(this.#closedAtMs - this.#openedAtMs);
    return this.#summary;
  }

  /** `using` support: closes the context. */
  [Symbol.dispose](): void {
    this.exit();
  }

  /** The budget in FLOPs. */
  get flopBudget(): number {
    return this.#ledger.flopBudget;
  }

  /** FLOPs charged so far. */
  get flopsUsed(): number {
    return this.#ledger.flopsUsed;
  }

  /** FLOPs left. */
  get flopsRemaining(): number {
    return this.#ledger.flopsRemaining;
  }

  /** The wall-time limit in seconds (Infinity when none). */
  get wallTimeLimitS(): number {
    return this.#wallTimeLimitS;
  }

  /** Seconds since the context opened (until it closed). */
  get elapsedS(): number {
    if (this.#openedAtMs < 0) return 0;
    const end = this.#closedAtMs >= 0 ? this.#closedAtMs : clockMs();
    return (end - this.#openedAtMs) / 1000;
  }

  /** Every recorded op so far, in order. */
  get records(): readonly OpRecord[] {
    return this.#ledger.records;
  }

  /** The summary as of now (the final one once closed). */
  summary(): BudgetSummary {
    if (this.#summary !== undefined) return this.#summary;
    if (this.#openedAtMs < 0) return this.#ledger.summary(0);
    return this.#ledger.summary(clockMs() - this.#openedAtMs);
  }
}

/**
 * Runs `fn` inside a fresh context and returns its value with the summary. The context is
 * closed even when `fn` throws (the error propagates).
 *
 * @param options Context options.
 * @param fn The metered work.
 * @example
 * ```ts
 * import { withBudget } from "./context.ts";
 * const { value, summary } = withBudget({ flopBudget: 100 }, () => 1);
 * ```
 */
export function withBudget<T>(
  options: BudgetOptions,
  fn: () => T,
): { value: T; summary: BudgetSummary } {
  const ctx = new BudgetContext(options).enter();
  let value: T;
  try {
    value = fn();
  } finally {
    ctx.exit();
  }
  return { value, summary: ctx.exit() };
}

/**
 * Async form of {@link withBudget}: awaits `fn` before closing the context.
 *
 * @param options Context options.
 * @param fn The metered async work.
 */
export async function withBudgetAsync<T>(
  options: BudgetOptions,
  fn: () => Promise<T>,
): Promise<{ value: T; summary: BudgetSummary }> {
  const ctx = new BudgetContext(options).enter();
  let value: T;
  try {
    value = await fn();
  } finally {
    ctx.exit();
  }
  return { value, summary: ctx.exit() };
}

function checkLabel(label: string | undefined, what: string): void {
  if (label === undefined) return;
  if (label.length === 0 || label.includes(".")) {
    throw new RangeError(
      `BudgetContext: ${what} ${JSON.stringify(label)} must be non-empty without "."`,
    );
  }
}
