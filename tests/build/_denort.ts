/** Whether `deno compile` can get its runtime (denort) without a network: tests that build a binary run only then. */
import { denoDir } from "../cli/_helpers.ts";

/**
 * True when `DENORT_BIN` is set or Deno's cache already holds this version's denort for this
 * target; `deno compile` then needs no download.
 */
export async function denortAvailable(): Promise<boolean> {
  if (Deno.env.get("DENORT_BIN")) return true;
  const zip = `${await denoDir()}/dl/release/v${Deno.version.deno}/denort-${Deno.build.target}.zip`;
  return await Deno.stat(zip).then(() => true, () => false);
}
