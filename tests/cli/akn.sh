# Akoma Ntoso out and back in (issue 16, item 4): every export is valid
# against the OASIS schema (tests/schemas/akn), every bundled plan comes back
# the same through import, and every bad input is one clear line with
# nothing recorded.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }
SCHEMA="$ROOT/tests/schemas/akn/akomantoso30.xsd"
valid() { # FILE: xmllint finds it valid against the schema
  if xmllint --noout --schema "$SCHEMA" "$1" 2>"$WORK/lint"; then ok; else
    bad "$1 is not valid Akoma Ntoso: $(head -5 "$WORK/lint")"
  fi
}
has() { # WHAT PATTERN FILE
  if grep -Eq -- "$2" "$3"; then ok; else bad "$1: no line matches '$2' in $3"; fi
}
command -v xmllint >/dev/null || { echo "xmllint is missing (Debian libxml2-utils)"; exit 1; }

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add UA "Ukraine"
q delegate add umerov --party UA --role lead --make-key

# Every bundled plan: exported, valid, imported under another name, and the
# same plan again (its Markdown byte for byte: points, labels, parts,
# sub-items, title, introductions).
for plan in "$ROOT"/examples/*.md; do
  name=$(basename "$plan" .md)
  q import "$plan" --doc "$name"
  "$PARLEY" show "$name" --format akn >"$name.xml" || bad "show $name --format akn"
  valid "$name.xml"
  q import "$name.xml" --doc "$name-back"
  if cmp -s <("$PARLEY" show "$name" --format md) <("$PARLEY" show "$name-back" --format md); then
    ok
  else
    bad "$name: the plan read back from Akoma Ntoso differs"
  fi
  # The same file again is the same version: nothing new recorded.
  out=$("$PARLEY" import "$name.xml" --doc "$name")
  [[ $out == *"is unchanged from $name@1"* ]] && ok || bad "$name: re-import: $out"
done

# Standard input is told apart by its content.
out=$("$PARLEY" show plan-12 --format akn | "$PARLEY" import - --doc from-stdin)
[[ $out == "imported standard input as from-stdin@1: 12 points in 3 parts" ]] && ok ||
  bad "import - of Akoma Ntoso: $out"

# The metadata: the version's references, its event, the track's parties.
"$PARLEY" show plan-us-28@1 --format akn >us.xml
has "work" '<FRBRuri value="/akn/xx/doc/parley/[0-9-]{10}/plan-us-28"/>' us.xml
has "expression" '<FRBRuri value="/akn/xx/doc/parley/[0-9-]{10}/plan-us-28/und@v1"/>' us.xml
has "version number" '<FRBRversionNumber value="1"/>' us.xml
has "event hash" '<FRBRalias value="[0-9a-f]{64}" name="parley:event-hash"/>' us.xml
has "party" '<TLCOrganization eId="party_UA" href="/ontology/organization/parley/party/UA" showAs="Ukraine"/>' us.xml
has "eId from the stable id" '<point eId="point_p[0-9]+">' us.xml
six=$(grep -B1 '<num>6</num>' us.xml | sed -n 's/.*<point eId="\(point_p[0-9]*\)">.*/\1/p')
[ -n "$six" ] && ok || bad "no eId for point 6"
has "sub-item" '<point eId="point_p[0-9]+__item_1">' us.xml

# eIds survive renumbering: a point inserted before point 6 renumbers it,
# and its eId stays.
q amend plan-us-28@1 --insert 'after 5: 5a. A new point.' --relabel '6=6 bis' --as umerov
q amendment accept plan-us-28 A1
q amendment accept plan-us-28 A1 --as umerov
"$PARLEY" show plan-us-28@2 --format akn >us2.xml
valid us2.xml
grep -A1 "<point eId=\"$six\">" us2.xml | grep -q '<num>6 bis</num>' && ok ||
  bad "$six is not numbered '6 bis' in version 2"

# An amendment as an Akoma Ntoso amendment: valid, naming the point's eId
# and quoting its old and new wording.
q amend plan-us-28@2 --edit '6 bis: 600,000 -> 800,000' --delete 3 \
  --rename-part '1=Part one' --justification 'Numbers from the staff talks.' --as umerov
"$PARLEY" amendment show plan-us-28 A2 --format akn >a2.xml || bad "amendment show --format akn"
valid a2.xml
has "amendment" '<amendment name="amendment">' a2.xml
has "ref to the point" '<ref eId="mod_1__ref_1" href="/akn/xx/doc/parley/[0-9-]{10}/plan-us-28/und@v2/~'"$six"'">point 6 bis, line 1</ref>' a2.xml
has "old text" "<point eId=\"mod_1__qstr_1__$six\"><num>6 bis</num><content><p>[^<]*600,000" a2.xml
has "new text" "<point eId=\"mod_1__qstr_2__$six\"><num>6 bis</num><content><p>[^<]*800,000" a2.xml
has "deletion" 'is deleted' a2.xml
has "part renamed" '<quotedText eId="mod_[0-9]__qtext_2">Part one</quotedText>' a2.xml
has "justification" '<p>Numbers from the staff talks.</p>' a2.xml
expect_error 1 '^parley: no amendment A9 on plan-us-28$' -- amendment show plan-us-28 A9 --format akn

# Bad input: one line each, exit 1, nothing recorded.
printf '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<a>&xxe;</a>\n' >xxe.xml
expect_error 1 "^parley: xxe.xml: declares the external entity 'xxe' \(an XML external entity, XXE\): refused; parley never loads one$" -- import xxe.xml --doc bad
{
  printf '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
  prev=lol
  for i in 1 2 3 4 5 6 7 8 9; do
    printf ' <!ENTITY lol%s "' "$i"
    for _ in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done
    printf '">\n'
    prev=lol$i
  done
  printf ']>\n<lolz>&lol9;</lolz>\n'
} >laughs.xml
expect_error 1 "^parley: laughs.xml: .*billion laughs.*refused$" -- import laughs.xml --doc bad
printf '<?xml version="1.0"?>\n<html><body><p>1. One.</p></body></html>\n' >page.xml
expect_error 1 "^parley: page.xml: not Akoma Ntoso: the root element is 'html', not akomaNtoso in the namespace http://docs.oasis-open.org/legaldocml/ns/akn/3.0$" -- import page.xml --doc bad
printf '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n<doc name="x"><meta/><mainBody>\n<point><num>1</num><content><p>caf\xe9</p></content></point>\n</mainBody></doc></akomaNtoso>\n' >latin1.xml
expect_error 1 '^parley: latin1.xml is not valid UTF-8 \(byte offset 136\)$' -- import latin1.xml --doc bad
printf '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n<doc name="x">\n</akomaNtoso>\n' >broken.xml
expect_error 1 '^parley: broken.xml: line [0-9]+: not well-formed XML: ' -- import broken.xml --doc bad
cp a2.xml amendment.xml
expect_error 1 '^parley: amendment.xml: an Akoma Ntoso amendment, not a plan: import reads a doc, bill or act$' -- import amendment.xml --doc bad
# Over the 16 MiB cap: the reader refuses it before parsing.
{ printf '<akomaNtoso>'; head -c $((16 * 1024 * 1024)) /dev/zero | tr '\0' ' '; printf '</akomaNtoso>'; } >huge.xml
expect_error 1 '^parley: huge.xml: 16777241 bytes, over the limit of 16777216 for an Akoma Ntoso document$' -- import huge.xml --doc bad
# Usage: akn is the whole version, and formats are named.
expect_error 2 'without --point, --positions or --lines' -- show plan-us-28 --format akn --point 6
expect_error 2 'is text, md, html, json or akn' -- amendment show plan-us-28 A2 --format docx
[ "$("$PARLEY" docs | grep -c '^bad')" = 0 ] && ok || bad "a refused import recorded a document"

finish
