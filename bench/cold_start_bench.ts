/**
 * Cold start and size of the one-file build: `whest version` from the bundle and from the
 * checkout, each beside `deno --version` (the floor: starting Deno itself) in the same run,
 * as medians of several runs, and the bundle's size.
 *
 * Usage: deno run -A bench/cold_start_bench.ts [--runs N]
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-run", "--allow-env", "--allow-sys"];

/** One row of the table. */
export interface ColdStart {
  /** What was started. */
  readonly what: string;
  /** Median wall time in milliseconds. */
  readonly medianMs: number;
  /** medianMs over `deno --version`'s. */
  readonly ratio: number;
}

async function timeOnce(args: string[]): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - started;
  if (!out.success) throw new Error(`${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  return ms;
}

async function median(args: string[], runs: number): Promise<number> {
  await timeOnce(args); // warm the file cache, as any second start is
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timeOnce(args));
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/**
 * Builds the bundle into a temporary directory and times the three starts, interleaved.
 *
 * @param runs Runs per command (the median is kept).
 * @returns The rows, and the bundle's size in bytes.
 */
export async function benchColdStart(runs: number): Promise<{ rows: ColdStart[]; bytes: number }> {
  const dir = await Deno.makeTempDir({ prefix: "whest-bench-bundle-" });
  try {
    const bundle = `${dir}/whest.js`;
    await timeOnce(["bundle", "--quiet", "--output", bundle, "main.ts"]);
    const bytes = (await Deno.stat(bundle)).size;
    const floor = await median(["--version"], runs);
    const rows = [{ what: "deno --version", medianMs: floor, ratio: 1 }];
    for (
      const [what, args] of [
        ["whest version (bundle)", ["run", ...PERMISSIONS, bundle, "version"]],
        ["whest version (checkout)", ["run", ...PERMISSIONS, "main.ts", "version"]],
      ] as const
    ) {
      const ms = await median([...args], runs);
      rows.push({ what, medianMs: ms, ratio: ms / floor });
    }
    return { rows, bytes };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { runs: { type: "string" } } });
  const runs = Number(values.runs ?? 9);
  const { rows, bytes } = await benchColdStart(runs);
  console.log(`bundle dist/whest.js: ${(bytes / 2 ** 20).toFixed(2)} MiB (${bytes} bytes)`);
  console.log(`| start | median of ${runs} | × deno --version |`);
  console.log("| --- | --- | --- |");
  for (const r of rows) {
    console.log(`| ${r.what} | ${r.medianMs.toFixed(0)} ms | ${r.ratio.toFixed(2)}× |`);
  }
}
