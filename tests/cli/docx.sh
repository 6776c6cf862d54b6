# Word documents in and out (issue 16): every bundled plan goes out as a
# .docx numbered by Word and comes back the same; Word's numbering
# (formats, starts, restarts, typed labels) is read as Word shows it; the
# header and footer carry the marking; every bad input is one clear line
# with nothing recorded.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
FIXTURE="$(dirname "$PARLEY")/tests/docx_fixture"
[ -x "$FIXTURE" ] || { echo "docx_fixture is missing next to $PARLEY (tests/docx)"; exit 1; }
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }
has() { # WHAT PATTERN TEXT
  if grep -Eq -- "$2" <<<"$3"; then ok; else bad "$1: '$2' not in: ${3:0:300}"; fi
}
same_plan() { # WHAT DOC1 DOC2: the same Markdown
  if cmp -s <("$PARLEY" show "$2" --format md) <("$PARLEY" show "$3" --format md); then ok; else
    bad "$1: $3 differs from $2: $(diff <("$PARLEY" show "$2" --format md) <("$PARLEY" show "$3" --format md) | head -6)"
  fi
}

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add UA "Ukraine"
q delegate add umerov --party UA --role lead --make-key

# Every bundled plan: out as .docx, back in under another name, the same
# plan (points, labels, parts, sub-items, title, introductions).
for plan in "$ROOT"/examples/*.md; do
  name=$(basename "$plan" .md)
  q import "$plan" --doc "$name"
  "$PARLEY" show "$name" --format docx --output "$name.docx" || bad "show $name --format docx"
  q import "$name.docx" --doc "$name-back"
  same_plan "$name through .docx" "$name" "$name-back"
  out=$("$PARLEY" import "$name.docx" --doc "$name")
  [[ $out == *"is unchanged from $name@1"* ]] && ok || bad "$name: re-import: $out"
done

# The labels are Word's own numbering, not typed text: plan-us-28 starts
# at 1, then 19, 20, ...: a list per run of consecutive numbers, each with
# its start override; sub-items are level 2, "(a)".
"$FIXTURE" cat plan-us-28.docx word/numbering.xml >numbering.xml
"$FIXTURE" cat plan-us-28.docx word/document.xml >document.xml
has "points' level" '<w:lvlText w:val="%1."/>' "$(cat numbering.xml)"
has "sub-items' level" '<w:lvlText w:val="\(%2\)"/>' "$(cat numbering.xml)"
has "start override" '<w:startOverride w:val="19"/>' "$(cat numbering.xml)"
has "numbered paragraph" '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="[0-9]+"/></w:numPr>' "$(cat document.xml)"
if grep -q '>19\. ' document.xml; then bad "a label Word counts is typed in the text"; else ok; fi
# Markings: the track's marking in the header, version and date in the
# footer; a plan in a closed track is marked confidential.
"$FIXTURE" cat plan-12.docx word/footer1.xml >footer.xml
has "footer" 'plan-12@1 · track plenary · [0-9]+ [A-Z][a-z]+ [0-9]{4}, [0-9:]+ UTC' "$(cat footer.xml)"
q track add backchannel US UA
q import "$ROOT/examples/plan-12.md" --doc secret --track backchannel
"$PARLEY" show secret --format docx --output secret.docx
has "header marking" 'CONFIDENTIAL — backchannel track: UA, US' "$("$FIXTURE" cat secret.docx word/header1.xml)"
# Standard output, but not a terminal; a .docx told by its bytes.
"$PARLEY" show plan-12 --format docx | "$PARLEY" import - --doc from-stdin >out.txt
has "import - of a .docx" 'imported standard input as from-stdin@1: 12 points in 3 parts' "$(cat out.txt)"
"$PARLEY" show plan-12 --format docx >same.docx
cmp -s same.docx plan-12.docx && ok || bad "the same version twice is not the same bytes"

# Word's numbering as Word counts it: formats, starts, restarts (a new
# numId with a start override), sub-items, typed labels, headings.
cat >numbering.spec <<'SPEC'
title Numbered by Word
p A preamble paragraph.
h1 Part A
p The part's introduction.
list 3
n 0 Third point.
n 0 Fourth point, with sub-items:
n 1 first;
n 1 second.
p Second paragraph of the last sub-item.
h1 Part B
list 1
n 0 Point one again.
p 7 bis. A typed label.
p (c) A typed sub-item.
n 0 Point two.
SPEC
"$FIXTURE" build numbering.docx numbering.spec || bad "docx_fixture build"
q import numbering.docx --doc numbering
"$PARLEY" show numbering --format md >numbering.md
cat >expected.md <<'MD'
# Numbered by Word

A preamble paragraph.

## Part A

The part's introduction.

3. Third point.

4. Fourth point, with sub-items: (a) first; (b) second.

Second paragraph of the last sub-item.

## Part B

1. Point one again.

7 bis. A typed label. (c) A typed sub-item.

2. Point two.
MD
if cmp -s expected.md numbering.md; then ok; else bad "Word numbering: $(diff expected.md numbering.md)"; fi
# Other formats: roman numerals and upper-case letters.
cat >formats.spec <<'SPEC'
fmt 0 upperRoman %1.
fmt 1 upperLetter %2)
n 0 One.
n 1 alpha
n 0 Two.
n 0 Three.
n 1 beta
n 1 gamma
SPEC
"$FIXTURE" build formats.docx formats.spec
# upper-case Roman labels are not parley labels (digits first): refused
# clearly, naming the label.
expect_error 1 "formats.docx: word/document.xml: line 1: 'I' is not a point label" -- import formats.docx --doc formats
cat >letters.spec <<'SPEC'
fmt 1 lowerRoman (%2)
n 0 One:
n 1 alpha
n 1 beta
n 1 gamma
n 1 delta
SPEC
"$FIXTURE" build letters.docx letters.spec
q import letters.docx --doc letters
has "roman sub-items" '1\. One: \(i\) alpha \(ii\) beta \(iii\) gamma \(iv\) delta' "$("$PARLEY" show letters --format md)"

# Bad input: one clear line each, nothing recorded.
echo "not a zip" >plain.docx
expect_error 1 "plain.docx: not a Word document: not a zip archive" -- import plain.docx --doc bad
echo hello >hello.txt
"$FIXTURE" zip other.docx hello.txt=hello.txt
expect_error 1 "other.docx: a zip without \[Content_Types\].xml: not a Word document" -- import other.docx --doc bad
head -c 900 plan-12.docx >truncated.docx
expect_error 1 "truncated.docx: a damaged or truncated zip archive" -- import truncated.docx --doc bad
"$FIXTURE" bomb bomb.docx 1024 || bad "docx_fixture bomb"
expect_error 1 "bomb.docx: word/document.xml decompresses to more than 64 MiB, the limit for one part of a Word document \(a zip bomb\?\): refused" -- import bomb.docx --doc bad
"$FIXTURE" bomb lying.docx 1024 lie || bad "docx_fixture bomb lie"
expect_error 1 "lying.docx: word/document.xml decompresses to more than 64 MiB" -- import lying.docx --doc bad
cat >xxe.spec <<'SPEC'
doctype <!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
n 0 The secret is here.
SPEC
"$FIXTURE" build xxe.docx xxe.spec
expect_error 1 "xxe.docx: word/document.xml declares the external entity 'secret' \(an XML external entity, XXE\): refused" -- import xxe.docx --doc bad
cat >laughs.spec <<'SPEC'
doctype <!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
n 0 Laughs.
SPEC
"$FIXTURE" build laughs.docx laughs.spec
expect_error 1 "laughs.docx: word/document.xml declares the entity 'lol2' made of other entities, the shape of an entity expansion bomb \('billion laughs'\): refused" -- import laughs.docx --doc bad
printf 'num 9 0 A point numbered with a numbering that is not there.\n' >nowhere.spec
"$FIXTURE" build nowhere.docx nowhere.spec
expect_error 1 "nowhere.docx: word/document.xml: line [0-9]+: the paragraph is numbered with numId 9, which word/numbering.xml does not define" -- import nowhere.docx --doc bad
printf 'num 1 7 A point at a level the numbering does not define.\n' >level.spec
"$FIXTURE" build level.docx level.spec
expect_error 1 "level.docx: word/document.xml: line [0-9]+: the paragraph is numbered at level 7 of numId 1, which has no such level" -- import level.docx --doc bad
printf 'num 1 x A point at level x.\n' >badlevel.spec
"$FIXTURE" build badlevel.docx badlevel.spec
expect_error 1 "badlevel.docx: .*numbered at level 99 of numId 1" -- import badlevel.docx --doc bad
printf 'n 0 Invalid \xff\xfe UTF-8 in a run.\n' >utf8.spec
"$FIXTURE" build utf8.docx utf8.spec
expect_error 1 "utf8.docx: word/document.xml.*(UTF-8|byte)" -- import utf8.docx --doc bad
printf 'n 2 Three levels deep.\n' >deep.spec
"$FIXTURE" build deep.docx deep.spec
expect_error 1 "deep.docx: word/document.xml: line [0-9]+: a paragraph numbered at level 3: parley's points have one level of sub-items" -- import deep.docx --doc bad
printf 'p Only text, no points.\n' >nopoints.spec
"$FIXTURE" build nopoints.docx nopoints.spec
expect_error 1 "nopoints.docx: no points" -- import nopoints.docx --doc bad
printf 'n 0 One.\nlist 1\nn 0 One again.\n' >twice.spec
"$FIXTURE" build twice.docx twice.spec
expect_error 1 "twice.docx: word/document.xml: line 1: point 1 appears twice in one part" -- import twice.docx --doc bad
printf 'n 0 A point {+Jane Doe|with a change+}.\n' >tracked.spec
"$FIXTURE" build tracked.docx tracked.spec
expect_error 1 "tracked.docx: has 1 tracked changes \(by Jane Doe\): they are amendments; import it with --author" -- import tracked.docx --doc bad
expect_error 1 "is not a Word document: --author maps" -- import "$ROOT/examples/plan-12.md" --doc bad --author 'Jane Doe=umerov'
expect_error 2 "--author takes 'WORD NAME=DELEGATE'" -- import tracked.docx --doc bad --author 'Jane Doe'
# Writing: a terminal is refused (script(1) gives the command one).
if command -v script >/dev/null; then
  script -qec "$PARLEY show plan-12 --format docx" /dev/null >tty.out 2>&1
  grep -q "a .docx is a binary file: give --output FILE" tty.out && ok || bad "docx on a terminal: $(head -c 200 tty.out)"
fi
expect_error 2 "--output FILE is for --format docx" -- show plan-12 --output x.docx
expect_error 2 "--format docx is the whole version" -- show plan-12 --format docx --point 3

finish
