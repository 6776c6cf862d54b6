#!/usr/bin/env bash
# demo.sh — the story of a negotiation, told with parley step by step.
# usage: examples/demo.sh [PATH-TO-parley]   (scripts/demo builds and runs it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
parley=${1:-parley}
work=${PARLEY_DEMO_DIR:-"$here/../build/demo"}
mkdir -p "$work"
export PARLEY_DB="$work/negotiation.db"
rm -f "$PARLEY_DB" "$PARLEY_DB-wal" "$PARLEY_DB-shm"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ parley %s\n' "$*"; "$parley" "$@"; }
[ -t 1 ] && [ -z "${NO_COLOR:-}" ] || step() { printf '\n== %s\n' "$*"; }

step "A new negotiation: one SQLite file, nothing to configure"
run init

step "November 2025: the 28-point framework arrives, as version 1 of 'framework'"
run import "$here/plan-us-28.md" --doc framework

step "The European (E3) counter-version amends it point by point: version 2"
echo "   (points keep their stable ids where they are the same point; 3 and 26 are gone)"
run import "$here/plan-eu-counter.md" --doc framework

step "A separate European 24-point plan, with its own numbering: its own document"
run import "$here/plan-eu-24.md" --doc eu24

step "What the negotiation holds"
run docs
run versions framework

step "Part 2 of the 28 points, as written (labels are not consecutive: 5-10, 18)"
run show framework@1 --point 6
run show framework@1 --point 10

step "The same points in the counter-version"
run show framework@2 --point 6
run show framework@2 --point 10

step "Machine-readable: point 21 of version 1 as JSON (schema parley.document/1)"
run show framework@1 --point 21 --format json

step "A page a delegation can open or print"
"$parley" show framework@1 --format html > "$work/framework-v1.html"
echo "wrote $work/framework-v1.html"

step "Redline: what did the counter-version change? (per-point summary)"
run diff framework@1 framework@2 --stat --changed-only

step "Word by word, only the changed points of Part 2"
"$parley" diff framework@1 framework@2 --changed-only --color never | sed -n '/^## Part 2/,/^## Part 3/p' | sed '$d'

step "The same redline as a page a delegation can forward or print"
"$parley" diff framework@1 framework@2 --format html > "$work/redline-v1-v2.html"
echo "wrote $work/redline-v1-v2.html"

step "Every table is a projection of the events: rebuild them and compare"
run rebuild

echo
echo "The database is $PARLEY_DB; try: PARLEY_DB=$PARLEY_DB $parley show framework"
