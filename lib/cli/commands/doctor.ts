/**
 * `whest doctor [--strict] [--json]`: what this machine and install give a run, one check a
 * line (pass, warn or fail), with `--strict` failing on any warning.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { chooseFormat } from "../../config/run_config.ts";
import { doctorExitCode, runDoctor } from "../../doctor/doctor.ts";
import { colourAllowed, makeStyle, renderTable } from "../../report/style.ts";

const USAGE = `usage: whest doctor [--strict] [--format rich|plain|json] [--json]

Checks the Deno runtime, how whest was started (checkout, bundle or compiled binary), cores,
WebAssembly SIMD and relaxed SIMD, the system BLAS and the ffi permission it needs, kernel
threads, the Deno and ground-truth cache directories, writable working and temporary
directories, and free disk. Exit 1 when a check fails; with --strict also on any warning.`;

const FLAGS = { strict: "boolean", format: "string", json: "boolean", debug: "boolean" } as const;

/** The `doctor` subcommand. */
export const doctorCommand: Command = {
  name: "doctor",
  summary: "Check this machine and install: Deno, SIMD, BLAS, threads, caches, disk",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags("doctor", args, FLAGS, USAGE.split("\n")[0]);
    if (positionals.length > 0) {
      throw new UsageError(`doctor: unexpected argument '${positionals[0]}'`, USAGE.split("\n")[0]);
    }
    const format = chooseFormat(values, Deno.stdout.isTerminal());
    const strict = values.strict === true;
    const checks = await runDoctor();
    const code = doctorExitCode(checks, strict);
    const count = (status: string) => checks.filter((c) => c.status === status).length;
    if (format === "json") {
      console.log(JSON.stringify(
        { ok: code === 0, strict, warnings: count("warn"), failures: count("fail"), checks },
        null,
        2,
      ));
      return code;
    }
    const style = makeStyle(format === "rich" && colourAllowed());
    const mark = (status: string) =>
      status === "fail" ? style.bad("FAIL") : status === "warn" ? style.dim("warn") : "pass";
    console.log(
      renderTable(
        ["check", "result", "detail"],
        checks.map((c) => [c.check, mark(c.status), c.detail]),
      ),
    );
    const summary = `${count("fail")} failed, ${count("warn")} warnings` +
      (strict && count("warn") > 0 ? " (--strict: warnings fail)" : "");
    console.log(
      code === 0 ? style.primary(`doctor: ok; ${summary}`) : style.bad(`doctor: ${summary}`),
    );
    return code;
  },
};
