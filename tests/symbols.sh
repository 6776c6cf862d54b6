# symbols.sh NM LIBRARY — every symbol that LIBRARY (libparley.a) defines
# for others to link against carries the pl_ prefix; anything else must be
# static. Symbols that sanitizers generate (__odr_asan.<name>, __asan_*,
# __ubsan_*, __sancov_*) are judged by the name they stand for, or skipped.
# On failure it lists the offenders with their object files;
# scripts/dev/prefix-symbols.sh renames the families it knows.
set -uo pipefail
nm=$1
library=$2
[ -f "$library" ] || { echo "symbols: no library at $library" >&2; exit 1; }
listing=$("$nm" -g --defined-only "$library") || { echo "symbols: $nm failed on $library" >&2; exit 1; }
offenders=$(awk '
  /:$/ { object = substr($0, 1, length($0) - 1); next }
  NF < 2 { next }
  {
    name = $NF
    sub(/^__odr_asan\./, "", name)
    if (name ~ /^pl_/ || name ~ /^__(asan|ubsan|sancov|tsan)/) next
    print "  " name " (" object ")"
  }' <<<"$listing")
count=$(grep -c '(' <<<"$offenders")
if [ "$count" != 0 ]; then
  echo "symbols: $count global symbols of $library lack the pl_ prefix (make them static or prefix them):"
  echo "$offenders"
  exit 1
fi
echo "symbols: every global symbol of $library carries pl_"
