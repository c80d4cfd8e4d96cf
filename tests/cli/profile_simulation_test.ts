import assert from "@std/assert";
import { expandGrid, PRESETS } from "../../lib/profile/simulation.ts";
import { runCli, tempDir } from "./_helpers.ts";

interface Cell {
  width: number;
  depth: number;
  backend: string;
  threads: number;
  samples: number;
  kernel: string;
  seconds: number;
  samples_per_s: number;
  flops: number;
  flops_per_s: number;
  projected_s: number;
}

const profile = (...args: string[]) => runCli(["profile-simulation", ...args]);

/** Every cell's rates are positive and agree with its samples, seconds and FLOPs. */
function assertConsistent(cells: readonly Cell[]): void {
  assert.ok(cells.length > 0);
  for (const c of cells) {
    const where = `${c.kernel} ${c.width}×${c.depth}`;
    assert.ok(c.seconds > 0 && c.samples_per_s > 0 && c.flops > 0 && c.flops_per_s > 0, where);
    assert.ok(Math.abs(c.samples_per_s * c.seconds / c.samples - 1) < 1e-9, where);
    assert.ok(Math.abs(c.flops_per_s * c.seconds / c.flops - 1) < 1e-9, where);
    assert.ok(Math.abs(c.projected_s * c.samples_per_s / 1e9 - 1) < 1e-9, where);
    // the layer products alone are 2·d·n² FLOPs per sample
    assert.ok(c.flops >= 2 * c.depth * c.width ** 2 * c.samples, where);
  }
}

Deno.test("profile-simulation --preset super-quick --json: the grid of every backend that runs here", async () => {
  const { code, stdout, stderr } = await profile("--preset", "super-quick", "--json");
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.deepEqual(Object.keys(report), [
    "preset",
    "max_threads",
    "backends",
    "skipped",
    "blas_library",
    "seed",
    "projected_samples",
    "created_at_utc",
    "total_wall_s",
    "machine",
    "cells",
  ]);
  assert.equal(report.preset, "super-quick");
  assert.equal(report.max_threads, navigator.hardwareConcurrency);
  assert.ok(report.backends.includes("js"));
  assert.equal(report.backends.length + report.skipped.length, 3);
  assert.equal(report.blas_library === null, !report.backends.includes("blas"));
  const expected = expandGrid(PRESETS["super-quick"], report.backends, report.max_threads);
  assert.deepEqual(
    report.cells.map((c: Cell) => [c.width, c.depth, c.backend, c.threads, c.samples]),
    expected.map((c) => [c.width, c.depth, c.backend, c.threads, c.samples]),
  );
  assertConsistent(report.cells);
  assert.ok(report.total_wall_s >= report.cells.reduce((s: number, c: Cell) => s + c.seconds, 0));
  assert.equal(typeof report.machine.deno_version, "string");
});

Deno.test("profile-simulation --kernels js --max-threads 1: one cell, plain JS on one thread", async () => {
  const { code, stdout, stderr } = await profile(
    "--preset=super-quick",
    "--kernels",
    "js",
    "--max-threads",
    "1",
    "--json",
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.deepEqual([report.backends, report.skipped, report.max_threads], [["js"], [], 1]);
  assert.deepEqual(
    report.cells.map((c: Cell) => [c.kernel, c.threads, c.width, c.depth, c.samples]),
    [["js", 1, 128, 4, 16384]],
  );
  assertConsistent(report.cells);
});

Deno.test("profile-simulation --format plain prints the table and the fastest backend per shape", async () => {
  const { code, stdout, stderr } = await profile(
    "--preset",
    "super-quick",
    "--kernels",
    "js,wasm",
    "--max-threads",
    "1",
    "--format",
    "plain",
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^whest profile-simulation: preset super-quick, up to 1 thread, /);
  assert.match(stdout, /shape +│ samples │ kernel +│ threads │ seconds │ samples\/s │ GFLOP\/s/);
  assert.match(stdout, /│ 128×4 +│ +16,384 │ js +│ +1 │/);
  assert.match(stdout, /│ 128×4 +│ +16,384 │ wasm-[a-z-]+-x1 +│ +1 │/);
  assert.match(stdout, /fastest at 128×4: \S+, [\d,]+ samples\/s \(10\^9 samples in .+\)/);
  assert.ok(!stdout.includes("\x1b["), "plain output has no ANSI codes");
});

Deno.test("profile-simulation --output FILE writes the JSON it prints; a missing directory fails first", async () => {
  await using dir = await tempDir();
  const file = `${dir.path}/profile.json`;
  const args = ["--preset", "super-quick", "--kernels", "js", "--max-threads", "1"];
  const { code, stdout, stderr } = await profile(...args, "--json", "--output", file);
  assert.equal(code, 0, stderr);
  assert.equal(await Deno.readTextFile(file), stdout);
  assert.deepEqual([...Deno.readDirSync(dir.path)].map((e) => e.name), ["profile.json"]);

  const missing = await profile(...args, "--output", `${dir.path}/no-such-dir/p.json`);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^whest: --output: directory '.*no-such-dir' does not exist/);
  assert.equal(missing.stdout, "");
});

Deno.test("profile-simulation: bad flags are one-line usage errors, exit 2", async () => {
  for (
    const [args, pattern] of [
      [
        ["--preset", "fast"],
        /--preset must be one of super-quick, quick, standard, exhaustive, got 'fast'/,
      ],
      [["--kernels", "js,auto"], /--kernels must be a comma-separated list of js, wasm, blas/],
      [["--kernels", ""], /--kernels must be a comma-separated list/],
      [["--max-threads", "0"], /--max-threads/],
      [["--format", "html"], /--format must be rich, plain or json, got 'html'/],
      [["--json", "--format", "plain"], /--json conflicts with --format plain/],
      [["--presets", "quick"], /unknown flag '--presets'/],
      [["extra"], /unexpected argument 'extra'/],
    ] as const
  ) {
    const { code, stdout, stderr } = await profile(...args);
    assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
    assert.match(stderr.split("\n")[0], pattern);
    assert.equal(stdout, "");
  }
});

Deno.test("whest help profile-simulation lists the presets and flags", async () => {
  const { code, stdout } = await runCli(["help", "profile-simulation"]);
  assert.equal(code, 0);
  for (
    const word of ["super-quick", "quick", "standard", "exhaustive", "--max-threads", "--output"]
  ) {
    assert.ok(stdout.includes(word), word);
  }
  const overview = await runCli(["help"]);
  assert.match(overview.stdout, /profile-simulation +Time the ground-truth sampler/);
});
