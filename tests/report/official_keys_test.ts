/**
 * The report against whestbench 0.16's: every key the official report has exists in whest's
 * with the same JSON type, and every key whest adds is known, unless docs/differences.md lists
 * the key in its "Report keys" table. The official keys and types are a fixture read from
 * whestbench's sources (tests/fixtures/whestbench-report-keys.json says where from).
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { estimatorFile, runCli } from "../cli/_helpers.ts";
import { DATASETS } from "../dataset/_helpers.ts";

type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

const OFFICIAL: { keys: Record<string, JsonType[]> } = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/whestbench-report-keys.json", import.meta.url)),
);

/** Objects keyed by data (namespace labels, op names), not by field: their path step is `{}`. */
const MAPS = new Set(["by_namespace", "operations"]);

function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

/** Every path in a parsed report with the JSON types seen there (`a.b[]`, `a.map{}.c`). */
function collectPaths(value: unknown, path: string, into: Map<string, Set<JsonType>>): void {
  if (path !== "") {
    const types = into.get(path) ?? new Set<JsonType>();
    types.add(jsonType(value));
    into.set(path, types);
  }
  if (Array.isArray(value)) {
    for (const item of value) collectPaths(item, `${path}[]`, into);
  } else if (typeof value === "object" && value !== null) {
    const isMap = MAPS.has(path.split(".").at(-1) ?? "");
    for (const [key, item] of Object.entries(value)) {
      collectPaths(item, isMap ? `${path}{}` : path === "" ? key : `${path}.${key}`, into);
    }
  }
}

/** A whest value of type `seen` fits whestbench's `types` (an integer is a number too). */
function fits(seen: JsonType, types: readonly JsonType[]): boolean {
  return types.includes(seen) || (seen === "integer" && types.includes("number"));
}

/** The keys in docs/differences.md's "Report keys" table: every backticked word of column 1. */
function documentedKeys(markdown: string): Set<string> {
  const section = markdown.slice(markdown.indexOf("## Report keys"));
  const keys = new Set<string>();
  for (const line of section.split("\n")) {
    const cells = line.split("|");
    if (!line.startsWith("| `") || cells.length < 3) continue;
    for (const match of cells[1].matchAll(/`([^`]+)`/g)) keys.add(match[1]);
  }
  return keys;
}

const DOCUMENTED = documentedKeys(
  Deno.readTextFileSync(new URL("../../docs/differences.md", import.meta.url)),
);

/** Two reports that between them hold every key whest writes: error rows and a dataset run. */
async function whestPaths(): Promise<Map<string, Set<JsonType>>> {
  await using estimator = await estimatorFile(`
import { np } from "whest";
export default class {
  predict(mlp, budget) {
    if (mlp.name === "mlp-1") throw new Error("no estimate for " + mlp.name);
    return np.zeros([mlp.depth, mlp.width]);
  }
}`);
  const small = ["--seed", "3", "--width", "8", "--depth", "2", "--n-mlps", "3"];
  const runs = [
    ["--estimator", estimator.path, ...small, "--n-samples", "500"],
    ["--estimator", "mean_propagation", "--dataset", join(DATASETS, "multi_split_v3.0")],
  ];
  const paths = new Map<string, Set<JsonType>>();
  for (const args of runs) {
    const { stdout, stderr } = await runCli(["run", ...args, "--runner", "local", "--json"]);
    assert.notEqual(stdout, "", stderr);
    collectPaths(JSON.parse(stdout), "", paths);
  }
  return paths;
}

Deno.test("every key of whestbench's report is in whest's with its type, or documented", async () => {
  const paths = await whestPaths();
  const problems: string[] = [];
  for (const [key, types] of Object.entries(OFFICIAL.keys)) {
    if (DOCUMENTED.has(key)) continue;
    const seen = paths.get(key);
    if (seen === undefined) problems.push(`${key}: missing`);
    else if (![...seen].every((t) => fits(t, types))) {
      problems.push(`${key}: whest writes ${[...seen].join("|")}, whestbench ${types.join("|")}`);
    }
  }
  for (const key of paths.keys()) {
    if (!(key in OFFICIAL.keys) && !DOCUMENTED.has(key)) problems.push(`${key}: whest only`);
  }
  assert.deepEqual(problems, [], "list these in docs/differences.md's Report keys, or fix them");
  // the table lists no key that neither report has
  const stale = [...DOCUMENTED].filter((key) => !(key in OFFICIAL.keys) && !paths.has(key));
  assert.deepEqual(stale, [], "keys in docs/differences.md that no report has");
});

Deno.test("the key collector sees arrays, maps and integers as the fixture spells them", () => {
  const paths = new Map<string, Set<JsonType>>();
  collectPaths(
    { a: [1.5, 2], b: { by_namespace: { "x.y": { operations: { add: { calls: 1 } } } } } },
    "",
    paths,
  );
  assert.deepEqual([...paths.get("a[]")!], ["number", "integer"]);
  assert.deepEqual([...paths.get("b.by_namespace{}.operations{}.calls")!], ["integer"]);
  assert.ok(fits("integer", ["number"]) && !fits("number", ["integer"]));
  assert.ok(DOCUMENTED.has("mode") && DOCUMENTED.has("run_config.dataset.data_sha256"));
});
