/**
 * The sandbox acceptance suite (issues 7 and 12): every hostile estimator runs through
 * `whest run --json` in a world of its own (estimator directory with a shipped data file, a
 * canary directory beside it, a private TMPDIR for the scratch directory). Each MLP must be
 * recorded with the right error code or flag, the run must complete, later MLPs must be
 * scored normally, and nothing outside the scratch directory may change.
 *
 * The last four cases (issue 12) attack the meter instead: work after it closes, inside an op's
 * timed region, free arrays and plain JS on raw storage; each must cost what the same work costs
 * in plain sight in predict (the honest twin's FLOPs, residual time) or be refused.
 *
 * The runs are started together, a few at a time, and each test awaits its own.
 */
import { BINARY_PERMISSIONS } from "../../lib/build/compile.ts";
import assert from "@std/assert";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = `${ROOT}tests/fixtures/hostile`;
const SMALL = ["--width", "8", "--depth", "2", "--n-mlps", "2", "--n-samples", "2000"];
/** Report format and seed of every run unless a fixture's run says otherwise. */
const JSON_SEED_7 = ["--json", "--seed", "7"];
const PARALLEL_RUNS = 3;
const CANARY = "the canary is untouched\n";
/** In a fixture's extra arguments: replaced by its world's estimator directory. */
const ESTIMATOR_DIR = "{estimator-dir}";

interface MlpRow {
  mlp_name: string;
  error_code?: string;
  error?: string;
  flops_used: number;
  final_layer_mse: number;
  wall_time_s: number;
  flopscope_backend_time_s: number;
  flopscope_overhead_time_s: number;
  residual_wall_time_s: number;
  time_exhausted: boolean;
  residual_wall_time_exhausted: boolean;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  rows: MlpRow[] | undefined;
  /** Files under the world after the run, except inside the estimator's own directory. */
  world: Record<string, string>;
}

/** Runs one fixture in a fresh world and reports what happened and what the world holds. */
async function runFixture(
  file: string,
  extra: string[],
  runner = "subprocess",
  hostPermissions = ["-A"],
  base = JSON_SEED_7,
): Promise<Outcome> {
  const world = await Deno.makeTempDir({ prefix: "whest-hostile-" });
  try {
    await Deno.mkdir(`${world}/estimator`);
    await Deno.mkdir(`${world}/canary`);
    await Deno.mkdir(`${world}/tmp`);
    await Deno.copyFile(`${FIXTURES}/${file}`, `${world}/estimator/${file}`);
    await Deno.writeTextFile(`${world}/estimator/data.txt`, "shipped with the estimator\n");
    await Deno.writeTextFile(`${world}/canary/secret.txt`, CANARY);
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...hostPermissions,
        "main.ts",
        "run",
        ...base,
        "--runner",
        runner,
        "--estimator",
        `${world}/estimator/${file}`,
        ...SMALL,
        ...extra.map((arg) => arg === ESTIMATOR_DIR ? `${world}/estimator` : arg),
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1", TMPDIR: `${world}/tmp` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    const stdout = decoder.decode(output.stdout);
    let rows: MlpRow[] | undefined;
    try {
      rows = JSON.parse(stdout).results.per_mlp;
    } catch {
      rows = undefined;
    }
    return {
      code: output.code,
      stdout,
      stderr: decoder.decode(output.stderr),
      rows,
      world: await snapshot(world, ["estimator"]),
    };
  } finally {
    await Deno.remove(world, { recursive: true });
  }
}

/** Every file under `dir` (relative path -> contents), skipping the named top-level entries. */
async function snapshot(dir: string, skip: string[], prefix = ""): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = `${prefix}${entry.name}`;
    if (prefix === "" && skip.includes(entry.name)) continue;
    if (entry.isDirectory) {
      files[`${rel}/`] = "";
      Object.assign(files, await snapshot(dir, skip, `${rel}/`));
    } else {
      files[rel] = await Deno.readTextFile(`${dir}/${rel}`);
    }
  }
  return files;
}

/** The world as it was before the run: the canary, and an empty TMPDIR (scratch removed). */
const UNTOUCHED = { "canary/": "", "canary/secret.txt": CANARY, "tmp/": "" };

// A tiny pool: start every run now, at most PARALLEL_RUNS at a time.
let running = 0;
const waiting: (() => void)[] = [];
function pooled(
  file: string,
  extra: string[] = [],
  runner?: string,
  hostPermissions?: string[],
  base?: string[],
): Promise<Outcome> {
  return (async () => {
    if (running >= PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await runFixture(file, extra, runner, hostPermissions, base);
    } finally {
      running--;
      waiting.shift()?.();
    }
  })();
}

const runs = {
  etcPasswd: pooled("reads_etc_passwd.ts"),
  beside: pooled("reads_beside_project.ts", ["--submission-dir", ESTIMATOR_DIR]),
  besideFile: pooled("reads_beside_its_file.ts"),
  writes: pooled("writes_outside_scratch.ts"),
  fillsScratch: pooled("fills_scratch.ts", ["--scratch-limit-mb", "4"]),
  fillsScratchInSetup: pooled("fills_scratch_in_setup.ts", ["--scratch-limit-mb", "2"]),
  network: pooled("opens_network.ts"),
  spawn: pooled("spawns_process.ts"),
  env: pooled("reads_env.ts"),
  ffi: pooled("loads_ffi.ts"),
  setupSpin: pooled("spins_in_setup.ts", ["--setup-timeout", "1"]),
  predictSpin: pooled("spins_in_predict.ts", ["--predict-timeout", "2"]),
  memory: pooled("allocates_without_bound.ts", ["--memory-limit-mb", "400"]),
  // `deno task whest`'s permissions: without --allow-all Deno refuses the host /proc, so the
  // worker's own watcher thread must report the crossing
  memoryNoProc: pooled("allocates_without_bound.ts", ["--memory-limit-mb", "400"], undefined, [
    ...BINARY_PERMISSIONS,
  ]),
  exits: pooled("exits_process.ts"),
  timer: pooled("throws_from_timer.ts"),
  between: pooled("works_between_predicts.ts"),
  afterSetup: pooled("works_after_setup.ts", ["--setup-timeout", "1"]),
  prints: pooled("prints_everywhere.ts"),
  forged: pooled("forges_protocol_frame.ts"),
  patchesApi: pooled("patches_api.ts"),
  twin: pooled("_honest_twin.ts"),
  twinLocal: pooled("_honest_twin.ts", [], "local"),
  clock: pooled("patches_clock.ts", [
    "--wall-time-limit",
    "1",
    "--no-residual-wall-time-limit",
    "--predict-timeout",
    "5",
  ]),
  huge: pooled("returns_huge_array.ts"),
  seedShown: pooled("reads_known_seed.ts", [], undefined, undefined, [
    "--format",
    "plain",
    "--seed",
    "7",
  ]),
  seedFresh: pooled("reads_known_seed.ts", [], undefined, undefined, ["--json"]),
  nan: pooled("returns_nan.ts"),
  // issue 12: the meter's integrity
  afterMeter: pooled("works_after_meter.ts"),
  inOp: pooled("hides_work_in_op.ts"),
  freeArray: pooled("builds_free_array.ts"),
  plainJs: pooled("plain_js_on_storage.ts"),
};

const options = { sanitizeOps: false, sanitizeResources: false };

/** The report's rows, failing the test (with the run's stderr) when there is no report. */
function rowsOf(outcome: Outcome): MlpRow[] {
  if (outcome.rows) return outcome.rows;
  throw new Error(`no JSON report (exit ${outcome.code}); stderr: ${outcome.stderr}`);
}

/** Asserts mlp-0 failed with `code` (and a message matching `message`) and mlp-1 succeeded. */
function firstFailsThenRecovers(outcome: Outcome, code: string, message?: RegExp): void {
  const [first, second] = rowsOf(outcome);
  assert.equal(first.error_code, code, `mlp-0: ${first.error}`);
  if (message) assert.match(first.error ?? "", message);
  assert.equal(second.error_code, undefined, `mlp-1: ${second.error}`);
  assert.ok(Number.isFinite(second.final_layer_mse));
  assert.equal(outcome.code, 1, "a raising MLP makes the run exit 1");
  assert.deepEqual(outcome.world, UNTOUCHED);
}

Deno.test({
  ...options,
  name: "reading /etc/passwd is denied: PREDICT_ERROR, then scored",
  async fn() {
    firstFailsThenRecovers(await runs.etcPasswd, "PREDICT_ERROR", /denied/);
  },
});

Deno.test({
  ...options,
  name: "reading beside --submission-dir is denied; the data file it ships is readable",
  async fn() {
    const outcome = await runs.beside;
    firstFailsThenRecovers(outcome, "PREDICT_ERROR", /canary\/secret\.txt.*denied/);
    assert.match(outcome.stderr, /\[estimator\] shipped data: shipped with the estimator/);
    assert.doesNotMatch(outcome.stderr + outcome.stdout, /canary is untouched/);
  },
});

Deno.test({
  ...options,
  name: "without --submission-dir only the estimator file is readable, not the files beside it",
  async fn() {
    const outcome = await runs.besideFile;
    firstFailsThenRecovers(outcome, "PREDICT_ERROR", /estimator\/data\.txt.*denied/);
    assert.match(outcome.stderr, /\[estimator\] own source: \/\/ Hostile: run without/);
    assert.doesNotMatch(outcome.stderr + outcome.stdout, /shipped with the estimator/);
  },
});

Deno.test({
  ...options,
  name:
    "filling scratch past --scratch-limit-mb is PREDICT_ERROR naming the cap; no more is written",
  async fn() {
    firstFailsThenRecovers(
      await runs.fillsScratch,
      "PREDICT_ERROR",
      /QuotaExceeded: writing 1048576 bytes to .*fill-3\.bin.* over the scratch limit of 4 MB \(--scratch-limit-mb\)/,
    );
    const inSetup = await runs.fillsScratchInSetup;
    assert.equal(inSetup.code, 1);
    assert.equal(inSetup.rows, undefined);
    assert.match(
      inSetup.stderr,
      /setup failed \(SETUP_ERROR\): setup raised QuotaExceeded: .* over the scratch limit of 2 MB/,
    );
    assert.deepEqual(inSetup.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "writing outside scratch is denied; scratch is writable and removed after the run",
  async fn() {
    const outcome = await runs.writes;
    firstFailsThenRecovers(outcome, "PREDICT_ERROR", /write access .* denied/);
    assert.match(outcome.stderr, /scratch read back: inside scratch is fine/);
  },
});

for (
  const [name, key] of [
    ["opening a network connection", "network"],
    ["spawning a process", "spawn"],
    ["reading an environment variable", "env"],
    ["loading FFI", "ffi"],
    ["calling Deno.exit", "exits"],
  ] as const
) {
  Deno.test({
    ...options,
    name: `${name} fails only that MLP (PREDICT_ERROR), the worker carries on`,
    async fn() {
      firstFailsThenRecovers(await runs[key], "PREDICT_ERROR");
    },
  });
}

Deno.test({
  ...options,
  name: "a setup that never returns is killed: SETUP_TIMEOUT, exit 1, no report",
  async fn() {
    const outcome = await runs.setupSpin;
    assert.equal(outcome.code, 1);
    assert.equal(outcome.rows, undefined);
    assert.match(outcome.stderr, /setup failed \(SETUP_TIMEOUT\)/);
    assert.deepEqual(outcome.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "a predict that never returns is killed (PREDICT_TIMEOUT); a fresh worker scores the next",
  async fn() {
    firstFailsThenRecovers(await runs.predictSpin, "PREDICT_TIMEOUT", /within 2 s/);
  },
});

Deno.test({
  ...options,
  name: "an unbounded allocation is stopped by the memory cap (with or without host /proc access)",
  async fn() {
    firstFailsThenRecovers(await runs.memory, "PREDICT_ERROR", /memory.*over the limit of 400 MB/);
    firstFailsThenRecovers(
      await runs.memoryNoProc,
      "PREDICT_ERROR",
      /memory.*over the limit of 400 MB/,
    );
  },
});

Deno.test({
  ...options,
  name: "a throwing timer and an unhandled rejection are reported, not fatal",
  async fn() {
    const outcome = await runs.timer;
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.ok(rowsOf(outcome).every((row) => row.error_code === undefined));
    assert.match(
      outcome.stderr,
      /\[estimator\] uncaught exception in a timer: thrown from a timer in setup/,
    );
    assert.match(
      outcome.stderr,
      /\[estimator\] unhandled promise rejection: Error: rejected after mlp-1/,
    );
    assert.match(outcome.stderr, /\[estimator\] 1 timer still pending when predict returned/);
    assert.doesNotMatch(outcome.stderr, /thrown from a timer after/);
    assert.deepEqual(outcome.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "work left for after predict returns is billed to that predict; its timers never run",
  async fn() {
    const twin = rowsOf(await runs.twin);
    const outcome = await runs.between;
    assert.equal(outcome.code, 0, outcome.stderr);
    const rows = rowsOf(outcome);
    for (let i = 0; i < 2; i++) {
      // the async job's matmul is counted like the twin's, and its 0.6 s spin lands in this
      // predict's residual time, so it trips the 0.4 s cap exactly as a spin in predict would
      assert.equal(rows[i].error_code, undefined, rows[i].error);
      assert.equal(rows[i].flops_used, twin[i].flops_used);
      assert.ok(rows[i].wall_time_s >= 0.6, `wall_time_s ${rows[i].wall_time_s}`);
      assert.ok(rows[i].residual_wall_time_s >= 0.6, `residual ${rows[i].residual_wall_time_s}`);
      assert.equal(rows[i].residual_wall_time_exhausted, true);
    }
    assert.doesNotMatch(outcome.stderr, /timer ran after|getter ran after/);
    assert.match(outcome.stderr, /timer still pending when predict returned was cancelled/);
    assert.match(outcome.stderr, /\[estimator\] unhandled promise rejection: Error\n/);
    assert.deepEqual(outcome.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "work left for after setup returns counts against the setup limit; its timers never run",
  async fn() {
    const outcome = await runs.afterSetup;
    assert.equal(outcome.code, 1);
    assert.equal(outcome.rows, undefined);
    assert.match(
      outcome.stderr,
      /setup failed \(SETUP_TIMEOUT\): setup took 1\.\d+ s, over the limit/,
    );
    assert.doesNotMatch(outcome.stderr, /timer ran after setup/);
    assert.deepEqual(outcome.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "printing everywhere reaches the user as estimator lines; the JSON report stays intact",
  async fn() {
    const outcome = await runs.prints;
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.ok(rowsOf(outcome).every((row) => row.error_code === undefined));
    for (
      const line of [
        "hello from setup",
        "console.log from predict mlp-1",
        "error: console.error from predict mlp-0",
      ]
    ) {
      assert.ok(outcome.stderr.includes(`[estimator] ${line}`), line);
    }
    assert.doesNotMatch(outcome.stdout + outcome.stderr, /raw bytes from predict/);
  },
});

Deno.test({
  ...options,
  name: "forged frames and API patches change nothing: FLOPs and MSE equal the honest twin's",
  async fn() {
    const twin = rowsOf(await runs.twin);
    const twinLocal = rowsOf(await runs.twinLocal);
    for (const attacker of [await runs.forged, await runs.patchesApi]) {
      assert.equal(attacker.code, 0, attacker.stderr);
      const rows = rowsOf(attacker);
      for (let i = 0; i < 2; i++) {
        assert.equal(rows[i].error_code, undefined);
        assert.ok(rows[i].flops_used > 0);
        assert.equal(rows[i].flops_used, twin[i].flops_used);
        assert.equal(rows[i].flops_used, twinLocal[i].flops_used);
        assert.equal(rows[i].final_layer_mse, twin[i].final_layer_mse);
      }
      assert.deepEqual(attacker.world, UNTOUCHED);
    }
    const patches = (await runs.patchesApi).stderr;
    assert.doesNotMatch(patches, /: applied/);
    assert.match(patches, /np\.matmul: refused/);
    assert.match(patches, /Function\.prototype\.call: refused/);
  },
});

Deno.test({
  ...options,
  name: "patching performance.now and Date.now hides no time: 1.2 s busy-wait is time_exhausted",
  async fn() {
    const outcome = await runs.clock;
    assert.equal(outcome.code, 0, outcome.stderr);
    for (const row of rowsOf(outcome)) {
      assert.ok(row.wall_time_s >= 1.2, `wall_time_s ${row.wall_time_s}`);
      assert.equal(row.time_exhausted, true);
    }
  },
});

Deno.test({
  ...options,
  name: "a huge return is ESTIMATOR_BAD_SHAPE, NaN is ESTIMATOR_NON_FINITE; the next MLP is scored",
  async fn() {
    firstFailsThenRecovers(await runs.huge, "ESTIMATOR_BAD_SHAPE", /8192, 512/);
    firstFailsThenRecovers(await runs.nan, "ESTIMATOR_NON_FINITE");
  },
});

/** Seconds the estimator logged in lines matching `pattern` (one capture group, in ms), in order. */
function loggedSeconds(stderr: string, pattern: RegExp): number[] {
  return [...stderr.matchAll(pattern)].map((match) => Number(match[1]) / 1000);
}

/**
 * Asserts each row has the twin's FLOPs, no error, and at least `spentS[i]` seconds of residual
 * time, over the 0.4 s cap (flagged), with next to nothing billed as op time.
 */
async function allResidual(outcome: Outcome, spentS: number[]): Promise<void> {
  const twin = rowsOf(await runs.twin);
  const rows = rowsOf(outcome);
  assert.equal(spentS.length, rows.length, outcome.stderr);
  rows.forEach((row, i) => {
    assert.equal(row.error_code, undefined, row.error);
    assert.equal(row.flops_used, twin[i].flops_used);
    assert.ok(spentS[i] > 0.4, `spent ${spentS[i]} s`);
    assert.ok(row.residual_wall_time_s >= spentS[i], `${row.residual_wall_time_s} < ${spentS[i]}`);
    assert.ok(
      row.flopscope_backend_time_s + row.flopscope_overhead_time_s < 0.1,
      JSON.stringify(row),
    );
    assert.equal(row.residual_wall_time_exhausted, true);
  });
  assert.deepEqual(outcome.world, UNTOUCHED);
}

Deno.test({
  ...options,
  name: "class 1: no estimator code runs after the meter closes (typed-array subclass returns)",
  async fn() {
    const outcome = await runs.afterMeter;
    assert.equal(outcome.code, 0, outcome.stderr);
    const twin = rowsOf(await runs.twin);
    rowsOf(outcome).forEach((row, i) => {
      assert.equal(row.error_code, undefined, row.error);
      assert.equal(row.flops_used, twin[i].flops_used);
      assert.equal(row.final_layer_mse, twin[i].final_layer_mse);
    });
    assert.match(outcome.stderr, /np\.ndarray refused: np\.ndarray cannot be constructed directly/);
    assert.equal(outcome.stderr.match(/getter calls outside predict so far: 0/g)?.length, 2);
    assert.match(outcome.stderr, /getter calls outside predict in all: 0/);
    assert.deepEqual(outcome.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "class 2: estimator code reached from an op's operands runs before its clock (residual)",
  async fn() {
    const outcome = await runs.inOp;
    const verdicts = "element getter: accepted; Proxy array: accepted; " +
      "Proxy of an np array: refused (TypeError); valueOf: refused (TypeError)";
    assert.equal(outcome.stderr.split(verdicts).length - 1, 2, outcome.stderr);
    await allResidual(outcome, loggedSeconds(outcome.stderr, /; spun (\d+) ms/g));
  },
});

Deno.test({
  ...options,
  name: "class 4: np.ndarray builds no free array: every constructor path is a PREDICT_ERROR",
  async fn() {
    const outcome = await runs.freeArray;
    for (const row of rowsOf(outcome)) {
      assert.equal(row.error_code, "PREDICT_ERROR");
      assert.match(row.error ?? "", /np\.ndarray cannot be constructed directly.*np\.array/);
    }
    for (const way of ["new np.ndarray", "array.constructor", "subclass"]) {
      assert.equal(outcome.stderr.split(`[estimator] ${way}: refused`).length - 1, 2, way);
    }
    assert.deepEqual(outcome.world, UNTOUCHED);
  },
});

Deno.test({
  ...options,
  name: "class 8: plain JS on .data is residual time, every second of it (0.4 s cap flags it)",
  async fn() {
    const outcome = await runs.plainJs;
    await allResidual(outcome, loggedSeconds(outcome.stderr, /plain js took (\d+) ms/g));
  },
});

Deno.test({
  ...options,
  name: "a known seed reaches setup (parity) and the report marks it; the default is fresh entropy",
  async fn() {
    const shown = await runs.seedShown;
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stderr, /\[estimator\] seed seen in setup: 7\n/);
    assert.match(
      shown.stdout,
      /seed\s+7 \(explicit: setup receives it and could regenerate the inputs; graded runs use fresh entropy or unknown seeds\)/,
    );
    const fresh = await runs.seedFresh;
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stderr, /\[estimator\] seed seen in setup: null\n/);
    assert.equal(JSON.parse(fresh.stdout).run_config.seed, null);
    assert.ok(rowsOf(fresh).every((row) => row.error_code === undefined));
  },
});
