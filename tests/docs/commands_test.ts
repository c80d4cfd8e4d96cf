/**
 * Every `whest ...` line in the README, in docs/ and in the files `whest init` writes runs as
 * written: the cheap ones are run here, in document order, in a fresh directory per document
 * (so `whest init my-estimator` comes before the lines that use it); usage lines with
 * placeholders and runs too costly for a unit test are counted and named, never silently passed.
 */
import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { RUN_DEFAULTS } from "../../lib/config/run_config.ts";
import { tempDir } from "../cli/_helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Sampled multiply-adds (MLPs × samples × width² × depth) a line may cost and still run here. */
const CHEAP_WORK = 5e9;
/** What may stand before `whest` on a command line. */
const LAUNCHER = /^(?:npx -y deno@[\d.]+ task |deno task )?whest (.*)$/;

/** The documents whose command lines must work. */
function documents(): string[] {
  const docs = [...Deno.readDirSync(`${ROOT}docs`)].filter((e) => e.name.endsWith(".md"))
    .map((e) => `docs/${e.name}`).sort();
  return ["README.md", ...docs, "lib/init/starter/README.md"];
}

/**
 * The `whest` command lines in a document's `sh` (or untagged) fenced code blocks, as argument
 * lists: the commands a reader types. Blocks in another language (`bash` job scripts, `yaml`
 * manifests) are files to adapt, not lines to run.
 *
 * @param text The Markdown text.
 */
export function commandLines(text: string): string[][] {
  const lines: string[][] = [];
  let fenced = false;
  let runnable = false;
  for (const raw of text.split("\n")) {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      fenced = !fenced;
      runnable = fenced && (fence[1] === "" || fence[1] === "sh");
      continue;
    }
    if (!fenced || !runnable) continue;
    const match = LAUNCHER.exec(raw.trim().replace(/\s+#.*$/, ""));
    if (match) lines.push(match[1].split(/\s+/));
  }
  return lines;
}

/** Why a line is not run here, or undefined when it is cheap and complete. */
function notRunBecause(args: string[]): string | undefined {
  if (args.some((a) => /[[\]|]/.test(a) || /^[A-Z][A-Z_]*$/.test(a))) return "a usage line";
  if (args[0] !== "run" && !(args[0] === "dataset" && args[1] === "bake")) return undefined;
  if (args.includes("--round")) return "a round's settings (1e9 samples)";
  // a dataset's rows carry their ground truth: nothing is sampled, the dataset sets the cost
  if (args.includes("--dataset")) return undefined;
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const work = flag("--n-mlps", RUN_DEFAULTS.nMlps) * flag("--n-samples", RUN_DEFAULTS.nSamples) *
    flag("--width", RUN_DEFAULTS.width) ** 2 * flag("--depth", RUN_DEFAULTS.depth);
  return work > CHEAP_WORK ? `${work.toExponential(1)} sampled multiply-adds` : undefined;
}

Deno.test("command-line extraction: fenced lines only, any launcher, comments dropped", () => {
  const text = [
    "whest run outside a fence",
    "```sh",
    "whest init x   # a comment",
    "deno task whest version --json",
    "npx -y deno@2.9.6 task whest help run",
    "echo whest",
    "```",
    "```yaml",
    "whest run in a manifest",
    "```",
  ].join("\n");
  assert.deepEqual(commandLines(text), [["init", "x"], ["version", "--json"], ["help", "run"]]);
});

/**
 * The directory a document's lines run in: a fresh one where the checkout's `tests/` (its
 * fixture datasets) is at hand, or, for the guide `whest init` writes, the directory it wrote.
 */
async function workingDirectory(doc: string, dir: string): Promise<string> {
  if (doc !== "lib/init/starter/README.md") {
    await Deno.symlink(`${ROOT}tests`, `${dir}/tests`);
    return dir;
  }
  const init = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}main.ts`, "init", "starter"],
    cwd: dir,
    stdout: "null",
  }).output();
  assert.ok(init.success, "whest init");
  return `${dir}/starter`;
}

for (const doc of documents()) {
  const lines = commandLines(Deno.readTextFileSync(`${ROOT}${doc}`));
  if (lines.length === 0) continue;
  Deno.test(`every cheap 'whest' line in ${doc} runs as written`, async () => {
    await using dir = await tempDir("whest-doc-lines-");
    const cwd = await workingDirectory(doc, dir.path);
    const skipped: string[] = [];
    let ran = 0;
    for (const args of lines) {
      const why = notRunBecause(args);
      if (why !== undefined) {
        skipped.push(`whest ${args.join(" ")} (${why})`);
        continue;
      }
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${ROOT}main.ts`, ...args],
        cwd,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(
        out.code,
        0,
        `whest ${args.join(" ")} (${doc}): ${new TextDecoder().decode(out.stderr)}`,
      );
      ran++;
    }
    assert.ok(ran > 0, `${doc} shows no runnable 'whest' line, only: ${skipped.join("; ")}`);
    if (skipped.length > 0) console.log(`not run here (${doc}):\n  ${skipped.join("\n  ")}`);
  });
}
