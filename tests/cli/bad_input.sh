# Every bad input of issue 2: one clear line, exit 1, the database unchanged.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
"$PARLEY" init --convenor sec --party SEC --party-name Secretariat >/dev/null
"$PARLEY" import "$ROOT/tests/data/plan-us-28.md" --doc us28 >/dev/null

printf '# T\n\n1. caf\xe9 au lait\n' >latin1.md
expect_error 1 '^parley: latin1.md: line 3: invalid UTF-8 \(byte offset 11\)$' -- import latin1.md --doc us28
: >empty.md
expect_error 1 '^parley: empty.md: empty file$' -- import empty.md --doc us28
printf '# Only a title\n\nAnd some prose.\n' >prose.md
expect_error 1 '^parley: prose.md: no numbered points$' -- import prose.md --doc us28
printf '# T\n\n## Part\n\n1. One.\n\n2. Two.\n\n2. Two again.\n' >dup.md
expect_error 1 '^parley: dup.md: line 9: point 2 appears twice in one part \(first at line 7\)$' -- import dup.md --doc us28
printf '# T\n\n1. One.\n\n2b7. Odd.\n' >label.md
expect_error 1 '^parley: label.md: line 5: not a point label: 2b7\.$' -- import label.md --doc us28
head -c 70000 /dev/zero >big.md
expect_error 1 '^parley: big.md: 70000 bytes is over the input cap of 65536 bytes \(see --max-size\)$' -- import big.md --doc us28 --max-size 64K
printf '\x7fELF\x02\x01\x01\x00\x00\x00binary' >prog.bin
expect_error 1 '^parley: prog.bin: binary file \(NUL byte at offset 7\)$' -- import prog.bin --doc us28
expect_error 1 '^parley: missing.md: No such file or directory$' -- import missing.md --doc us28
expect_error 1 "^parley: no document named 'nothing'$" -- show nothing
expect_error 1 '^parley: us28 has no version 7 \(latest is 1\)$' -- show us28@7
expect_error 1 "is not a version" -- show us28@0
expect_error 1 "is not a document name" -- import "$ROOT/tests/data/plan-eu-24.md" --doc 'a/b'

# A file that is not a parley database, and one from a newer schema.
echo "just text, nothing else, certainly no database here" >notdb.db
expect_error 1 '^parley: notdb.db is not a parley database' -- show us28 --db notdb.db
sqlite3 other.db 'CREATE TABLE t(x);'
expect_error 1 '^parley: other.db is not a parley database$' -- docs --db other.db
cp t.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 42;'
expect_error 1 '^parley: newer.db was written by a newer parley \(schema 42; this build reads up to 5\)$' -- docs --db newer.db
[ "$(sqlite3 newer.db 'PRAGMA user_version')" = 42 ] && ok || bad "newer.db was changed"
expect_error 1 '^parley: newer.db was written by a newer parley \(schema 42; this build reads up to 5\)$' -- migrate --db newer.db
[ "$(sqlite3 newer.db 'PRAGMA user_version')" = 42 ] && ok || bad "migrate changed newer.db"
"$PARLEY" migrate >out 2>&1 && grep -qx 'schema 5: up to date, nothing to do' out && ok || bad "migrate of a current file: $(cat out)"
# An older schema is refused until 'parley migrate'; one whose signatures
# this build cannot read is refused by migrate too.
cp t.db older.db
sqlite3 older.db 'PRAGMA user_version = 3;'
expect_error 1 "^parley: older.db was written by an earlier parley \(schema 3\), whose signatures this build does not read; its signers would have to sign its events again$" -- docs --db older.db
expect_error 1 "^parley: older.db was written by an earlier parley \(schema 3\)" -- migrate --db older.db

# Usage errors exit 2.
expect_error 2 "needs --doc NAME" -- import latin1.md
expect_error 2 "unknown command 'nosuch'" -- nosuch
expect_error 2 "--wait takes seconds" -- docs --wait never

# After all that, the one good version is still there and intact.
"$PARLEY" show us28 --format md >back.md && cmp -s back.md "$ROOT/tests/data/plan-us-28.md" && ok || bad "us28 no longer round-trips"
"$PARLEY" rebuild | grep -q identical && ok || bad "rebuild differs"
finish
