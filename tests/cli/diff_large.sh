# A plan diff of files of 8 MiB or more runs itself once more with glibc's
# huge-page tunables (cmd_diff.c): its output is the one of a single run
# (PARLEY_SMALL_PAGES=1), a GLIBC_TUNABLES of the user's own is left as it
# is, and a bad byte is still reported once, naming the file.
. "$(dirname "$0")/lib.sh" "$@"
BIN=$(dirname "$PARLEY")

"$BIN/gen_plan" --seed 7 --bytes 4500K >a.md
"$BIN/gen_edit" --seed 7 <a.md >b.md
[ "$(($(wc -c <a.md) + $(wc -c <b.md)))" -ge $((8 << 20)) ] || bad "the pair is under 8 MiB"

"$PARLEY" diff --files a.md b.md --format json >huge.json 2>err || bad "diff: $(cat err)"
PARLEY_SMALL_PAGES=1 "$PARLEY" diff --files a.md b.md --format json >small.json 2>err ||
  bad "diff, small pages: $(cat err)"
GLIBC_TUNABLES=glibc.malloc.perturb=0 "$PARLEY" diff --files a.md b.md --format json \
  >own.json 2>err || bad "diff, own tunables: $(cat err)"
if cmp -s huge.json small.json && cmp -s huge.json own.json && [ -s huge.json ]; then ok; else
  bad "the outputs differ"
fi

printf '\n1. caf\xe9\n' >>b.md
expect_error 1 '^parley: b.md: line [0-9]+: invalid UTF-8 \(byte offset [0-9]+\)$' -- \
  diff --files a.md b.md --format json

finish
