/**
 * Synthetic JSON reports for the renderer and comparison tests: schema-valid, deterministic,
 * any number of MLPs and any shape, without running anything.
 *
 * @module
 */
import { sumBreakdownSummaries } from "../../lib/budget/merge.ts";
import type { BreakdownSummary, NamespaceBreakdown } from "../../lib/budget/summary.ts";
import type { JsonReport } from "../../lib/report/json_report.ts";
import type { MlpResult } from "../../lib/scoring/types.ts";
import { mulberry32 } from "../_random.ts";

/** What a synthetic report may set; the rest is filled in. */
export interface SyntheticOptions {
  /** MLPs (default 3). */
  nMlps?: number;
  /** Width (default 16). */
  width?: number;
  /** Depth (default 3). */
  depth?: number;
  /** Contest seed (default 1; null for an unseeded run). */
  seed?: number | null;
  /** Samples per MLP (default 1000). */
  nSamples?: number;
  /** The estimator's name (default "zeros"). */
  estimator?: string;
  /** Seed of the made-up numbers (default 7). */
  values?: number;
  /** Per-MLP final-layer MSEs, overriding the made-up ones (the adjusted score is a tenth). */
  finalMse?: number[];
  /** Per-MLP per-layer MSEs, overriding the made-up ones. */
  perLayer?: number[][];
  /** An error message: the last MLP becomes an error row with it. */
  error?: string;
}

const op = (flops: number, calls: number) => ({
  flop_cost: flops,
  calls,
  flopscope_backend_time_s: 0.001,
  flopscope_overhead_time_s: 0.0005,
});

const namespace = (ops: Record<string, ReturnType<typeof op>>) => ({
  flops_used: Object.values(ops).reduce((s, o) => s + o.flop_cost, 0),
  calls: Object.values(ops).reduce((s, o) => s + o.calls, 0),
  flopscope_backend_time_s: 0.002,
  flopscope_overhead_time_s: 0.001,
  operations: ops,
});

/** A budget summary around namespaces, its times those of a 0.5 s context. */
const summary = (flopBudget: number, byNamespace: NamespaceBreakdown): BreakdownSummary => {
  const flops = Object.values(byNamespace).reduce((s, t) => s + t.flops_used, 0);
  return {
    flop_budget: flopBudget,
    flops_used: flops,
    flops_remaining: flopBudget - flops,
    wall_time_s: 0.5,
    flopscope_backend_time_s: 0.3,
    flopscope_overhead_time_s: 0.1,
    residual_wall_time_s: 0.1,
    by_namespace: byNamespace,
  };
};

/**
 * A schema-valid report with made-up numbers.
 *
 * @param options What to set.
 */
export function syntheticReport(options: SyntheticOptions = {}): JsonReport {
  const n = options.nMlps ?? 3, width = options.width ?? 16, depth = options.depth ?? 3;
  const random = mulberry32(options.values ?? 7);
  const budget = 2 ** 41;
  const rows: MlpResult[] = [];
  for (let i = 0; i < n; i++) {
    const perLayer = options.perLayer?.[i] ??
      Array.from({ length: depth }, (_, l) => 1e-6 * 10 ** (l * 0.3) * (1 + random()));
    const final = options.finalMse?.[i] ?? perLayer[depth - 1];
    const failed = options.error !== undefined && i === n - 1;
    const flops = failed ? 0 : Math.round(1e9 * (1 + random()));
    const row: MlpResult = {
      mlp_index: i,
      mlp_name: `mlp-${i}`,
      final_layer_mse: final,
      all_layers_mse: perLayer.reduce((s, v) => s + v, 0) / depth,
      per_layer_mse: perLayer,
      adjusted_final_layer_score: failed ? final : final * 0.1,
      flops_used: flops,
      effective_compute: flops,
      budget_exhausted: false,
      time_exhausted: false,
      residual_wall_time_exhausted: false,
      combined_budget_exhausted: false,
      wall_time_s: failed ? 0 : 0.5,
      flopscope_backend_time_s: failed ? 0 : 0.3,
      flopscope_overhead_time_s: failed ? 0 : 0.1,
      residual_wall_time_s: failed ? 0 : 0.1,
      breakdowns: {
        estimator: failed ? null : summary(budget, {
          "estimator.estimator-client": namespace({
            matmul: op(flops - 1000, depth),
            maximum: op(1000, depth),
          }),
        }),
      },
      traceback: failed ? "Error: boom\n    at predict" : null,
    };
    if (failed) {
      row.error = options.error;
      row.error_code = "PREDICT_ERROR";
    }
    rows.push(row);
  }
  const mean = (f: (r: MlpResult) => number) =>
    n === 0 ? 0 : rows.reduce((s, r) => s + f(r), 0) / n;
  const scores = rows.map((r) => r.adjusted_final_layer_score);
  const failedCount = options.error !== undefined && n > 0 ? 1 : 0;
  return {
    schema_version: "1.2",
    mode: "subprocess",
    results: {
      adjusted_final_layer_score: mean((r) => r.adjusted_final_layer_score),
      final_layer_mse: mean((r) => r.final_layer_mse),
      all_layers_mse: mean((r) => r.all_layers_mse),
      per_layer_mse: Array.from({ length: depth }, (_, l) => mean((r) => r.per_layer_mse[l])),
      best_mlp_adjusted_final_layer_score: n === 0 ? 0 : Math.min(...scores),
      worst_mlp_adjusted_final_layer_score: n === 0 ? 0 : Math.max(...scores),
      mean_score_multiplier: 0.1,
      mean_compute_utilization: mean((r) => r.effective_compute / budget),
      n_failed_mlps: failedCount,
      mean_effective_compute: mean((r) => r.effective_compute),
      failure_breakdown: {
        budget_exhausted: 0,
        time_exhausted: 0,
        residual_wall_time_exhausted: 0,
        combined_budget_exhausted: 0,
        error: failedCount,
      },
      per_mlp: rows,
      breakdowns: {
        sampling: n === 0 ? null : summary(1e15 * n, {
          "sampling.sample_layer_statistics": namespace({
            matmul: op(2 * 1000 * width * width * depth * n, depth * n),
            "random.Generator.standard_normal": op(1000 * width * n, n),
          }),
        }),
        estimator: sumBreakdownSummaries(
          rows.flatMap((r) => r.breakdowns.estimator ? [r.breakdowns.estimator] : []),
        ),
      },
    },
    run_meta: {
      run_started_at_utc: "2026-06-15T22:19:28.040+00:00",
      run_finished_at_utc: "2026-06-15T22:19:30.040+00:00",
      run_duration_s: 2,
      host: {
        hostname: "test-host",
        os: "linux",
        os_release: "6.1.0",
        platform: "x86_64-unknown-linux-gnu",
        machine: "x86_64",
        deno_version: "2.9.6",
        whest_version: "0.1.0",
        cpu_brand: null,
        cpu_count_logical: 2,
        ram_total_bytes: 8 * 2 ** 30,
        ram_available_bytes: 4 * 2 ** 30,
        kernel_backend: "wasm",
        kernel_threads: 2,
      },
    },
    run_config: {
      n_mlps: n,
      width,
      depth,
      seed: options.seed === undefined ? 1 : options.seed,
      flop_budget: budget,
      setup_timeout_s: 5,
      wall_time_limit_s: 120,
      residual_wall_time_limit_s: 0.4,
      lambda_flops_per_second: 0,
      n_samples: options.nSamples ?? 1000,
      estimator: options.estimator ?? "zeros",
      round: null,
      estimator_sha256: "0".repeat(64),
      class_name: null,
    },
    whest_version: "0.1.0",
  };
}
