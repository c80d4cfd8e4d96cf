/**
 * Run by permissions_test.ts under the worker's own flags (or under -A, as a compiled binary
 * runs): tries each raw operation before and after `dropPermissions()` and prints what happened
 * as JSON. Arguments: a readable root, a writable root, a path outside both.
 */
import { dropPermissions } from "../../lib/runner/sandbox.ts";

const [readable, writable, outside] = Deno.args;

function attempt(fn: () => unknown): string {
  try {
    fn();
    return "allowed";
  } catch (error) {
    return (error as Error).name;
  }
}

function probe(): Record<string, string> {
  return {
    readRoot: attempt(() => Deno.readDirSync(readable)),
    readOutside: attempt(() => Deno.readTextFileSync(outside)),
    writeRoot: attempt(() => Deno.writeTextFileSync(`${writable}/probe.txt`, "x")),
    writeOutside: attempt(() => Deno.writeTextFileSync(`${outside}.probe`, "x")),
    env: attempt(() => Deno.env.get("HOME")),
    run: attempt(() => new Deno.Command("true").outputSync()),
    net: attempt(() => Deno.listen({ hostname: "127.0.0.1", port: 0 }).close()),
    ffi: attempt(() => Deno.dlopen("libc.so.6", {})),
    sys: attempt(() => Deno.hostname()),
  };
}

const before = probe();
const report = dropPermissions();
const after = probe();
console.log(JSON.stringify({ before, after, report }));
