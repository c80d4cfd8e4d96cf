/**
 * The ground-truth cache: a seeded contest's Monte Carlo ground truth depends only on the
 * seed, the MLP's index, its shape, the sample count, the seed protocol, the sampler's version
 * and the kernel family that summed it, so a second run with the same inputs reads it instead
 * of sampling again. Entries live under the user's cache directory (`WHEST_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/whest`, `~/.cache/whest`, `~/Library/Caches/whest` or
 * `%LOCALAPPDATA%\whest`), one file per MLP named by the SHA-256 of its key, each carrying its
 * key and the SHA-256 of its values: a corrupt or foreign entry is recomputed, with a warning.
 * Unseeded runs are never cached (their inputs cannot recur).
 *
 * @module
 */
import { envVar } from "../core/env.ts";
import { createHash } from "node:crypto";
import { join } from "@std/path";
import type { BreakdownSummary } from "../budget/summary.ts";
import type { GroundTruth } from "../contract/mlp.ts";

/**
 * The sampler's version: bump it whenever the sampler's arithmetic or its draws change, so
 * that no entry computed the old way is read.
 */
export const SAMPLER_VERSION = 2;

/** What a cached ground truth was computed from. */
export interface GroundTruthKey {
  /** The run's seed. */
  readonly seed: number;
  /** The MLP's index in the contest. */
  readonly index: number;
  /** Width n. */
  readonly width: number;
  /** Depth d. */
  readonly depth: number;
  /** Monte Carlo samples. */
  readonly nSamples: number;
  /** How the contest's streams were seeded (whest's `run` uses protocol 2.0's spawn(3·K)). */
  readonly seedProtocol: string;
  /** {@link SAMPLER_VERSION} of the code that sampled it. */
  readonly sampler: number;
  /** The kernel family whose float32 sums produced it ("wasm", "blas-openblas", "js", ...). */
  readonly kernels: string;
}

/** A cached ground truth and the sampler's summary from the run that computed it. */
export interface CachedGroundTruth {
  /** The ground truth. */
  readonly truth: GroundTruth;
  /** The sampler's summary (its times are the original run's). */
  readonly sampling: BreakdownSummary;
}

/**
 * The entry format: part of each entry's file name, so that an entry written in an older
 * format (format 1 kept only the sampler's namespaces) is never read, only recomputed.
 */
const ENTRY_FORMAT = 2;

/**
 * The kernel family of a backend name: its thread count dropped where results do not depend
 * on it (WASM, JS), kept where they may (BLAS splits its sums by thread).
 *
 * @param backend A backend's name, e.g. "wasm-relaxed-simd-x2" or "blas-openblas-x2".
 * @example
 * ```ts
 * import { kernelFamily } from "./cache.ts";
 * kernelFamily("wasm-relaxed-simd-x4"); // "wasm"
 * kernelFamily("blas-openblas-x2"); // "blas-openblas-x2"
 * ```
 */
export function kernelFamily(backend: string): string {
  if (backend.startsWith("wasm-")) return "wasm";
  return backend;
}

/**
 * The cache directory for this platform.
 *
 * @param env Reads an environment variable (default `Deno.env.get`, undefined without env
 *   permission).
 * @returns The directory, or undefined when no home is known.
 */
export function defaultCacheDir(
  env: (name: string) => string | undefined = envVar,
): string | undefined {
  const override = env("WHEST_CACHE_DIR");
  if (override) return override;
  if (Deno.build.os === "windows") {
    const local = env("LOCALAPPDATA");
    return local ? join(local, "whest") : undefined;
  }
  const home = env("HOME");
  if (Deno.build.os === "darwin") {
    return home ? join(home, "Library", "Caches", "whest") : undefined;
  }
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return join(xdg, "whest");
  return home ? join(home, ".cache", "whest") : undefined;
}

function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The entry's file format: one JSON header line, then the float32 means, little-endian. */
interface Header {
  readonly key: GroundTruthKey;
  readonly avgVariance: number;
  readonly sampling: BreakdownSummary;
  readonly valuesSha256: string;
}

/** Ground truths on disk, keyed by {@link GroundTruthKey}. */
export class GroundTruthCache {
  readonly #dir: string;
  readonly #warn: (line: string) => void;

  /**
   * Opens (without creating) the cache in a directory.
   *
   * @param dir The cache's root; entries go under `ground-truth/`.
   * @param warn Receives one line per unreadable entry or failed write.
   */
  constructor(dir: string, warn: (line: string) => void) {
    this.#dir = join(dir, "ground-truth");
    this.#warn = warn;
  }

  /** Where the cache keeps its entries. */
  get dir(): string {
    return this.#dir;
  }

  #path(key: GroundTruthKey): string {
    return join(this.#dir, `${sha256(JSON.stringify({ format: ENTRY_FORMAT, ...key }))}.gt`);
  }

  /**
   * The cached ground truth for `key`, or undefined when there is none or it is unusable (then
   * a warning says so and the caller recomputes it).
   *
   * @param key What the ground truth was computed from.
   */
  get(key: GroundTruthKey): CachedGroundTruth | undefined {
    const path = this.#path(key);
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(path);
    } catch {
      return undefined;
    }
    try {
      const newline = bytes.indexOf(10);
      if (newline < 0) throw new Error("no header");
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as Header;
      const values = bytes.slice(newline + 1);
      if (JSON.stringify(header.key) !== JSON.stringify(key)) throw new Error("a foreign key");
      if (sha256(values) !== header.valuesSha256) {
        throw new Error("its values do not match their hash");
      }
      if (values.byteLength !== key.depth * key.width * 4) throw new Error("a wrong size");
      if (typeof header.sampling?.flops_used !== "number") throw new Error("no sampler summary");
      const allLayerMeans = new Float32Array(values.buffer, 0, key.depth * key.width);
      const finalMeans = allLayerMeans.slice((key.depth - 1) * key.width);
      return {
        truth: {
          allLayerMeans,
          finalMeans,
          avgVariance: header.avgVariance,
          nSamples: key.nSamples,
        },
        sampling: header.sampling,
      };
    } catch (error) {
      this.#warn(
        `ground-truth cache: ${path} is unusable (${(error as Error).message}); recomputing it`,
      );
      return undefined;
    }
  }

  /**
   * Stores a ground truth (atomically: a temporary file renamed into place). A failed write is
   * a warning, never a failed run.
   *
   * @param key What it was computed from.
   * @param value The ground truth and the sampler's summary.
   */
  put(key: GroundTruthKey, value: CachedGroundTruth): void {
    const path = this.#path(key);
    const values = new Uint8Array(
      value.truth.allLayerMeans.buffer.slice(
        value.truth.allLayerMeans.byteOffset,
        value.truth.allLayerMeans.byteOffset + value.truth.allLayerMeans.byteLength,
      ),
    );
    const header: Header = {
      key,
      avgVariance: value.truth.avgVariance,
      sampling: value.sampling,
      valuesSha256: sha256(values),
    };
    const head = new TextEncoder().encode(`${JSON.stringify(header)}\n`);
    const bytes = new Uint8Array(head.byteLength + values.byteLength);
    bytes.set(head);
    bytes.set(values, head.byteLength);
    const temporary = `${path}.${crypto.randomUUID()}.tmp`;
    try {
      Deno.mkdirSync(this.#dir, { recursive: true });
      Deno.writeFileSync(temporary, bytes);
      Deno.renameSync(temporary, path);
    } catch (error) {
      try {
        Deno.removeSync(temporary);
      } catch {
        // never written
      }
      this.#warn(`ground-truth cache: cannot write ${path} (${(error as Error).message})`);
    }
  }
}
