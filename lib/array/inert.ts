/**
 * The boundary between an estimator's values and the counted ops. Every `np` function, every
 * op-running `NDArray` method and every generator method passes its arguments through
 * {@link inertArgs} before the op reads its first clock: what comes out is inert data that no
 * estimator code can observe being read, so an op's timed region (overhead and backend) never
 * runs an estimator's getter, Proxy trap or `valueOf`. Any estimator code that reading the
 * arguments triggers runs here, before the clock starts, and lands in residual time.
 *
 * Inert means: a primitive; an array built by whest (brand-checked, frozen, sealed storage); a
 * fresh copy of a typed array in its realm base class; or a fresh array or null-prototype
 * object whose own entries are inert in turn. Functions and other objects (class instances,
 * Proxies of arrays built by whest, Maps, ...) are refused with a TypeError.
 *
 * @module
 */

import { isNDArray } from "./ndarray.ts";
import { copyTypedArray } from "./storage.ts";

/** How deeply nested an argument may be (numpy allows 64 dimensions). */
export const MAX_NESTING = 64;

const isArray = Array.isArray;
const getPrototypeOf = Object.getPrototypeOf;
const keys = Object.keys;
const create = Object.create;
const apply = Reflect.apply;
const OBJECT_PROTOTYPE = Object.prototype;

/**
 * An inert copy of one argument (see the module doc).
 *
 * @param value What the estimator passed.
 * @param op The op's name, for error messages.
 * @throws {TypeError} For a function, a non-plain object, or nesting deeper than
 *   {@link MAX_NESTING}.
 * @example
 * ```ts
 * import { inert } from "./inert.ts";
 * const getter = { get x() { return 1; } };
 * inert(getter, "add"); // { x: 1 }, a data property on a fresh null-prototype object
 * ```
 */
export function inert(value: unknown, op: string): unknown {
  return copy(value, op, 0);
}

/**
 * Inert copies of a call's arguments (see {@link inert}).
 *
 * @param args The arguments as the estimator passed them.
 * @param op The op's name, for error messages.
 */
export function inertArgs(args: readonly unknown[], op: string): unknown[] {
  const out = new Array(args.length);
  for (let i = 0; i < args.length; i++) out[i] = copy(args[i], op, 0);
  return out;
}

/**
 * `fn` behind the boundary: it receives inert copies of its arguments (and no `this`).
 *
 * @param fn An op.
 * @param op Its name, for error messages.
 * @returns A function of the same name and arity.
 */
export function guarded<F extends (...args: never[]) => unknown>(fn: F, op: string): F {
  const target = fn as unknown as (...args: unknown[]) => unknown;
  const call = (...args: unknown[]) => target(...inertArgs(args, op));
  Object.defineProperty(call, "name", { value: fn.name });
  Object.defineProperty(call, "length", { value: fn.length });
  return call as unknown as F;
}

function copy(value: unknown, op: string, depth: number): unknown {
  if (typeof value === "function") {
    throw new TypeError(`${op}: a function is not an array, a number or an option`);
  }
  if (typeof value !== "object" || value === null || isNDArray(value)) return value;
  if (depth >= MAX_NESTING) {
    throw new TypeError(`${op}: argument nested more than ${MAX_NESTING} levels deep`);
  }
  const typed = copyTypedArray(value);
  if (typed !== undefined) return typed;
  if (isArray(value)) {
    const length = value.length;
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new TypeError(`${op}: an array with length ${String(length)}`);
    }
    const out = new Array(length);
    for (let i = 0; i < length; i++) out[i] = copy(value[i], op, depth + 1);
    return out;
  }
  const prototype = getPrototypeOf(value);
  if (prototype !== OBJECT_PROTOTYPE && prototype !== null) {
    throw new TypeError(
      `${op}: unsupported argument (an object that is neither an array, a typed array nor a ` +
        `plain options object)`,
    );
  }
  const out = create(null);
  for (const key of keys(value)) {
    out[key] = copy((value as Record<string, unknown>)[key], op, depth + 1);
  }
  return out;
}

/**
 * Puts every method of `prototype` behind the argument boundary, in place (before the
 * prototype is frozen): each receives inert copies of its arguments, and refuses a receiver
 * that `owns` does not recognise (a Proxy of an instance, another object) before it runs.
 *
 * @param prototype A class's prototype whose methods run counted ops.
 * @param prefix Prepended to each method name in error messages, e.g. "random.Generator.".
 * @param owns A brand check for genuine instances (it must run no estimator code).
 */
export function guardMethods(
  prototype: object,
  prefix: string,
  owns: (receiver: unknown) => boolean,
): void {
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
    const method = descriptor.value;
    if (name === "constructor" || typeof method !== "function") continue;
    const op = `${prefix}${name}`;
    const call = function (this: unknown, ...args: unknown[]): unknown {
      if (!owns(this)) {
        throw new TypeError(`${op}: called on an object that is not one of its instances`);
      }
      return apply(method, this, inertArgs(args, op));
    };
    Object.defineProperty(call, "name", { value: name });
    Object.defineProperty(call, "length", { value: method.length });
    Object.defineProperty(prototype, name, { ...descriptor, value: call });
  }
}
