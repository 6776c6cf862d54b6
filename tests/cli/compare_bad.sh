# Bad input to 'parley compare' and 'parley reuse': one clear line, exit 1
# (2 for usage), nothing on stdout, the database unchanged.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null
us="$ROOT/tests/data/plan-us-28.md"

printf '# T\n\n1. caf\xe9 au lait\n' >latin1.md
expect_error 1 '^parley: latin1.md: line 3: invalid UTF-8 \(byte offset 11\)$' -- compare --files "$us" latin1.md
expect_error 1 '^parley: missing.md: No such file or directory$' -- compare --files "$us" missing.md
printf '# Only a title\n\nAnd some prose.\n' >prose.md
expect_error 1 '^parley: prose.md: no numbered points$' -- compare --files prose.md "$us"
expect_error 1 "^parley: no document named 'nothing'$" -- compare us28 nothing
expect_error 1 "unknown language 'klingon'" -- compare --files "$us" "$us" --language klingon
expect_error 2 "needs two or more plans" -- compare --files "$us"
expect_error 2 "--threshold takes a number" -- compare --files "$us" "$us" --threshold 2
expect_error 2 "--format is text, md, html, json or docx" -- compare --files "$us" "$us" --format pdf

mkdir corpus && cp "$us" corpus/a.md && cp latin1.md corpus/b.md
expect_error 1 'latin1.md|b.md: line 3: invalid UTF-8' -- reuse corpus
expect_error 1 '^parley: missing.md: No such file or directory$' -- reuse --files missing.md
expect_error 1 'not a directory that can be read' -- reuse nodir
expect_error 2 "--shingle takes a whole number" -- reuse corpus --shingle 0
expect_error 2 "needs directories" -- reuse

# Good runs for contrast: a plan against itself, and a corpus.
"$PARLEY" compare us28 us28 --summary | grep -q '28 links (28 same' && ok || bad "self-comparison"
rm corpus/b.md && cp "$ROOT/tests/data/plan-eu-counter.md" corpus/c.md
"$PARLEY" reuse corpus | grep -q '^cluster 1:' && ok || bad "reuse finds the shared points"
finish
