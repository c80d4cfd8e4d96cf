/**
 * Loads the numpy reference vectors the random-stream tests compare against.
 *
 * @module
 */

const dir = new URL("../fixtures/", import.meta.url);

/** Parses a JSON fixture from tests/fixtures/. */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(Deno.readTextFileSync(new URL(name, dir))) as T;
}

/** Lower-case hex SHA-256 of the bytes of `view` (typed arrays hash as little-endian). */
export async function sha256Hex(view: ArrayBufferView): Promise<string> {
  const bytes = new Uint8Array(view.buffer as ArrayBuffer, view.byteOffset, view.byteLength);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `0x…` hex of a non-negative integer, as the fixtures write them. */
export function hex(value: bigint | number): string {
  return "0x" + value.toString(16);
}
