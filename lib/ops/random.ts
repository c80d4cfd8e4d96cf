/**
 * `np.random.default_rng(seed)`: a counted wrapper around numpy's Generator
 * (lib/random/generator.ts) that adds shapes and charges draws per cost-model.md: continuous
 * normals 16·numel, `uniform` 3·numel, `random` and `integers` numel, `choice`,
 * `permutation` and `shuffle` 4 per draw, each at the output dtype's rate. Samplers run first
 * and are charged afterwards (as flopscope does), so the stream position matches the reference.
 *
 * @module
 */

import { allocStorage, checkDType, type DType } from "../array/dtype.ts";
import { isNDArray, type NDArray, wrapStorage } from "../array/ndarray.ts";
import { normalizeAxis, normalizeShape, sizeOf } from "../array/shape.ts";
import { opStart, runOp, runOpChargedAfter } from "../budget/engine.ts";
import { defaultRng, type Generator } from "../random/generator.ts";
import type { Entropy } from "../random/seed_sequence.ts";
import { guardMethods } from "../array/inert.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, toArray } from "./convert.ts";

/** A `size` argument: omitted for one draw (a 0-d result), a length, or a shape. */
export type Size = number | readonly number[] | null | undefined;

/** Options of {@link CountedGenerator.choice}. */
export interface ChoiceArgs {
  /** Sample with replacement; default true. */
  replace?: boolean;
  /** Probabilities of each entry; default uniform. */
  p?: ArrayLike | null;
  /** The axis of `a` to choose along; default 0. */
  axis?: number;
}

const NO_SHAPES: readonly (readonly number[])[] = Object.freeze([]);

function shapeOf(size: Size, op: string): readonly number[] {
  return size === undefined || size === null ? Object.freeze([]) : normalizeShape(size, op);
}

/** ceil(log2 n), at least 1 (flopscope's `_ceil_log2`: a pool of 1 still costs its draws). */
function ceilLog2(n: number): number {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n));
}

/** flopscope's choice charge before weight: n is the population, `numel` the result's size. */
function choiceCost(n: number, numel: number, replace: boolean, weighted: boolean): number {
  if (replace) return numel + (weighted ? 3 * n + numel * ceilLog2(n) : 0);
  return weighted ? n * ceilLog2(n) : n;
}

/** Copies the slices of `values` at `indices` along `axis` into `out`, in order. */
function gatherAlong(values: NDArray, axis: number, indices: Float64Array, out: NDArray): void {
  const outer = sizeOf(values.shape.slice(0, axis));
  const inner = sizeOf(values.shape.slice(axis + 1));
  const len = values.shape[axis];
  const src = values.data;
  const dst = out.data;
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const index of indices) {
      const from = (o * len + index) * inner;
      for (let i = 0; i < inner; i++) dst[at++] = src[from + i];
    }
  }
}

/**
 * A counted random generator with numpy's method names and `size` shapes.
 *
 * @example
 * ```ts
 * import { defaultRngCounted } from "./random.ts";
 * const z = defaultRngCounted(0).standard_normal([2, 3], "float32");
 * z.shape; // [2, 3]
 * ```
 */
export class CountedGenerator {
  readonly #rng: Generator;

  /**
   * Wraps a generator; use {@link defaultRngCounted} (`np.random.default_rng`) instead.
   *
   * @param rng The uncounted generator whose stream this one draws from.
   */
  constructor(rng: Generator) {
    this.#rng = rng;
  }

  /**
   * Whether `x` is a generator built here: a brand check that runs no trap or getter.
   *
   * @param x Any value.
   */
  static isGenerator(x: unknown): x is CountedGenerator {
    return typeof x === "object" && x !== null && #rng in x;
  }

  #draw(op: string, size: Size, dtype: DType, weight: number, draw: (n: number) => DrawnBuffer) {
    const t0 = opStart();
    const shape = shapeOf(size, op);
    const numel = sizeOf(shape);
    return runOpChargedAfter(
      op,
      NO_SHAPES,
      dtype,
      () => wrapStorage(draw(numel), shape, dtype),
      () => charge(Math.max(numel, 1), dtype, weight),
      t0,
    );
  }

  /**
   * Standard normal draws (cost 16·numel).
   *
   * @param size Result shape; omitted for a single draw.
   * @param dtype "float64" (default) or "float32" (numpy's 32-bit ziggurat).
   */
  standard_normal(size?: Size, dtype: "float32" | "float64" = "float64"): NDArray {
    const dt = checkDType(dtype, "random.Generator.standard_normal") as "float32" | "float64";
    return this.#draw(
      "random.Generator.standard_normal",
      size,
      dt,
      16,
      (n) => this.#rng.standardNormal(n, dt),
    );
  }

  /**
   * Normal draws loc + scale·z in float64 (cost 16·numel).
   *
   * @param loc Mean; default 0.
   * @param scale Standard deviation; default 1.
   * @param size Result shape.
   */
  normal(loc = 0, scale = 1, size?: Size): NDArray {
    return this.#draw(
      "random.Generator.normal",
      size,
      "float64",
      16,
      (n) => this.#rng.normal(loc, scale, n),
    );
  }

  /**
   * Uniform draws on [low, high) in float64 (cost 3·numel).
   *
   * @param low Lower bound; default 0.
   * @param high Upper bound; default 1.
   * @param size Result shape.
   */
  uniform(low = 0, high = 1, size?: Size): NDArray {
    return this.#draw(
      "random.Generator.uniform",
      size,
      "float64",
      3,
      (n) => this.#rng.uniform(low, high, n),
    );
  }

  /**
   * Uniform draws on [0, 1) (cost numel).
   *
   * @param size Result shape.
   * @param dtype "float64" (default) or "float32".
   */
  random(size?: Size, dtype: "float32" | "float64" = "float64"): NDArray {
    const dt = checkDType(dtype, "random.Generator.random") as "float32" | "float64";
    return this.#draw("random.Generator.random", size, dt, 1, (n) => this.#rng.random(n, dt));
  }

  /**
   * Uniform integers in [low, high), or [0, low) when high is null (cost numel).
   *
   * @param low Lowest value (or the exclusive bound when `high` is omitted).
   * @param high Exclusive upper bound.
   * @param size Result shape.
   * @param dtype "int64" (default) or "int32".
   * @param endpoint Include `high`; default false.
   */
  integers(
    low: number,
    high: number | null = null,
    size?: Size,
    dtype: "int32" | "int64" = "int64",
    endpoint = false,
  ): NDArray {
    const dt = checkDType(dtype, "random.Generator.integers") as "int32" | "int64";
    return this.#draw(
      "random.Generator.integers",
      size,
      dt,
      1,
      (n) => this.#rng.integers(low, high, n, endpoint, dt),
    );
  }

  /**
   * Draws from `a`: indices below a population size, or slices of an array along `axis`
   * (default 0), as numpy's `Generator.choice`. With n the population (the extent along
   * `axis`), cost 4 per element of the result, plus 3n + draws·max(1, ceil(log2 n)) with `p`;
   * without replacement n, or n·max(1, ceil(log2 n)) with `p`.
   *
   * @param a Population size, or the values to choose from.
   * @param size Shape of the draws.
   * @param args `{ replace, p, axis }`.
   * @example
   * ```ts
   * import { defaultRngCounted } from "./random.ts";
   * defaultRngCounted(0).choice([[1, 2], [3, 4], [5, 6]], 4).shape; // [4, 2]
   * ```
   */
  choice(a: number | ArrayLike, size?: Size, args: ChoiceArgs = {}): NDArray {
    const t0 = opStart();
    const op = "random.Generator.choice";
    const values = typeof a === "number" ? undefined : toArray(a, op);
    if (values !== undefined && values.ndim === 0) {
      throw new RangeError(`${op}: a must be a positive integer or at least 1-D`);
    }
    const axis = values === undefined ? 0 : normalizeAxis(args.axis ?? 0, values.ndim, op);
    const pool = values === undefined ? (a as number) : values.shape[axis];
    const dtype = values === undefined ? "int64" : values.dtype;
    const drawShape = shapeOf(size, op);
    const shape = values === undefined ? drawShape : Object.freeze([
      ...values.shape.slice(0, axis),
      ...drawShape,
      ...values.shape.slice(axis + 1),
    ]);
    const numel = sizeOf(shape);
    const replace = args.replace ?? true;
    const p = args.p === undefined || args.p === null ? null : toArray(args.p, op).data;
    const cost = choiceCost(Math.max(pool, 1), Math.max(numel, 1), replace, p !== null);
    return runOpChargedAfter(
      op,
      values ? [values.shape] : NO_SHAPES,
      dtype,
      () => {
        const picked = this.#rng.choice(pool, sizeOf(drawShape), { replace, p });
        const out = wrapStorage(allocStorage(dtype, numel), shape, dtype);
        if (values === undefined) out.data.set(picked);
        else gatherAlong(values, axis, picked, out);
        return out;
      },
      () => charge(cost, dtype, 4),
      t0,
    );
  }

  /**
   * A shuffled copy of `x` along its first axis, or of 0..x-1 (cost 4 per row).
   *
   * @param x A count, or an array.
   */
  permutation(x: number | ArrayLike): NDArray {
    const t0 = opStart();
    if (typeof x === "number") {
      const shape = normalizeShape([x], "random.Generator.permutation");
      return runOpChargedAfter(
        "random.Generator.permutation",
        NO_SHAPES,
        "int64",
        () => {
          return wrapStorage(this.#rng.permutation(x), shape, "int64");
        },
        () => charge(Math.max(x, 1), "int64", 4),
        t0,
      );
    }
    const a = toArray(x, "random.Generator.permutation");
    const rows = a.ndim === 0 ? 1 : a.shape[0];
    return runOpChargedAfter(
      "random.Generator.permutation",
      [a.shape],
      a.dtype,
      () => {
        const copy = a.data.slice();
        this.#rng.shuffle(copy, rows === 0 ? 1 : a.size / rows);
        return wrapStorage(copy, a.shape, a.dtype);
      },
      () => charge(Math.max(rows, 1), a.dtype, 4),
      t0,
    );
  }

  /**
   * Shuffles `x` in place along its first axis (cost 4 per row).
   *
   * @param x The array to shuffle.
   */
  shuffle(x: NDArray): void {
    const t0 = opStart();
    if (!isNDArray(x) || x.ndim === 0) {
      throw new TypeError("random.shuffle: expected an array of at least one dimension");
    }
    const rows = x.shape[0];
    runOp(
      "random.Generator.shuffle",
      [x.shape],
      x.dtype,
      charge(Math.max(rows, 1), x.dtype, 4),
      () => {
        this.#rng.shuffle(x.data, rows === 0 ? 1 : x.size / rows);
      },
      t0,
    );
  }
}

// Each method's arguments are made inert (and its receiver brand-checked) before its op reads
// a clock, as for every `np` function (lib/array/inert.ts).
guardMethods(CountedGenerator.prototype, "random.Generator.", CountedGenerator.isGenerator);

/** What the uncounted generator's samplers return. */
type DrawnBuffer = Float64Array | Float32Array | Int32Array;

/**
 * numpy's `default_rng(seed)` as a counted generator (creating it is free).
 *
 * @param seed An integer or array of integers; omitted for OS entropy.
 */
export function defaultRngCounted(seed?: Entropy): CountedGenerator {
  const t0 = opStart();
  return runOp(
    "random.default_rng",
    NO_SHAPES,
    "float64",
    0,
    () => new CountedGenerator(defaultRng(seed)),
    t0,
  );
}
