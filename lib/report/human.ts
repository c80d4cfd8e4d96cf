/**
 * The human report after a run: the spec's sections in order, empty ones left out.
 *
 * @module
 */
import type { RunConfig } from "../config/run_config.ts";
import type { RunResults } from "../scoring/types.ts";
import {
  renderBreakdown,
  renderErrors,
  renderFinalScore,
  renderOverBudget,
  renderPerMlp,
  renderPerMlpDetail,
  renderPerMlpProfile,
} from "./sections.ts";
import type { Style } from "./style.ts";

/**
 * Renders everything after the run context and the live progress: estimator errors, the
 * sampling and estimator breakdowns, over-budget MLPs, per-MLP results (with `--detail full`
 * each MLP's per-layer MSEs and times, with `--profile` each MLP's FLOPs by namespace) and the
 * final score.
 *
 * @example
 * ```ts
 * import { renderResults } from "./human.ts";
 * import { makeStyle } from "./style.ts";
 * // console.log(renderResults(results, config, makeStyle(false)));
 * ```
 * @param results The aggregate results.
 * @param config The run configuration (budget, debug, detail, profile).
 * @param style Colours.
 */
export function renderResults(results: RunResults, config: RunConfig, style: Style): string {
  const rows = results.per_mlp;
  return [
    renderErrors(rows, config.debug, style),
    renderBreakdown(
      "Sampling FLOPs (ground truth, not billed)",
      results.breakdowns.sampling?.by_namespace ?? {},
      style,
    ),
    renderBreakdown("Estimator FLOPs", results.breakdowns.estimator?.by_namespace ?? {}, style),
    renderOverBudget(rows, config.flopBudget, style),
    renderPerMlp(rows, config.flopBudget, style),
    config.detail === "full" ? renderPerMlpDetail(rows, style) : "",
    config.profile ? renderPerMlpProfile(rows, style) : "",
    renderFinalScore(results, style),
  ].filter((section) => section !== "").join("\n\n");
}
