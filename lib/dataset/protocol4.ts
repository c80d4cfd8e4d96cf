/**
 * Dataset seed protocol 4.0 (reference-behaviour §2): the estimator seed and the name seed are
 * keyed BLAKE2b digests of `mlp_seed` under the dataset's 32-byte salt, so a published dataset
 * does not reveal the seeds of MLPs baked from neighbouring `mlp_seed`s without the salt.
 *
 * @module
 */
import { blake2b } from "@noble/hashes/blake2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { WhestError } from "../core/errors.ts";

/** Bytes of a protocol 4.0 salt. */
export const SALT_BYTES = 32;

/** The environment variable that holds the salt when metadata says `salt_source: "env"`. */
export const SALT_ENV = "WHEST_SEED_SALT";

function personal(text: string): Uint8Array {
  const out = new Uint8Array(16);
  out.set(new TextEncoder().encode(text));
  return out;
}

const EST = personal("whest-4.0-est");
const NAME = personal("whest-4.0-name");

function digest(mlpSeed: number | bigint, salt: Uint8Array, personalization: Uint8Array): bigint {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(mlpSeed)), false);
  const out = blake2b(message, { key: salt, dkLen: 8, personalization });
  return new DataView(out.buffer, out.byteOffset, 8).getBigUint64(0, false);
}

/**
 * `mlp.seed` under protocol 4.0: BLAKE2b-64 of `mlp_seed` (8 bytes big-endian) keyed by the
 * salt, personalisation `whest-4.0-est`, read big-endian and masked to 32 bits.
 *
 * @example
 * ```ts
 * import { protocol4EstimatorSeed } from "./protocol4.ts";
 * const salt = Uint8Array.from({ length: 32 }, (_, i) => i);
 * protocol4EstimatorSeed(6004799503160661n, salt); // 1914761819
 * ```
 * @param mlpSeed The dataset's `mlp_seed`.
 * @param salt The dataset's 32-byte salt.
 * @returns The uint32 estimator seed.
 */
export function protocol4EstimatorSeed(mlpSeed: number | bigint, salt: Uint8Array): number {
  return Number(digest(mlpSeed, salt, EST) & 0xffff_ffffn);
}

/**
 * The MLP's name seed under protocol 4.0: as {@link protocol4EstimatorSeed} with
 * personalisation `whest-4.0-name`, masked to 63 bits.
 *
 * @example
 * ```ts
 * import { protocol4NameSeed } from "./protocol4.ts";
 * protocol4NameSeed(1n, new Uint8Array(32)) < 2n ** 63n; // true
 * ```
 * @param mlpSeed The dataset's `mlp_seed`.
 * @param salt The dataset's 32-byte salt.
 * @returns The 63-bit name seed.
 */
export function protocol4NameSeed(mlpSeed: number | bigint, salt: Uint8Array): bigint {
  return digest(mlpSeed, salt, NAME) & ((1n << 63n) - 1n);
}

/**
 * The lowercase hex SHA-256 of the salt bytes (metadata's `salt_digest`).
 *
 * @example
 * ```ts
 * import { saltDigest } from "./protocol4.ts";
 * saltDigest(new Uint8Array(32)).length; // 64
 * ```
 * @param salt The salt.
 * @returns 64 hex digits.
 */
export function saltDigest(salt: Uint8Array): string {
  return toHex(sha256(salt));
}

/**
 * Lowercase hex of bytes.
 *
 * @example
 * ```ts
 * import { toHex } from "./protocol4.ts";
 * toHex(new Uint8Array([1, 255])); // "01ff"
 * ```
 * @param bytes The bytes.
 * @returns Two hex digits per byte.
 */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Parses a salt written as 64 hex digits; anything else is one `WhestError` line naming
 * `where` (never the value, which is secret).
 *
 * @example
 * ```ts
 * import { parseSalt } from "./protocol4.ts";
 * parseSalt("00".repeat(32), "--salt").length; // 32
 * ```
 * @param text The hex text.
 * @param where Where it came from, for the message.
 * @returns The 32 salt bytes.
 */
export function parseSalt(text: string, where: string): Uint8Array {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new WhestError(`${where}: a seed salt must be ${SALT_BYTES * 2} hex digits`);
  }
  return Uint8Array.from(
    { length: SALT_BYTES },
    (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16),
  );
}

/**
 * The salt of a protocol 4.0 `seed_protocol` object: from its `salt` key
 * (`salt_source: "metadata"`) or from `WHEST_SEED_SALT` (`salt_source: "env"`), checked
 * against `salt_digest`. A missing, malformed or wrong salt is one `WhestError` line.
 *
 * @example
 * ```ts
 * import { resolveSalt, saltDigest } from "./protocol4.ts";
 * const salt = new Uint8Array(32);
 * const hex = "00".repeat(32);
 * resolveSalt({ salt_source: "metadata", salt: hex, salt_digest: saltDigest(salt) }, "m.json");
 * ```
 * @param protocol metadata.json's `seed_protocol` object.
 * @param file The metadata file, for messages.
 * @returns The 32 salt bytes.
 */
export function resolveSalt(protocol: Readonly<Record<string, unknown>>, file: string): Uint8Array {
  const source = protocol.salt_source;
  let salt: Uint8Array;
  if (source === "metadata") {
    if (typeof protocol.salt !== "string") {
      throw new WhestError(`${file}: seed_protocol 4.0 with salt_source "metadata" has no 'salt'`);
    }
    salt = parseSalt(protocol.salt, `${file}: seed_protocol.salt`);
  } else if (source === "env") {
    const text = Deno.env.get(SALT_ENV);
    if (text === undefined || text === "") {
      throw new WhestError(
        `${file}: seed_protocol 4.0 takes its salt from ${SALT_ENV}, which is not set`,
      );
    }
    salt = parseSalt(text, SALT_ENV);
  } else {
    throw new WhestError(
      `${file}: seed_protocol.salt_source must be "metadata" or "env", got ${
        JSON.stringify(source)
      }`,
    );
  }
  if (saltDigest(salt) !== protocol.salt_digest) {
    throw new WhestError(
      `${file}: the seed salt${
        source === "env" ? ` in ${SALT_ENV}` : ""
      } does not match seed_protocol.salt_digest`,
    );
  }
  return salt;
}
