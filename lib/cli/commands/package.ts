/**
 * `whest package` and `whest validate-package`: the submission as one `.tar.gz` with a manifest
 * (reference-behaviour §8), and the checks of a package before it is submitted.
 *
 * @module
 */
import { basename, extname } from "@std/path";
import type { Command } from "../command.ts";
import { UsageError, WhestError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { chooseFormat, parseRunner } from "../../config/run_config.ts";
import { applyThreads } from "../../config/threads.ts";
import { buildPackage } from "../../package/pack.ts";
import { IGNORE_FILE, MAX_PACKAGE_FILES } from "../../package/rules.ts";
import { isPackagePath } from "../../package/unpack.ts";
import { openEstimator } from "../../package/open.ts";
import { checkOutputPath } from "../../report/json_report.ts";
import { validateOpened } from "./validate.ts";

const PACKAGE_USAGE =
  `usage: whest package --estimator PATH [--submission-dir DIR] [--class NAME] [--output FILE] [--json] [FILE...]

Writes the submission as one .tar.gz with a manifest.json (each file's SHA-256 and size, the
entry point, the export, the estimator API version): the estimator file alone, or with
--submission-dir DIR every file under DIR. At most ${MAX_PACKAGE_FILES} files and 50 MiB of content.
Always left out: version-control folders (.git, .hg, .svn) and secrets (.env*, *.pem, *.key,
id_rsa*, credentials*, .netrc, ...); DIR/${IGNORE_FILE} lists more (gitignore-like globs).
A secret or link named on the command line, or content over a cap, refuses the package.
FILE...: further files to include (inside DIR, or beside the estimator).
--output defaults to the estimator's name with .tar.gz in the working directory.`;

const PACKAGE_FLAGS = {
  estimator: "string",
  "submission-dir": "string",
  class: "string",
  output: "string",
  json: "boolean",
  debug: "boolean",
} as const;

function className(values: Readonly<Record<string, string | true>>): string | null {
  const name = values.class;
  if (typeof name !== "string") return null;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new UsageError(`--class must be an export name, got '${name}'`);
  }
  return name;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The `package` subcommand. */
export const packageCommand: Command = {
  name: "package",
  summary: "Write the estimator (and its submission directory) as a checked .tar.gz",
  usage: PACKAGE_USAGE,
  async run(args) {
    const usage = PACKAGE_USAGE.split("\n")[0];
    const { values, positionals } = parseFlags("package", args, PACKAGE_FLAGS, usage);
    const estimator = values.estimator;
    if (typeof estimator !== "string" || estimator.trim() === "") {
      throw new UsageError("package: --estimator PATH is required", usage);
    }
    if (isPackagePath(estimator)) {
      throw new UsageError(`package: '${estimator}' is already a package; give the estimator file`);
    }
    const output = typeof values.output === "string"
      ? values.output
      : `${basename(estimator, extname(estimator))}.tar.gz`;
    if (!isPackagePath(output)) {
      throw new UsageError(`package: --output must end in .tar.gz or .tgz, got '${output}'`);
    }
    await checkOutputPath(output);
    const dir = values["submission-dir"];
    const built = await buildPackage({
      estimator,
      submissionDir: typeof dir === "string" ? dir : null,
      className: className(values),
      extraFiles: positionals,
      output,
    });
    try {
      await Deno.writeFile(output, built.bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new WhestError(`package: cannot write '${output}': ${reason}`);
    }
    const content = built.manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    if (values.json === true) {
      console.log(JSON.stringify(
        {
          package: output,
          bytes: built.bytes.byteLength,
          manifest: built.manifest,
          excluded: built.excluded,
        },
        null,
        2,
      ));
      return 0;
    }
    for (const f of built.manifest.files) console.log(`  ${f.path}  ${formatBytes(f.bytes)}`);
    for (const e of built.excluded) console.log(`  (left out: ${e.path}, ${e.reason})`);
    console.log(
      `wrote ${output}: ${built.manifest.files.length} files, ${
        formatBytes(content)
      } of content, ` +
        `${formatBytes(built.bytes.byteLength)} packed; entry point ${built.manifest.entry_point}`,
    );
    console.log(`next: whest validate-package ${output}`);
    return 0;
  },
};

const VALIDATE_PACKAGE_USAGE =
  `usage: whest validate-package FILE [--runner subprocess|local] [--format rich|plain|json] [--json] [--debug]

Checks a package made by 'whest package': gzip and tar well formed, regular files only, no
absolute or '..' paths, every file listed in manifest.json with its size and SHA-256 and
nothing unlisted, at most ${MAX_PACKAGE_FILES} files and 50 MiB. Then unpacks it into a temporary
directory and runs 'whest validate' on its entry point with its export. A refused package is
one line and exit 1; a failed check is the checks table and exit 1.`;

const VALIDATE_PACKAGE_FLAGS = {
  runner: "string",
  format: "string",
  json: "boolean",
  debug: "boolean",
} as const;

/** The `validate-package` subcommand. */
export const validatePackageCommand: Command = {
  name: "validate-package",
  summary: "Check a package's manifest and hashes, then validate the estimator inside it",
  usage: VALIDATE_PACKAGE_USAGE,
  async run(args) {
    const usage = VALIDATE_PACKAGE_USAGE.split("\n")[0];
    const { values, positionals } = parseFlags(
      "validate-package",
      args,
      VALIDATE_PACKAGE_FLAGS,
      usage,
    );
    if (positionals.length !== 1) {
      throw new UsageError("validate-package: give one package file", usage);
    }
    const file = positionals[0];
    if (!isPackagePath(file)) {
      throw new UsageError(`validate-package: '${file}' is not a package (.tar.gz or .tgz)`, usage);
    }
    const format = chooseFormat(values, Deno.stdout.isTerminal());
    const runner = parseRunner(typeof values.runner === "string" ? values.runner : undefined);
    applyThreads(null);
    const opened = await openEstimator(file, null, null);
    try {
      const manifest = opened.manifest;
      if (manifest === null) {
        throw new Error("validate-package: opened a package without a manifest");
      }
      const content = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
      if (format !== "json") {
        console.log(
          `${file}: manifest ok (${manifest.files.length} files, ${
            formatBytes(content)
          }, every SHA-256 matches); entry point ${manifest.entry_point}` +
            (manifest.export_name ? `, export ${manifest.export_name}` : ""),
        );
      }
      return await validateOpened(opened, {
        label: file,
        format,
        debug: values.debug === true,
        runner,
        seed: null,
        extra: { manifest },
      });
    } finally {
      await opened.close();
    }
  },
};
