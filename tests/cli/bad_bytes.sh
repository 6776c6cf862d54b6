# Bad bytes, at the door (issue 11): every text from the command line, the
# environment and input files is checked where it enters — one clear line,
# exit 1, the database unchanged — and stored text reaches the terminal
# with its control characters escaped.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add UA "Ukraine"
q delegate add umerov --party UA --role lead --make-key
q import "$ROOT/tests/data/plan-us-28.md" --doc framework
cp "$ROOT/tests/data/plan-us-28.md" a.md
cp a.md b.md

# --- the command line ---------------------------------------------------
# Once a null pointer reached strlen/memcpy.
expect_error 1 "^parley: argument 4 '\\\\xff' is not valid UTF-8 \(byte offset 0\)$" -- party add XX $'\xff'
cp a.md $'p\xff.md'
expect_error 1 "^parley: argument 3 'p\\\\xff.md' is not valid UTF-8 \(byte offset 1\)$" -- compare --files $'p\xff.md' b.md --format json
# Once stored with no text: accepting it would blank point 5.
expect_error 1 "^parley: argument 4 '5=\\\\xff' is not valid UTF-8 \(byte offset 2\)$" -- amend framework@1 --replace $'5=\xff' --as umerov
# Once made 'show --format json' print invalid JSON.
expect_error 1 "^parley: argument 6 '\\\\xff' is not valid UTF-8 \(byte offset 0\)$" -- import a.md --doc other --title $'\xff'
# A terminal escape (set the window title) is a control character.
expect_error 1 "^parley: argument 4 '\\\\e\]0;pwned\\\\x07' holds the control character U\+001B \(byte offset 0\)$" -- party add ESC $'\e]0;pwned\a'
expect_error 1 "holds the control character U\+009B" -- party add CSI $'\xc2\x9b2J'
expect_error 1 "holds the control character U\+007F" -- import a.md --doc other --title $'del\x7f'
# The error itself never echoes raw bytes: a bad command name is escaped.
expect_error 1 "^parley: argument 1 '\\\\e\[2J' holds the control character U\+001B" -- $'\e[2J'
# One-line texts: a name, a title, a point's text (a line break there would
# start a new point in the Markdown out), an operand.
expect_error 1 "^parley: the value of --title 'a\\\\nb' holds the control character U\+000A \(byte offset 1\)$" -- import a.md --doc other --title $'a\nb'
expect_error 1 "^parley: the value of --replace '5=x\\\\n6. y' holds the control character U\+000A" -- amend framework@1 --replace $'5=x\n6. y' --as umerov
expect_error 1 "^parley: the operand 'United\\\\tStates' holds the control character U\+0009" -- party add XX $'United\tStates'
# Size caps.
expect_error 1 "^parley: argument 4 '.{40}\.\.\.' is 70000 bytes, over the limit of 65536$" -- party add XX "$(head -c 70000 /dev/zero | tr '\0' a)"
# Texts that may span lines still can: a note, a justification.
"$PARLEY" amend framework@1 --replace '5=Five.' --justification $'Two\nlines.' --as umerov >/dev/null &&
  ok || bad "a two-line justification was refused"

# --- the environment ----------------------------------------------------
PARLEY_AS=$'wit\xffkoff' expect_error 1 "^parley: PARLEY_AS 'wit\\\\xffkoff' is not valid UTF-8 \(byte offset 3\)$" -- party add XX Foo
PARLEY_AS=$'\e[31m' expect_error 1 "^parley: PARLEY_AS '\\\\e\[31m' holds the control character U\+001B" -- party list
PARLEY_DB=$'t.db\n' expect_error 1 "^parley: PARLEY_DB 't.db\\\\n' holds the control character U\+000A" -- docs
PARLEY_KEYS=$'k\x01' expect_error 1 "^parley: PARLEY_KEYS 'k\\\\x01' holds the control character U\+0001" -- docs
# PARLEY_CLOCK is signed as each event's time: ISO 8601 UTC, a real time.
PARLEY_CLOCK=garbage expect_error 1 "^parley: PARLEY_CLOCK 'garbage' is not an ISO 8601 UTC time YYYY-MM-DDTHH:MM:SSZ$" -- party add XX Foo
PARLEY_CLOCK=2025-02-29T09:00:00Z expect_error 1 "^parley: PARLEY_CLOCK '2025-02-29T09:00:00Z' is not a real date and time$" -- party add XX Foo
PARLEY_CLOCK=2025-11-20T25:00:00Z expect_error 1 "is not a real date and time$" -- party add XX Foo
PARLEY_CLOCK=2025-11-20T09:00:00+01:00 expect_error 1 "is not an ISO 8601 UTC time" -- party add XX Foo
PARLEY_CLOCK=2025-11-20 expect_error 1 "is not an ISO 8601 UTC time" -- party add XX Foo
PARLEY_CLOCK=2024-02-29T09:00:00Z "$PARLEY" party add XX Foo >/dev/null &&
  [ "$(sqlite3 "$PARLEY_DB" "SELECT at FROM events WHERE payload LIKE '%\"XX\"%'")" = 2024-02-29T09:00:00Z ] &&
  ok || bad "a good PARLEY_CLOCK was not the event's time"

# --- input files ---------------------------------------------------------
printf '# T\n\n1. One \033]0;pwned\a.\n' >esc.md
expect_error 1 "^parley: esc.md holds the control character U\+001B \(byte offset 12\)$" -- import esc.md --doc other
printf '# T\n\n1. One.\f\n' >ff.md
expect_error 1 "^parley: ff.md holds the control character U\+000C" -- import ff.md --doc other
printf '# T\n\n1. One \302\2332J.\n' >csi.md
expect_error 1 "^parley: csi.md holds the control character U\+009B" -- compare --files csi.md a.md
# CR-only line endings (valid CommonMark) and CRLF read exactly like LF;
# CR-only was once "'' is not a point label".
tr '\n' '\r' <a.md >cr.md
sed 's/$/\r/' a.md >crlf.md
for ending in cr crlf; do
  "$PARLEY" import $ending.md --doc $ending >/dev/null &&
    "$PARLEY" show $ending --format md | cmp -s - a.md &&
    ok || bad "a plan with $ending line endings does not read like LF"
done

# --- stored text on the way out ------------------------------------------
# What got in before these checks, or through a damaged file, reaches the
# terminal escaped (ESC as \e, other controls as \xNN, C1 as \u{NN}) and
# JSON stays valid. Each case works on a copy whose append-only triggers
# are gone, as an attacker with the sqlite3 shell would.
damaged() {
  rm -f damaged.db
  sqlite3 "$PARLEY_DB" ".backup 'damaged.db'"
  sqlite3 damaged.db "DROP TRIGGER events_no_update; DROP TRIGGER blobs_no_update; $1" ||
    bad "cannot damage a copy: $1"
}
no_raw_controls() { ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; }
valid_json() { [ "$(sqlite3 :memory: "SELECT json_valid(readfile('$1'))")" = 1 ]; }
esc="'Evil' || char(27) || ']0;pwned' || char(7) || char(155)"

damaged "UPDATE parties SET name = $esc WHERE code = 'US'"
PARLEY_DB=damaged.db "$PARLEY" party list >out.txt 2>&1 &&
  grep -qF 'Evil\e]0;pwned\x07\u{9b}' out.txt && no_raw_controls out.txt &&
  ok || bad "party list sent a stored escape to the terminal: $(cat -v out.txt)"
PARLEY_DB=damaged.db "$PARLEY" party list --format json >out.json && valid_json out.json &&
  grep -qiF 'Evil\u001b]0;pwned\u0007' out.json &&
  ok || bad "party list --format json: $(cat -v out.json)"

damaged "UPDATE events SET payload = replace(payload, 'Ukraine', 'Evil\u001b]0;pwned\u0007') WHERE kind = 'party.add'"
PARLEY_DB=damaged.db "$PARLEY" timeline >out.txt 2>&1 &&
  grep -qF 'UA (Evil\e]0;pwned\x07) joined' out.txt && no_raw_controls out.txt &&
  ok || bad "timeline sent a stored escape to the terminal: $(cat -v out.txt)"

title="(SELECT title FROM versions v JOIN documents d ON d.id = v.doc WHERE d.name = 'framework')"
# A text is read only when it matches its hash (tamper_texts.sh), so an
# escape slipped into one never reaches the terminal at all: the read is
# refused with one line that does not echo the text.
damaged "UPDATE blobs SET body = 'Plan' || char(27) || '[2J' || char(10) || 'next' WHERE hash = $title"
forged_title="^parley: text [0-9a-f]{16}\.\.\. of framework@1 title does not match its hash: the database was altered outside parley\$"
PARLEY_DB=damaged.db expect_error 1 "$forged_title" -- show framework --format text
PARLEY_DB=damaged.db "$PARLEY" show framework --format text >out.txt 2>&1
no_raw_controls out.txt && ok || bad "show --format text sent a stored escape to the terminal: $(head -3 out.txt | cat -v)"

# A stored text that is not UTF-8: once a crash; then left out of the
# export in silence; now the export names it and prints nothing.
damaged "UPDATE blobs SET body = CAST(X'41FF42' AS TEXT) WHERE hash = $title"
PARLEY_DB=damaged.db expect_error 1 "^parley: cannot export: ${forged_title#^parley: }" -- log export plenary
# Event 2, not the founding: an event that does not verify ends the
# authority replayed from the record there, and witkoff, who exports,
# was admitted by the founding.
damaged "UPDATE events SET at = CAST(X'32FF' AS TEXT) WHERE track = 'plenary' AND seq = 2"
PARLEY_DB=damaged.db expect_error 1 "^parley: cannot export: the time of event 2 of track plenary is not valid UTF-8 \(byte offset 1\)" -- log export plenary
damaged "UPDATE events SET payload = CAST(X'7B22FF223A317D' AS TEXT) WHERE track = 'plenary' AND seq = 2"
PARLEY_DB=damaged.db expect_error 1 "^parley: cannot export: the payload of event 2 of track plenary is not valid JSON" -- log export plenary
damaged "UPDATE parties SET name = CAST(X'41FF42' AS TEXT) WHERE code = 'US'"
PARLEY_DB=damaged.db "$PARLEY" party list --format json >out.json && valid_json out.json &&
  grep -qF 'A\\xffB' out.json && ok || bad "party list --format json with a bad byte: $(cat -v out.json)"
"$PARLEY" log export plenary >log.jsonl && "$PARLEY" log verify log.jsonl >/dev/null &&
  ok || bad "the undamaged log no longer exports and verifies"

finish
