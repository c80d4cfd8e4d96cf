/**
 * Live progress of a run on stderr: bars that redraw on a terminal (rich mode, cli-progress),
 * one line per finished MLP in plain mode, nothing in JSON mode.
 *
 * @module
 */
// @ts-types="@types/cli-progress"
import cliProgress from "cli-progress";
import type { ReportFormat } from "../config/run_config.ts";

/** Receives the run's progress: ground-truth sampling first, then scoring. */
export interface RunProgress {
  /** A chunk of MLP `index`'s ground truth is done. */
  sampling(index: number, samplesDone: number, nSamples: number): void;
  /** MLP `index` has been scored; `status` is "ok", a flag or an error code. */
  scored(index: number, status: string): void;
  /** Removes or completes any live display. */
  finish(): void;
}

const encoder = new TextEncoder();

function writeLine(line: string): void {
  Deno.stderr.writeSync(encoder.encode(`${line}\n`));
}

class BarProgress implements RunProgress {
  readonly #nMlps: number;
  #bar: cliProgress.SingleBar | undefined;
  #phase: "sampling" | "scoring" | undefined;

  constructor(nMlps: number) {
    this.#nMlps = nMlps;
  }

  #start(phase: "sampling" | "scoring", total: number, unit: string): cliProgress.SingleBar {
    this.#bar?.stop();
    const bar = new cliProgress.SingleBar({
      format: `${
        phase.padEnd(8)
      } MLP {mlp}/${this.#nMlps} [{bar}] {percentage}% | {value}/{total} ${unit}`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { mlp: 1 });
    this.#bar = bar;
    this.#phase = phase;
    return bar;
  }

  sampling(index: number, samplesDone: number, nSamples: number): void {
    const bar = this.#phase === "sampling" && this.#bar
      ? this.#bar
      : this.#start("sampling", this.#nMlps * nSamples, "samples");
    bar.update(index * nSamples + samplesDone, { mlp: index + 1 });
  }

  scored(index: number): void {
    const bar = this.#phase === "scoring" && this.#bar
      ? this.#bar
      : this.#start("scoring", this.#nMlps, "MLPs");
    bar.update(index + 1, { mlp: index + 1 });
  }

  finish(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}

class LineProgress implements RunProgress {
  readonly #nMlps: number;
  #sampleStart = performance.now();

  constructor(nMlps: number) {
    this.#nMlps = nMlps;
  }

  sampling(index: number, samplesDone: number, nSamples: number): void {
    if (samplesDone < nSamples) return;
    const seconds = (performance.now() - this.#sampleStart) / 1000;
    writeLine(
      `sampled MLP ${index + 1}/${this.#nMlps}: ${nSamples} samples in ${seconds.toFixed(2)} s`,
    );
    this.#sampleStart = performance.now();
  }

  scored(index: number, status: string): void {
    writeLine(`scored MLP ${index + 1}/${this.#nMlps}: ${status}`);
  }

  finish(): void {}
}

class SilentProgress implements RunProgress {
  sampling(): void {}
  scored(): void {}
  finish(): void {}
}

/**
 * The progress display for a report format: bars for rich, lines for plain, none for JSON.
 *
 * @example
 * ```ts
 * import { makeProgress } from "./progress.ts";
 * const progress = makeProgress("json", 3);
 * progress.sampling(0, 100, 100);
 * progress.finish();
 * ```
 * @param format The report format.
 * @param nMlps Number of MLPs in the run.
 */
export function makeProgress(format: ReportFormat, nMlps: number): RunProgress {
  if (format === "rich") return new BarProgress(nMlps);
  if (format === "plain") return new LineProgress(nMlps);
  return new SilentProgress();
}
