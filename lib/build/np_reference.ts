/**
 * `deno task docs:np`: writes `docs/np.md`, the reference of whest's `np` — every function
 * under its numpy name with its arguments, what it does and what it costs (from the cost
 * table of `docs/cost-model.md`), the array methods, and the dtype names. `--check` (CI) fails
 * when the file on disk is not what the code would write.
 *
 * Generated from the code itself: the members come from the `np` object, each member's
 * arguments and summary from the JSDoc of the op that implements it, so the page cannot drift
 * from what estimators get.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { np } from "../api/mod.ts";

const ROOT = new URL("../../", import.meta.url);
const OUTPUT = new URL("docs/np.md", ROOT);

/** One documented function. */
export interface NpEntry {
  /** The dotted name, e.g. "np.linalg.eigh". */
  readonly name: string;
  /** Its arguments, e.g. "(a, axisOrOptions?, keepdims?)". */
  readonly args: string;
  /** The first sentence of its JSDoc. */
  readonly summary: string;
  /** Its cost row (family, flop_cost, weight), or undefined when the cost table names it not. */
  readonly cost?: { readonly family: string; readonly flopCost: string; readonly weight: string };
}

/**
 * np names the cost table covers under a family word ("rounding", "comparisons", "logical
 * ops") or under another name (`*_like` is charged as its base op).
 */
const COST_ALIASES: Readonly<Record<string, string>> = {
  floor: "rounding",
  ceil: "rounding",
  trunc: "rounding",
  rint: "rounding",
  greater: "comparisons",
  greater_equal: "comparisons",
  less: "comparisons",
  less_equal: "comparisons",
  equal: "comparisons",
  not_equal: "comparisons",
  logical_and: "logical ops",
  logical_or: "logical ops",
  logical_not: "logical ops",
  empty_like: "empty",
  full_like: "full",
  ones_like: "ones",
};

/** The implementing module of each `np` group alias in lib/api/mod.ts. */
function aliasModules(modSource: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of modSource.matchAll(/import \* as (\w+) from "\.\.\/ops\/(\w+)\.ts";/g)) {
    aliases.set(m[1], `lib/ops/${m[2]}.ts`);
  }
  for (const m of modSource.matchAll(/import \{ ([^}]+) \} from "\.\.\/ops\/(\w+)\.ts";/g)) {
    for (const name of m[1].split(",").map((n) => n.trim())) {
      aliases.set(name, `lib/ops/${m[2]}.ts`);
    }
  }
  return aliases;
}

/** `name: alias.export` (or `name: export`) entries of the np literal, by member name. */
function implementations(modSource: string): Map<string, { alias: string; exported: string }> {
  const found = new Map<string, { alias: string; exported: string }>();
  for (const m of modSource.matchAll(/^\s+(\w+): (?:(\w+)\.)?(\w+),?$/gm)) {
    const [, member, alias, exported] = m;
    found.set(member, alias ? { alias, exported } : { alias: exported, exported });
  }
  return found;
}

/** The parameter list of `export function name(...)` in `source`, names only. */
export function parameterNames(source: string, name: string): string | undefined {
  const at = source.search(new RegExp(`export function ${name}(<[^>]*>)?\\(`));
  if (at < 0) return undefined;
  let depth = 0;
  let start = source.indexOf("(", at + `export function ${name}`.length);
  const open = start;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "(" || c === "<" || c === "{" || c === "[") depth++;
    if (c === ")" || c === ">" || c === "}" || c === "]") depth--;
    if (depth === 0) {
      start = i;
      break;
    }
  }
  const inner = source.slice(open + 1, start);
  const params: string[] = [];
  let current = "";
  depth = 0;
  for (const c of inner) {
    if ("(<{[".includes(c)) depth++;
    if (")>}]".includes(c)) depth--;
    if (c === "," && depth === 0) {
      params.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current.trim()) params.push(current);
  const names = params.map((p) => p.trim()).filter((p) => p !== "").map((p) => {
    const rest = p.startsWith("...");
    const match = /^(?:\.\.\.)?(\w+)(\??)\s*(?::[^=]*)?(=.*)?$/s.exec(p);
    if (!match) return p;
    const optional = match[2] === "?" || match[3] !== undefined;
    return `${rest ? "..." : ""}${match[1]}${optional ? "?" : ""}`;
  });
  return `(${names.join(", ")})`;
}

/** The first sentence of the JSDoc right above `export function name`. */
export function summaryOf(source: string, name: string): string {
  const at = source.search(new RegExp(`export function ${name}(<[^>]*>)?\\(`));
  if (at < 0) return "";
  const end = source.lastIndexOf("*/", at);
  const start = source.lastIndexOf("/**", end);
  if (start < 0 || source.slice(end + 2, at).trim() !== "") return "";
  const text = source.slice(start + 3, end).split("\n").map((l) => l.replace(/^\s*\*\s?/, ""))
    .join(" ");
  const body = text.split(/\s@\w+/)[0].replace(/\s+/g, " ").trim();
  const sentence = /^(.*?[.!?])(\s|$)/.exec(body);
  return (sentence ? sentence[1] : body).replaceAll("|", "\\|");
}

/** The cost table of docs/cost-model.md: each backticked op name to its row. */
export function costRows(
  costModel: string,
): Map<string, { family: string; flopCost: string; weight: string }> {
  const rows = new Map<string, { family: string; flopCost: string; weight: string }>();
  for (const line of costModel.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 6 || cells[1] === "family" || cells[1].startsWith("---")) continue;
    const [, family, ops, flopCost, weight] = cells;
    for (const m of ops.matchAll(/`([\w.]+)/g)) {
      if (!rows.has(m[1])) rows.set(m[1], { family, flopCost, weight });
    }
    // the rows that name a family in words rather than ops
    for (const word of ["rounding", "comparisons", "logical ops"]) {
      if (ops.includes(word) && !rows.has(word)) rows.set(word, { family, flopCost, weight });
    }
  }
  return rows;
}

/** Every function of `np` (nested groups included), documented from its implementing op. */
export function npEntries(): NpEntry[] {
  const read = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));
  const modSource = read("lib/api/mod.ts");
  const aliases = aliasModules(modSource);
  const impls = implementations(modSource);
  const costs = costRows(read("docs/cost-model.md"));
  const entries: NpEntry[] = [];
  const visit = (group: Record<string, unknown>, prefix: string) => {
    for (const name of Object.keys(group).sort()) {
      const value = group[name];
      const dotted = `${prefix}.${name}`;
      if (typeof value === "object" && value !== null) {
        visit(value as Record<string, unknown>, dotted);
        continue;
      }
      // classes, dtype names and the namespace helper are described apart
      if (typeof value !== "function" || /^[A-Z]/.test(name)) continue;
      if (name === "ndarray" || name === "namespace") continue;
      const impl = impls.get(name);
      const file = impl && aliases.get(impl.alias);
      const source = file ? read(file) : "";
      const exported = impl?.exported ?? name;
      const key = prefix === "np.stats.norm" ? `norm.${name}` : name;
      entries.push({
        name: dotted,
        args: (source && parameterNames(source, exported)) || "(...)",
        summary: source ? summaryOf(source, exported) : "",
        cost: costs.get(key) ?? costs.get(exported) ?? costs.get(COST_ALIASES[name] ?? ""),
      });
    }
  };
  visit(np as unknown as Record<string, unknown>, "np");
  return entries;
}

/** The array methods (`lib/api/methods.ts`), by name. */
function methodNames(): string[] {
  const source = Deno.readTextFileSync(new URL("lib/api/methods.ts", ROOT));
  // the method declarations of the `interface NDArray` augmentation
  const block = source.slice(source.indexOf("interface NDArray {"), source.indexOf("\n  }\n}"));
  const names = [...block.matchAll(/^ {4}(?:readonly )?(\w+)(?:\(|:)/gm)].map((m) => m[1]);
  return [...new Set(names)].sort();
}

/**
 * The text of docs/np.md.
 *
 * @example
 * ```ts
 * import { renderNpReference } from "./np_reference.ts";
 * renderNpReference().startsWith("# whest's np"); // true
 * ```
 */
export function renderNpReference(): string {
  const entries = npEntries();
  const lines = [
    "# whest's np",
    "",
    "Generated by `deno task docs:np` from the code (`lib/api/mod.ts`, the ops' JSDoc, the cost",
    "table of [cost-model.md](cost-model.md)); CI fails when it is stale. Import it in an",
    'estimator with `import { np } from "whest"`. Cost: weight × flop_cost, times the dtype rate',
    "(2 for float64 and int64, else 1); see cost-model.md for the rules. A name np lacks throws",
    "`np.X is not available in whest`.",
    "",
    "| function | arguments | cost (weight × flop_cost) | what it does |",
    "| --- | --- | --- | --- |",
  ];
  for (const e of entries) {
    const weighted = e.cost && e.cost.weight !== "1" && e.cost.weight !== "-";
    const cost = !e.cost
      ? "see cost-model.md"
      : weighted
      ? `${e.cost.weight} × (${e.cost.flopCost})`
      : e.cost.flopCost;
    lines.push(`| \`${e.name}\` | \`${e.args}\` | ${cost.replaceAll("|", "\\|")} | ${e.summary} |`);
  }
  const dtypes = Object.entries(np).filter(([, v]) => typeof v === "string").map(([k]) => k);
  lines.push(
    "",
    "## Array methods",
    "",
    "Every `np` array (`NDArray`) has `shape`, `dtype`, `ndim`, `size`, `data` (its storage, a",
    "plain typed array), `item(...)`, `get(...)`, `tolist()`, and these counted methods, each the",
    "function of the same name with the array first:",
    "",
    methodNames().map((m) => `\`${m}\``).join(", "),
    "",
    "## Random numbers",
    "",
    "`np.random.default_rng(seed)` (free) returns a counted Generator with numpy's methods,",
    "drawing numpy's exact streams: `standard_normal(size?, dtype?)`, `normal(loc?, scale?, size?)`,",
    "`uniform(low?, high?, size?)`, `random(size?, dtype?)`, `integers(low, high?, size?)`,",
    "`choice(a, size?, { replace, p, axis })`, `permutation(x)`, `shuffle(x)`; their costs are the",
    "random rows of cost-model.md. Seed it from `mlp.seed` so a regrade reproduces your estimate.",
    "",
    "## Names",
    "",
    "`np.namespace(label, fn)` runs `fn` with its ops labelled `label` in the FLOP breakdown",
    "(free).",
    "",
    `dtypes: ${dtypes.map((d) => `\`np.${d}\``).join(", ")}; classes: \`np.ndarray\` (for`,
    "`instanceof` only: arrays are built by np's functions), `np.linalg.LinAlgError`.",
    "",
  );
  return lines.join("\n");
}

if (import.meta.main) {
  const text = renderNpReference();
  const path = fileURLToPath(OUTPUT);
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(path).catch(() => "");
    if (current !== text) {
      console.error("docs/np.md is stale: run `deno task docs:np` and commit it");
      Deno.exit(1);
    }
    console.error("docs/np.md is current");
  } else {
    await Deno.writeTextFile(path, text);
    console.error(`wrote docs/np.md (${text.split("\n").length} lines)`);
  }
}
