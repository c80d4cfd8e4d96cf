/**
 * Headless Chromium for the HTML report's checks: opens a page, returns its DOM and the
 * browser's log, and optionally saves a screenshot. Absent Chromium is reported, not failed.
 *
 * @module
 */

/** What Chromium made of a page. */
export interface ChromiumRender {
  /** The serialised DOM after load (`--dump-dom`). */
  dom: string;
  /** Console messages, uncaught errors and refused loads from the browser's log. */
  problems: string[];
}

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome"];

/** The path of a Chromium binary on PATH, or null. */
export async function findChromium(): Promise<string | null> {
  for (const name of CANDIDATES) {
    const found = await new Deno.Command("sh", {
      args: ["-c", `command -v ${name}`],
      stdout: "piped",
      stderr: "null",
    }).output();
    const path = new TextDecoder().decode(found.stdout).trim();
    if (found.success && path !== "") return path;
  }
  return null;
}

async function chromium(binary: string, args: string[]): Promise<Deno.CommandOutput> {
  const profile = await Deno.makeTempDir({ prefix: "whest-chromium-" });
  try {
    return await new Deno.Command("timeout", {
      args: [
        "120",
        binary,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        ...args,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/**
 * Loads `htmlPath` in headless Chromium: the DOM and every console message or refused load;
 * with `screenshot`, also a PNG of the page at `width`×`height`.
 *
 * @param binary The Chromium binary ({@link findChromium}).
 * @param htmlPath The page.
 * @param screenshot Where to save a PNG, if anywhere.
 * @param size The window, `[width, height]`.
 */
export async function renderInChromium(
  binary: string,
  htmlPath: string,
  screenshot?: string,
  size: [number, number] = [1100, 2600],
): Promise<ChromiumRender> {
  const url = new URL(`file://${await Deno.realPath(htmlPath)}`).href;
  const dump = await chromium(binary, ["--enable-logging=stderr", "--v=0", "--dump-dom", url]);
  const log = new TextDecoder().decode(dump.stderr).split("\n");
  const problems = log.filter((line) =>
    /CONSOLE|Uncaught|Refused to|net::ERR_|Content Security Policy/.test(line)
  );
  if (!dump.success) problems.push(`chromium exited ${dump.code}`);
  if (screenshot !== undefined) {
    const shot = await chromium(binary, [
      `--window-size=${size[0]},${size[1]}`,
      `--screenshot=${screenshot}`,
      url,
    ]);
    if (!shot.success) problems.push(`chromium --screenshot exited ${shot.code}`);
  }
  return { dom: new TextDecoder().decode(dump.stdout), problems };
}
