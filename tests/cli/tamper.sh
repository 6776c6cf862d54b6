# Tampering with the record (issues 4 and 11), as an attacker with the
# sqlite3 shell and write access to the file would: each change to an
# event — one byte of its payload, hash or signature, its sequence number
# or actor, a deletion, two events reordered, signatures swapped, a real
# signed event replayed elsewhere, the tail cut off — makes 'parley verify'
# fail (exit 1, one line) naming the event. Exported logs that were
# altered, reordered, cut or are not JSON fail 'parley log verify' with one
# clear line. Events forged with a key (unauthorized, revoked): test_tamper.c;
# texts, triggers and projection rows: tamper_texts.sh, tamper_rows.sh.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

# plenary: 1 founded by witkoff for US, 2 RU, 3 dmitriev, 4 UA,
#          5 framework@1 circulated, 6 eu24@1 (every event signed)
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
  local changed
  changed=$(sqlite3 "$copy" "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; $2;
    SELECT total_changes()") || bad "$1: the attack itself failed"
  [ "${changed##*$'\n'}" -gt 0 ] 2>/dev/null || bad "$1: the attack changed nothing"
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
  "UPDATE events SET payload = replace(payload, 'Ukraine', 'Ukrainf') $(where plenary 4)" \
  'track plenary, event #4 (party.add): hash does not match the content (altered)'
# A payload that is no longer canonical JSON (a space added).
verify_names payload-space \
  "UPDATE events SET payload = replace(payload, '\"code\":', '\"code\": ') $(where plenary 4)" \
  'track plenary, event #4 (party.add): payload is not canonical JSON'
# One hex digit of the stored hash; of the signature.
verify_names hash \
  "UPDATE events SET hash = X'$(flipped_hex plenary 3 hash)' $(where plenary 3)" \
  'track plenary, event #3 (delegate.add): hash does not match the content (altered)'
verify_names signature \
  "UPDATE events SET sig = X'$(flipped_hex backchannel 3 sig)' $(where backchannel 3)" \
  'track backchannel, event #3 (document.version): bad signature'
# The signature removed; the actor changed to the other delegate.
verify_names unsigned "UPDATE events SET sig = NULL $(where plenary 4)" \
  'track plenary, event #4 (party.add): signature missing'
# The founding too; with it goes every delegate, so the bad event is named
# to a reader acting as no one ...
PARLEY_AS= verify_names unsigned-founding "UPDATE events SET sig = NULL $(where plenary 1)" \
  'track plenary, event #1 (negotiation.found): signature missing'
# ... and so is one acting as the convenor, who cannot be recognised in a
# record whose founding is bad, and reads as no one.
verify_names unsigned-founding-as-witkoff "UPDATE events SET sig = NULL $(where plenary 1)" \
  'track plenary, event #1 (negotiation.found): signature missing'
verify_names actor "UPDATE events SET actor = 'dmitriev' $(where plenary 4)" \
  'track plenary, event #4 (party.add): hash does not match the content (altered)'
verify_names kind "UPDATE events SET kind = 'party.remove' $(where plenary 4)" \
  'track plenary, event #4 (party.remove): hash does not match the content (altered)'
# The sequence number: a gap; a repeat is refused by the UNIQUE index, so
# the attacker moves the event past the head.
verify_names seq "UPDATE events SET seq = 9 $(where backchannel 2)" \
  'track backchannel, event #9 (document.version): events before it are missing'
# An event deleted: the next one is named.
verify_names delete "DELETE FROM events $(where plenary 3)" \
  'track plenary, event #4 (party.add): events before it are missing'
PARLEY_AS= verify_names delete-founding "DELETE FROM events $(where plenary 1)" \
  'track plenary, event #2 (party.add): events before it are missing'
verify_names delete-founding-as-witkoff "DELETE FROM events $(where plenary 1)" \
  'track plenary, event #2 (party.add): events before it are missing'
# A track's creation deleted: with it goes the proof that anyone is a
# member. A member (whom the tables still name) is told the record does not
# verify, without the track being named; rebuild (and every write) refuses
# the record.
verify_names delete-first "DELETE FROM events $(where backchannel 1)" \
  'the record does not verify: an event in a track you are not a member of is bad (its members can name it)'
copy=$(tampered delete-first-rebuild "DELETE FROM events $(where backchannel 1)")
PARLEY_DB=$copy expect_error 1 '^parley: the record does not verify, so it is not replayed: an event in a track you are not a member of is bad \(its members can name it\)$' -- rebuild
# Two events reordered: their sequence numbers swapped ...
verify_names reorder \
  "UPDATE events SET seq = -1 $(where plenary 3); UPDATE events SET seq = 3 $(where plenary 4);
   UPDATE events SET seq = 4 $(where plenary -1)" \
  'track plenary, event #4 (delegate.add): events before it are missing'
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
  "CREATE TEMP TABLE s AS SELECT seq, sig FROM events WHERE track = 'plenary' AND seq IN (3, 4);
   UPDATE events SET sig = (SELECT sig FROM s WHERE s.seq = 7 - events.seq)
   WHERE track = 'plenary' AND seq IN (3, 4)" \
  'track plenary, event #3 (delegate.add): bad signature'
# An event replayed: a real signed event copied, hash and signature and
# all, to the head of a chain, linked to it. Its hash covers its track,
# sequence number and link, so it holds only where it was signed.
replay() { # replay NAME FROM-TRACK FROM-SEQ TO-TRACK MESSAGE
  verify_names "$1" \
    "INSERT INTO events(track, seq, kind, at, actor, payload, prev, hash, sig)
     SELECT '$4', (SELECT max(seq) + 1 FROM events WHERE track = '$4'), kind, at, actor, payload,
       (SELECT hash FROM events WHERE track = '$4' ORDER BY seq DESC LIMIT 1), hash, sig
     FROM events $(where "$2" "$3")" "$5"
}
replay replayed-head plenary 6 plenary \
  'track plenary, event #7 (document.version): hash does not match the content (altered)'
replay replayed-older plenary 2 plenary \
  'track plenary, event #7 (party.add): hash does not match the content (altered)'
replay replayed-across backchannel 3 plenary \
  'track plenary, event #7 (document.version): hash does not match the content (altered)'
# ... or as it was, its old link kept, which breaks the chain instead.
verify_names replayed-link \
  "INSERT INTO events(track, seq, kind, at, actor, payload, prev, hash, sig)
   SELECT track, 7, kind, at, actor, payload, prev, hash, sig FROM events $(where plenary 4)" \
  'track plenary, event #7 (party.add): hash does not match the content (altered)'
# ... or over another event, in its row.
verify_names replayed-in-place \
  "UPDATE events SET (kind, at, actor, payload, prev, hash, sig) =
     (SELECT kind, at, actor, payload, prev, hash, sig FROM events $(where plenary 2))
   $(where plenary 4)" \
  'track plenary, event #4 (party.add): hash does not match the content (altered)'
# Someone outside the track sees the plenary only: a change in the
# back-channel is not theirs to find, a change in the plenary is.
copy=$(tampered outsider "UPDATE events SET sig = NULL $(where backchannel 3)")
PARLEY_DB=$copy PARLEY_AS= "$PARLEY" verify >/dev/null && ok || bad "outsider: plenary fails"
copy=$(tampered outsider-plenary "UPDATE events SET sig = NULL $(where plenary 5)")
PARLEY_DB=$copy PARLEY_AS= expect_error 1 \
  '^parley: track plenary, event #5 \(version.circulate\): signature missing$' -- verify

# The tail cut off: the chain that is left holds, but the receipt taken
# before catches it.
copy=$(tampered truncate "DELETE FROM events $(where plenary 6)")
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

# line_of TRACK SEQ: the line of log.jsonl that holds that event.
line_of() { grep -n "\"seq\":$2,\"sig\":\"[0-9a-f]*\",\"statement\":\"[0-9a-f]*\",\"track\":\"$1\"}}\$" log.jsonl | cut -d: -f1; }
bc1=$(line_of backchannel 1) bc2=$(line_of backchannel 2) pl2=$(line_of plenary 2) pl3=$(line_of plenary 3)
[ -n "$bc1" ] && [ -n "$bc2" ] && [ -n "$pl2" ] && [ -n "$pl3" ] && ok || bad "events missing from the log"
# swap_lines FILE A B: log.jsonl with lines A < B swapped.
swap_lines() {
  awk -v a="$2" -v b="$3" 'NR == FNR { line[NR] = $0; next }
    { print FNR == a ? line[b] : FNR == b ? line[a] : $0 }' log.jsonl log.jsonl >"$1"
}

# One byte of an event's payload.
sed "${bc2}s/\"document\":\"framework\"/\"document\":\"framewprk\"/" log.jsonl >payload.jsonl
cmp -s log.jsonl payload.jsonl && bad "payload.jsonl: the attack changed nothing"
expect_error 1 '^parley: payload.jsonl: track backchannel, event #2 \(document.version\): hash does not match the content \(altered\)$' \
  -- log verify payload.jsonl
# One byte of a text the log carries.
last=$(grep -n '^{"blob"' log.jsonl | tail -1 | cut -d: -f1)
sed "${last}s/\"text\":\"\(.\)/\"text\":\"X\1/" log.jsonl >text.jsonl
expect_error 1 "^parley: text.jsonl: line $last: a text does not match its hash \\(altered\\)\$" \
  -- log verify text.jsonl
# Two event lines swapped, in the track and in the plenary the log carries
# for authority.
swap_lines reordered.jsonl "$bc1" "$bc2"
expect_error 1 '^parley: reordered.jsonl: track backchannel, event #2 \(document.version\): events before it are missing$' \
  -- log verify reordered.jsonl
swap_lines reordered-plenary.jsonl "$pl2" "$pl3"
expect_error 1 '^parley: reordered-plenary.jsonl: track plenary, event #3 \(delegate.add\): events before it are missing$' \
  -- log verify reordered-plenary.jsonl
# An event line deleted: dmitriev's admission, which authority rests on.
sed "${pl3}d" log.jsonl >deleted.jsonl
expect_error 1 '^parley: deleted.jsonl: track plenary, event #4 \(party.add\): events before it are missing$' \
  -- log verify deleted.jsonl
# Cut in the middle of a line; cut after a whole line (caught by the receipt).
head -c $(($(stat -c %s log.jsonl) / 2)) log.jsonl >cut.jsonl
expect_error 1 '^parley: cut.jsonl: line [0-9]+: (the last line is cut short|not JSON) \(is the file truncated\?\)$' \
  -- log verify cut.jsonl
head -n "$bc2" log.jsonl >short.jsonl
# A prefix of whole lines: its chains hold, but the texts of its versions
# (written after the events) are missing.
expect_error 1 "^parley: short.jsonl: the text [0-9a-f]{16}\\.\\.\\. of framework@1 title is missing from the log\$" \
  -- log verify short.jsonl
expect_error 1 "^parley: short.jsonl: the event of receipt ${head_bc:0:16}\\.\\.\\. is gone: the log was cut back or rewritten\$" \
  -- log verify short.jsonl --expect "$head_bc"
# A delegate's key swapped for an attacker's: in the signed admission, the
# admission no longer matches its hash; in the header, nothing changes,
# since the verifier takes keys only from the signed admissions (an event
# signed with such a swapped-in key: test_tamper.c).
attacker=$(printf '%064d' 0 | tr 0 a)
dmitriev_key=$(sqlite3 "$PARLEY_DB" "SELECT lower(hex(public_key)) FROM delegates WHERE name = 'dmitriev'")
sed "${pl3}s/$dmitriev_key/$attacker/" log.jsonl >key.jsonl
cmp -s log.jsonl key.jsonl && bad "key.jsonl: the attack changed nothing"
expect_error 1 '^parley: key.jsonl: track plenary, event #3 \(delegate.add\): hash does not match the content \(altered\)$' \
  -- log verify key.jsonl
sed "1s/$dmitriev_key/$attacker/" log.jsonl >header-key.jsonl
cmp -s log.jsonl header-key.jsonl && bad "header-key.jsonl: the attack changed nothing"
"$PARLEY" log verify header-key.jsonl >/dev/null && ok || bad "header-key.jsonl: the header's keys were trusted"
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
