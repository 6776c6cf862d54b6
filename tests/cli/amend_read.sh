# Amendments a delegation can read, and line numbers (issue 12, items 1
# and 2): each complaint reproduced at the top of the issue, now answered.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }
# (A here-string, not a pipe: with pipefail, grep -q leaving early would
# fail the writer with SIGPIPE now and then.)
has() { # WHAT PATTERN TEXT: TEXT holds a line matching PATTERN
  if grep -Eq -- "$2" <<<"$3"; then ok; else bad "$1: no line matches '$2' in:"$'\n'"$3"; fi
}
lacks() {
  if grep -Eq -- "$2" <<<"$3"; then bad "$1: a line matches '$2' in:"$'\n'"$3"; else ok; fi
}

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add UA "Ukraine"
q delegate add umerov --party UA --role lead --make-key
q import "$ROOT/tests/data/plan-us-28.md" --doc framework

amend() { expect_error 1 "$1" -- amend framework@1 "${@:2}" --as umerov; }

# "--edit '6: 600000 -> …' answers closest match: 'The'": the closest
# phrase of as many words, digits compared without their commas.
amend "^parley: '600000' is not in point 6; closest match: '600,000' on line 1$" \
  --edit '6: 600000 -> 700,000'
amend "^parley: 'armed force' is not in point 6; closest match: 'armed forces' on line 1$" \
  --edit '6: armed force -> army'
# "Words that are in 21(a) are 'not in point 21', with no hint".
amend "^parley: 'Crimea' is not in point 21: it is in 21\(a\), line 2: write '21\(a\): Crimea -> …'$" \
  --edit '21: Crimea -> Crimea, Kherson'
amend "^parley: 'Crimea Luhansk' is not in point 21; closest match: 'Crimea, Luhansk' in 21\(a\), line 2$" \
  --edit '21: Crimea Luhansk -> x'

# Line citations: bad numbers are refused and record nothing.
amend "^parley: point 6 has 2 lines$" --edit '6, line 3: capped -> limited'
amend "^parley: point 6 has 2 lines$" --replace '6, lines 2-5=x'
amend "^parley: point 21 has 11 lines$" --delete '21, line 12'
amend "^parley: lines 0-0: count lines from 1" --edit '6, line 0: capped -> limited'
amend "^parley: --edit '6, line x: capped -> y': expected 'LABEL, line N: old -> new'" \
  --edit '6, line x: capped -> y'
amend "^parley: 'capped' is not on line 2 of point 6: it is on line 1: write '6, line 1: capped -> …'$" \
  --edit '6, line 2: capped -> limited'
amend "^parley: lines 3-4 of point 21 run across sub-items: cite lines of one text$" \
  --edit '21, lines 3-4: the -> a'
amend "^parley: --edit '21\(a\), line 2: Crimea -> x': lines are numbered within the point: cite '21, line N'" \
  --edit '21(a), line 2: Crimea -> x'

# Tabled by line: the line chooses the sub-item.
out=$("$PARLEY" amend framework@1 --edit '21, line 2: Crimea -> Crimea, Sevastopol' --as umerov)
has "amend by line" "^  edit        point 21\(a\), line 2: 'Crimea' -> 'Crimea, Sevastopol'$" "$out"
out=$("$PARLEY" amend framework@1 --replace '21, line 3=the United States too;' --as umerov)
has "replace lines" "^  edit        point 21\(a\), line 3: 'the United States also recognises them as such;' -> 'the United States too;'$" "$out"

# "amendment show prints 'edit point 6 words 8-11: …' — no before and after".
q amend framework@1 --edit '6: capped at 600,000 -> capped at 700,000' --as umerov
out=$("$PARLEY" amendment show framework A3)
has "show: operation" "^  edit        point 6, line 1: 'capped at 600,000' -> 'capped at 700,000'$" "$out"
has "show: where" "^point 6, line 1 \(of 2 lines\):$" "$out"
has "show: before" "^      1  6\. The strength of Ukraine's armed forces is capped at 600,000$" "$out"
has "show: after" "^      1  6\. The strength of Ukraine's armed forces is capped at 700,000$" "$out"
has "show: redline" "capped at \[-600,000-\]\{\+700,000\+\} personnel\.$" "$out"

# "an amendment made --from-file reads 'words 3-2'".
sed 's/^6\. The strength/6. The overall strength/' "$ROOT/tests/data/plan-us-28.md" >edited.md
out=$("$PARLEY" amend framework@1 --from-file edited.md --as umerov)
has "from-file" "^  edit        point 6, line 1: insert 'overall' before word 2$" "$out"
lacks "from-file" "words [0-9]+-[0-9]+" "$out"

# "amendments has no column saying which point is touched".
out=$("$PARLEY" amendments framework@1)
has "list: header" "^ID +BASE +PARTY +DELEGATE +STATUS +OPERATIONS +POINTS +CHANGE" "$out"
has "list: A3" "^A3 .* 6, line 1 .*\[-600,000-\]\{\+700,000\+\} personnel\." "$out"
has "list: A2" "^A2 .* 21, line 3 " "$out"
json=$("$PARLEY" amendments framework@1 --format json)
has "list json" '"points":"6, line 1"' "$json"
for f in md html csv; do
  has "list $f" "6, line 1" "$("$PARLEY" amendments framework@1 --format $f)"
done

# "The voting list has no amendment text."
out=$("$PARLEY" voting-list framework@1)
has "voting list" "^- +- +A3 +UA +6, line 1 .*\{\+700,000\+\}" "$out"
has "voting list json" '"change":"… forces is capped at \[-600,000-\]\{\+700,000\+\} personnel\."' \
  "$("$PARLEY" voting-list framework@1 --format json)"

# Line numbers in show: text, HTML and JSON, all from pl_point_lines.
out=$("$PARLEY" show framework@1 --point 21 --lines)
has "show --lines" "^  3          the United States also recognises them as such;$" "$out"
has "show --lines" "^ 11          Federation, which Russian forces will not enter\.$" "$out"
out=$("$PARLEY" show framework@1 --point 6 --lines --format html)
has "html lines" '<div class="line"><span class="ln">2</span><span class="lt" style="padding-left:3ch">personnel\.</span></div>' "$out"
out=$("$PARLEY" show framework@1 --point 6 --format json)
has "json lines" '"lines":\[\{"item":null,"start":0,"end":59\},\{"item":null,"start":60,"end":70\}\]' "$out"
expect_error 2 "--lines numbers --format text or html" -- show framework@1 --lines --format md

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
