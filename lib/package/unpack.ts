/**
 * Reading a package back: every check of `whest validate-package` on the archive and its
 * manifest (gzip and tar well formed, regular files only, plain relative paths, every file
 * listed with its size and SHA-256, nothing unlisted, the caps), and unpacking it into a
 * temporary directory that becomes the submission directory of `run` and `validate`.
 *
 * Every refusal is one line (a `WhestError`, exit 1).
 *
 * @module
 */
import { dirname, join } from "@std/path";
import { unpackTar } from "modern-tar";
import { WhestError } from "../core/errors.ts";
import { atInterrupt } from "../runner/interrupt.ts";
import {
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  type ManifestFile,
  type PackageManifest,
  sha256Hex,
} from "./pack.ts";
import { MAX_PACKAGE_BYTES, MAX_PACKAGE_FILES, unsafePathReason } from "./rules.ts";

/** Room for tar headers and the manifest beyond the content cap, when decompressing. */
const ARCHIVE_SLACK = 4 * 1024 * 1024;

/**
 * Whether `--estimator` names a package (`.tar.gz` or `.tgz`).
 *
 * @param spec The flag's value.
 */
export function isPackagePath(spec: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(spec);
}

/** A package read and checked. */
export interface CheckedPackage {
  /** The manifest. */
  readonly manifest: PackageManifest;
  /** Each file's contents by path (the manifest's files, in its order). */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** SHA-256 of the package file itself. */
  readonly sha256: string;
  /** Size of the package file in bytes. */
  readonly bytes: number;
}

function refuse(file: string, why: string): never {
  throw new WhestError(`package '${file}': ${why}`);
}

/** Gunzips with a cap, so a small archive cannot expand without bound. */
async function gunzip(file: string, bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) refuse(file, "not a gzip file (.tar.gz)");
  const limit = MAX_PACKAGE_BYTES + ARCHIVE_SLACK;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new DecompressionStream("gzip"),
    );
    for await (const chunk of stream) {
      total += chunk.byteLength;
      if (total > limit) refuse(file, `expands past ${limit} bytes, over the 50 MiB cap`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof WhestError) throw error;
    refuse(file, `the gzip data is damaged (${error instanceof Error ? error.message : error})`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function checkManifestShape(file: string, value: unknown): PackageManifest {
  const m = value as Partial<PackageManifest> | null;
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    refuse(file, `${MANIFEST_PATH} is not a JSON object`);
  }
  if (m.format !== MANIFEST_FORMAT) {
    refuse(file, `${MANIFEST_PATH} format is '${m.format}', expected '${MANIFEST_FORMAT}'`);
  }
  if (typeof m.api_version !== "string") refuse(file, `${MANIFEST_PATH} has no api_version`);
  if (typeof m.entry_point !== "string") refuse(file, `${MANIFEST_PATH} has no entry_point`);
  if (m.export_name !== null && typeof m.export_name !== "string") {
    refuse(file, `${MANIFEST_PATH} export_name must be a string or null`);
  }
  if (!Array.isArray(m.files)) refuse(file, `${MANIFEST_PATH} has no files list`);
  for (const f of m.files as unknown[]) {
    const entry = f as Partial<ManifestFile> | null;
    if (
      typeof entry?.path !== "string" || typeof entry.sha256 !== "string" ||
      !Number.isSafeInteger(entry.bytes)
    ) {
      refuse(file, `${MANIFEST_PATH} has a files entry without path, sha256 and bytes`);
    }
  }
  return m as PackageManifest;
}

/**
 * Reads and checks a package: the archive, the manifest, every file's size and SHA-256, the
 * caps, and the paths.
 *
 * @example
 * ```ts ignore
 * import { readPackage } from "./unpack.ts";
 * const checked = await readPackage("est.tar.gz");
 * console.log(checked.manifest.entry_point);
 * ```
 * @param file The package's path.
 * @throws {WhestError} One line naming the package and what is wrong.
 */
export async function readPackage(file: string): Promise<CheckedPackage> {
  let raw: Uint8Array;
  try {
    const info = await Deno.stat(file);
    if (!info.isFile) refuse(file, "is not a file");
    if (info.size > MAX_PACKAGE_BYTES + ARCHIVE_SLACK) {
      refuse(file, `is ${info.size} bytes, over the 50 MiB cap`);
    }
    raw = await Deno.readFile(file);
  } catch (error) {
    if (error instanceof WhestError) throw error;
    if (error instanceof Deno.errors.NotFound) refuse(file, "not found");
    refuse(file, `cannot be read: ${error instanceof Error ? error.message : error}`);
  }
  const tar = await gunzip(file, raw);
  let entries;
  try {
    entries = await unpackTar(tar, { strict: true });
  } catch (error) {
    refuse(file, `not a valid tar archive (${error instanceof Error ? error.message : error})`);
  }
  const contents = new Map<string, Uint8Array>();
  for (const { header, data } of entries) {
    const type = header.type ?? "file";
    if (type === "directory") continue;
    if (type !== "file") refuse(file, `'${header.name}' is a ${type}; a package holds files only`);
    const why = unsafePathReason(header.name);
    if (why !== null) refuse(file, `the path '${header.name}' ${why}`);
    if (contents.has(header.name)) refuse(file, `'${header.name}' appears twice`);
    contents.set(header.name, data ?? new Uint8Array());
  }
  const manifestBytes = contents.get(MANIFEST_PATH);
  if (manifestBytes === undefined) refuse(file, `no ${MANIFEST_PATH}: not made by 'whest package'`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch {
    refuse(file, `${MANIFEST_PATH} is not valid JSON`);
  }
  const manifest = checkManifestShape(file, parsed);
  checkFiles(file, manifest, contents);
  const files = new Map(manifest.files.map((f) => [f.path, contents.get(f.path)!]));
  return { manifest, files, sha256: sha256Hex(raw), bytes: raw.byteLength };
}

function checkFiles(
  file: string,
  manifest: PackageManifest,
  contents: ReadonlyMap<string, Uint8Array>,
): void {
  if (manifest.files.length > MAX_PACKAGE_FILES) {
    refuse(file, `${manifest.files.length} files, over the cap of ${MAX_PACKAGE_FILES}`);
  }
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  if (total > MAX_PACKAGE_BYTES) {
    refuse(file, `${total} bytes of content, over the cap of ${MAX_PACKAGE_BYTES} (50 MiB)`);
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    const why = unsafePathReason(f.path);
    if (why !== null) refuse(file, `the manifest path '${f.path}' ${why}`);
    if (f.path === MANIFEST_PATH || listed.has(f.path)) {
      refuse(file, `the manifest lists '${f.path}' twice or as itself`);
    }
    listed.add(f.path);
    const data = contents.get(f.path);
    if (data === undefined) refuse(file, `'${f.path}' is in the manifest but not in the archive`);
    if (data.byteLength !== f.bytes) {
      refuse(file, `'${f.path}' is ${data.byteLength} bytes, the manifest says ${f.bytes}`);
    }
    if (sha256Hex(data) !== f.sha256) {
      refuse(file, `'${f.path}' does not match its SHA-256 in the manifest (altered?)`);
    }
  }
  for (const path of contents.keys()) {
    if (path !== MANIFEST_PATH && !listed.has(path)) {
      refuse(file, `'${path}' is in the archive but not in the manifest`);
    }
  }
  if (!listed.has(manifest.entry_point)) {
    refuse(file, `the entry point '${manifest.entry_point}' is not one of its files`);
  }
}

/** A package unpacked into a temporary directory. */
export interface UnpackedPackage {
  /** The checked package. */
  readonly checked: CheckedPackage;
  /** The temporary directory: the submission directory. */
  readonly dir: string;
  /** The entry point's path inside `dir`. */
  readonly estimatorPath: string;
  /** Removes the directory (also done on SIGINT/SIGTERM until then). */
  remove(): Promise<void>;
}

/**
 * Checks a package and writes its files into a new temporary directory, removed by
 * `remove()` or, if the process is interrupted first, by the interrupt handler.
 *
 * @param file The package's path.
 * @throws {WhestError} When a check fails (nothing is left on disk).
 */
export async function unpackPackage(file: string): Promise<UnpackedPackage> {
  const checked = await readPackage(file);
  const dir = await Deno.makeTempDir({ prefix: "whest-package-" });
  const release = atInterrupt(() => Deno.removeSync(dir, { recursive: true }));
  const remove = async () => {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    release();
  };
  try {
    for (const [path, data] of checked.files) {
      const target = join(dir, path);
      await Deno.mkdir(dirname(target), { recursive: true });
      await Deno.writeFile(target, data, { mode: 0o644 });
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { checked, dir, estimatorPath: join(dir, checked.manifest.entry_point), remove };
}
