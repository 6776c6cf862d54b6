# parley diff --files maps its two files (pl_file_view): files whose size
# is a whole number of pages, where a read past the end would fault, diff
# to the change at their very last bytes; an empty file diffs against a
# full one; and the plan diff reads a mapped file as the database import
# reads it.
. "$(dirname "$0")/lib.sh" "$@"

# parley diff exits 1 when its inputs differ (as diff(1)); every diff here does.
differs() { "$PARLEY" diff "$@"; [ $? -eq 1 ]; }

# 65,536 and 2 MiB + 4,096 bytes: "word " repeated, the last word changed.
page_file() { # SIZE LAST-WORD
  local size=$1 last=$2
  yes 'word' | tr '\n' ' ' | head -c $((size - ${#last})) >"f$size-$last"
  printf '%s' "$last" >>"f$size-$last"
}
for size in 65536 $(((2 << 20) + 4096)); do
  page_file "$size" AAAA
  page_file "$size" ZZZZ
  [ "$(wc -c <"f$size-ZZZZ")" -eq "$size" ] || bad "the file of $size bytes is $(wc -c <"f$size-ZZZZ")"
  if differs --files "f$size-AAAA" "f$size-ZZZZ" --text --format json >out.json 2>err &&
    grep -q 'ZZZZ"' out.json && grep -q 'AAAA"' out.json; then ok; else
    bad "text diff of $size-byte files: $(cat err)"
  fi
done

: >empty.txt
if differs --files empty.txt f65536-ZZZZ --text --format json >out.json 2>err &&
  grep -q 'ZZZZ"' out.json; then ok; else bad "empty against full: $(cat err)"; fi

# A plan large enough for its JSON to be written in two halves on two
# threads (2,048 points and more), changed only in its last point: with
# --changed-only the first half shows nothing, and the second half's first
# point must not be preceded by a comma.
BIN=$(dirname "$PARLEY")
"$BIN/gen_plan" --seed 3 --bytes 1M >big-a.md
awk '{ line[NR] = $0 }
  END {
    for (i = NR; i > 0 && line[i] == ""; i--) {}
    sub(/\.$/, " CHANGEDWORD.", line[i])
    for (j = 1; j <= NR; j++) print line[j]
  }' big-a.md >big-b.md
cmp -s big-a.md big-b.md && bad "the last point of big-b.md is unchanged"
differs --files big-a.md big-b.md --format json --changed-only >big.json 2>err ||
  bad "large changed-only diff: $(cat err)"
if [ "$(grep -o '"a_id":' big.json | wc -l)" = 1 ] && grep -q CHANGEDWORD big.json &&
  ! grep -q '\[,' big.json && tail -c 3 big.json | grep -q ']}'; then ok; else
  bad "large changed-only JSON: $(head -c 300 big.json)"
fi

differs --files "$ROOT/tests/data/plan-us-28.md" "$ROOT/tests/data/plan-eu-counter.md" \
  --stat >mapped.txt 2>err || bad "plan diff: $(cat err)"
export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-eu-counter.md" --doc counter >/dev/null
differs us28 counter --stat >stored.txt 2>err || bad "stored diff: $(cat err)"
# The same table, but for the names of the two sides in its heading.
if diff <(tail -n +2 mapped.txt) <(tail -n +2 stored.txt) >/dev/null; then ok; else
  bad "the mapped plan diff differs from the stored one"
fi

# The same inputs exit 0 and print no change; trouble exits 2.
"$PARLEY" diff --files big-a.md big-a.md --changed-only --format json >/dev/null 2>err
[ $? -eq 0 ] && ok || bad "a plan against itself does not exit 0: $(cat err)"
"$PARLEY" diff --files --text empty.txt empty.txt >/dev/null 2>err
[ $? -eq 0 ] && ok || bad "a text against itself does not exit 0: $(cat err)"
"$PARLEY" diff us28 us28@1 >/dev/null 2>err
[ $? -eq 0 ] && ok || bad "a version against itself does not exit 0: $(cat err)"
"$PARLEY" diff --files big-a.md missing.md >/dev/null 2>err
[ $? -eq 2 ] && ok || bad "a missing file does not exit 2"
"$PARLEY" diff us28@1 us28@9 >/dev/null 2>err
[ $? -eq 2 ] && ok || bad "a missing version does not exit 2"

finish
