/**
 * numpy's `SeedSequence`: turns a seed of any size into well-mixed generator state and spawns
 * independent child sequences, bit for bit as `numpy.random.SeedSequence` does.
 *
 * @module
 */

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const DEFAULT_POOL_SIZE = 4;

/** What a seed may be: a non-negative integer or a list of them (concatenated as words). */
export type Entropy = bigint | number | readonly (bigint | number)[];

/** Options of {@linkcode SeedSequence} beyond the entropy; all default as in numpy. */
export interface SeedSequenceOptions {
  /** The path of spawn indices from the root sequence; default `[]`. */
  readonly spawnKey?: readonly (bigint | number)[];
  /** Number of 32-bit words in the mixed pool; default 4, at least 4. */
  readonly poolSize?: number;
  /** How many children were already spawned (spawn continues from here); default 0. */
  readonly nChildrenSpawned?: number;
}

function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw new RangeError(`${what} must be non-negative, got ${value}`);
    return value;
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
  return BigInt(value);
}

/** numpy's `_int_to_uint32_array`: little-endian 32-bit words, `[0]` for zero. */
function intToWords(value: bigint): number[] {
  if (value === 0n) return [0];
  const words: number[] = [];
  for (let v = value; v > 0n; v >>= 32n) words.push(Number(v & 0xffffffffn));
  return words;
}

/** numpy's `_coerce_to_uint32_array` for an integer or a sequence of integers. */
function coerceToWords(value: Entropy, what: string): number[] {
  if (typeof value === "bigint" || typeof value === "number") {
    return intToWords(toBigInt(value, what));
  }
  return value.flatMap((v) => intToWords(toBigInt(v, what)));
}

function hashmix(value: number, hashConst: Uint32Array): number {
  value = (value ^ hashConst[0]) >>> 0;
  hashConst[0] = Math.imul(hashConst[0], MULT_A);
  value = Math.imul(value, hashConst[0]) >>> 0;
  return (value ^ (value >>> XSHIFT)) >>> 0;
}

function mix(x: number, y: number): number {
  const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (result ^ (result >>> XSHIFT)) >>> 0;
}

/** numpy's `mix_entropy`: folds every entropy word into a pool of `poolSize` words. */
function mixEntropy(entropy: readonly number[], poolSize: number): Uint32Array {
  const pool = new Uint32Array(poolSize);
  const hashConst = Uint32Array.of(INIT_A);
  for (let i = 0; i < poolSize; i++) {
    pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
  }
  for (let src = 0; src < poolSize; src++) {
    for (let dst = 0; dst < poolSize; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
    }
  }
  for (let src = poolSize; src < entropy.length; src++) {
    for (let dst = 0; dst < poolSize; dst++) {
      pool[dst] = mix(pool[dst], hashmix(entropy[src], hashConst));
    }
  }
  return pool;
}

/** 128 bits of OS entropy as one integer, as numpy's `randbits(128)`. */
function osEntropy(): bigint {
  const words = crypto.getRandomValues(new Uint32Array(4));
  let value = 0n;
  for (let i = 3; i >= 0; i--) value = (value << 32n) | BigInt(words[i]);
  return value;
}

/**
 * A numpy-compatible seed sequence: the same entropy and spawn key give the same pool, state
 * words and children as `numpy.random.SeedSequence`.
 *
 * @example
 * ```ts
 * import { SeedSequence } from "./seed_sequence.ts";
 * const root = new SeedSequence(42);
 * const [weights, inputs, estimator] = root.spawn(3);
 * const estimatorSeed = estimator.generateState(1, "uint32")[0];
 * ```
 */
export class SeedSequence {
  /** The root entropy (OS entropy as a 128-bit integer when none was given). */
  readonly entropy: bigint | readonly bigint[];
  /** Spawn indices from the root to this sequence. */
  readonly spawnKey: readonly bigint[];
  /** Number of 32-bit words in the pool. */
  readonly poolSize: number;
  /** The mixed entropy pool. */
  readonly pool: Uint32Array;
  #nChildrenSpawned: number;

  /**
   * Mixes the entropy (and spawn key) into the pool.
   *
   * @param entropy A non-negative integer of any size, a list of them, or `undefined` for 128
   *   bits of OS entropy (`crypto.getRandomValues`).
   * @param opts Spawn key, pool size and spawn counter; defaults as in numpy.
   */
  constructor(entropy: Entropy | undefined, opts: SeedSequenceOptions = {}) {
    const poolSize = opts.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < DEFAULT_POOL_SIZE) {
      throw new RangeError(`poolSize must be an integer >= ${DEFAULT_POOL_SIZE}, got ${poolSize}`);
    }
    const root = entropy ?? osEntropy();
    this.entropy = typeof root === "bigint" || typeof root === "number"
      ? toBigInt(root, "entropy")
      : root.map((v) => toBigInt(v, "entropy"));
    this.spawnKey = (opts.spawnKey ?? []).map((v) => toBigInt(v, "spawn key"));
    this.poolSize = poolSize;
    this.#nChildrenSpawned = opts.nChildrenSpawned ?? 0;
    this.pool = mixEntropy(this.#assembledEntropy(), poolSize);
  }

  /** How many children `spawn` has handed out so far. */
  get nChildrenSpawned(): number {
    return this.#nChildrenSpawned;
  }

  /** numpy's `get_assembled_entropy`: run entropy, zero-padded when a spawn key follows. */
  #assembledEntropy(): number[] {
    const run = coerceToWords(this.entropy, "entropy");
    const spawn = coerceToWords(this.spawnKey, "spawn key");
    while (spawn.length > 0 && run.length < this.poolSize) run.push(0);
    return run.concat(spawn);
  }

  /**
   * Returns `n` independent child sequences, continuing after the children spawned before.
   *
   * @param n Number of children (a non-negative integer).
   */
  spawn(n: number): SeedSequence[] {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`spawn count must be a non-negative integer, got ${n}`);
    }
    const children: SeedSequence[] = [];
    const first = this.#nChildrenSpawned;
    for (let i = first; i < first + n; i++) {
      children.push(
        new SeedSequence(this.entropy as Entropy, {
          spawnKey: [...this.spawnKey, i],
          poolSize: this.poolSize,
        }),
      );
    }
    this.#nChildrenSpawned += n;
    return children;
  }

  /** The state as raw 32-bit words: `nWords32` words of numpy's `generate_state(n, uint32)`. */
  generateWords(nWords32: number): Uint32Array {
    if (!Number.isInteger(nWords32) || nWords32 < 0) {
      throw new RangeError(`state size must be a non-negative integer, got ${nWords32}`);
    }
    const state = new Uint32Array(nWords32);
    let hashConst = INIT_B;
    for (let i = 0; i < nWords32; i++) {
      let value = (this.pool[i % this.poolSize] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      value = Math.imul(value, hashConst) >>> 0;
      state[i] = (value ^ (value >>> XSHIFT)) >>> 0;
    }
    return state;
  }

  /**
   * numpy's `generate_state`: `nWords` words of state drawn from the pool.
   *
   * @param nWords Number of output words.
   * @param dtype "uint32" (default) or "uint64" (pairs of 32-bit words, low word first).
   */
  generateState(nWords: number, dtype: "uint32"): Uint32Array;
  /** `nWords` 64-bit words of state, each built from two 32-bit words, low word first. */
  generateState(nWords: number, dtype: "uint64"): BigUint64Array;
  /** `nWords` words of state of the given dtype ("uint32" by default). */
  generateState(nWords: number, dtype?: "uint32" | "uint64"): Uint32Array | BigUint64Array;
  generateState(
    nWords: number,
    dtype: "uint32" | "uint64" = "uint32",
  ): Uint32Array | BigUint64Array {
    if (dtype === "uint32") return this.generateWords(nWords);
    if (dtype !== "uint64") throw new TypeError(`dtype must be "uint32" or "uint64", got ${dtype}`);
    const words = this.generateWords(2 * nWords);
    const out = new BigUint64Array(nWords);
    for (let i = 0; i < nWords; i++) {
      out[i] = (BigInt(words[2 * i + 1]) << 32n) | BigInt(words[2 * i]);
    }
    return out;
  }
}
