# Interrupting an import — SIGINT or kill -9 at any moment — never leaves a
# half-written version: each time, the database holds either the complete
# new version or none, and the projections equal a rebuild from events.
. "$(dirname "$0")/lib.sh" "$@"

# A large plan, so that the import takes a while.
awk 'BEGIN {
  print "# A long plan\n";
  for (p = 1; p <= 20; p++) {
    printf "## Part %d\n\n", p;
    for (i = 1; i <= 600; i++)
      printf "%d. Point %d of part %d says that the parties agree on clause %d: (a) first %d; (b) second %d.\n\n", (p - 1) * 600 + i, i, p, i * p, i, p;
  }
}' >long.md
points=$(grep -c '^[0-9]' long.md)
export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
interrupted=0

for round in 1 2 3 4 5 6; do
  signal=KILL
  [ $((round % 2)) = 0 ] && signal=INT
  "$PARLEY" import long.md --doc long$round >/dev/null 2>&1 &
  pid=$!
  # Stop it somewhere between "just started" and "nearly done".
  sleep "0.$((round * 12))"
  kill -$signal $pid 2>/dev/null
  wait $pid 2>/dev/null
  if "$PARLEY" versions long$round >list 2>/dev/null; then
    n=$("$PARLEY" show long$round --format json | grep -c '"label": "[0-9]*",$')
    [ "$n" = "$points" ] && ok || bad "round $round ($signal): version has $n of $points points"
  else
    interrupted=$((interrupted + 1)) # no version at all: also whole
  fi
  "$PARLEY" rebuild | grep -q identical && ok || bad "round $round: rebuild differs"
  sqlite3 "$PARLEY_DB" 'PRAGMA integrity_check' | grep -qx ok && ok || bad "round $round: integrity"
done
# The test means something only if some imports were cut short.
[ "$interrupted" -ge 1 ] && ok || bad "no import was interrupted; the test proved nothing"
# And one import that is left to finish.
"$PARLEY" import long.md --doc whole >/dev/null && ok || bad "uninterrupted import failed"
finish
