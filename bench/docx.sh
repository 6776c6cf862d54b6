#!/usr/bin/env bash
# docx.sh — the Word benchmark of issue 16.
#
# usage: bench/docx.sh            (PAIRS=9 POINTS=5000 by default)
#
# Builds a Release tree in build-bench/ (if needed). Makes a plan of
# POINTS points (bench/gen_points.sh), imports it and exports it as a .docx
# with parley's own export (Word numbering, header and footer), then,
# PAIRS times, alternating, through bench/measure (wall time, peak RSS):
#
#   import   parley import plan.docx --doc big   (into a fresh copy of an
#            empty negotiation, copied before the clock starts)
#   office   soffice --headless --convert-to txt plan.docx (LibreOffice's
#            own profile in bench/out/, warmed by one run first; no URL,
#            so no network)
#
# and PAIRS runs of the export (parley show big --format docx). Prints the
# medians with their ranges and office / import pair by pair: median and
# range (project rule 5). Goal: office / import >= 5. The load of the
# machine (uptime) is printed before and after.
set -euo pipefail

. "$(dirname "$0")/lib.sh" parley_cli parley_docx_module measure
pairs=${PAIRS:-9}
points=${POINTS:-5000}
command -v soffice >/dev/null || { echo "docx.sh: needs soffice (libreoffice-writer)" >&2; exit 1; }

parley=$build/parley
measure=$build/measure
work=$out/docx
rm -rf "$work"
mkdir -p "$work"
export PARLEY_KEYS=$work/keys PARLEY_AS=chair
unset PARLEY_CLOCK

median() {
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
range() { sort -g "$1" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
seconds() { awk '{ print $1 }' "$1"; }

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo);" \
	"$(soffice --version | head -1)"
echo "load before: $(uptime | sed 's/.*load average/load average/')"

bash "$root/bench/gen_points.sh" "$points" >"$work/plan.md"
"$parley" init --db "$work/empty.db" --convenor chair --party XX --party-name "Chair" >/dev/null
cp "$work/empty.db" "$work/source.db"
"$parley" import --db "$work/source.db" "$work/plan.md" --doc big >/dev/null
"$parley" show --db "$work/source.db" big --format docx --output "$work/plan.docx"
echo "plan: $points points, $(stat -c %s "$work/plan.md") bytes of Markdown;" \
	".docx $(stat -c %s "$work/plan.docx") bytes"

office=(timeout 300 soffice -env:UserInstallation="file://$work/profile" --headless --norestore
	--nolockcheck --convert-to txt:Text --outdir "$work/office" "$work/plan.docx")
"${office[@]}" >/dev/null 2>&1 # the profile's first start is not measured
: >"$work/t-import"
: >"$work/t-office"
: >"$work/t-export"
: >"$work/ratios"
for ((run = 1; run <= pairs; run++)); do
	cp "$work/empty.db" "$work/run.db"
	rm -f "$work/run.db-wal" "$work/run.db-shm"
	"$measure" "$work/t-import" "$parley" import --db "$work/run.db" "$work/plan.docx" \
		--doc big >/dev/null
	"$measure" "$work/t-office" "${office[@]}" >/dev/null 2>&1
	"$measure" "$work/t-export" "$parley" show --db "$work/source.db" big --format docx \
		--output "$work/export.docx"
	i=$(tail -1 "$work/t-import" | awk '{ print $1 }')
	o=$(tail -1 "$work/t-office" | awk '{ print $1 }')
	awk -v i="$i" -v o="$o" 'BEGIN { printf "%.3f\n", o / i }' >>"$work/ratios"
done
# What was imported is the plan: the same Markdown as the source's.
cmp -s <("$parley" show --db "$work/run.db" big --format md) \
	<("$parley" show --db "$work/source.db" big --format md) ||
	{ echo "docx.sh: the imported plan differs from the exported one" >&2; exit 1; }
grep -q "^${points}\\. " "$work/office/plan.txt" ||
	grep -q "${points}\\. " "$work/office/plan.txt" ||
	{ echo "docx.sh: LibreOffice's text lacks point $points" >&2; exit 1; }

for k in import office export; do
	seconds "$work/t-$k" >"$work/s-$k"
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
echo
printf '| %-44s | %10s | %17s |\n' step "median s" "range s"
printf '|%s|%s|%s|\n' ---------------------------------------------- -----------: ------------------:
printf '| %-44s | %10s | %17s |\n' "parley import plan.docx (fresh db)" \
	"$(median "$work/s-import")" "$(range "$work/s-import")"
printf '| %-44s | %10s | %17s |\n' "soffice --headless --convert-to txt" \
	"$(median "$work/s-office")" "$(range "$work/s-office")"
printf '| %-44s | %10s | %17s |\n' "parley show --format docx (export)" \
	"$(median "$work/s-export")" "$(range "$work/s-export")"
r=$(median "$work/ratios")
echo
echo "office / import, pair by pair ($pairs pairs): median $r, range $(range "$work/ratios");" \
	"goal >= 5: $(awk -v r="$r" 'BEGIN { print (r >= 5 ? "met" : "MISSED") }')"
