import assert from "@std/assert";
import { join } from "@std/path";
import { runCli, tempDir } from "./_helpers.ts";
import { syntheticReport } from "../report/_synthetic.ts";

const TINY = ["--seed", "5", "--width", "8", "--depth", "3", "--n-mlps", "2", "--n-samples", "200"];

const oneLine = (stderr: string) => assert.equal(stderr.trim().split("\n").length, 1, stderr);

Deno.test("run --html writes the page; 'whest report' of the saved JSON writes the same page", async () => {
  await using dir = await tempDir();
  const [json, page, again] = ["r.json", "r.html", "again.html"].map((f) => join(dir.path, f));
  const run = await runCli([
    "run",
    "--estimator",
    "mean_propagation",
    ...TINY,
    "--output",
    json,
    "--html",
    page,
    "--format",
    "plain",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const html = await Deno.readTextFile(page);
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.match(html, /whest report: mean_propagation, 8×3, 2 MLPs/);
  assert.match(html, /<section id="per-layer">/);
  const report = await runCli(["report", json, "--html", again]);
  assert.equal(report.code, 0, report.stderr);
  assert.equal(await Deno.readTextFile(again), html, "rendered from the saved report alike");
  const left = [...Deno.readDirSync(dir.path)].map((e) => e.name).sort();
  assert.deepEqual(left, ["again.html", "r.html", "r.json"], "no temporary file left behind");
});

Deno.test("a bad --html path fails before the run: exit 2, one line, no report", async () => {
  await using dir = await tempDir();
  for (
    const [html, pattern] of [
      [join(dir.path, "missing", "r.html"), /^whest: --html: directory '.*missing' does not exist/],
      [dir.path, /^whest: --html: '.*' is a directory; give a file name/],
      ["", /^whest: --html needs a file name/],
    ] as const
  ) {
    const run = await runCli(["run", "--estimator", "zeros", ...TINY, "--json", "--html", html]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, "", "nothing ran");
    assert.match(run.stderr, pattern);
    oneLine(run.stderr);
    const report = await runCli(["report", "whatever.json", "--html", html]);
    assert.equal(report.code, 2, report.stderr);
    assert.match(report.stderr, pattern);
  }
});

Deno.test("'whest report' of a file that is not a whest report: one line, exit 1, no page", async () => {
  await using dir = await tempDir();
  const page = join(dir.path, "out.html");
  const files: [string, string, RegExp][] = [
    ["text.json", "hello", /is not a whest report: not JSON/],
    ["other.json", '{"name": "x"}', /is not a whest report: report.schema_version must be "1.2"/],
  ];
  const cut = syntheticReport() as unknown as Record<string, unknown>;
  delete cut.run_config;
  files.push(["cut.json", JSON.stringify(cut), /report.run_config must be an object/]);
  files.push([
    "older.json",
    JSON.stringify({ ...syntheticReport(), schema_version: "1.1" }),
    /must be "1\.2", got "1\.1" \(an older whest wrote it: run it again to read it here\)/,
  ]);
  for (const [name, text, pattern] of files) {
    const path = join(dir.path, name);
    await Deno.writeTextFile(path, text);
    const { code, stderr } = await runCli(["report", path, "--html", page]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, pattern);
    oneLine(stderr);
  }
  const missing = await runCli(["report", join(dir.path, "nope.json"), "--html", page]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^whest: cannot read the report '.*nope.json'/);
  oneLine(missing.stderr);
  assert.equal(await Deno.stat(page).catch(() => null), null, "no page written");
});

Deno.test("'whest report' usage errors: no report, two reports, no --html (exit 2)", async () => {
  for (
    const [args, pattern] of [
      [["report", "--html", "x.html"], /give one JSON report/],
      [["report", "a.json", "b.json", "--html", "x.html"], /give one JSON report/],
      [["report", "a.json"], /--html FILE is required/],
    ] as const
  ) {
    const { code, stderr } = await runCli([...args]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, pattern);
  }
});

Deno.test("a synthetic report renders through the command, escaped", async () => {
  await using dir = await tempDir();
  const json = join(dir.path, "s.json"), page = join(dir.path, "s.html");
  await Deno.writeTextFile(
    json,
    JSON.stringify(syntheticReport({ estimator: "<script>x()</script>", error: "<b>no</b>" })),
  );
  const { code, stdout, stderr } = await runCli(["report", json, "--html", page, "--debug"]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^wrote .*s\.html$/m);
  const html = await Deno.readTextFile(page);
  assert.ok(!html.includes("<script") && !html.includes("<b>no"));
  assert.ok(html.includes("&lt;script&gt;x()&lt;/script&gt;"));
});
