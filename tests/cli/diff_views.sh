# parley diff --files maps its two files (pl_file_view): files whose size
# is a whole number of pages, where a read past the end would fault, diff
# to the change at their very last bytes; an empty file diffs against a
# full one; and the plan diff reads a mapped file as the database import
# reads it.
. "$(dirname "$0")/lib.sh" "$@"

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
  if "$PARLEY" diff --files "f$size-AAAA" "f$size-ZZZZ" --text --format json >out.json 2>err &&
    grep -q 'ZZZZ"' out.json && grep -q 'AAAA"' out.json; then ok; else
    bad "text diff of $size-byte files: $(cat err)"
  fi
done

: >empty.txt
if "$PARLEY" diff --files empty.txt f65536-ZZZZ --text --format json >out.json 2>err &&
  grep -q 'ZZZZ"' out.json; then ok; else bad "empty against full: $(cat err)"; fi

"$PARLEY" diff --files "$ROOT/tests/data/plan-us-28.md" "$ROOT/tests/data/plan-eu-counter.md" \
  --stat >mapped.txt 2>err || bad "plan diff: $(cat err)"
"$PARLEY" init >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-eu-counter.md" --doc counter >/dev/null
"$PARLEY" diff us28 counter --stat >stored.txt 2>err || bad "stored diff: $(cat err)"
# The same table, but for the names of the two sides in its heading.
if diff <(tail -n +2 mapped.txt) <(tail -n +2 stored.txt) >/dev/null; then ok; else
  bad "the mapped plan diff differs from the stored one"
fi

finish
