/** Test helpers: the official example datasets and temporary copies to corrupt. */
import { fileURLToPath } from "node:url";
import { type TempDir, tempDir } from "../cli/_helpers.ts";

/** The official example datasets (copied from whestbench), one folder each. */
export const DATASETS = fileURLToPath(
  new URL("../fixtures/whestbench-datasets/", import.meta.url),
);

/**
 * A copy of example dataset `name` (metadata.json and data/) in a temporary directory that
 * `await using` removes.
 *
 * @param name The fixture folder, e.g. "multi_split_v3.0".
 */
export async function datasetCopy(name: string): Promise<TempDir> {
  const dir = await tempDir("whest-dataset-test-");
  await Deno.mkdir(`${dir.path}/data`);
  await Deno.copyFile(`${DATASETS}/${name}/metadata.json`, `${dir.path}/metadata.json`);
  for await (const entry of Deno.readDir(`${DATASETS}/${name}/data`)) {
    await Deno.copyFile(`${DATASETS}/${name}/data/${entry.name}`, `${dir.path}/data/${entry.name}`);
  }
  return dir;
}
