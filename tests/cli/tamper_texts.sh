# Tampering with what is not an event (issue 11), as an attacker with the
# sqlite3 shell and write access to the file would: a text's bytes edited
# under its old hash, a text deleted, an append-only trigger dropped or
# changed. 'parley verify' names the problem, 'show' and 'docs' refuse to
# print a forged text or to drop a point whose text is gone, and 'rebuild'
# refuses instead of calling the tables identical — each with one line,
# exit 1, the database left as it was.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

cat >small.md <<'EOF'
# A small plan

A preamble before any point.

## Part 1: The first part

An introduction to the first part.

1. The first point.

2. The second point: (a) one sub-item; (b) another sub-item.
EOF
P init --convenor witkoff --party US --party-name "United States"
P import "$ROOT/tests/data/plan-us-28.md" --doc framework
P import "$ROOT/tests/data/plan-eu-counter.md" --doc framework
P import small.md --doc small
"$PARLEY" verify >/dev/null && ok || bad "the untouched database does not verify"
"$PARLEY" rebuild | grep -q identical && ok || bad "the untouched database does not rebuild identical"

altered=': the database was altered outside parley'
# The key, in lower-case hex, of the text SQL selects (a hash column).
key_of() { sqlite3 "$PARLEY_DB" "SELECT lower(hex(($1)))"; }
text_key() {
  key_of "SELECT p.text FROM version_points p JOIN documents d ON d.id = p.doc
          WHERE d.name = '$1' AND p.number = $2 AND p.label = '$3'"
}

# tampered NAME SQL: a copy of the database changed by SQL, with the blobs'
# triggers dropped for the attack and put back afterwards, so that only the
# change itself is left to find; prints the copy's path.
tampered() {
  local copy="$WORK/$1.db"
  rm -f "$copy" "$copy-wal" "$copy-shm"
  sqlite3 "$PARLEY_DB" ".backup '$copy'"
  local triggers
  triggers=$(sqlite3 "$copy" "SELECT sql || ';' FROM sqlite_master
    WHERE type = 'trigger' AND tbl_name = 'blobs'")
  sqlite3 "$copy" "DROP TRIGGER blobs_no_update; DROP TRIGGER blobs_no_delete; $2" ||
    bad "$1: the attack itself failed"
  sqlite3 "$copy" "$triggers" || bad "$1: the triggers could not be put back"
  echo "$copy"
}

quote() { printf '%s' "$1" | sed 's/[][().*^$+?{}|\\]/\\&/g'; }

# fails_with COPY MESSAGE -- ARGS: parley ARGS on COPY fails, one line,
# exactly "parley: MESSAGE".
fails_with() {
  local copy=$1 message=$2
  shift 3
  PARLEY_DB=$copy expect_error 1 "^parley: $(quote "$message")\$" -- "$@"
}

# --- a text's bytes edited, its hash key kept -------------------------
key=$(text_key framework 1 6)
copy=$(tampered edited "UPDATE blobs SET body = body || ' And more.' WHERE hash = X'$key'")
message="text ${key:0:16}... of framework@1 point 6 does not match its hash$altered"
fails_with "$copy" "$message" -- verify
fails_with "$copy" "$message" -- show framework@1 --point 6
fails_with "$copy" "$message" -- show framework@1 --format json
fails_with "$copy" "$message" -- rebuild
# The export once left such a text out in silence (the log still verified).
fails_with "$copy" "cannot export: $message" -- log export plenary
# A text both versions share is stored once: altered, it fails in both.
key=$(text_key framework 1 5)
[ "$key" = "$(text_key framework 2 5)" ] && ok || bad "point 5 differs between the versions"
copy=$(tampered shared "UPDATE blobs SET body = body || ' And more.' WHERE hash = X'$key'")
for v in 1 2; do
  fails_with "$copy" "text ${key:0:16}... of framework@$v point 5 does not match its hash$altered" \
    -- show framework@$v --point 5
done
# The database the attack started from is untouched and reads as before.
"$PARLEY" show framework@1 --point 6 >/dev/null && ok || bad "the original no longer shows"

# Every kind of text: a title, a part's heading and introduction, a
# sub-item, the preamble.
title=$(key_of "SELECT title FROM versions v JOIN documents d ON d.id = v.doc
                WHERE d.name = 'small' AND v.number = 1")
copy=$(tampered title "UPDATE blobs SET body = 'A forged title' WHERE hash = X'$title'")
fails_with "$copy" "text ${title:0:16}... of small@1 title does not match its hash$altered" -- docs
fails_with "$copy" "text ${title:0:16}... of small@1 title does not match its hash$altered" -- verify
heading=$(key_of "SELECT heading FROM version_parts p JOIN documents d ON d.id = p.doc
                  WHERE d.name = 'small'")
copy=$(tampered heading "UPDATE blobs SET body = 'Part 9' WHERE hash = X'$heading'")
fails_with "$copy" "text ${heading:0:16}... of small@1 part 1 heading does not match its hash$altered" \
  -- show small --format md
intro=$(key_of "SELECT intro FROM version_parts p JOIN documents d ON d.id = p.doc
                WHERE d.name = 'small'")
copy=$(tampered intro "DELETE FROM blobs WHERE hash = X'$intro'")
fails_with "$copy" "text ${intro:0:16}... of small@1 part 1 introduction is missing$altered" \
  -- show small --format html
item=$(key_of "SELECT i.text FROM version_items i JOIN documents d ON d.id = i.doc
               WHERE d.name = 'small' AND i.label = 'b'")
copy=$(tampered item "UPDATE blobs SET body = 'a forged sub-item' WHERE hash = X'$item'")
fails_with "$copy" "text ${item:0:16}... of small@1 point 2 (b) does not match its hash$altered" \
  -- show small --point 2
fails_with "$copy" "text ${item:0:16}... of small@1 point 2 (b) does not match its hash$altered" \
  -- verify
preamble=$(key_of "SELECT preamble FROM versions v JOIN documents d ON d.id = v.doc
                   WHERE d.name = 'small'")
copy=$(tampered preamble "UPDATE blobs SET body = 'A forged preamble.' WHERE hash = X'$preamble'")
fails_with "$copy" "text ${preamble:0:16}... of small@1 preamble does not match its hash$altered" \
  -- show small
fails_with "$copy" "text ${preamble:0:16}... of small@1 preamble does not match its hash$altered" \
  -- verify
# A text no version names, stored under a key that is not its hash.
copy=$(tampered stray "INSERT INTO blobs(hash, body) VALUES (zeroblob(32), 'stray')")
fails_with "$copy" "text 0000000000000000... does not match its hash$altered" -- verify
fails_with "$copy" "text 0000000000000000... does not match its hash$altered" -- rebuild
PARLEY_DB=$copy "$PARLEY" show framework@1 --point 6 >/dev/null && ok ||
  bad "stray: an untouched point no longer shows"

# --- a text deleted -----------------------------------------------------
key=$(text_key framework 1 6)
copy=$(tampered deleted "DELETE FROM blobs WHERE hash = X'$key'")
message="text ${key:0:16}... of framework@1 point 6 is missing$altered"
fails_with "$copy" "$message" -- verify
fails_with "$copy" "$message" -- show framework@1 --point 6
fails_with "$copy" "$message" -- show framework@1 --format text
fails_with "$copy" "$message" -- rebuild
fails_with "$copy" "cannot export: $message" -- log export plenary

# --- an append-only trigger dropped, or changed ------------------------
for trigger in events_no_update events_no_delete blobs_no_update blobs_no_delete; do
  copy="$WORK/drop-$trigger.db"
  sqlite3 "$PARLEY_DB" ".backup '$copy'"
  sqlite3 "$copy" "DROP TRIGGER $trigger" || bad "$trigger: the attack itself failed"
  fails_with "$copy" "the append-only trigger $trigger is missing$altered" -- verify
done
copy="$WORK/changed-trigger.db"
sqlite3 "$PARLEY_DB" ".backup '$copy'"
sqlite3 "$copy" "DROP TRIGGER events_no_delete; CREATE TRIGGER events_no_delete
  BEFORE DELETE ON events WHEN 0 BEGIN SELECT RAISE(ABORT, 'events are append-only'); END" ||
  bad "changed-trigger: the attack itself failed"
fails_with "$copy" "the append-only trigger events_no_delete was changed$altered" -- verify
# The trigger's absence is a matter for verify; reading still works.
PARLEY_DB=$copy "$PARLEY" show framework@1 --point 6 >/dev/null && ok ||
  bad "changed-trigger: show fails"
finish
