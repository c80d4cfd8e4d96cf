/**
 * The submission an estimator may read: its file alone by default, a named directory that
 * holds it with `--submission-dir`, never the filesystem root or the home directory.
 */
import assert from "@std/assert";
import { dirname } from "@std/path";
import { UsageError } from "../../lib/core/errors.ts";
import { resolveSubmission } from "../../lib/estimator/submission.ts";

/** A fake home directory holding `project/estimator.ts`; removed at scope exit. */
async function home(): Promise<{ path: string; estimator: string } & AsyncDisposable> {
  const path = await Deno.realPath(await Deno.makeTempDir({ prefix: "whest-home-" }));
  await Deno.mkdir(`${path}/project`);
  const estimator = `${path}/project/estimator.ts`;
  await Deno.writeTextFile(estimator, "export default { predict(mlp, b) { return [[0]]; } };");
  return {
    path,
    estimator,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  };
}

/** The message of the UsageError `fn` throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("no UsageError thrown");
}

Deno.test("by default the submission is the estimator file alone, in its directory", async () => {
  await using h = await home();
  assert.deepEqual(resolveSubmission(h.estimator, null, h.path), {
    dir: `${h.path}/project`,
    readRoots: [h.estimator],
    named: false,
  });
});

Deno.test("a built-in reads nothing and gets the working directory", () => {
  assert.deepEqual(resolveSubmission("zeros", null), {
    dir: Deno.cwd(),
    readRoots: [],
    named: false,
  });
  assert.throws(() => resolveSubmission("zeros", "."), UsageError, "'zeros' is a built-in");
});

Deno.test("--submission-dir names the directory that holds the estimator: all of it is readable", async () => {
  await using h = await home();
  assert.deepEqual(resolveSubmission(h.estimator, `${h.path}/project/`, h.path), {
    dir: `${h.path}/project`,
    readRoots: [`${h.path}/project`],
    named: true,
  });
});

Deno.test("the filesystem root, the home directory and its parents are refused", async () => {
  await using h = await home();
  const refused = (dir: string) => refusal(() => resolveSubmission(h.estimator, dir, h.path));
  assert.equal(
    refused("/"),
    "--submission-dir: '/' is the filesystem root; name a directory that holds only your submission",
  );
  assert.match(refused(h.path), /^--submission-dir: '.*' is your home directory; name a/);
  assert.match(refused(`${h.path}/project/..`), /is your home directory/);
  assert.match(refused(dirname(h.path)), /contains your home directory/);
});

Deno.test("a directory that is missing, a file, or does not hold the estimator is refused", async () => {
  await using h = await home();
  const refused = (dir: string) => refusal(() => resolveSubmission(h.estimator, dir, h.path));
  assert.match(refused(`${h.path}/nope`), /directory '.*\/nope' does not exist$/);
  assert.match(refused(h.estimator), /'.*estimator\.ts' is not a directory$/);
  await Deno.mkdir(`${h.path}/other`);
  assert.match(refused(`${h.path}/other`), /the estimator '.*' is not inside '.*\/other'/);
  assert.match(refused(""), /needs a directory, got ''/);
});

Deno.test("an estimator reached through a symlink is readable as the file it points to", async () => {
  await using h = await home();
  await Deno.symlink(h.estimator, `${h.path}/link.ts`);
  assert.deepEqual(resolveSubmission(`${h.path}/link.ts`, null, h.path), {
    dir: h.path,
    readRoots: [h.estimator],
    named: false,
  });
});
