import assert from "@std/assert";
import { join } from "@std/path";
import { WhestError } from "../../lib/core/errors.ts";
import { escapeHtml, renderHtmlReport } from "../../lib/report/html.ts";
import { parseReport, reportProblem } from "../../lib/report/read_report.ts";
import { tempDir } from "../cli/_helpers.ts";
import { findChromium, renderInChromium } from "./_chromium.ts";
import { assertReportSchema } from "./_schema.ts";
import { syntheticReport } from "./_synthetic.ts";

const SECTIONS = ["score", "per-mlp", "per-layer", "predictions", "flops", "config"];
const count = (text: string, needle: string | RegExp) => text.split(needle).length - 1;

Deno.test("the synthetic reports these tests use are schema-valid", () => {
  assertReportSchema(syntheticReport(), "synthetic report");
  assertReportSchema(syntheticReport({ error: "boom", nMlps: 2 }), "synthetic error report");
  assertReportSchema(syntheticReport({ nMlps: 10, width: 1024, depth: 16 }), "10 x 1024x16");
});

Deno.test("the page has every section, one SVG per chart, and nothing fetched or run", () => {
  const html = renderHtmlReport(syntheticReport({ nMlps: 4, depth: 5 }));
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  for (const id of SECTIONS) assert.ok(html.includes(`<section id="${id}">`), `section ${id}`);
  for (const heading of ["Score", "Per-MLP scores", "Per-layer MSE", "FLOP breakdown"]) {
    assert.ok(html.includes(`<h2>${heading}</h2>`), heading);
  }
  const charts = count(html, '<figure class="chart"');
  assert.equal(charts, 2, "per-layer MSE and estimator FLOPs");
  assert.equal(count(html, "<svg"), charts, "one SVG per chart");
  assert.ok(html.includes('id="chart-per-layer"') && html.includes('id="chart-flops"'));
  // one polyline per MLP plus the mean, on a log axis labelled in decades
  assert.equal(count(html, '<polyline class="mlp"'), 4);
  assert.equal(count(html, '<polyline class="mean"'), 1);
  assert.match(html, />1e-\d+<\/text>/);
  // self-contained: no script, no external reference of any kind
  assert.doesNotMatch(html, /<script|<link|<img|src=|href=|@import|url\(/i);
  assert.doesNotMatch(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', ""), /https?:\/\//);
});

Deno.test("no predictions in a 1.1 report: that chart is left out and a note says so", () => {
  const html = renderHtmlReport(syntheticReport());
  const section = html.slice(html.indexOf('<section id="predictions">'));
  const body = section.slice(0, section.indexOf("</section>"));
  assert.match(body, /Not drawn/);
  assert.ok(!body.includes("<svg"), "no chart of invented data");
});

Deno.test("every report string is escaped: estimator, MLP name, error, host, FLOP labels", () => {
  const evil = `<script>alert("x")</script>`;
  const report = syntheticReport({ estimator: evil, error: `bad </td>${evil} & more`, nMlps: 2 });
  report.results.per_mlp[0].mlp_name = `<img src=x onerror=alert(1)>`;
  report.run_meta.host.hostname = evil;
  const byNamespace = report.results.breakdowns.estimator!.by_namespace;
  byNamespace[evil] = { ...byNamespace["estimator.estimator-client"] };
  const html = renderHtmlReport(report);
  assert.ok(!html.includes("<script"), "no script element");
  assert.ok(!html.includes("<img"), "no injected element");
  assert.ok(html.includes(escapeHtml(evil)), "the text is shown, escaped");
  assert.ok(html.includes("bad &lt;/td&gt;"), "the error message is shown, escaped");
  assert.ok(html.includes("&amp; more"));
});

Deno.test("10 MLPs at 1024x16 stay well under 1 MiB", () => {
  const html = renderHtmlReport(syntheticReport({ nMlps: 10, width: 1024, depth: 16 }));
  const bytes = new TextEncoder().encode(html).length;
  assert.ok(bytes < 2 ** 20, `${bytes} bytes`);
  console.log(`HTML report, 10 MLPs at 1024x16: ${(bytes / 1024).toFixed(1)} KiB`);
});

Deno.test("an empty run, zero MSEs and a single layer render without throwing", () => {
  assert.match(renderHtmlReport(syntheticReport({ nMlps: 0 })), /nothing to draw/);
  const zeros = renderHtmlReport(syntheticReport({ nMlps: 2, perLayer: [[0, 1e-3], [0, 0]] }));
  assert.match(zeros, /exactly 0 are drawn at the bottom/);
  assert.equal(count(renderHtmlReport(syntheticReport({ depth: 1 })), "<svg"), 2);
});

Deno.test("a saved report is checked before it is rendered: one line for a bad one", () => {
  assert.equal(reportProblem(syntheticReport()), null);
  const cases: [string, RegExp][] = [
    ["not json", /'r.json' is not a whest report: not JSON/],
    ["[]", /'r.json' is not a whest report: report must be an object/],
    ['{"schema_version":"9"}', /report.schema_version must be "1.2", got "9"/],
  ];
  const broken = syntheticReport() as unknown as {
    results: { per_mlp: { final_layer_mse: unknown }[] };
  };
  broken.results.per_mlp[1].final_layer_mse = "<b>";
  cases.push([
    JSON.stringify(broken),
    /report\.results\.per_mlp\[1\]\.final_layer_mse must be a finite number/,
  ]);
  for (const [text, pattern] of cases) {
    assert.throws(() => parseReport(text, "r.json"), (error: Error) => {
      assert.ok(error instanceof WhestError);
      assert.match(error.message, pattern);
      assert.equal(error.message.split("\n").length, 1);
      return true;
    });
  }
});

Deno.test("headless Chromium renders the page without console errors (screenshot saved)", async () => {
  const binary = await findChromium();
  if (binary === null) {
    console.log("SKIPPED: chromium not found (apt-get install -y chromium); render not checked");
    return;
  }
  await using dir = await tempDir("whest-html-");
  const page = join(dir.path, "report.html");
  const report = syntheticReport({
    nMlps: 10,
    width: 1024,
    depth: 16,
    error: "<script>x</script>",
  });
  await Deno.writeTextFile(page, renderHtmlReport(report));
  const shot = join(dir.path, "report.png");
  const { dom, problems } = await renderInChromium(binary, page, shot);
  assert.deepEqual(problems, [], "no console message, uncaught error or refused load");
  for (const heading of ["Per-MLP scores", "Per-layer MSE", "FLOP breakdown"]) {
    assert.ok(dom.includes(heading), heading);
  }
  assert.ok(!dom.includes("<script"), "the escaped error stayed text");
  assert.ok((await Deno.stat(shot)).size > 10_000, "a screenshot with something on it");
});
