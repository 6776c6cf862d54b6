# Crash safety of the record (issue 4): kill -9 during a long run of signed
# appends — parties, circulations, large imports into a track — leaves a
# database that verifies, whose events are the earlier ones plus a prefix of
# the run: every chain numbered 1..N without a gap, and nothing that was
# there before changed. Appending goes on afterwards.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

# A plan large enough that importing it takes a while.
awk 'BEGIN {
  print "# A long plan\n";
  for (p = 1; p <= 8; p++) {
    printf "## Part %d\n\n", p;
    for (i = 1; i <= 500; i++)
      printf "%d. Point %d of part %d: the parties agree on clause %d: (a) first %d; (b) second %d.\n\n", (p - 1) * 500 + i, i, p, i * p, i, p;
  }
}' >long.md

P init --convenor witkoff --party US --party-name "United States"
P party add RU Russia
P delegate add dmitriev --party RU --make-key
P track add backchannel US RU
P import "$ROOT/tests/data/plan-us-28.md" --doc framework --track backchannel

# sqlite3 waits for a lock instead of failing at once: the parley killed
# with its session may still be releasing its locks when the shell goes on.
sql() { sqlite3 -cmd ".timeout 10000" "$PARLEY_DB" "$1"; }

# The events as "track seq hash", in the order they were appended.
events() { sql "SELECT track, seq, hex(hash) FROM events ORDER BY id"; }

# Every chain is numbered 1..N with no gap or repeat.
contiguous() {
  sql "SELECT count(*) FROM (SELECT track FROM events GROUP BY track
    HAVING min(seq) != 1 OR max(seq) != count(*) OR count(DISTINCT seq) != count(*))"
}

# The appending run: a shell loop in its own session, so that kill -9 of
# the session takes the loop and the parley it is running at that moment.
run_appends() {
  setsid bash -c '
    parley=$1 round=$2
    for ((i = 1; i <= 400; i++)); do
      "$parley" party add "R${round}P$i" "Party $i of round $round" || exit 1
      "$parley" circulate framework@1 --to plenary --note "round $round, $i" || exit 1
      "$parley" import long.md --doc "long-$round-$i" --track backchannel || exit 1
      "$parley" circulate "long-$round-$i@1" --to plenary || exit 1
    done' run "$PARLEY" "$1" >/dev/null 2>"$WORK/run.err" &
  echo $!
}

# Whether a process of session $1 is still running (not a zombie); from
# /proc, which needs no package: the fields after the name's ")" are
# state, parent, group, session.
session_alive() {
  local f line
  local -a field
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    read -r -a field <<<"${line##*) }"
    [ "${field[3]}" = "$1" ] && [ "${field[0]}" != Z ] && return 0
  done
  return 1
}

grew=0
for round in 1 2 3 4 5 6 7; do
  before=$(events)
  pid=$(run_appends "$round")
  # Stop it somewhere in the run: early, in an import, between commands.
  # (0.3 s at least: a loaded machine running sanitized binaries may need
  # that long to append anything at all.)
  sleep "$((round / 3 + (round < 3))).$(((round * 37) % 10))$((round % 10))"
  kill -KILL -- "-$pid" 2>/dev/null || bad "round $round: the run had already ended: $(tail -1 "$WORK/run.err")"
  wait "$pid" 2>/dev/null
  # The parley it was running is not our child: wait (up to 10 s) until
  # nothing of the session is left but zombies, whose locks are released.
  for ((w = 0; w < 200; w++)); do
    session_alive "$pid" || break
    sleep 0.05
  done
  after=$(events)
  [ "$(contiguous)" = 0 ] && ok || bad "round $round: a chain has a gap: $(events | tail -3)"
  case $after in
  "$before"*) ok ;;
  *) bad "round $round: the events from before the run changed" ;;
  esac
  [ "$(printf '%s\n' "$after" | wc -l)" -gt "$(printf '%s\n' "$before" | wc -l)" ] &&
    grew=$((grew + 1))
  "$PARLEY" verify >verify.out 2>&1 && ok || bad "round $round: verify fails: $(cat verify.out)"
  sql 'PRAGMA integrity_check' | grep -qx ok && ok || bad "round $round: integrity"
  "$PARLEY" rebuild | grep -q identical && ok || bad "round $round: rebuild differs"
  # An import cut short left no version behind, and the next append works.
  "$PARLEY" party add "AFTER$round" "After round $round" >/dev/null && ok ||
    bad "round $round: cannot append after the crash"
done
# The test means something only if runs were cut in the middle of appending.
[ "$grew" -ge 3 ] && ok || bad "only $grew of 7 runs appended anything"
"$PARLEY" verify >/dev/null && ok || bad "the final record does not verify"
finish
