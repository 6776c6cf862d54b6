# A Word document's tracked changes tabled as amendments (issue 16, item 2):
# insertions, deletions, moves, changes inside numbered sub-items and
# changes by two authors, each author's amendments signed by the delegate
# it maps to; comments as statements on the points they anchor to. The
# documents are built here (tests/docx/docx_fixture.c).
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
FIXTURE="$(dirname "$PARLEY")/tests/docx_fixture"
[ -x "$FIXTURE" ] || { echo "docx_fixture is missing next to $PARLEY (tests/docx)"; exit 1; }
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }
has() { # WHAT PATTERN TEXT
  if grep -Eq -- "$2" <<<"$3"; then ok; else bad "$1: '$2' not in: ${3:0:400}"; fi
}

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add UA "Ukraine"
q party add EU "European Union"
q delegate add umerov --party UA --role lead --make-key
q delegate add kallas --party EU --role lead --make-key
cat >base.md <<'MD'
# Plan

## Part 1: Ceasefire

1. A ceasefire takes effect on land and at sea.

2. Prisoners are exchanged all for all.

3. The line of contact is frozen: (a) no side advances; (b) monitors report violations.

## Part 2: Security

4. Ukraine's forces are capped at 600,000 personnel.

5. Sanctions are lifted step by step.
MD
q import base.md --doc plan

# Two authors: Jane Doe inserts words, changes a sub-item and inserts a
# point (Word renumbers the next one); John Roe replaces words in two
# points and comments on one.
cat >two.spec <<'SPEC'
title Plan
h1 Part 1: Ceasefire
n 0 A ceasefire takes effect on land{+Jane Doe|, in the air+} and at sea.
n 0 Prisoners are exchanged {-John Roe|all for all-}{+John Roe|on an all-for-all basis+}.{#John Roe|The ICRC should oversee this.#}
n 0 The line of contact is frozen:
n 1 no side advances;
n 1 monitors {-Jane Doe|report-}{+Jane Doe|publish+} violations.
h1 Part 2: Security
n 0 Ukraine's forces are capped at {-John Roe|600,000-}{+John Roe|800,000+} personnel.
mark + Jane Doe
n 0 {+Jane Doe|Elections are held within 100 days.+}
n 0 Sanctions are lifted step by step.
SPEC
"$FIXTURE" build two.docx two.spec || bad "docx_fixture build"
# An author without a delegate: one line naming the author, nothing recorded.
expect_error 1 "two.docx: the Word author 'John Roe' \(of tracked changes\) has no delegate: give --author 'John Roe=DELEGATE'; nothing was recorded" -- import two.docx --doc plan --author 'Jane Doe=kallas'
# A delegate without a key at hand: nothing recorded either.
expect_error 1 "key|kallas" -- import two.docx --doc plan --author 'Jane Doe=kallas' --author 'John Roe=umerov' --keys "$WORK/nokeys"
out=$("$PARLEY" import two.docx --doc plan --author 'Jane Doe=kallas' --author 'John Roe=umerov')
has "report" 'two.docx: 5 amendments tabled, 1 statements recorded' "$out"
has "Jane's words" 'tabled A[0-9]+ by kallas \(Jane Doe\): point 1' "$out"
has "John's words" 'tabled A[0-9]+ by umerov \(John Roe\): point 4' "$out"
list=$("$PARLEY" amendments plan --format csv)
has "insertion of words" ',EU,kallas,tabled,edit,"?1, line 1"?,"?1\. A ceasefire takes effect on land \{\+, in the air \+\}and at sea\.' "$list"
has "deletion and insertion" ',UA,umerov,tabled,edit edit,' "$list"
has "in a numbered sub-item" 'monitors \[-report-\]\{\+publish\+\} violations' "$list"
has "a new point, named after the one it follows" 'insert.*\{\+4a\. Elections are held within 100 days\.\+\}' "$list"
has "no renumbering" ',EU,kallas,tabled,insert,' "$list"
# Each amendment's event is signed by its own delegate's key.
log=$("$PARLEY" log export plenary)
has "signed by kallas" '"actor": ?"kallas".*"kind": ?"amendment' "$log"
has "signed by umerov" '"actor": ?"umerov".*"kind": ?"amendment' "$log"
# The comment: an on-record statement of John Roe's delegate on point 2.
statements=$("$PARLEY" statement list)
has "comment" 'record.*UA.*umerov.*On point 2 of plan@1: The ICRC should oversee this\.' "$statements"
# The same file again tables the same changes again (they are new
# amendments); a file whose original text is not the latest version is
# refused.
cat >other.spec <<'SPEC'
title Plan
h1 Part 1: Ceasefire
n 0 A different first point{+Jane Doe| indeed+}.
SPEC
"$FIXTURE" build other.docx other.spec
expect_error 1 "other.docx: with its changes rejected it is not plan@1: point 1 differs" -- import other.docx --doc plan --author 'Jane Doe=kallas'
printf 'n 0 A ceasefire takes effect on land and at sea.\n' >none.spec
"$FIXTURE" build none.docx none.spec
expect_error 1 "none.docx: no tracked changes and no comments: nothing to table" -- import none.docx --doc plan --author 'Jane Doe=kallas'
expect_error 1 "no document named 'nothing'|nothing" -- import two.docx --doc nothing --author 'Jane Doe=kallas' --author 'John Roe=umerov'

# A move (w:moveFrom / w:moveTo) within a part: point 1 after point 2;
# adopting it puts it there, under its own label.
q import base.md --doc moved
cat >move.spec <<'SPEC'
title Plan
h1 Part 1: Ceasefire
mark < Jane Doe
n 0 {<Jane Doe|A ceasefire takes effect on land and at sea.<}
n 0 Prisoners are exchanged all for all.
mark > Jane Doe
n 0 {>Jane Doe|A ceasefire takes effect on land and at sea.>}
n 0 The line of contact is frozen:
n 1 no side advances;
n 1 monitors report violations.
h1 Part 2: Security
n 0 Ukraine's forces are capped at 600,000 personnel.
n 0 Sanctions are lifted step by step.
SPEC
"$FIXTURE" build move.docx move.spec
out=$("$PARLEY" import move.docx --doc moved --author 'Jane Doe=kallas')
has "move tabled" 'tabled A[0-9]+ by kallas \(Jane Doe\): points added, deleted or moved' "$out"
id=$(sed -n 's/^tabled \(A[0-9]*\) by kallas.*/\1/p' <<<"$out")
has "a move" "^$id,1,EU,kallas,tabled,move," "$("$PARLEY" amendments moved --format csv)"
for who in witkoff umerov kallas; do q amendment accept moved "$id" --as "$who"; done
has "1 after 2" '2\. Prisoners.*1\. A ceasefire.*3\. The line' "$("$PARLEY" show moved --format md | tr '\n' ' ')"
# To the start of a part: a parley move cannot say it; refused clearly.
q import base.md --doc moved2
cat >start.spec <<'SPEC'
title Plan
h1 Part 1: Ceasefire
mark > Jane Doe
n 0 {>Jane Doe|Prisoners are exchanged all for all.>}
n 0 A ceasefire takes effect on land and at sea.
mark < Jane Doe
n 0 {<Jane Doe|Prisoners are exchanged all for all.<}
n 0 The line of contact is frozen:
n 1 no side advances;
n 1 monitors report violations.
h1 Part 2: Security
n 0 Ukraine's forces are capped at 600,000 personnel.
n 0 Sanctions are lifted step by step.
SPEC
"$FIXTURE" build start.docx start.spec
expect_error 1 "start.docx: Jane Doe moves point 2 to the start of its part" -- import start.docx --doc moved2 --author 'Jane Doe=kallas'
# A point deleted whole (its runs and its paragraph mark).
q import base.md --doc cut
cat >delete.spec <<'SPEC'
title Plan
h1 Part 1: Ceasefire
n 0 A ceasefire takes effect on land and at sea.
mark - John Roe
n 0 {-John Roe|Prisoners are exchanged all for all.-}
n 0 The line of contact is frozen:
n 1 no side advances;
n 1 monitors report violations.
h1 Part 2: Security
n 0 Ukraine's forces are capped at 600,000 personnel.
n 0 Sanctions are lifted step by step.
SPEC
"$FIXTURE" build delete.docx delete.spec
out=$("$PARLEY" import delete.docx --doc cut --author 'John Roe=umerov')
has "deletion tabled" 'tabled A[0-9]+ by umerov \(John Roe\): points added, deleted or moved' "$out"
has "a deletion, no renumbering" ',UA,umerov,tabled,delete,' "$("$PARLEY" amendments cut --format csv)"

# A redline exported by parley, read back as tracked changes: its changes
# are the amendments that turn one version into the other.
q import base.md --doc round
sed -e 's/600,000/800,000/' -e 's/at sea\./at sea and in the air./' base.md >next.md
q import next.md --doc round
"$PARLEY" diff round@1 round@2 --format docx --output redline.docx
doc=$("$FIXTURE" cat redline.docx word/document.xml)
has "w:del" '<w:del w:id="[0-9]+" w:author="round@2" w:date="[0-9T:Z-]+"><w:r><w:delText xml:space="preserve">600,000</w:delText>' "$doc"
has "w:ins" '<w:ins w:id="[0-9]+" w:author="round@2"[^>]*><w:r><w:t xml:space="preserve">800,000</w:t>' "$doc"
q import base.md --doc round2
out=$("$PARLEY" import redline.docx --doc round2 --author 'round@2=umerov')
has "redline as amendments" 'redline.docx: 2 amendments tabled' "$out"

# The bracketed negotiating text as .docx: the amendments tabled above as
# brackets, as the Markdown text has them.
"$PARLEY" text plan@1 --brackets --format docx >brackets.docx || bad "text --format docx"
words=$("$FIXTURE" cat brackets.docx word/document.xml | sed -e 's/<w:p>/\n/g' -e 's/<[^>]*>//g')
has "title" '^Negotiating text: plan@1$' "$words"
has "bracket with proposers" "^4\. Ukraine's forces are capped at \[600,000 \(base text\) / 800,000 \(UA, A[0-9]+\)\] personnel\. \{A[0-9]+\}$" "$words"
has "a proposed new point" '^4a\. \[Elections are held within 100 days\. \(EU, A[0-9]+\)\]' "$words"
has "part" '^Part 2: Security$' "$words"
# The comparison as a Word table in landscape, a column per plan.
"$PARLEY" compare plan moved --format docx --output compare.docx || bad "compare --format docx"
doc=$("$FIXTURE" cat compare.docx word/document.xml)
has "landscape" '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' "$doc"
has "table" '<w:tbl>.*<w:tblHeader/>' "$doc"
has "columns" '<w:t xml:space="preserve">plan@1</w:t>.*<w:t xml:space="preserve">moved@2</w:t>' "$doc"
has "a linked point" '\[same, 1\.00\]' "$doc"
# The redline's header names the two versions.
has "redline header" 'Redline: round@1 to round@2' "$("$FIXTURE" cat redline.docx word/header1.xml)"
expect_error 2 "--format docx is a redline of two plans" -- diff round@1 round@2 --format docx --stat

finish
