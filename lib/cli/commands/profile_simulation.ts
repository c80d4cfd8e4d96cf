/**
 * `whest profile-simulation`: times the ground-truth sampler over kernel backends × threads ×
 * MLP shapes × sample counts, and prints each cell's samples/s, FLOP rate and the time a
 * round's 10^9 samples would take (the grid and the timing live in `lib/profile/`).
 *
 * @module
 */
import { chooseFormat, type ReportFormat } from "../../config/run_config.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { parseThreadCount } from "../../config/threads.ts";
import { MAX_THREADS } from "../../kernels/wasm/threads.ts";
import { collectMachine, type MachineInfo } from "../../report/host.ts";
import { checkOutputPath, utcTimestamp, writeOutputFile } from "../../report/json_report.ts";
import { formatDuration } from "../../report/progress.ts";
import { colourAllowed, makeStyle, renderTable, type Style } from "../../report/style.ts";
import {
  type CellResult,
  expandGrid,
  isPresetName,
  isProfileBackend,
  openBackends,
  PRESET_NAMES,
  type PresetName,
  PRESETS,
  PROFILE_BACKENDS,
  PROFILE_SEED,
  type ProfileBackend,
  profileSimulation,
  PROJECTED_SAMPLES,
} from "../../profile/simulation.ts";

const DEFAULT_PRESET: PresetName = "quick";

const USAGE = `usage: whest profile-simulation [--preset ${PRESET_NAMES.join("|")}] [--kernels LIST]
                              [--max-threads N] [--format rich|plain|json] [--json] [--output FILE]

Times the ground-truth sampler (the Monte Carlo pass of 'whest run') on MLPs of contest seed
${PROFILE_SEED} for every kernel backend × thread count × shape × sample count of a preset, and
reports samples/s, GFLOP/s and the time 10^9 samples (a round's ground truth per MLP) would
take. Plain JS runs on one thread only.

  --preset P        the grid (default ${DEFAULT_PRESET}):
${
  PRESET_NAMES.map((name) =>
    `                      ${name.padEnd(12)} ${PRESETS[name].description}`
  ).join("\n")
}
  --kernels LIST    comma-separated backends among ${
  PROFILE_BACKENDS.join(", ")
} (default: every one that
                    runs here; BLAS needs a system BLAS and --allow-ffi)
  --max-threads N   the most threads timed (default: every core)
  --format F        rich, plain or json (default rich on a terminal, else plain)
  --json            same as --format json
  --output FILE     also write the JSON to FILE (atomically)`;

const FLAGS = {
  preset: "string",
  kernels: "string",
  "max-threads": "string",
  format: "string",
  json: "boolean",
  output: "string",
  debug: "boolean",
} as const;

interface ProfileOptions {
  readonly preset: PresetName;
  readonly kernels: readonly ProfileBackend[] | null;
  readonly maxThreads: number;
  readonly format: ReportFormat;
  readonly output: string | null;
}

/** The JSON output. */
interface ProfileReport {
  readonly preset: PresetName;
  readonly max_threads: number;
  readonly backends: readonly ProfileBackend[];
  readonly skipped: readonly { readonly backend: ProfileBackend; readonly reason: string }[];
  readonly blas_library: string | null;
  readonly seed: number;
  readonly projected_samples: number;
  readonly created_at_utc: string;
  readonly total_wall_s: number;
  readonly machine: MachineInfo;
  readonly cells: readonly CellResult[];
}

function parseKernels(text: string): ProfileBackend[] {
  const names = text.split(",").map((name) => name.trim());
  const bad = names.find((name) => !isProfileBackend(name));
  if (bad !== undefined) {
    throw new UsageError(
      `--kernels must be a comma-separated list of ${PROFILE_BACKENDS.join(", ")}, got '${text}'`,
    );
  }
  return [...new Set(names as ProfileBackend[])];
}

function parseOptions(args: readonly string[]): ProfileOptions {
  const { values, positionals } = parseFlags(
    "profile-simulation",
    args,
    FLAGS,
    USAGE.split("\n")[0],
  );
  if (positionals.length > 0) {
    throw new UsageError(`profile-simulation: unexpected argument '${positionals[0]}'`);
  }
  const text = (name: string) => values[name] as string | undefined;
  const preset = text("preset") ?? DEFAULT_PRESET;
  if (!isPresetName(preset)) {
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(", ")}, got '${preset}'`);
  }
  const threads = text("max-threads");
  const cores = Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1));
  const kernels = text("kernels");
  return {
    preset,
    kernels: kernels === undefined ? null : parseKernels(kernels),
    maxThreads: threads === undefined ? cores : parseThreadCount("--max-threads", threads),
    format: chooseFormat(values, Deno.stdout.isTerminal()),
    output: text("output") ?? null,
  };
}

const grouped = (value: number) => Math.round(value).toLocaleString("en-US");

/** A projected duration: days once hours stop being readable. */
const projected = (seconds: number) =>
  seconds < 2 * 86400 ? formatDuration(seconds) : `${(seconds / 86400).toFixed(1)} d`;

function render(report: ProfileReport, style: Style): string {
  const lines = [
    style.heading(
      `whest profile-simulation: preset ${report.preset}, up to ${report.max_threads} ` +
        `thread${report.max_threads === 1 ? "" : "s"}, ${
          report.machine.cpu_brand ?? "unknown CPU"
        }`,
    ),
    ...(report.blas_library === null ? [] : [style.dim(`BLAS: ${report.blas_library}`)]),
    ...report.skipped.map((s) => style.dim(`${s.backend} skipped: ${s.reason}`)),
    renderTable(
      ["shape", "samples", "kernel", "threads", "seconds", "samples/s", "GFLOP/s", "1e9 samples"],
      report.cells.map((c) => [
        `${c.width}×${c.depth}`,
        grouped(c.samples),
        c.kernel,
        String(c.threads),
        c.seconds.toFixed(3),
        grouped(c.samples_per_s),
        (c.flops_per_s / 1e9).toFixed(2),
        projected(c.projected_s),
      ]),
      ["left", "right", "left", "right", "right", "right", "right", "right"],
    ),
  ];
  const shapes = [...new Set(report.cells.map((c) => `${c.width}×${c.depth}`))];
  for (const shape of shapes) {
    const best = report.cells.filter((c) => `${c.width}×${c.depth}` === shape)
      .reduce((a, b) => (b.samples_per_s > a.samples_per_s ? b : a));
    lines.push(
      style.primary(
        `fastest at ${shape}: ${best.kernel}, ${grouped(best.samples_per_s)} samples/s ` +
          `(10^9 samples in ${projected(best.projected_s)})`,
      ),
    );
  }
  lines.push(style.dim(`total ${report.total_wall_s.toFixed(1)} s`));
  return lines.join("\n");
}

async function profile(options: ProfileOptions): Promise<number> {
  if (options.output !== null) await checkOutputPath(options.output);
  const started = performance.now();
  const available = openBackends(options.kernels);
  const grid = expandGrid(
    PRESETS[options.preset],
    available.makers.map((m) => m.backend),
    options.maxThreads,
  );
  const live = Deno.stderr.isTerminal();
  const cells = await profileSimulation(grid, available.makers, (cell, index, total) => {
    if (!live) return;
    console.error(
      `[${index + 1}/${total}] ${cell.kernel} ${cell.width}×${cell.depth}, ` +
        `${grouped(cell.samples)} samples: ${cell.seconds.toFixed(3)} s, ` +
        `${grouped(cell.samples_per_s)} samples/s`,
    );
  });
  const report: ProfileReport = {
    preset: options.preset,
    max_threads: options.maxThreads,
    backends: available.makers.map((m) => m.backend),
    skipped: available.skipped,
    blas_library: available.blasPath,
    seed: PROFILE_SEED,
    projected_samples: PROJECTED_SAMPLES,
    created_at_utc: utcTimestamp(new Date()),
    total_wall_s: (performance.now() - started) / 1000,
    machine: collectMachine(),
    cells,
  };
  const json = JSON.stringify(report, null, 2);
  if (options.output !== null) await writeOutputFile(options.output, `${json}\n`);
  if (options.format === "json") console.log(json);
  else console.log(render(report, makeStyle(options.format === "rich" && colourAllowed())));
  return 0;
}

/** The `profile-simulation` subcommand. */
export const profileSimulationCommand: Command = {
  name: "profile-simulation",
  summary: "Time the ground-truth sampler per kernel backend × threads × shape × samples",
  usage: USAGE,
  run(args) {
    return profile(parseOptions(args));
  },
};
