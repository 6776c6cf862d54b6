# Tampering with the record (issue 4), as an attacker with the sqlite3
# shell and write access to the file would: each change to an event — one
# byte of its payload, hash or signature, its sequence number or actor, a
# deletion, two events reordered, signatures swapped, the tail cut off —
# makes 'parley verify' fail (exit 1, one line) naming the event. Exported
# logs that were altered, reordered, cut or are not JSON fail 'parley log
# verify' with one clear line.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

# plenary: 1 US, 2 RU (unsigned, founding), 3 witkoff, 4 dmitriev,
#          5 UA, 6 framework@1 circulated, 7 eu24@1
# backchannel: 1 created, 2 framework@1, 3 framework@2 (by dmitriev)
P init --convenor witkoff --party US --party-name "United States"
P party add RU Russia
P delegate add dmitriev --party RU --make-key
P party add UA Ukraine
P track add backchannel US RU
P import "$ROOT/tests/data/plan-us-28.md" --doc framework --track backchannel
P circulate framework@1 --to plenary --note "for the plenary"
P import "$ROOT/tests/data/plan-eu-24.md" --doc eu24
P import "$ROOT/tests/data/plan-eu-counter.md" --doc framework --as dmitriev
"$PARLEY" verify >/dev/null && ok || bad "the untouched record does not verify"
receipt=$("$PARLEY" log head plenary)

# tampered NAME SQL: a copy of the database changed by SQL (the append-only
# triggers dropped first, as an attacker would, and put back afterwards:
# a missing trigger is a finding of its own, see tamper_texts.sh); prints
# the copy's path.
tampered() {
  local copy="$WORK/$1.db" triggers
  rm -f "$copy" "$copy-wal" "$copy-shm"
  sqlite3 "$PARLEY_DB" ".backup '$copy'"
  triggers=$(sqlite3 "$copy" "SELECT sql || ';' FROM sqlite_master
    WHERE type = 'trigger' AND tbl_name = 'events'")
  sqlite3 "$copy" "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; $2" ||
    bad "$1: the attack itself failed"
  sqlite3 "$copy" "$triggers" || bad "$1: the triggers could not be put back"
  echo "$copy"
}

# flipped_hex TRACK SEQ COLUMN: that column's hex with its 5th digit changed.
flipped_hex() {
  local hex
  hex=$(sqlite3 "$PARLEY_DB" "SELECT hex($3) FROM events WHERE track = '$1' AND seq = $2")
  local digit=${hex:4:1}
  local other=0
  [ "$digit" = 0 ] && other=1
  echo "${hex:0:4}$other${hex:5}"
}

# verify_names NAME SQL MESSAGE [ARGS]: verify of the tampered copy fails
# with exactly "parley: MESSAGE".
verify_names() {
  local copy
  copy=$(tampered "$1" "$2")
  PARLEY_DB=$copy expect_error 1 "^parley: $(printf '%s' "$3" | sed 's/[][().*^$+?{}|\\]/\\&/g')\$" -- verify "${@:4}"
}

where() { echo "WHERE track = '$1' AND seq = $2"; }

# One byte of a payload: "framework" becomes "framewprk".
verify_names payload \
  "UPDATE events SET payload = replace(payload, '\"framework\"', '\"framewprk\"') $(where backchannel 2)" \
  'track backchannel, event #2 (document.version): hash does not match the content (altered)'
verify_names payload-plenary \
  "UPDATE events SET payload = replace(payload, 'Ukraine', 'Ukrainf') $(where plenary 5)" \
  'track plenary, event #5 (party.add): hash does not match the content (altered)'
# A payload that is no longer canonical JSON (a space added).
verify_names payload-space \
  "UPDATE events SET payload = replace(payload, '\"code\":', '\"code\": ') $(where plenary 5)" \
  'track plenary, event #5 (party.add): payload is not canonical JSON'
# One hex digit of the stored hash; of the signature.
verify_names hash \
  "UPDATE events SET hash = X'$(flipped_hex plenary 4 hash)' $(where plenary 4)" \
  'track plenary, event #4 (delegate.add): hash does not match the content (altered)'
verify_names signature \
  "UPDATE events SET sig = X'$(flipped_hex backchannel 3 sig)' $(where backchannel 3)" \
  'track backchannel, event #3 (document.version): bad signature'
# The signature removed; the actor changed to the other delegate.
verify_names unsigned "UPDATE events SET sig = NULL $(where plenary 5)" \
  'track plenary, event #5 (party.add): signature missing'
verify_names actor "UPDATE events SET actor = 'dmitriev' $(where plenary 5)" \
  'track plenary, event #5 (party.add): hash does not match the content (altered)'
verify_names kind "UPDATE events SET kind = 'party.remove' $(where plenary 5)" \
  'track plenary, event #5 (party.remove): hash does not match the content (altered)'
# The sequence number: a gap; a repeat is refused by the UNIQUE index, so
# the attacker moves the event past the head.
verify_names seq "UPDATE events SET seq = 9 $(where backchannel 2)" \
  'track backchannel, event #9 (document.version): events before it are missing'
# An event deleted: the next one is named.
verify_names delete "DELETE FROM events $(where plenary 4)" \
  'track plenary, event #5 (party.add): events before it are missing'
verify_names delete-first "DELETE FROM events $(where backchannel 1)" \
  'track backchannel, event #2 (document.version): events before it are missing'
# Two events reordered: their sequence numbers swapped ...
verify_names reorder \
  "UPDATE events SET seq = -1 $(where plenary 4); UPDATE events SET seq = 4 $(where plenary 5);
   UPDATE events SET seq = 5 $(where plenary -1)" \
  'track plenary, event #5 (delegate.add): events before it are missing'
# ... or their whole contents swapped in place, rows keeping their ids.
swap_columns="track, seq, kind, at, actor, payload, prev, hash, sig"
id2=$(sqlite3 "$PARLEY_DB" "SELECT id FROM events $(where backchannel 2)")
id3=$(sqlite3 "$PARLEY_DB" "SELECT id FROM events $(where backchannel 3)")
verify_names reorder-contents \
  "CREATE TEMP TABLE saved AS SELECT id, $swap_columns FROM events WHERE id IN ($id2, $id3);
   UPDATE events SET seq = -seq WHERE id IN ($id2, $id3);
   UPDATE events SET ($swap_columns) = (SELECT $swap_columns FROM saved
     WHERE saved.id = $id2 + $id3 - events.id) WHERE id IN ($id2, $id3)" \
  'track backchannel, event #3 (document.version): events before it are missing'
# Signatures swapped between two events.
verify_names swap-signatures \
  "CREATE TEMP TABLE s AS SELECT seq, sig FROM events WHERE track = 'plenary' AND seq IN (4, 5);
   UPDATE events SET sig = (SELECT sig FROM s WHERE s.seq = 9 - events.seq)
   WHERE track = 'plenary' AND seq IN (4, 5)" \
  'track plenary, event #4 (delegate.add): bad signature'
# A whole event forged by someone without a key: right chain, no signature.
verify_names forged \
  "INSERT INTO events(track, seq, kind, at, actor, payload, prev, hash, sig)
   SELECT track, seq + 1, kind, at, actor, payload, hash, hash, sig FROM events $(where plenary 7)" \
  'track plenary, event #8 (document.version): hash does not match the content (altered)'
# Someone outside the track sees the plenary only: a change in the
# back-channel is not theirs to find, a change in the plenary is.
copy=$(tampered outsider "UPDATE events SET sig = NULL $(where backchannel 3)")
PARLEY_DB=$copy PARLEY_AS= "$PARLEY" verify >/dev/null && ok || bad "outsider: plenary fails"
copy=$(tampered outsider-plenary "UPDATE events SET sig = NULL $(where plenary 6)")
PARLEY_DB=$copy PARLEY_AS= expect_error 1 \
  '^parley: track plenary, event #6 \(version.circulate\): signature missing$' -- verify

# The tail cut off: the chain that is left holds, but the receipt taken
# before catches it.
copy=$(tampered truncate "DELETE FROM events $(where plenary 7)")
PARLEY_DB=$copy "$PARLEY" verify >/dev/null && ok || bad "truncate: the shortened chain fails"
PARLEY_DB=$copy expect_error 1 \
  "^parley: the event of receipt ${receipt:0:16}\\.\\.\\. is gone: the log was cut back or rewritten\$" \
  -- verify --expect "$receipt"
"$PARLEY" verify --expect "$receipt" >/dev/null && ok || bad "the receipt fails on the original"
expect_error 1 "^parley: 'xyz' is not a head receipt \\(64 hex digits\\)$" -- verify --expect xyz

# --- exported logs ---------------------------------------------------
"$PARLEY" log export backchannel >log.jsonl || bad "export failed"
"$PARLEY" log verify log.jsonl >/dev/null && ok || bad "the exported log does not verify"
head_bc=$("$PARLEY" log head backchannel)
lines=$(wc -l <log.jsonl)
[ "$lines" -ge 5 ] && ok || bad "the exported log has only $lines lines"

# One byte of an event's payload.
sed '3s/"document":"framework"/"document":"framewprk"/' log.jsonl >payload.jsonl
cmp -s log.jsonl payload.jsonl && bad "payload.jsonl: the attack changed nothing"
expect_error 1 '^parley: payload.jsonl: track backchannel, event #2 \(document.version\): hash does not match the content \(altered\)$' \
  -- log verify payload.jsonl
# One byte of a text the log carries.
last=$(grep -n '^{"blob"' log.jsonl | tail -1 | cut -d: -f1)
sed "${last}s/\"text\":\"\(.\)/\"text\":\"X\1/" log.jsonl >text.jsonl
expect_error 1 "^parley: text.jsonl: line $last: a text does not match its hash \\(altered\\)\$" \
  -- log verify text.jsonl
# Two event lines swapped.
{ sed -n 1p log.jsonl; sed -n 3p log.jsonl; sed -n 2p log.jsonl; sed -n '4,$p' log.jsonl; } >reordered.jsonl
expect_error 1 '^parley: reordered.jsonl: track backchannel, event #2 \(document.version\): events before it are missing$' \
  -- log verify reordered.jsonl
# Cut in the middle of a line; cut after a whole line (caught by the receipt).
head -c $(($(stat -c %s log.jsonl) / 2)) log.jsonl >cut.jsonl
expect_error 1 '^parley: cut.jsonl: line [0-9]+: (the last line is cut short|not JSON) \(is the file truncated\?\)$' \
  -- log verify cut.jsonl
head -n 3 log.jsonl >short.jsonl
"$PARLEY" log verify short.jsonl >/dev/null && ok || bad "short.jsonl: a prefix fails"
expect_error 1 "^parley: short.jsonl: the event of receipt ${head_bc:0:16}\\.\\.\\. is gone: the log was cut back or rewritten\$" \
  -- log verify short.jsonl --expect "$head_bc"
# The header's first key (dmitriev's) replaced by an attacker's own: the
# first event dmitriev signed fails.
sed "1s/\"public_key\":\"[0-9a-f]*\"/\"public_key\":\"$(printf '%064d' 0 | tr 0 a)\"/" log.jsonl >key.jsonl
expect_error 1 '^parley: key.jsonl: track backchannel, event #3 \(document.version\): bad signature$' \
  -- log verify key.jsonl
# Not a log at all.
echo 'this is not JSON' >notjson.jsonl
expect_error 1 '^parley: notjson.jsonl: line 1: not JSON \(is the file truncated\?\)$' -- log verify notjson.jsonl
echo '{"hello":"world"}' >nothdr.jsonl
expect_error 1 '^parley: nothdr.jsonl: line 1: not a parley log \(no parley.log/1 header\)$' -- log verify nothdr.jsonl
: >empty.jsonl
expect_error 1 '^parley: empty.jsonl: (an )?empty file' -- log verify empty.jsonl
{ sed -n 1p log.jsonl; echo '{"event":{"seq":"two"}}'; } >malformed.jsonl
expect_error 1 '^parley: malformed.jsonl: line 2: a malformed event$' -- log verify malformed.jsonl
finish
