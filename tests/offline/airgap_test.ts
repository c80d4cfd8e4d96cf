/**
 * Air-gapped by construction: with no network at all (`unshare -n`, a new network namespace
 * with nothing in it) and an empty Deno cache, (a) the one-file bundle runs every command,
 * its subprocess runner included, and (b) a checkout after one `deno install` runs `whest run`
 * with the default runner. Needs root on Linux for `unshare -n`, and the npm registry once
 * (esbuild for `deno bundle`, the packages for `deno install`) before going offline; where either
 * is missing the check is skipped with a visible line.
 */
import assert from "@std/assert";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { BINARY_PERMISSIONS } from "../../lib/build/compile.ts";
import { canUnshareNetwork, type TempDir, tempDir } from "../cli/_helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DATASET = `${ROOT}tests/fixtures/whestbench-datasets/single_split_v3_protocol`;
/** The permissions the README's `deno task whest` grants. */
const PERMISSIONS = [...BINARY_PERMISSIONS];
/** PATH with this Deno's directory first: `deno install`'s shims call `deno`. */
const PATH_WITH_DENO = `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`;

const unshareWorks = await canUnshareNetwork();
if (!unshareWorks) {
  console.log("SKIPPED: air-gap tests need `unshare -n` (root on Linux); not available here");
}

interface Offline {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `deno ARGS` (or another program) with no network, a fresh HOME and the given cache. */
async function offline(
  args: string[],
  cwd: string,
  denoDir: string,
  program = Deno.execPath(),
  programArgs: string[] = [],
): Promise<Offline> {
  const home = await Deno.makeTempDir({ prefix: "whest-home-" });
  try {
    const out = await new Deno.Command("unshare", {
      args: ["-n", program, ...args, ...programArgs],
      cwd,
      clearEnv: true,
      env: { HOME: home, DENO_DIR: denoDir, NO_COLOR: "1", PATH: PATH_WITH_DENO },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

function ok(result: Offline, what: string): Offline {
  assert.equal(result.code, 0, `${what}: exit ${result.code}\n${result.stderr}`);
  return result;
}

/** The small scored run both checks use. */
const SMALL_RUN = [
  "run",
  "--estimator",
  "mean_propagation",
  "--width",
  "16",
  "--depth",
  "3",
  "--n-mlps",
  "2",
  "--n-samples",
  "2000",
  "--seed",
  "3",
  "--json",
];

/** `deno bundle`'s one failure that is the machine's, not the program's: esbuild not cached. */
const ESBUILD_UNREACHABLE = /Failed loading https?:\/\/\S*@esbuild/;

/**
 * Builds the one-file bundle into a fresh directory (with this process's network and cache), or
 * returns null, with a visible line, when `deno bundle` cannot fetch esbuild: it needs the npm
 * registry once per cache, so an offline run of the suite from a cold cache skips this check.
 * Any other build failure is thrown, so a program that stops bundling still fails the suite.
 */
async function buildBundle(): Promise<{ work: TempDir; bundle: string } | null> {
  if (!unshareWorks) return null;
  const work = await tempDir("whest-airgap-");
  const bundle = `${work.path}/whest.js`;
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--output", bundle, `${ROOT}main.ts`],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (built.success) return { work, bundle };
  await work[Symbol.asyncDispose]();
  const stderr = new TextDecoder().decode(built.stderr);
  if (!ESBUILD_UNREACHABLE.test(stderr)) throw new Error(`deno bundle failed:\n${stderr}`);
  console.log(
    "SKIPPED: the bundle check needs `deno bundle`, which fetches esbuild from the npm registry once",
  );
  return null;
}

const built = await buildBundle();

Deno.test({
  name: "the bundle runs every command with no network and an empty cache",
  ignore: built === null,
  async fn() {
    await using work = built!.work;
    const bundle = built!.bundle;
    await using cache = await tempDir("whest-empty-cache-");
    const whest = (...args: string[]) =>
      offline(["run", ...PERMISSIONS, bundle, ...args], work.path, cache.path);

    const smoke = ok(await whest("smoke", "--n-samples", "2000"), "smoke");
    assert.match(smoke.stdout, /failed MLPs\s+0 of 3/);
    const reports = [];
    for (const runner of ["subprocess", "local"]) {
      const run = ok(
        await whest(...SMALL_RUN, "--runner", runner, "--output", `${runner}.json`),
        `run --runner ${runner}`,
      );
      const report = JSON.parse(run.stdout);
      assert.equal(report.mode, runner);
      reports.push(report.results);
    }
    assert.deepEqual(
      reports[0].per_mlp.map((r: { final_layer_mse: number }) => r.final_layer_mse),
      reports[1].per_mlp.map((r: { final_layer_mse: number }) => r.final_layer_mse),
      "the bundle's worker scores as the in-process runner does",
    );
    // the saved reports: compared, and rendered as a page, offline too
    const compared = ok(
      await whest("compare", "subprocess.json", "local.json", "--json"),
      "compare",
    );
    assert.ok(JSON.parse(compared.stdout));
    ok(await whest("report", "local.json", "--html", "local.html"), "report --html");
    assert.match(await Deno.readTextFile(`${work.path}/local.html`), /^<!DOCTYPE html>/i);
    const validate = ok(await whest("validate", "--estimator", "zeros", "--json"), "validate");
    assert.equal(JSON.parse(validate.stdout).ok, true);
    ok(await whest("init", "starter"), "init");
    assert.ok((await Deno.stat(`${work.path}/starter/estimator.ts`)).isFile);
    const starter = await whest("validate", "--estimator", "starter/estimator.ts", "--json");
    assert.equal(JSON.parse(ok(starter, "validate starter").stdout).ok, true);
    const inspect = ok(
      await whest("inspect", "--seed", "1", "--n-mlps", "1", "--width", "8", "--depth", "2"),
      "inspect",
    );
    assert.match(inspect.stdout, /mlp-0/);
    const info = ok(await whest("dataset", "info", DATASET, "--json"), "dataset info");
    assert.ok(JSON.parse(info.stdout).splits);
    const bake = [
      "dataset",
      "bake",
      "--n-mlps",
      "2",
      "--seed",
      "1",
      "--width",
      "8",
      "--depth",
      "2",
    ];
    for (const k of ["1", "2"]) {
      const part = [...bake, "--n-samples", "100", "--slice", `${k}/2`, "--output", `part${k}`];
      ok(await whest(...part), `dataset bake --slice ${k}/2`);
    }
    ok(await whest("dataset", "merge", "merged", "part1", "part2"), "dataset merge");
    ok(await whest("dataset", "info", "merged", "--json"), "info on the merge");
    // protocol 4.0 (keyed BLAKE2b from @noble/hashes): an unsliced bake draws and stores its salt
    ok(
      await whest(...bake, "--n-samples", "100", "--seed-protocol", "4.0", "--output", "v4"),
      "4.0",
    );
    const v4 = ok(await whest("dataset", "info", "v4", "--json"), "info on the 4.0 bake");
    assert.equal(JSON.parse(v4.stdout).seed_protocol.version, "4.0");
    const version = ok(await whest("version", "--json"), "version");
    assert.equal(typeof JSON.parse(version.stdout).whest, "string");

    // the README's one-line install, then `whest` as a command, still offline
    const root = `${work.path}/install-root`;
    ok(
      await offline(
        [
          "install",
          "-g",
          "-q",
          "--root",
          root,
          "-n",
          "whest",
          "--no-config",
          ...PERMISSIONS,
          bundle,
        ],
        work.path,
        cache.path,
      ),
      "deno install -g",
    );
    const installed = await offline([], work.path, cache.path, `${root}/bin/whest`, [
      "run",
      "--estimator",
      "starter/estimator.ts",
      "--width",
      "8",
      "--depth",
      "2",
      "--n-mlps",
      "1",
      "--n-samples",
      "500",
      "--json",
    ]);
    assert.equal(JSON.parse(ok(installed, "installed whest run").stdout).mode, "subprocess");
  },
});

/**
 * The cache a checkout's `deno install` fills (that step needs the npm registry; the check after
 * it needs nothing), or null when the registry cannot be reached from here.
 */
async function installedCache(): Promise<string | null> {
  if (!unshareWorks) return null;
  const cache = await Deno.makeTempDir({ prefix: "whest-install-cache-" });
  const install = await new Deno.Command(Deno.execPath(), {
    args: ["install", "--quiet"],
    cwd: ROOT,
    env: { DENO_DIR: cache },
    stdout: "null",
    stderr: "null",
  }).output();
  if (install.success) return cache;
  await Deno.remove(cache, { recursive: true });
  console.log("SKIPPED: the checkout check needs one `deno install` from the npm registry first");
  return null;
}

const installed = await installedCache();

Deno.test({
  name: "a checkout after one `deno install` runs the default (subprocess) runner offline",
  ignore: installed === null,
  async fn() {
    try {
      const run = ok(
        await offline(["run", ...PERMISSIONS, `${ROOT}main.ts`, ...SMALL_RUN], ROOT, installed!),
        "run from the checkout",
      );
      const report = JSON.parse(run.stdout);
      assert.equal(report.mode, "subprocess");
      assert.equal(report.results.per_mlp.length, 2);
      assert.ok(report.results.per_mlp.every((r: { error_code?: string }) => !r.error_code));
    } finally {
      await Deno.remove(installed!, { recursive: true });
    }
  },
});
