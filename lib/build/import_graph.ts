/**
 * `deno task lint:circular`: the folder-level import graph of `lib/`, checked against the
 * dependency order the code is meant to obey. It fails on any cycle between folders and on any
 * import that reaches up the order (a folder may import its own modules and folders in lower
 * layers only), and on an op that imports a kernel backend instead of the kernel seam.
 *
 * The order, lowest first (docs/architecture.md draws it): core → random → array →
 * kernels, budget → ops → api (the numeric layer) → contract (the types every stage shares) →
 * estimator, groundtruth, scoring, config → contest, runner → dataset, package → report →
 * run, validate, inspect, init, build, profile, compare, doctor (the commands' work) → cli.
 *
 * Usage: `deno run --allow-read lib/build/import_graph.ts [--graph]` (`--graph` prints the
 * folder edges).
 *
 * @module
 */
import { dirname, join, relative, resolve } from "@std/path";
import { fileURLToPath } from "node:url";

/** The folders of `lib/` by layer, lowest first; a folder may import only lower layers. */
export const LAYERS: readonly (readonly string[])[] = [
  ["core"],
  ["random"],
  ["array"],
  ["kernels", "budget"],
  ["ops"],
  ["api"],
  ["contract"],
  ["estimator", "groundtruth", "scoring", "config"],
  ["contest", "runner"],
  ["dataset", "package"],
  ["report"],
  ["run", "validate", "inspect", "init", "build", "profile", "compare", "doctor"],
  ["cli"],
];

/**
 * Folders whose modules reach the kernels only through the seam (`lib/kernels/seam.ts`): ops
 * validate and charge, kernels compute, and no op may pick a backend.
 */
export const SEAM_ONLY: readonly string[] = ["ops", "api"];

/** One import from a module in one folder to a module in another. */
export interface FolderEdge {
  /** The importing folder. */
  readonly from: string;
  /** The imported folder. */
  readonly to: string;
  /** One importing file, for the message (relative to the root). */
  readonly file: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** The imported module, relative to `lib/`. */
  readonly target: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;

/**
 * The relative specifiers a module imports (static, re-exports and literal dynamic imports).
 *
 * @param source The module's text.
 * @example
 * ```ts
 * import { importSpecifiers } from "./import_graph.ts";
 * importSpecifiers('import { a } from "./a.ts";\nexport * from "../b/c.ts";');
 * // ["./a.ts", "../b/c.ts"]
 * ```
 */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  // block comments hold JSDoc examples, whose imports are not the module's
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "");
  for (const match of code.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier.startsWith(".")) found.push(specifier);
  }
  return found;
}

/** The top folder of `lib/` a path lies in, or undefined outside `lib/`. */
function folderOf(libDir: string, path: string): string | undefined {
  const rel = relative(libDir, path);
  if (rel.startsWith("..")) return undefined;
  const [top, ...rest] = rel.split(/[\\/]/);
  return rest.length > 0 ? top : undefined;
}

function* modules(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* modules(path);
    else if (entry.isFile && entry.name.endsWith(".ts")) yield path;
  }
}

/**
 * Every import between two different folders of `lib/`.
 *
 * @param libDir The `lib/` directory.
 */
export function folderEdges(libDir: string): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of modules(libDir)) {
    const from = folderOf(libDir, file);
    if (from === undefined) continue;
    for (const specifier of importSpecifiers(Deno.readTextFileSync(file))) {
      const to = folderOf(libDir, resolve(dirname(file), specifier));
      if (to !== undefined && to !== from) {
        const target = relative(libDir, resolve(dirname(file), specifier)).replaceAll("\\", "/");
        edges.push({ from, to, file: relative(dirname(libDir), file), specifier, target });
      }
    }
  }
  return edges;
}

/**
 * The folder cycles: strongly connected groups of two or more folders (Tarjan's algorithm).
 *
 * @param edges The folder edges.
 * @returns Each cycle's folders, sorted; the groups sorted too.
 */
export function folderCycles(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The imports that break the order: to a folder in the same or a higher layer, or to or from a
 * folder the order does not name.
 *
 * @param edges The folder edges.
 * @param layers The order, lowest layer first.
 */
export function orderViolations(
  edges: readonly FolderEdge[],
  layers: readonly (readonly string[])[] = LAYERS,
): string[] {
  const layerOf = new Map<string, number>();
  layers.forEach((folders, i) => folders.forEach((folder) => layerOf.set(folder, i)));
  const messages = new Set<string>();
  for (const edge of edges) {
    const from = layerOf.get(edge.from);
    const to = layerOf.get(edge.to);
    if (from === undefined || to === undefined) {
      const unknown = from === undefined ? edge.from : edge.to;
      messages.add(`lib/${unknown}/ is not in the dependency order (lib/build/import_graph.ts)`);
    } else if (to >= from) {
      messages.add(
        `${edge.file} imports ${edge.specifier}: lib/${edge.from}/ may not import lib/${edge.to}/`,
      );
    }
  }
  return [...messages].sort();
}

/**
 * Imports into `lib/kernels` from a {@link SEAM_ONLY} folder that name anything but the seam
 * (or the module that registers the default backend).
 *
 * @param edges The folder edges.
 */
export function seamViolations(edges: readonly FolderEdge[]): string[] {
  const allowed = new Set(["kernels/seam.ts", "kernels/mod.ts"]);
  return edges
    .filter((e) => SEAM_ONLY.includes(e.from) && e.to === "kernels" && !allowed.has(e.target))
    .map((e) =>
      `${e.file} imports ${e.specifier}: lib/${e.from}/ reaches kernels only through lib/kernels/seam.ts`
    )
    .sort();
}

if (import.meta.main) {
  const libDir = fileURLToPath(new URL("../", import.meta.url));
  const edges = folderEdges(libDir);
  if (Deno.args.includes("--graph")) {
    const pairs = new Set(edges.map((e) => `${e.from} -> ${e.to}`));
    console.log([...pairs].sort().join("\n"));
  }
  const cycles = folderCycles(edges);
  const violations = [...orderViolations(edges), ...seamViolations(edges)];
  for (const cycle of cycles) console.error(`cycle between folders: ${cycle.join(", ")}`);
  for (const violation of violations) console.error(violation);
  if (cycles.length > 0 || violations.length > 0) {
    console.error(
      `lint:circular: ${cycles.length} folder cycles, ${violations.length} imports against the order`,
    );
    Deno.exit(1);
  }
  console.error("lint:circular: no folder cycles, every import follows the order");
}
