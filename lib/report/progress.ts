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
  /**
   * A chunk of MLP `index`'s ground truth is done (or all of it, read from the cache when
   * `cached`).
   */
  sampling(index: number, samplesDone: number, nSamples: number, cached?: boolean): void;
  /** MLP `index` has been scored; `status` is "ok", a flag or an error code. */
  scored(index: number, status: string): void;
  /** Removes or completes any live display. */
  finish(): void;
}

const encoder = new TextEncoder();

function writeLine(line: string): void {
  Deno.stderr.writeSync(encoder.encode(`${line}\n`));
}

/** Sampling estimated to take longer than this gets a line naming the faster routes. */
export const LONG_SAMPLING_S = 600;

/**
 * A duration as people read it.
 *
 * @param seconds Seconds.
 * @example
 * ```ts
 * import { formatDuration } from "./progress.ts";
 * formatDuration(3720); // "1 h 02 min"
 * formatDuration(45); // "45 s"
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "unknown";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/**
 * The sampling's rate and what is left, measured on samples actually computed (cached MLPs
 * neither count nor slow the estimate).
 */
class SamplingClock {
  readonly #nMlps: number;
  #computed = 0;
  #computingS = 0;
  #last = performance.now();
  #warned = false;

  constructor(nMlps: number) {
    this.#nMlps = nMlps;
  }

  /** Records a step; returns the long-sampling line the first time the estimate passes 10 min. */
  step(index: number, samplesDone: number, nSamples: number, computed: number): string | undefined {
    const now = performance.now();
    if (computed > 0) {
      this.#computed += computed;
      this.#computingS += (now - this.#last) / 1000;
    }
    this.#last = now;
    const left = this.remaining(index, samplesDone, nSamples);
    if (this.#warned || !(left > LONG_SAMPLING_S)) return undefined;
    this.#warned = true;
    return `ground truth will take about ${formatDuration(left)} more (${this.#nMlps} MLPs × ` +
      `${nSamples} samples at ${Math.round(this.rate)} samples/s); faster: fewer --n-samples, ` +
      `--dataset DIR (stored ground truth), or the same --seed again (the cache keeps it)`;
  }

  /** Sampling pauses (an MLP is being predicted): the next interval starts now. */
  resume(): void {
    this.#last = performance.now();
  }

  /** Samples per second so far. */
  get rate(): number {
    return this.#computingS > 0 ? this.#computed / this.#computingS : NaN;
  }

  /** Seconds left for the whole contest at the rate so far. */
  remaining(index: number, samplesDone: number, nSamples: number): number {
    return (this.#nMlps * nSamples - (index * nSamples + samplesDone)) / this.rate;
  }
}

/**
 * Two live bars, sampling and scoring, which advance in turn as the run goes MLP by MLP
 * (ground truth, then predict), each with its elapsed time and ETA.
 */
class BarProgress implements RunProgress {
  readonly #nMlps: number;
  readonly #clock: SamplingClock;
  #bars: cliProgress.MultiBar | undefined;
  #sampling: cliProgress.SingleBar | undefined;
  #scoring: cliProgress.SingleBar | undefined;
  #done = 0;

  constructor(nMlps: number) {
    this.#nMlps = nMlps;
    this.#clock = new SamplingClock(nMlps);
  }

  #multi(): cliProgress.MultiBar {
    this.#bars ??= new cliProgress.MultiBar({
      format: "{phase} MLP {mlp}/" + this.#nMlps +
        " [{bar}] {percentage}% | {value}/{total} {unit} | {duration_formatted}, ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      etaBuffer: 50,
    }, cliProgress.Presets.shades_classic);
    return this.#bars;
  }

  sampling(index: number, samplesDone: number, nSamples: number, cached = false): void {
    const value = index * nSamples + samplesDone;
    const warning = this.#clock.step(index, samplesDone, nSamples, cached ? 0 : value - this.#done);
    this.#done = value;
    const bars = this.#multi();
    if (warning) bars.log(`${warning}\n`);
    this.#sampling ??= bars.create(this.#nMlps * nSamples, 0, {
      phase: "sampling",
      mlp: 1,
      unit: "samples",
    });
    this.#sampling.update(value, { mlp: index + 1 });
  }

  scored(index: number): void {
    this.#clock.resume();
    this.#scoring ??= this.#multi().create(this.#nMlps, 0, {
      phase: "scoring ",
      mlp: 1,
      unit: "MLPs",
    });
    this.#scoring.update(index + 1, { mlp: index + 1 });
  }

  finish(): void {
    this.#bars?.stop();
    this.#bars = undefined;
  }
}

/** Seconds between plain progress lines while one MLP samples. */
const LINE_EVERY_S = 5;

class LineProgress implements RunProgress {
  readonly #nMlps: number;
  readonly #clock: SamplingClock;
  #sampleStart = performance.now();
  #lastLine = performance.now();
  #done = 0;

  constructor(nMlps: number) {
    this.#nMlps = nMlps;
    this.#clock = new SamplingClock(nMlps);
  }

  sampling(index: number, samplesDone: number, nSamples: number, cached = false): void {
    const value = index * nSamples + samplesDone;
    const warning = this.#clock.step(index, samplesDone, nSamples, cached ? 0 : value - this.#done);
    this.#done = value;
    if (warning) writeLine(warning);
    const now = performance.now();
    if (cached) {
      writeLine(`MLP ${index + 1}/${this.#nMlps}: ground truth read from the cache`);
      this.#sampleStart = this.#lastLine = now;
      return;
    }
    if (samplesDone < nSamples) {
      if ((now - this.#lastLine) / 1000 < LINE_EVERY_S) return;
      this.#lastLine = now;
      const left = this.#clock.remaining(index, samplesDone, nSamples);
      writeLine(
        `sampling MLP ${index + 1}/${this.#nMlps}: ${samplesDone}/${nSamples} samples, ` +
          `${Math.round(this.#clock.rate)} samples/s, about ${formatDuration(left)} left`,
      );
      return;
    }
    const seconds = (now - this.#sampleStart) / 1000;
    writeLine(
      `sampled MLP ${index + 1}/${this.#nMlps}: ${nSamples} samples in ${seconds.toFixed(2)} s`,
    );
    this.#sampleStart = this.#lastLine = now;
  }

  scored(index: number, status: string): void {
    writeLine(`scored MLP ${index + 1}/${this.#nMlps}: ${status}`);
    // the next MLP's sampling starts now, not when this one's finished
    this.#clock.resume();
    this.#sampleStart = this.#lastLine = performance.now();
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
