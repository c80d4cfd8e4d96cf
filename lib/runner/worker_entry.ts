/**
 * The worker's own entry module: what `deno run` starts for the subprocess runner from a
 * checkout. It imports only what a worker needs (the frame protocol, the loader, the executor,
 * `np` and the sandbox), so the child resolves a small module graph, all of it already in the
 * host's graph and so in its cache.
 *
 * @module
 */
import { runWorker } from "./worker_main.ts";

if (import.meta.main) {
  Deno.exit(await runWorker(Deno.args));
}
