# Tampering with the projection rows (issue 11), as an attacker with the
# sqlite3 shell and write access to the file would: rows that would let a
# party outside a back-channel read its draft (a membership, a circulation,
# the document's home track) or a delegate that was never admitted. No
# decision on who may read or sign rests on these rows — it comes from the
# verified events — so every read still refuses, exactly as for a name that
# does not exist; 'rebuild' finds the rows do not match the events (exit 1,
# one line) and puts them right.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

P init --convenor witkoff --party US --party-name "United States"
P party add RU Russia
P party add UA Ukraine
P delegate add dmitriev --party RU --make-key
P delegate add umerov --party UA --role lead --make-key
P track add backchannel US RU
P import "$ROOT/tests/data/plan-us-28.md" --doc secret --track backchannel
P import "$ROOT/tests/data/plan-eu-24.md" --doc open
"$PARLEY" verify >/dev/null && ok || bad "the untouched record does not verify"
"$PARLEY" rebuild | grep -q identical && ok || bad "the untouched record does not rebuild identical"
docs_before=$("$PARLEY" docs --as umerov)
members_before=$(sqlite3 "$PARLEY_DB" "SELECT track, party, since_seq FROM track_members ORDER BY 1, 2")

# forged NAME SQL: a copy of the database changed by SQL (no trigger guards
# these tables); prints the copy's path.
forged() {
  local copy="$WORK/$1.db" changed
  rm -f "$copy" "$copy-wal" "$copy-shm"
  sqlite3 "$PARLEY_DB" ".backup '$copy'"
  changed=$(sqlite3 "$copy" "$2; SELECT total_changes()") || bad "$1: the attack itself failed"
  [ "${changed##*$'\n'}" -gt 0 ] 2>/dev/null || bad "$1: the attack changed nothing"
  echo "$copy"
}

secret="(SELECT id FROM documents WHERE name = 'secret')"
# UA made a member of the back-channel since its first event; the draft
# circulated to the plenary; its home moved to the plenary.
member="INSERT INTO track_members VALUES ('backchannel', 'UA', 1, '2025-01-01T00:00:00Z')"
circulated="INSERT INTO circulations SELECT 'plenary', 99, $secret, 1, 'backchannel', 'witkoff',
  '2025-01-01T00:00:00Z', NULL"
moved="UPDATE documents SET track = 'plenary' WHERE name = 'secret'"
for attack in member circulated moved all; do
  case $attack in
    all) sql="$member; $circulated; $moved" ;;
    *) sql=${!attack} ;;
  esac
  copy=$(forged "$attack" "$sql")
  # To umerov (UA) the draft is still one that does not exist.
  for args in "show secret" "show secret@1 --point 1" "show secret --format json" \
    "diff secret@1 open@1" "amend secret@1 --delete 1"; do
    code=1
    [ "${args%% *}" = diff ] && code=2 # diff's trouble, as diff(1)
    # shellcheck disable=SC2086
    PARLEY_DB=$copy expect_error $code "^parley: no document named 'secret'\$" -- $args --as umerov
  done
  PARLEY_DB=$copy expect_error 1 "^parley: no track named 'backchannel'\$" -- track members backchannel --as umerov
  [ "$(PARLEY_DB=$copy "$PARLEY" docs --as umerov)" = "$docs_before" ] && ok ||
    bad "$attack: docs as umerov lists more than before"
  PARLEY_DB=$copy "$PARLEY" log export plenary --as umerov >"$attack.jsonl" &&
    ! grep -q '"document":"secret"' "$attack.jsonl" && ok || bad "$attack: the export to UA carries the draft"
  # The events still verify: the rows are not the record.
  PARLEY_DB=$copy "$PARLEY" verify >/dev/null && ok || bad "$attack: the events no longer verify"
  # rebuild finds the rows wrong and puts them right.
  PARLEY_DB=$copy "$PARLEY" rebuild >"$WORK/out" 2>"$WORK/err"
  [ $? = 1 ] && [ "$(wc -l <"$WORK/err")" = 1 ] &&
    grep -Eq '^parley: the projections did not match the events \([0-9a-f]{16}\) and were rebuilt$' "$WORK/err" &&
    ok || bad "$attack: rebuild did not report the forged rows: $(cat "$WORK/err")"
  [ "$(sqlite3 "$copy" "SELECT track, party, since_seq FROM track_members ORDER BY 1, 2")" = "$members_before" ] &&
    [ "$(sqlite3 "$copy" "SELECT count(*) FROM circulations")" = 0 ] &&
    [ "$(sqlite3 "$copy" "SELECT track FROM documents WHERE name = 'secret'")" = backchannel ] &&
    ok || bad "$attack: rebuild did not put the rows right"
  PARLEY_DB=$copy "$PARLEY" rebuild | grep -q identical && ok || bad "$attack: a second rebuild is not identical"
done

# A delegate row for someone never admitted, with an enrolled key: no
# one acts as them, and rebuild removes the row.
copy=$(forged mallory "INSERT INTO delegates SELECT 'mallory', 'US', 'lead', public_key, event
  FROM delegates WHERE name = 'umerov'")
PARLEY_DB=$copy expect_error 1 "^parley: no delegate named 'mallory'\$" -- party add XX Someone --as mallory
PARLEY_DB=$copy expect_error 1 "^parley: no delegate named 'mallory'\$" -- docs --as mallory
PARLEY_DB=$copy "$PARLEY" rebuild >/dev/null 2>&1
[ "$(sqlite3 "$copy" "SELECT count(*) FROM delegates WHERE name = 'mallory'")" = 0 ] && ok ||
  bad "mallory: rebuild left the forged delegate"
finish
