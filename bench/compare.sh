#!/usr/bin/env bash
# compare.sh — the speed benchmarks of issue 6: aligning two ~5,000-point
# plans, and 'reuse' on 2,000 documents x 100 points with planted
# near-duplicates against an all-pairs exact baseline.
#
# usage: bench/compare.sh      (SUBSET=20000 points for the baseline)
set -euo pipefail
. "$(dirname "$0")/lib.sh" gen_plan compare_bench reuse_bench
"$build/gen_plan" --seed 1 --bytes 2100K >"$out/cmpA.md"
"$build/gen_plan" --seed 2 --bytes 2100K >"$out/cmpB.md"
echo "== align two synthetic plans (gen_plan seeds 1 and 2, 2100K each)"
"$build/compare_bench" "$out/cmpA.md" "$out/cmpB.md" 5
echo "== reuse: 2000 documents x 100 points, 1 thread"
"$build/reuse_bench" 2000 100 0 1 | head -3
echo "== reuse: 2000 documents x 100 points, 2 threads, baseline on ${SUBSET:-20000} points"
"$build/reuse_bench" 2000 100 "${SUBSET:-20000}" 2
