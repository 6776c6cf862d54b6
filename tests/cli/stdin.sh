# '-' reads standard input wherever parley reads a file: the output is the
# one the file gives (messages name "standard input"), and standard input
# is read only once.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
US=plan-us-28.md
# The file standard input stands for is named as messages name that input,
# so that both runs print the same bytes.
EU="standard input"
cp "$ROOT/tests/data/plan-us-28.md" "$US"
cp "$ROOT/tests/data/plan-eu-counter.md" "$EU"
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

# same_output NAME CMD... : CMD with FILE arguments, then with '-' and the
# file on standard input (the word STDIN marks where), print the same.
same_output() {
  local name=$1 file=$2
  shift 2
  "$PARLEY" "${@//STDIN/$file}" >from-file 2>&1
  local want=$?
  "$PARLEY" "${@//STDIN/-}" <"$file" >from-stdin 2>&1
  local got=$?
  if [ "$want" = "$got" ] && cmp -s from-file from-stdin; then ok; else
    bad "$name: '-' differs from the file (exit $want/$got): $(diff from-file from-stdin | head -5)"
  fi
}

P init --convenor sec --party SEC --party-name Secretariat
"$PARLEY" import - --doc framework <"$US" >out 2>&1 && grep -q '^imported standard input as framework@1' out &&
  ok || bad "import -: $(cat out)"
"$PARLEY" show framework --format md | cmp -s - "$US" && ok || bad "import - did not store the text"

same_output "diff --files" "$EU" diff --files "$US" STDIN --stat
same_output "diff --files --text" "$EU" diff --files --text STDIN "$US"
same_output "compare --files" "$EU" compare --files "$US" STDIN --summary
same_output "reuse --files" "$EU" reuse --files "$US" STDIN --format json
same_output "redlines --proposal" "$EU" redlines framework@1 --proposal STDIN
"$PARLEY" log export plenary >log.jsonl || bad "log export failed"
same_output "log verify" log.jsonl log verify STDIN

# The names in messages: "standard input", not "-".
printf 'caf\xe9\n' >bad.md
"$PARLEY" diff --files "$US" - <bad.md >/dev/null 2>err
[ $? = 2 ] && grep -q '^parley: standard input: line 1: invalid UTF-8' err && ok ||
  bad "a bad standard input is not named: $(cat err)"
expect_error 2 "standard input \('-'\) can be only one of the files" -- diff --files - -
expect_error 1 "standard input \('-'\) can be read only once" -- compare --files - - <"$US"
expect_error 1 "^parley: standard input: over the input cap of 100 bytes" -- \
  import - --doc big --max-size 100 <"$US"

"$PARLEY" amend framework@1 --from-file - <"$EU" >out 2>&1 && ok || bad "amend --from-file -: $(cat out)"
[ "$("$PARLEY" amendments framework@1 --format json | grep -c '"id"')" -ge 1 ] && ok ||
  bad "amend --from-file - tabled nothing"

finish
