/**
 * The scratch directory's quota: how much the estimator may store there, enforced by the
 * sandbox's confined write functions (the only way it can write).
 *
 * Usage is counted in disk blocks, so many small files cannot slip under it: every file and
 * directory is charged its size rounded up to {@link QUOTA_BLOCK_BYTES}, at least one block.
 * The count starts from what the directory already holds (a restarted worker finds the files
 * its predecessor wrote) and follows each write, overwrite, `mkdir` and removal.
 *
 * @module
 */

/** The unit of usage: sizes are rounded up to it, and each entry costs at least one. */
export const QUOTA_BLOCK_BYTES = 4096;

/** Bytes in one MB of the `--scratch-limit-mb` flag (a mebibyte, as `--memory-limit-mb`). */
export const BYTES_PER_MB = 2 ** 20;

/**
 * What an entry of `size` bytes is charged.
 *
 * @param size The file's size in bytes (0 for a directory).
 */
export function chargeOf(size: number): number {
  return Math.max(1, Math.ceil(size / QUOTA_BLOCK_BYTES)) * QUOTA_BLOCK_BYTES;
}

/**
 * The charge of everything at `path` (a file, or a directory and all it holds); 0 when
 * nothing is there. Symbolic links count as one block and are not followed.
 *
 * @param path An absolute path.
 */
export function usageOf(path: string): number {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory) return chargeOf(info.isFile ? info.size : 0);
  let total = chargeOf(0);
  for (const entry of Deno.readDirSync(path)) total += usageOf(`${path}/${entry.name}`);
  return total;
}

/** The error a write over the quota throws (named `QuotaExceeded` for the estimator). */
export class QuotaExceeded extends Error {
  /**
   * Describes the refused write.
   *
   * @param what The refused operation and its path.
   * @param wouldUse The usage the operation would have brought the directory to, in bytes.
   * @param limitBytes The quota in bytes.
   */
  constructor(what: string, wouldUse: number, limitBytes: number) {
    super(
      `${what} would bring the scratch directory to ${mib(wouldUse)} MB, over the scratch limit ` +
        `of ${mib(limitBytes)} MB (--scratch-limit-mb)`,
    );
    this.name = "QuotaExceeded";
  }
}

/** The running count of a scratch directory's usage against its quota. */
export class ScratchQuota {
  readonly #limitBytes: number;
  #used: number;

  /**
   * Starts the count from what the write roots already hold.
   *
   * @param roots The directories the estimator may write (real, absolute paths).
   * @param limitBytes The quota over all of them together, in bytes.
   */
  constructor(roots: readonly string[], limitBytes: number) {
    this.#limitBytes = limitBytes;
    this.#used = roots.reduce((sum, root) => sum + usageOf(root), 0);
  }

  /** Bytes charged so far. */
  get usedBytes(): number {
    return this.#used;
  }

  /**
   * Writes `bytes` bytes to the file at `path` (replacing it) through `perform`, when the
   * result fits the quota.
   *
   * @param path The confined target path.
   * @param bytes The new file's size.
   * @param perform The write itself.
   * @throws {QuotaExceeded} Before writing anything, when the write would cross the quota.
   */
  write(path: string, bytes: number, perform: () => void): void {
    this.#charge(
      `writing ${bytes} bytes to "${path}"`,
      chargeOf(bytes) - fileCharge(path),
      perform,
    );
  }

  /**
   * Creates the directory `path` and its missing parents through `perform`, when they fit.
   *
   * @param path The confined directory path.
   * @param perform The `mkdir` itself.
   * @throws {QuotaExceeded} When the new directories would cross the quota.
   */
  mkdir(path: string, perform: () => void): void {
    this.#charge(`creating "${path}"`, missingDirectories(path) * chargeOf(0), perform);
  }

  /**
   * Removes `path` (recursively) through `perform` and gives its charge back.
   *
   * @param path The confined path.
   * @param perform The removal itself.
   */
  remove(path: string, perform: () => void): void {
    const freed = usageOf(path);
    perform();
    this.#used = Math.max(0, this.#used - freed);
  }

  #charge(what: string, delta: number, perform: () => void): void {
    const wouldUse = this.#used + delta;
    if (delta > 0 && wouldUse > this.#limitBytes) {
      throw new QuotaExceeded(what, wouldUse, this.#limitBytes);
    }
    perform();
    this.#used = Math.max(0, wouldUse);
  }
}

/** The charge of the regular file at `path`, 0 when there is none. */
function fileCharge(path: string): number {
  try {
    const info = Deno.lstatSync(path);
    return info.isFile ? chargeOf(info.size) : 0;
  } catch {
    return 0;
  }
}

/** How many directories `mkdir -p path` would create. */
function missingDirectories(path: string): number {
  let missing = 0;
  for (let current = path; current !== "/" && current !== ""; missing++) {
    try {
      Deno.lstatSync(current);
      return missing;
    } catch {
      current = current.slice(0, Math.max(1, current.lastIndexOf("/")));
    }
  }
  return missing;
}

function mib(bytes: number): string {
  const value = bytes / BYTES_PER_MB;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
