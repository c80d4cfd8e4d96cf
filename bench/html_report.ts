/**
 * The HTML report in a real browser: renders a report (a synthetic one of 10 MLPs at 1024×16
 * with one error row, or the JSON report given) to `.bench-out/html_report.html`, opens it in
 * headless Chromium, fails on any console message or refused load, and saves a screenshot to
 * `.bench-out/html_report.png` to look at.
 *
 * Usage: deno run -A bench/html_report.ts [REPORT.json]
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { renderHtmlReport } from "../lib/report/html.ts";
import { readReport } from "../lib/report/read_report.ts";
import { findChromium, renderInChromium } from "../tests/report/_chromium.ts";
import { syntheticReport } from "../tests/report/_synthetic.ts";

const OUT = fileURLToPath(new URL("../.bench-out/", import.meta.url));

if (import.meta.main) {
  const report = Deno.args[0] !== undefined
    ? await readReport(Deno.args[0])
    : syntheticReport({ nMlps: 10, width: 1024, depth: 16, error: "predict raised: <oops>" });
  await Deno.mkdir(OUT, { recursive: true });
  const page = `${OUT}html_report.html`;
  const html = renderHtmlReport(report);
  await Deno.writeTextFile(page, html);
  const bytes = new TextEncoder().encode(html).length;
  console.log(`${page}: ${(bytes / 1024).toFixed(1)} KiB (bound 1024 KiB)`);
  const binary = await findChromium();
  if (binary === null) {
    console.log("SKIPPED: chromium not found (apt-get install -y chromium); no screenshot");
    Deno.exit(0);
  }
  const shot = `${OUT}html_report.png`;
  const { problems } = await renderInChromium(binary, page, shot);
  if (problems.length > 0) {
    console.error(`html_report: the browser complained:\n  ${problems.join("\n  ")}`);
    Deno.exit(1);
  }
  console.log(`${shot}: rendered without console errors`);
  if (bytes >= 2 ** 20) Deno.exit(1);
}
