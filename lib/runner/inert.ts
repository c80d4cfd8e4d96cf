/**
 * Describes a value the estimator made without running any of its code: no getter, no Proxy
 * trap, no `toString`. The worker uses it for what reaches it outside the code windows (an
 * unhandled rejection's reason), where calling estimator code would run it unmetered.
 *
 * @module
 */
import { types } from "node:util";

/** Prototype links followed when looking for an error's `name`. */
const MAX_PROTOTYPE_DEPTH = 8;

/**
 * The intrinsic error prototypes and their names. SES turns their `name` into an accessor (its
 * override taming), which is the realm's own code, frozen; an estimator's accessor is not.
 */
const ERROR_PROTOTYPES: ReadonlyMap<object, string> = new Map(
  [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]
    .map((constructor) => [constructor.prototype, constructor.name]),
);

/**
 * One line for `value`: a primitive as text, an error as `Name: message` from data
 * properties (and the intrinsic error names) only, anything else by its kind.
 *
 * @param value Anything the estimator produced.
 * @returns The description.
 *
 * @example
 * ```ts
 * import { describeInert } from "./inert.ts";
 * console.log(describeInert(new RangeError("too far"))); // "RangeError: too far"
 * ```
 */
export function describeInert(value: unknown): string {
  if (value === null) return "thrown null";
  if (typeof value === "function") return "thrown function";
  if (typeof value !== "object") return `thrown ${typeof value}: ${firstLine(String(value))}`;
  if (types.isProxy(value)) return "thrown Proxy";
  const name = errorName(value);
  if (!types.isNativeError(value) || name === undefined) return "thrown object";
  const message = Object.getOwnPropertyDescriptor(value, "message")?.value;
  const first = typeof message === "string" ? firstLine(message) : "";
  return first === "" ? name : `${name}: ${first}`;
}

/** The `name` an error inherits or owns as a data property, found without calling anything. */
function errorName(error: object): string | undefined {
  let current: object | null = error;
  for (let depth = 0; current !== null && depth < MAX_PROTOTYPE_DEPTH; depth++) {
    if (types.isProxy(current)) return undefined;
    const intrinsic = ERROR_PROTOTYPES.get(current);
    if (intrinsic !== undefined) return intrinsic;
    const descriptor = Object.getOwnPropertyDescriptor(current, "name");
    if (descriptor) return typeof descriptor.value === "string" ? descriptor.value : undefined;
    current = Object.getPrototypeOf(current);
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0];
}
