/**
 * What a package may hold: its caps (50 files, 50 MiB of content), the files always left out
 * (version-control folders and secrets), and the patterns of a `.whestignore`.
 *
 * `.whestignore` is gitignore-like with simple globs: one pattern a line, `#` comments, `*`
 * and `?` within a path segment, `**` across segments, a trailing `/` for directories only, and
 * a pattern with a `/` inside it anchored at the submission directory (else it matches a name
 * at any depth). Negation (`!pattern`) is not supported and is refused, so nothing is re-added
 * behind the user's back.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";

/** The most files a package may hold (the manifest aside). */
export const MAX_PACKAGE_FILES = 50;

/** The most content bytes a package may hold: 50 MiB. */
export const MAX_PACKAGE_BYTES: number = 50 * 1024 * 1024;

/** The name of the ignore file read from the submission directory. */
export const IGNORE_FILE = ".whestignore";

/** Folders of version-control systems: never packaged, at any depth. */
export const VCS_FOLDERS: readonly string[] = [".git", ".hg", ".svn"];

/** File names that hold secrets: never packaged, and refused when named explicitly. */
const SECRET_NAMES: readonly RegExp[] = [
  /^\.env(\..*)?$/i,
  /\.pem$/i,
  /\.key$/i,
  /\.p12$/i,
  /\.pfx$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\..*)?$/i,
  /^credentials(\..*)?$/i,
  /^\.netrc$/i,
  /^\.npmrc$/i,
  /^\.pypirc$/i,
  /^\.git-credentials$/i,
];

/**
 * Whether a file name (its last path segment) is one of the secrets always left out:
 * `.env*`, `*.pem`, `*.key`, `*.p12`, `*.pfx`, `id_rsa*` (and the other ssh keys),
 * `credentials*`, `.netrc`, `.npmrc`, `.pypirc`, `.git-credentials`.
 *
 * @example
 * ```ts
 * import { isSecretName } from "./rules.ts";
 * isSecretName(".env.local"); // true
 * isSecretName("weights.bin"); // false
 * ```
 * @param name A file name or a relative path (only its last segment counts).
 */
export function isSecretName(name: string): boolean {
  const base = name.split("/").pop() ?? name;
  return SECRET_NAMES.some((pattern) => pattern.test(base));
}

/**
 * Whether a relative path lies in a version-control folder (`.git`, `.hg`, `.svn`).
 *
 * @param path A `/`-separated path relative to the submission directory.
 */
export function inVcsFolder(path: string): boolean {
  return path.split("/").some((segment) => VCS_FOLDERS.includes(segment));
}

/** One `.whestignore` pattern, compiled. */
interface IgnorePattern {
  readonly text: string;
  readonly regex: RegExp;
  readonly directoryOnly: boolean;
}

/** The compiled patterns of a `.whestignore`. */
export interface IgnoreRules {
  /**
   * Whether the path is ignored: the path itself or any folder above it matches a pattern.
   *
   * @param path A `/`-separated file path relative to the submission directory.
   */
  ignores(path: string): boolean;
}

function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      // "**/" matches zero or more folders; a trailing "**" matches everything below
      if (glob[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return out;
}

/**
 * Compiles the text of a `.whestignore`.
 *
 * @example
 * ```ts
 * import { parseIgnore } from "./rules.ts";
 * const rules = parseIgnore("# data\n*.log\nbuild/\n/notes.md\n");
 * rules.ignores("a/b.log"); // true
 * rules.ignores("build/x.bin"); // true
 * rules.ignores("sub/notes.md"); // false: anchored
 * ```
 * @param text The file's contents.
 * @throws {UsageError} For a negated pattern (`!x`), which is not supported.
 */
export function parseIgnore(text: string): IgnoreRules {
  const patterns: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("!")) {
      throw new UsageError(
        `${IGNORE_FILE}: negated patterns ('${line}') are not supported; list only what to leave out`,
      );
    }
    const directoryOnly = line.endsWith("/");
    const body = line.replace(/\/+$/, "");
    const anchored = body.includes("/");
    const glob = globToRegex(body.replace(/^\//, ""));
    const regex = new RegExp(anchored ? `^${glob}$` : `^(?:.*/)?${glob}$`);
    patterns.push({ text: line, regex, directoryOnly });
  }
  return {
    ignores(path: string): boolean {
      const segments = path.split("/");
      for (let end = 1; end <= segments.length; end++) {
        const prefix = segments.slice(0, end).join("/");
        const isDirectory = end < segments.length;
        if (patterns.some((p) => (isDirectory || !p.directoryOnly) && p.regex.test(prefix))) {
          return true;
        }
      }
      return false;
    },
  };
}

/**
 * Checks that a path stored in a package is a plain relative path: not empty, not absolute,
 * no `..`, `.` or empty segments, no backslashes or NUL. Returns why not, or null when it is.
 *
 * @example
 * ```ts
 * import { unsafePathReason } from "./rules.ts";
 * unsafePathReason("weights/w.bin"); // null
 * unsafePathReason("../evil.ts"); // "has a '..' segment"
 * ```
 * @param path The path as stored.
 */
export function unsafePathReason(path: string): string | null {
  if (path === "") return "is empty";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "is absolute";
  if (path.includes("\\") || path.includes("\0")) return "has a backslash or NUL";
  const segments = path.split("/");
  if (segments.includes("..")) return "has a '..' segment";
  if (segments.some((s) => s === "" || s === ".")) return "has an empty or '.' segment";
  return null;
}
