# --format json: one style for every command (compact, one line ending in a
# newline), each document named by a "format" field (parley.NAME/N) that
# docs/json.md documents under its own heading, and holding the fields that
# heading's example holds.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
DATA="$ROOT/tests/data"
DOCS="$ROOT/docs/json.md"
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }
P init --convenor sec --party SEC --party-name Secretariat
P party add UA Ukraine
P delegate add umerov --party UA --make-key
P import "$DATA/plan-us-28.md" --doc framework
P import "$DATA/plan-eu-counter.md" --doc framework
P amend framework@2 --edit '6: 800,000 -> 700,000' --as umerov
P position framework@2 6 accept --as umerov
P meeting add "Geneva talks" --date 2025-11-23 --place Geneva --parties SEC,UA
P statement add "We are ready." --date 2025-11-23 --level record --as umerov
"$PARLEY" log export plenary >log.jsonl || bad "log export"

# The top-level fields the schema's section lists: "Fields: `a`, `b`, ...".
documented_keys() { # SCHEMA
  awk -v name="\`$1\`" '
    /^## / { on = index($0, name) > 0; next }
    on && /^Fields: / { grab = 1 }
    on && grab && /^$/ { exit }
    on && grab { print }' "$DOCS" | grep -o '`[a-z_]*`' | tr -d '`' | sort
}

check() { # ARGS...: one JSON document in the one style
  local out
  local status
  out=$("$PARLEY" "$@" --format json 2>&1)
  status=$?
  # diff exits 1 when its inputs differ, as diff(1).
  if [ "$status" != 0 ] && ! { [ "$1" = diff ] && [ "$status" = 1 ]; }; then
    bad "parley $*: exit $status: $out"
    return
  fi
  if [ "$(printf '%s\n' "$out" | wc -l)" != 1 ]; then bad "parley $*: not one line"; return; fi
  if ! printf '%s' "$out" | jq -e . >/dev/null; then bad "parley $*: not JSON"; return; fi
  # Compact: no white space left once the strings are taken out.
  if printf '%s' "$out" | sed 's/"\([^"\\]\|\\.\)*"//g' | grep -q '[[:space:]]'; then
    bad "parley $*: not compact JSON"
    return
  fi
  local schema
  schema=$(printf '%s' "$out" | jq -r '.format // empty')
  if ! [[ $schema =~ ^parley\.[a-z-]+/[0-9]+$ ]]; then bad "parley $*: no format field"; return; fi
  if ! grep -q "^## .*\`$schema\`" "$DOCS"; then bad "parley $*: $schema is not in docs/json.md"; return; fi
  local want got
  want=$(documented_keys "$schema")
  got=$(printf '%s' "$out" | jq -r 'keys_unsorted[]' | sort)
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    bad "parley $*: keys of $schema are [$(echo $got)], documented [$(echo $want)]"
    return
  fi
  ok
}

check docs
check versions framework
check show framework@1
check show framework@1 --point 6
check diff framework@1 framework@2
check diff --files "$DATA/plan-us-28.md" "$DATA/plan-eu-counter.md"
check diff --files --text "$DATA/plan-us-28.md" "$DATA/plan-eu-counter.md"
check compare --files "$DATA/plan-us-28.md" "$DATA/plan-eu-counter.md"
check reuse --files "$DATA/plan-us-28.md" "$DATA/plan-eu-counter.md"
check party list
check delegate list
check track list
check meeting list
check statement list
check timeline
check amendments framework@2
check amendment show framework A1
check voting-list framework@2
check matrix framework@2
check text framework@2 --brackets
check progress framework
check verify
check log head plenary
check log verify log.jsonl
# Commands that change something, or make a key, say what they did.
check party add XX "Another party"
check track add side SEC UA
check meeting add "Side talks" --date 2025-11-24 --place Geneva --parties SEC,UA
check import "$DATA/plan-eu-24.md" --doc eu24
check import "$DATA/plan-eu-24.md" --doc eu24
check keygen newbie
check init --convenor c2 --party C --party-name Other --db other.db
check rebuild
check amend framework@2 --edit '9: Poland -> Romania' --as umerov
check position framework@2 9 reject --as umerov
check amendment accept framework A1 --as umerov
check amendment withdraw framework A2 --as umerov

finish
