/**
 * `lib/package`: what a package holds (caps, exclusions, .whestignore), and every refusal of a
 * package that was altered after it was made, each one line.
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { packTar } from "modern-tar";
import { UsageError, WhestError } from "../../lib/core/errors.ts";
import { buildPackage, gzip, MANIFEST_PATH, sha256Hex } from "../../lib/package/pack.ts";
import { readPackage, unpackPackage } from "../../lib/package/unpack.ts";
import { openEstimator } from "../../lib/package/open.ts";
import {
  isSecretName,
  MAX_PACKAGE_BYTES,
  MAX_PACKAGE_FILES,
  parseIgnore,
  unsafePathReason,
} from "../../lib/package/rules.ts";
import { tempDir } from "../cli/_helpers.ts";

const ESTIMATOR = `export default class {
  predict(mlp, budget) { return Array.from({ length: mlp.depth }, () => new Array(mlp.width).fill(0.5)); }
}
export class Other {
  predict(mlp, budget) { return Array.from({ length: mlp.depth }, () => new Array(mlp.width).fill(0.25)); }
}
`;

async function submission(dir: string, extra: Record<string, string | Uint8Array> = {}) {
  await Deno.writeTextFile(join(dir, "estimator.ts"), ESTIMATOR);
  for (const [path, data] of Object.entries(extra)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    if (typeof data === "string") await Deno.writeTextFile(join(dir, path), data);
    else await Deno.writeFile(join(dir, path), data);
  }
}

async function refusal(promise: Promise<unknown>, kind: typeof WhestError | typeof UsageError) {
  const error = await promise.then(() => null, (e) => e);
  assert.ok(error instanceof kind, `expected ${kind.name}, got ${error}`);
  assert.ok(!error.message.includes("\n"), `one line: ${error.message}`);
  return error.message as string;
}

Deno.test("a package holds the estimator and its directory, less secrets, VCS and .whestignore", async () => {
  await using tmp = await tempDir();
  const dir = join(tmp.path, "sub");
  await Deno.mkdir(dir);
  await submission(dir, {
    "weights/w.bin": new Uint8Array([1, 2, 3]),
    ".env": "TOKEN=1",
    ".env.local": "TOKEN=2",
    "deploy.pem": "key",
    ".git/HEAD": "ref",
    "notes/a.log": "log",
    "build/out.js": "x",
    ".whestignore": "# logs\n*.log\nbuild/\n",
  });
  const built = await buildPackage({
    estimator: join(dir, "estimator.ts"),
    submissionDir: dir,
    className: "Other",
  });
  assert.deepEqual(built.manifest.files.map((f) => f.path), ["estimator.ts", "weights/w.bin"]);
  assert.equal(built.manifest.entry_point, "estimator.ts");
  assert.equal(built.manifest.export_name, "Other");
  assert.equal(built.manifest.files[1].sha256, sha256Hex(new Uint8Array([1, 2, 3])));
  assert.equal(built.manifest.files[1].bytes, 3);
  assert.deepEqual(
    built.excluded.map((e) => e.path).sort(),
    [".env", ".env.local", ".whestignore", "build/out.js", "deploy.pem", "notes/a.log"],
  );
  // the same files give the same archive
  const again = await buildPackage({
    estimator: join(dir, "estimator.ts"),
    submissionDir: dir,
    className: "Other",
  });
  assert.equal(sha256Hex(again.bytes), sha256Hex(built.bytes));
  // and it reads back: manifest checked, files unpacked where the manifest says
  const file = join(tmp.path, "p.tar.gz");
  await Deno.writeFile(file, built.bytes);
  const unpacked = await unpackPackage(file);
  try {
    assert.deepEqual(
      await Deno.readFile(join(unpacked.dir, "weights/w.bin")),
      new Uint8Array([1, 2, 3]),
    );
    assert.equal(await Deno.readTextFile(unpacked.estimatorPath), ESTIMATOR);
  } finally {
    await unpacked.remove();
  }
  assert.equal(await Deno.stat(unpacked.dir).then(() => true, () => false), false);
});

Deno.test("without --submission-dir a package is the estimator alone (and named files)", async () => {
  await using tmp = await tempDir();
  await submission(tmp.path, { "table.json": "[1]", ".env": "x" });
  const built = await buildPackage({
    estimator: join(tmp.path, "estimator.ts"),
    submissionDir: null,
    className: null,
    extraFiles: [join(tmp.path, "table.json")],
  });
  assert.deepEqual(built.manifest.files.map((f) => f.path), ["estimator.ts", "table.json"]);
  assert.equal(built.manifest.export_name, null);
});

Deno.test("a secret named explicitly refuses the package in one line", async () => {
  await using tmp = await tempDir();
  await submission(tmp.path, { ".env": "TOKEN=1", "id_rsa": "key" });
  for (const secret of [".env", "id_rsa"]) {
    const message = await refusal(
      buildPackage({
        estimator: join(tmp.path, "estimator.ts"),
        submissionDir: tmp.path,
        className: null,
        extraFiles: [join(tmp.path, secret)],
      }),
      WhestError,
    );
    assert.match(message, /looks like a secret/);
  }
});

Deno.test(`${MAX_PACKAGE_FILES + 1} files are refused; ${MAX_PACKAGE_FILES} are not`, async () => {
  await using tmp = await tempDir();
  const extra: Record<string, string> = {};
  for (let i = 0; i < MAX_PACKAGE_FILES - 1; i++) extra[`f${String(i).padStart(2, "0")}.txt`] = "x";
  await submission(tmp.path, extra);
  const options = {
    estimator: join(tmp.path, "estimator.ts"),
    submissionDir: tmp.path,
    className: null,
  };
  assert.equal((await buildPackage(options)).manifest.files.length, MAX_PACKAGE_FILES);
  await Deno.writeTextFile(join(tmp.path, "one-more.txt"), "x");
  const message = await refusal(buildPackage(options), WhestError);
  assert.match(message, /51 files, over the cap of 50/);
});

Deno.test("content of 50 MiB + 1 byte is refused", async () => {
  await using tmp = await tempDir();
  await submission(tmp.path);
  const size = MAX_PACKAGE_BYTES + 1 - (await Deno.stat(join(tmp.path, "estimator.ts"))).size;
  await Deno.writeFile(join(tmp.path, "big.bin"), new Uint8Array(size));
  const message = await refusal(
    buildPackage({
      estimator: join(tmp.path, "estimator.ts"),
      submissionDir: tmp.path,
      className: null,
    }),
    WhestError,
  );
  assert.match(message, new RegExp(`${MAX_PACKAGE_BYTES + 1} bytes of content, over the cap`));
});

Deno.test(".whestignore: globs, folders, anchors; negation is refused", () => {
  const rules = parseIgnore("*.log\ndata/\n/top.txt\n**/cache/*.bin\n?.tmp\n");
  assert.ok(rules.ignores("a.log") && rules.ignores("x/y/a.log"));
  assert.ok(rules.ignores("data/w.bin") && rules.ignores("x/data/w.bin"));
  assert.ok(!rules.ignores("data")); // a file named data: the pattern is for folders
  assert.ok(rules.ignores("top.txt") && !rules.ignores("x/top.txt"));
  assert.ok(rules.ignores("cache/a.bin") && rules.ignores("x/cache/a.bin"));
  assert.ok(rules.ignores("a.tmp") && !rules.ignores("ab.tmp"));
  assert.ok(!rules.ignores("estimator.ts"));
  assert.throws(() => parseIgnore("!keep.log"), UsageError);
  assert.ok(isSecretName("x/.env.production") && isSecretName("server.key"));
  assert.ok(!isSecretName("environment.ts") && !isSecretName("keys.json"));
  assert.equal(unsafePathReason("/etc/passwd"), "is absolute");
  assert.equal(unsafePathReason("a/../b"), "has a '..' segment");
});

/** A package with hand-made entries and manifest, for the tampering cases. */
async function craft(
  dir: string,
  entries: { name: string; data?: string; type?: "file" | "symlink"; linkname?: string }[],
  manifestFiles?: { path: string; sha256: string; bytes: number }[],
): Promise<string> {
  const encoder = new TextEncoder();
  const files = manifestFiles ?? entries.filter((e) => e.type !== "symlink").map((e) => ({
    path: e.name,
    sha256: sha256Hex(encoder.encode(e.data ?? "")),
    bytes: encoder.encode(e.data ?? "").byteLength,
  }));
  const manifest = {
    format: "whest-package/1",
    api_version: "1.0",
    whest_version: "0.1.0",
    entry_point: "estimator.ts",
    export_name: null,
    files,
  };
  const tar = await packTar([
    { header: { name: MANIFEST_PATH, size: 0 }, body: JSON.stringify(manifest) },
    ...entries.map((e) => ({
      header: {
        name: e.name,
        size: e.type === "symlink" ? 0 : encoder.encode(e.data ?? "").byteLength,
        type: e.type ?? "file",
        linkname: e.linkname,
      },
      body: e.type === "symlink" ? undefined : e.data ?? "",
    })),
  ].map((e) =>
    e.header.name === MANIFEST_PATH
      ? { ...e, header: { ...e.header, size: encoder.encode(e.body as string).byteLength } }
      : e
  ));
  const file = join(dir, `${crypto.randomUUID()}.tar.gz`);
  await Deno.writeFile(file, await gzip(tar));
  return file;
}

Deno.test("an altered package is refused in one line: hash, size, '..', absolute, link, unlisted", async () => {
  await using tmp = await tempDir();
  const good = { name: "estimator.ts", data: ESTIMATOR };
  assert.ok((await readPackage(await craft(tmp.path, [good]))).manifest);
  const cases: [string, Promise<string>, RegExp][] = [
    [
      "hash mismatch",
      craft(tmp.path, [good], [{
        path: "estimator.ts",
        sha256: "0".repeat(64),
        bytes: ESTIMATOR.length,
      }]),
      /does not match its SHA-256/,
    ],
    [
      "size mismatch",
      craft(tmp.path, [good], [{ path: "estimator.ts", sha256: "0".repeat(64), bytes: 1 }]),
      /the manifest says 1/,
    ],
    [
      "a '../' path",
      craft(tmp.path, [good, { name: "../evil.ts", data: "x" }]),
      /'\.\.\/evil\.ts' has a '\.\.' segment/,
    ],
    ["an absolute path", craft(tmp.path, [good, { name: "/etc/evil", data: "x" }]), /is absolute/],
    [
      "a link",
      craft(tmp.path, [good, { name: "link", type: "symlink", linkname: "/etc/passwd" }]),
      /'link' is a symlink/,
    ],
    [
      "an unlisted file",
      craft(tmp.path, [good, { name: "extra.bin", data: "x" }], [{
        path: "estimator.ts",
        sha256: sha256Hex(ESTIMATOR),
        bytes: new TextEncoder().encode(ESTIMATOR).byteLength,
      }]),
      /'extra\.bin' is in the archive but not in the manifest/,
    ],
  ];
  for (const [what, file, expected] of cases) {
    const message = await refusal(readPackage(await file), WhestError);
    assert.match(message, expected, what);
  }
  const notGzip = join(tmp.path, "plain.tar.gz");
  await Deno.writeTextFile(notGzip, "hello");
  assert.match(await refusal(readPackage(notGzip), WhestError), /not a gzip file/);
});

Deno.test("--submission-dir with a package is a usage error; a file's SHA-256 is its bytes'", async () => {
  await using tmp = await tempDir();
  await submission(tmp.path);
  const file = join(tmp.path, "estimator.ts");
  const opened = await openEstimator(file, null, "Other");
  assert.equal(opened.sha256, sha256Hex(await Deno.readFile(file)));
  assert.equal(opened.className, "Other");
  await refusal(openEstimator("x.tar.gz", tmp.path, null), UsageError);
});

Deno.test("the package being written into the submission directory is left out of itself", async () => {
  await using tmp = await tempDir();
  await submission(tmp.path, { "old.tar.gz": "stale" });
  const built = await buildPackage({
    estimator: join(tmp.path, "estimator.ts"),
    submissionDir: tmp.path,
    className: null,
    output: join(tmp.path, "old.tar.gz"),
  });
  assert.deepEqual(built.manifest.files.map((f) => f.path), ["estimator.ts"]);
  assert.deepEqual(built.excluded, [{ path: "old.tar.gz", reason: "the package being written" }]);
});
