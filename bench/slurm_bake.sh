#!/usr/bin/env bash
# Scale-out on an existing scheduler, checked end to end (run by hand, as root, not by CI):
# starts a one-node Slurm cluster (../shared/tools/slurm-one-node.sh: Debian's slurm-wlm and
# munge), bakes a small dataset as an array job of 4 slices (`dataset bake --slice env`), merges
# the slices, checks the merge equals a single-process bake of the same seeds row for row (the
# sampler's wall-clock times aside), and scores it with `run --dataset`.
#
# Usage: bash bench/slurm_bake.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${1:-$(mktemp -d /tmp/whest-slurm-XXXXXX)}
mkdir -p "$WORK"
DENO=${DENO:-$(command -v deno || echo "npx -y deno@2.9.6")}
WHEST="$DENO run --allow-read --allow-write --allow-run --allow-env --allow-sys --allow-ffi $ROOT/main.ts"
BAKE="dataset bake --seed 2026 --n-mlps 8 --width 32 --depth 4 --n-samples 4096 --kernels wasm"

bash "$ROOT/../shared/tools/slurm-one-node.sh" start >/dev/null
echo "== single-process bake"
$WHEST $BAKE --output "$WORK/single" --json
cat > "$WORK/job.sh" <<JOB
#!/usr/bin/env bash
set -euo pipefail
cd "$WORK"
$WHEST $BAKE --slice env --output "$WORK/part-\${SLURM_ARRAY_TASK_ID}" --json
JOB
echo "== sbatch --array=0-3 (one slice per task)"
job=$(sbatch --parsable --array=0-3 --output="$WORK/slurm-%A_%a.out" "$WORK/job.sh")
for _ in $(seq 600); do
  squeue -h -j "$job" | grep -q . || break
  sleep 1
done
cat "$WORK"/slurm-*.out
echo "== merge"
$WHEST dataset merge "$WORK/merged" "$WORK"/part-*
echo "== merged == single (every column; the sampler's timings aside)"
$DENO eval --ext=ts "
import { listShards } from '$ROOT/lib/dataset/shards.ts';
import { shardRows } from '$ROOT/lib/dataset/rows.ts';
async function rows(dir: string) {
  const out = [];
  for (const file of (await listShards(dir)).get('public') ?? []) {
    for await (const raw of shardRows(file)) {
      const b = JSON.stringify(JSON.parse(raw.sampling_budget_breakdown as string), (k, v) => k.endsWith('time_s') ? undefined : v);
      out.push(JSON.stringify({ ...raw, sampling_budget_breakdown: b }, (_, v) => typeof v === 'bigint' ? v.toString() : v));
    }
  }
  return out;
}
const [a, b] = [await rows('$WORK/merged'), await rows('$WORK/single')];
if (a.length !== b.length || a.some((r, i) => r !== b[i])) { console.error('DIFFERENT'); Deno.exit(1); }
console.log('identical: ' + a.length + ' rows');
"
echo "== run --dataset"
$WHEST run --estimator mean_propagation --dataset "$WORK/merged" --format plain | tail -n 9
