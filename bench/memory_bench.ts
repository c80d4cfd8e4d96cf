/**
 * Peak resident memory of whest at 1024×16 (64 MiB of weights per MLP), measured with GNU
 * time (`/usr/bin/time -v`; its figure is the largest of the command and its worker):
 *
 * - `run` with 4 and with 64 MLPs: generation, sampling and scoring go MLP by MLP, so the peak
 *   should not grow with the count (issue 15 asks for at most 1.25×);
 * - `dataset bake` of 8 MLPs (514 MB on disk), written row by row;
 * - `dataset info` and `run --dataset` on that dataset: rows are decoded page by page, so the
 *   peak should stay under 512 MiB.
 *
 * Usage: `deno run -A bench/memory_bench.ts [--markdown FILE]` (about 5 minutes on 2 cores; the
 * dataset is baked afresh into `.bench-out/memory/`).
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { join } from "@std/path";

const SHAPE = ["--width", "1024", "--depth", "16", "--n-samples", "1024"];
const OUT = ".bench-out/memory";
const DATASET = join(OUT, "ds8-1024x16");

interface Measure {
  readonly label: string;
  readonly args: string[];
}

async function peakResidentBytes(args: string[]): Promise<number> {
  const { code, stderr } = await new Deno.Command("/usr/bin/time", {
    args: ["-v", Deno.execPath(), "run", "-A", "main.ts", ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stderr);
  if (code !== 0) throw new Error(`whest ${args.join(" ")} failed:\n${text}`);
  const kb = text.match(/Maximum resident set size \(kbytes\): (\d+)/);
  if (kb === null) throw new Error(`no peak in GNU time's output:\n${text}`);
  return Number(kb[1]) * 1024;
}

const { values } = parseArgs({ options: { markdown: { type: "string" } } });
try {
  await Deno.stat("/usr/bin/time");
} catch {
  console.error("memory_bench: needs GNU time at /usr/bin/time (Debian package 'time')");
  Deno.exit(1);
}
await Deno.remove(OUT, { recursive: true }).catch(() => {});
await Deno.mkdir(OUT, { recursive: true });
const bake = ["dataset", "bake", "--output", DATASET, "--seed", "5", "--n-mlps", "8", ...SHAPE];
const run = ["run", "--estimator", "zeros", "--seed", "1", "--no-cache", "--json", ...SHAPE];
const measures: Measure[] = [
  { label: "dataset bake, 8 MLPs", args: bake },
  { label: "run, 4 MLPs", args: [...run, "--n-mlps", "4"] },
  { label: "run, 64 MLPs", args: [...run, "--n-mlps", "64"] },
  { label: "dataset info, 8 MLPs", args: ["dataset", "info", DATASET] },
  {
    label: "run --dataset, 8 MLPs",
    args: ["run", "--estimator", "zeros", "--json", "--dataset", DATASET],
  },
];
const peaks: number[] = [];
for (const { label, args } of measures) {
  console.error(`measuring ${label} ...`);
  peaks.push(await peakResidentBytes(args));
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const against = [
  "",
  "",
  `${(peaks[2] / peaks[1]).toFixed(2)}× the 4-MLP run`,
  `${(peaks[3] / 2 ** 29).toFixed(2)}× 512 MiB`,
  `${(peaks[4] / 2 ** 29).toFixed(2)}× 512 MiB`,
];
const lines = [
  "| command (1024×16) | peak resident set | against |",
  "| ----------------- | ----------------- | ------- |",
  ...measures.map(({ label }, i) => `| ${label} | ${mb(peaks[i])} | ${against[i]} |`),
];
console.log(lines.join("\n"));
if (values.markdown !== undefined) {
  await Deno.writeTextFile(values.markdown, lines.join("\n") + "\n");
}
