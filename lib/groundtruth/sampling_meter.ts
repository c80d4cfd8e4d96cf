/**
 * The sampler's meter: budget contexts under `sampling.sample_layer_statistics` that roll
 * over before their FLOP count would pass 2^53 − 1 (the largest budget a context takes; a
 * 1024×16 run at the rounds' 10^9 samples meters about 3.4·10^16), merged into one summary.
 *
 * @module
 */
import { BudgetContext } from "../budget/context.ts";
import type { BudgetSummary } from "../budget/summary.ts";
import { mergeSummaries } from "../budget/merge.ts";

/** Namespace prefix of the sampler's work in summaries. */
export const SAMPLING_NAMESPACE = "sampling";
/** The sampler's label under the prefix: `sampling.sample_layer_statistics`. */
export const SAMPLING_DEFAULT_NAMESPACE = "sample_layer_statistics";

/**
 * Opens sampling contexts on demand; call {@link SamplingMeter.reserve} before each metered
 * step with its total charge, and {@link SamplingMeter.close} at the end (also on failure).
 */
export class SamplingMeter {
  readonly #limit: number;
  readonly #summaries: BudgetSummary[] = [];
  #context: BudgetContext;

  /**
   * Opens the first context.
   *
   * @param limit FLOPs one context may meter (default 2^53 − 1).
   */
  constructor(limit = Number.MAX_SAFE_INTEGER) {
    this.#limit = limit;
    this.#context = this.#open();
  }

  #open(): BudgetContext {
    return new BudgetContext({
      flopBudget: this.#limit,
      namespacePrefix: SAMPLING_NAMESPACE,
      defaultNamespace: SAMPLING_DEFAULT_NAMESPACE,
    }).enter();
  }

  /**
   * Makes room for a step charging `charge` FLOPs, rolling over to a fresh context if needed.
   *
   * @param charge The step's total charge (at most the context limit).
   */
  reserve(charge: number): void {
    if (charge <= this.#context.flopsRemaining) return;
    this.#summaries.push(this.#context.exit());
    this.#context = this.#open();
  }

  /** Closes the open context and returns the merged summary of all of them (idempotent). */
  close(): BudgetSummary {
    const all = [...this.#summaries, this.#context.exit()];
    return mergeSummaries(all, this.#limit * all.length);
  }
}
