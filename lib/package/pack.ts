/**
 * `whest package`: the submission as one `.tar.gz` with a `manifest.json` (SHA-256 and size of
 * every file, the entry point, the export to use, the estimator API version).
 *
 * The files are the estimator alone, or with `--submission-dir DIR` every file under DIR, less
 * version-control folders, secrets and what `DIR/.whestignore` lists. A file named on the
 * command line that is a secret, a link, or content over the caps refuses the whole package.
 * Entries are sorted and carry a fixed mtime, so packaging the same files twice gives the same
 * archive.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { basename, dirname, join, relative, resolve } from "@std/path";
import { packTar, type TarEntry } from "modern-tar";
import { UsageError, WhestError } from "../core/errors.ts";
import { API_VERSION, WHEST_VERSION } from "../core/version.ts";
import {
  IGNORE_FILE,
  inVcsFolder,
  isSecretName,
  MAX_PACKAGE_BYTES,
  MAX_PACKAGE_FILES,
  parseIgnore,
  VCS_FOLDERS,
} from "./rules.ts";

/** The manifest's own path inside a package. */
export const MANIFEST_PATH = "manifest.json";

/** The manifest format this program writes and reads. */
export const MANIFEST_FORMAT = "whest-package/1";

/** One packaged file. */
export interface ManifestFile {
  /** `/`-separated path relative to the package root. */
  readonly path: string;
  /** SHA-256 of the contents, lowercase hex. */
  readonly sha256: string;
  /** Size in bytes. */
  readonly bytes: number;
}

/** `manifest.json`. */
export interface PackageManifest {
  /** Always {@link MANIFEST_FORMAT}. */
  readonly format: string;
  /** The estimator API version the package was made for. */
  readonly api_version: string;
  /** The whest version that made it. */
  readonly whest_version: string;
  /** The estimator file, relative to the package root. */
  readonly entry_point: string;
  /** The export to use (`--class`), or null for the default export. */
  readonly export_name: string | null;
  /** Every packaged file but the manifest, sorted by path. */
  readonly files: readonly ManifestFile[];
}

/** What to package. */
export interface PackageOptions {
  /** The estimator file. */
  readonly estimator: string;
  /** `--submission-dir`: package every file under it; null for the estimator alone. */
  readonly submissionDir: string | null;
  /** `--class NAME`, or null. */
  readonly className: string | null;
  /** Further files named on the command line (each must lie in the submission directory). */
  readonly extraFiles?: readonly string[];
  /** The package file being written: left out when it lies in the submission directory. */
  readonly output?: string;
}

/** A built package. */
export interface BuiltPackage {
  /** The gzipped tar. */
  readonly bytes: Uint8Array;
  /** Its manifest. */
  readonly manifest: PackageManifest;
  /** Files left out, relative to the root, each with the reason (secret, VCS, .whestignore). */
  readonly excluded: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * SHA-256 of bytes, lowercase hex.
 *
 * @param bytes The contents.
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null;
  }
}

/** Every regular file under `root` (relative, `/`-separated); a link refuses the package. */
function walk(root: string, rel = ""): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(join(root, rel))) {
    const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (VCS_FOLDERS.includes(entry.name)) continue; // never read, never listed
    if (entry.isSymlink) {
      throw new WhestError(
        `package: '${path}' is a symbolic link; a package holds regular files only (copy it, or list it in ${IGNORE_FILE})`,
      );
    }
    if (entry.isDirectory) found.push(...walk(root, path));
    else if (entry.isFile) found.push(path);
  }
  return found;
}

/** The file `given`, relative to `root`, or a usage error when it is not inside it. */
function inside(root: string, given: string, what: string): string {
  const rel = relative(root, resolve(given)).split("\\").join("/");
  if (rel === "" || rel.startsWith("../") || rel === ".." || rel.startsWith("/")) {
    throw new UsageError(`package: ${what} '${given}' is not inside '${root}'`);
  }
  return rel;
}

function checkNamed(path: string, given: string): void {
  const info = statOrNull(path);
  if (info === null) throw new UsageError(`package: '${given}' not found`);
  if (info.isSymlink) {
    throw new WhestError(`package: '${given}' is a symbolic link; a package holds regular files`);
  }
  if (!info.isFile) throw new UsageError(`package: '${given}' is not a file`);
  if (isSecretName(given)) {
    throw new WhestError(
      `package: '${given}' looks like a secret (${
        basename(given)
      }); secrets are never packaged — move it out or rename it`,
    );
  }
}

/** The files of the package, by relative path, and those left out. */
function chooseFiles(options: PackageOptions): {
  root: string;
  entry: string;
  paths: string[];
  excluded: { path: string; reason: string }[];
} {
  checkNamed(options.estimator, options.estimator);
  const extra = options.extraFiles ?? [];
  if (options.submissionDir === null) {
    const root = dirname(resolve(options.estimator));
    const entry = basename(options.estimator);
    const named = extra.map((f) => {
      checkNamed(f, f);
      return inside(root, f, "file");
    });
    return { root, entry, paths: [...new Set([entry, ...named])], excluded: [] };
  }
  const dir = options.submissionDir;
  const info = statOrNull(dir);
  if (!info?.isDirectory) {
    throw new UsageError(`package: --submission-dir '${dir}' is not a directory`);
  }
  const root = Deno.realPathSync(dir);
  const entry = inside(root, Deno.realPathSync(options.estimator), "the estimator");
  for (const f of extra) {
    checkNamed(f, f);
    inside(root, Deno.realPathSync(f), "file");
  }
  const ignoreText = statOrNull(join(root, IGNORE_FILE))?.isFile
    ? Deno.readTextFileSync(join(root, IGNORE_FILE))
    : "";
  const rules = parseIgnore(ignoreText);
  const paths: string[] = [];
  const excluded: { path: string; reason: string }[] = [];
  const output = options.output === undefined ? undefined : relative(
    root,
    join(Deno.realPathSync(dirname(resolve(options.output))), basename(options.output)),
  );
  for (const path of walk(root).sort()) {
    if (path === entry) paths.push(path);
    else if (path === output) excluded.push({ path, reason: "the package being written" });
    else if (path === IGNORE_FILE) excluded.push({ path, reason: "the ignore file itself" });
    else if (inVcsFolder(path)) excluded.push({ path, reason: "version control" });
    else if (isSecretName(path)) excluded.push({ path, reason: "secret" });
    else if (rules.ignores(path)) excluded.push({ path, reason: IGNORE_FILE });
    else paths.push(path);
  }
  return { root, entry, paths, excluded };
}

function checkCaps(files: readonly ManifestFile[]): void {
  if (files.length > MAX_PACKAGE_FILES) {
    throw new WhestError(
      `package: ${files.length} files, over the cap of ${MAX_PACKAGE_FILES}; leave some out with ${IGNORE_FILE}`,
    );
  }
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  if (total > MAX_PACKAGE_BYTES) {
    throw new WhestError(
      `package: ${total} bytes of content, over the cap of ${MAX_PACKAGE_BYTES} (50 MiB); leave some out with ${IGNORE_FILE}`,
    );
  }
}

/**
 * Gzips bytes with the platform's CompressionStream.
 *
 * @param bytes The data.
 */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Builds a package in memory.
 *
 * @example
 * ```ts ignore
 * import { buildPackage } from "./pack.ts";
 * const built = await buildPackage({ estimator: "est.ts", submissionDir: null, className: null });
 * await Deno.writeFile("est.tar.gz", built.bytes);
 * ```
 * @param options What to package.
 * @throws {UsageError} For a missing estimator or directory, or a file outside the directory.
 * @throws {WhestError} For a named secret or link, or content over the caps (one line each).
 */
export async function buildPackage(options: PackageOptions): Promise<BuiltPackage> {
  const { root, entry, paths, excluded } = chooseFiles(options);
  if (paths.includes(MANIFEST_PATH)) {
    throw new WhestError(
      `package: the submission holds its own '${MANIFEST_PATH}' at the top, which the package's manifest would replace; rename it`,
    );
  }
  const sizes = paths.map((path) => Deno.statSync(join(root, path)).size);
  checkCaps(paths.map((path, i) => ({ path, sha256: "", bytes: sizes[i] })));
  const contents = paths.map((path) => Deno.readFileSync(join(root, path)));
  const files = paths.map((path, i) => ({
    path,
    sha256: sha256Hex(contents[i]),
    bytes: contents[i].byteLength,
  }));
  checkCaps(files);
  const manifest: PackageManifest = {
    format: MANIFEST_FORMAT,
    api_version: API_VERSION,
    whest_version: WHEST_VERSION,
    entry_point: entry,
    export_name: options.className,
    files,
  };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const mtime = new Date(0);
  const entries: TarEntry[] = [
    { header: { name: MANIFEST_PATH, size: manifestBytes.byteLength, mtime }, body: manifestBytes },
    ...files.map((f, i) => ({
      header: { name: f.path, size: f.bytes, mtime, mode: 0o644 },
      body: contents[i],
    })),
  ];
  return { bytes: await gzip(await packTar(entries)), manifest, excluded };
}
