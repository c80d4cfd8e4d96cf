/**
 * The ledger of one budget context: FLOPs used, per-op records, per-op and per-namespace
 * totals, and the backend/overhead time buckets. All state is `#private`; only the engine
 * (lib/budget/engine.ts) drives it.
 *
 * @module
 */

import type { DType } from "../array/dtype.ts";
import { addTimes, emptyOperationTotals } from "./merge.ts";
import type { BudgetSummary, NamespaceTotals, OperationTotals } from "./summary.ts";

/** One recorded op call (free ops included). Times are in seconds. */
export interface OpRecord {
  /** Op name, e.g. "matmul". */
  readonly op: string;
  /** Shapes of the op's array inputs. */
  readonly shapes: readonly (readonly number[])[];
  /** FLOPs charged for this call. */
  readonly cost: number;
  /** FLOPs used by the context after this call. */
  readonly cumulative: number;
  /** Full namespace label, or undefined when the op ran outside any namespace. */
  readonly namespace: string | undefined;
  /** Seconds inside the kernel. */
  readonly backendTimeS: number;
  /** Seconds of the layer's own dispatch and bookkeeping for this call. */
  readonly overheadTimeS: number;
  /** The op's result (billing) dtype. */
  readonly dtype: DType;
}

interface MutableRecord {
  op: string;
  shapes: readonly (readonly number[])[];
  cost: number;
  cumulative: number;
  namespace: string | undefined;
  backendTimeS: number;
  overheadTimeS: number;
  dtype: DType;
}

interface NamespaceBucket {
  totals: OperationTotals;
  operations: Map<string, OperationTotals>;
}

/** Options that decide how unlabelled and labelled work is filed. */
export interface LedgerOptions {
  /** The budget in FLOPs. */
  flopBudget: number;
  /** Prefix joined before every namespace label, e.g. "estimator". */
  namespacePrefix?: string;
  /** The label of unlabelled work, e.g. "estimator-client" (used with a prefix). */
  defaultNamespace?: string;
}

/** Per-context accounting; see the module doc. */
export class Ledger {
  readonly #budget: number;
  readonly #prefix: string | undefined;
  readonly #defaultNamespace: string | undefined;
  #used = 0;
  #backendMs = 0;
  #overheadMs = 0;
  #labels: string | undefined = undefined;
  #namespace: string | undefined;
  readonly #records: MutableRecord[] = [];
  readonly #operations = new Map<string, OperationTotals>();
  readonly #namespaces = new Map<string, NamespaceBucket>();
  #pending: MutableRecord | undefined;
  #pendingOps: OperationTotals | undefined;
  #pendingNs: NamespaceBucket | undefined;
  #pendingNsOps: OperationTotals | undefined;

  /**
   * Starts an empty ledger.
   *
   * @param options Budget and namespace filing options.
   */
  constructor(options: LedgerOptions) {
    this.#budget = options.flopBudget;
    this.#prefix = options.namespacePrefix;
    this.#defaultNamespace = options.defaultNamespace;
    this.#namespace = this.#resolveNamespace(undefined);
  }

  /** The budget in FLOPs. */
  get flopBudget(): number {
    return this.#budget;
  }

  /** FLOPs charged so far. */
  get flopsUsed(): number {
    return this.#used;
  }

  /** FLOPs left. */
  get flopsRemaining(): number {
    return this.#budget - this.#used;
  }

  /** The current label path (without prefix), undefined outside any namespace. */
  get labels(): string | undefined {
    return this.#labels;
  }

  /** Frozen copies of the records so far. */
  get records(): readonly OpRecord[] {
    return this.#records.map((r) => Object.freeze({ ...r }));
  }

  /**
   * Switches the label path (namespace push/pop) and returns the previous one.
   *
   * @param labels The new label path, or undefined for unlabelled work.
   */
  setLabels(labels: string | undefined): string | undefined {
    const previous = this.#labels;
    this.#labels = labels;
    this.#namespace = this.#resolveNamespace(labels);
    return previous;
  }

  /**
   * Charges and records an op before its kernel runs; {@link Ledger.finishOp} adds its times.
   *
   * @param op Op name.
   * @param shapes Input shapes.
   * @param dtype Result dtype.
   * @param charge FLOPs (already checked against the remaining budget).
   */
  startOp(op: string, shapes: readonly (readonly number[])[], dtype: DType, charge: number): void {
    this.#used += charge;
    const record: MutableRecord = {
      op,
      shapes,
      cost: charge,
      cumulative: this.#used,
      namespace: this.#namespace,
      backendTimeS: 0,
      overheadTimeS: 0,
      dtype,
    };
    this.#records.push(record);
    const opTotals = totalsFor(this.#operations, op);
    opTotals.flop_cost += charge;
    opTotals.calls += 1;
    this.#pending = record;
    this.#pendingOps = opTotals;
    const ns = this.#namespace;
    if (ns === undefined) {
      this.#pendingNs = undefined;
      this.#pendingNsOps = undefined;
      return;
    }
    let bucket = this.#namespaces.get(ns);
    if (bucket === undefined) {
      bucket = { totals: emptyOperationTotals(), operations: new Map() };
      this.#namespaces.set(ns, bucket);
    }
    bucket.totals.flop_cost += charge;
    bucket.totals.calls += 1;
    const nsOps = totalsFor(bucket.operations, op);
    nsOps.flop_cost += charge;
    nsOps.calls += 1;
    this.#pendingNs = bucket;
    this.#pendingNsOps = nsOps;
  }

  /**
   * Adds the measured times to the op started last.
   *
   * @param backendMs Milliseconds inside the kernel.
   * @param overheadMs Milliseconds of dispatch and bookkeeping.
   */
  finishOp(backendMs: number, overheadMs: number): void {
    const backend = backendMs / 1000;
    const overhead = overheadMs / 1000;
    this.#backendMs += backendMs;
    this.#overheadMs += overheadMs;
    this.#pending!.backendTimeS = backend;
    this.#pending!.overheadTimeS = overhead;
    addTimes(this.#pendingOps!, backend, overhead);
    if (this.#pendingNs !== undefined) {
      addTimes(this.#pendingNs.totals, backend, overhead);
      addTimes(this.#pendingNsOps!, backend, overhead);
    }
  }

  /**
   * Adds bookkeeping time not tied to one op (namespace switches, opening and closing).
   *
   * @param overheadMs Milliseconds.
   */
  addOverhead(overheadMs: number): void {
    this.#overheadMs += overheadMs;
  }

  /**
   * The summary object for a context that has run for `wallMs` milliseconds.
   *
   * @param wallMs Milliseconds from opening to now (or closing).
   */
  summary(wallMs: number): BudgetSummary {
    const wall = wallMs / 1000;
    const backend = this.#backendMs / 1000;
    const overhead = this.#overheadMs / 1000;
    const summary: BudgetSummary = {
      flop_budget: this.#budget,
      flops_used: this.#used,
      flops_remaining: this.#budget - this.#used,
      wall_time_s: wall,
      flopscope_backend_time_s: backend,
      flopscope_overhead_time_s: overhead,
      residual_wall_time_s: Math.max(0, wall - backend - overhead),
      operations: copyTotals(this.#operations),
    };
    if (this.#namespaces.size > 0) {
      const byNamespace: Record<string, NamespaceTotals> = {};
      for (const [name, bucket] of this.#namespaces) {
        byNamespace[name] = {
          flops_used: bucket.totals.flop_cost,
          calls: bucket.totals.calls,
          flopscope_backend_time_s: bucket.totals.flopscope_backend_time_s,
          flopscope_overhead_time_s: bucket.totals.flopscope_overhead_time_s,
          operations: copyTotals(bucket.operations),
        };
      }
      summary.by_namespace = byNamespace;
    }
    return summary;
  }

  #resolveNamespace(labels: string | undefined): string | undefined {
    const prefix = this.#prefix;
    const tail = labels ?? this.#defaultNamespace;
    if (tail === undefined) return prefix;
    return prefix === undefined ? tail : `${prefix}.${tail}`;
  }
}

function totalsFor(map: Map<string, OperationTotals>, op: string): OperationTotals {
  let totals = map.get(op);
  if (totals === undefined) {
    totals = emptyOperationTotals();
    map.set(op, totals);
  }
  return totals;
}

function copyTotals(map: Map<string, OperationTotals>): Record<string, OperationTotals> {
  const out: Record<string, OperationTotals> = {};
  for (const [op, t] of map) out[op] = { ...t };
  return out;
}
