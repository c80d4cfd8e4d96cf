/**
 * `--save-predictions FILE`: every MLP's predictions and targets in numpy's `.npz` format
 * (`np.load(FILE)["mlp_0_predictions"]`), written atomically.
 *
 * An `.npz` is a zip of `.npy` files. The `.npy` header (format 1.0) is written here: the magic
 * `\x93NUMPY`, version 1.0, a little-endian uint16 header length, and a Python dict literal
 * padded with spaces to a 64-byte boundary and ended by a newline. The zip is fflate's, with
 * the entries stored (level 0), as `np.savez` writes them: float32 predictions barely compress.
 *
 * @module
 */
import { zipSync } from "fflate";
import { basename, dirname, join } from "@std/path";
import { WhestError } from "../core/errors.ts";

/** The `.npy` magic string. */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * One float32 C-order array as a `.npy` file (format 1.0, little-endian `<f4`).
 *
 * @example
 * ```ts
 * import { npyBytes } from "./npz.ts";
 * const bytes = npyBytes(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * // bytes.length === 128 + 16: the header (magic, version, length, dict) padded to 128, then the values
 * ```
 * @param values The values, row-major.
 * @param shape The array's shape (its product must equal `values.length`).
 */
export function npyBytes(values: Float32Array, shape: readonly number[]): Uint8Array {
  if (shape.reduce((a, b) => a * b, 1) !== values.length) {
    throw new Error(`npyBytes: shape (${shape.join(", ")}) does not hold ${values.length} values`);
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const prefix = MAGIC.length + 2 + 2;
  const total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  header = header.padEnd(total - prefix - 1, " ") + "\n";
  const out = new Uint8Array(total + values.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  const body = new Uint8Array(values.byteLength);
  const view = new DataView(body.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  out.set(body, total);
  return out;
}

/** The predictions and targets of the scored MLPs, gathered as they are scored. */
export class PredictionArchive {
  readonly #entries: Record<string, [Uint8Array, { level: 0 }]> = {};

  /**
   * Adds one MLP's arrays (copied: the caller may reuse its buffers).
   *
   * @param index The MLP's index in the contest.
   * @param depth Its depth d.
   * @param width Its width n.
   * @param predictions The (d, n) predictions that were scored.
   * @param targets The (d, n) per-layer target means.
   */
  add(
    index: number,
    depth: number,
    width: number,
    predictions: Float32Array,
    targets: Float32Array,
  ): void {
    this.#entries[`mlp_${index}_predictions.npy`] = [npyBytes(predictions, [depth, width]), {
      level: 0,
    }];
    this.#entries[`mlp_${index}_targets.npy`] = [npyBytes(targets, [depth, width]), { level: 0 }];
  }

  /** The `.npz` bytes. */
  bytes(): Uint8Array {
    return zipSync(this.#entries, { mtime: new Date(1980, 0, 1) });
  }

  /**
   * Writes the `.npz` atomically: a temporary file beside it, then a rename.
   *
   * @param path The `--save-predictions` file.
   * @throws {WhestError} When it cannot be written, naming the path and the reason.
   */
  async write(path: string): Promise<void> {
    const temp = join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.tmp`);
    try {
      await Deno.writeFile(temp, this.bytes());
      await Deno.rename(temp, path);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new WhestError(`--save-predictions: cannot write '${path}': ${reason}`);
    }
  }
}
