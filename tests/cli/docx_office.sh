# Word documents and LibreOffice (issue 16, item 5): a .docx LibreOffice
# makes from each bundled plan imports to the same plan as the Markdown;
# LibreOffice reads parley's .docx with its numbering; the redline parley
# writes keeps its tracked changes through LibreOffice. LibreOffice runs
# headless with a profile of its own, under a time limit, with no network
# (it is given no URL; its profile turns off updates and remote content).
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
FIXTURE="$(dirname "$PARLEY")/tests/docx_fixture"
[ -x "$FIXTURE" ] || { echo "docx_fixture is missing next to $PARLEY (tests/docx)"; exit 1; }
command -v soffice >/dev/null || { echo "soffice is missing (Debian libreoffice-writer)"; exit 1; }
command -v cmark >/dev/null || { echo "cmark is missing (Debian cmark)"; exit 1; }
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }
has() { # WHAT PATTERN TEXT
  if grep -Eq -- "$2" <<<"$3"; then ok; else bad "$1: '$2' not in: ${3:0:300}"; fi
}
# office FILE FILTER: converts FILE into out/ (docx: Word 2007-365).
office() {
  mkdir -p out
  timeout 180 soffice -env:UserInstallation="file://$WORK/profile" --headless --norestore \
    --nolockcheck --convert-to "$2" --outdir out "$1" >office.log 2>&1 ||
    bad "soffice --convert-to $2 $1: $(tail -2 office.log)"
}
same_plan() { # WHAT DOC1 DOC2
  if cmp -s <("$PARLEY" show "$2" --format md) <("$PARLEY" show "$3" --format md); then ok; else
    bad "$1: $3 differs from $2: $(diff <("$PARLEY" show "$2" --format md) <("$PARLEY" show "$3" --format md) | head -6)"
  fi
}

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add UA "Ukraine"
q delegate add umerov --party UA --role lead --make-key

for plan in "$ROOT"/examples/*.md; do
  name=$(basename "$plan" .md)
  q import "$plan" --doc "$name"
  # Markdown to HTML (cmark), each point a list of its own so that its
  # number is the list's start; LibreOffice makes Word numbering of it.
  awk '/^[0-9]+\. /{ if (n++) print "<!-- -->\n" } {print}' "$plan" | cmark >"$name.html"
  office "$name.html" 'docx:MS Word 2007 XML'
  if [ -f "out/$name.docx" ]; then
    has "$name: LibreOffice numbers the points" '<w:numPr>' "$("$FIXTURE" cat "out/$name.docx" word/document.xml)"
    q import "out/$name.docx" --doc "$name-office"
    same_plan "$name through LibreOffice" "$name" "$name-office"
  fi
  # parley's .docx through LibreOffice and back: its numbering read.
  "$PARLEY" show "$name" --format docx --output "$name-parley.docx"
  mkdir -p again && mv -f out/*.docx again/ 2>/dev/null
  office "$name-parley.docx" 'docx:MS Word 2007 XML'
  if [ -f "out/$name-parley.docx" ]; then
    q import "out/$name-parley.docx" --doc "$name-again"
    same_plan "$name: parley's .docx saved by LibreOffice" "$name" "$name-again"
  fi
  rm -rf out
done

# The redline: LibreOffice opens it, and saving it again keeps every
# tracked change with its author; the saved file reads back as the same
# amendments.
sed -e 's/600,000/800,000/' -e 's/^5\. No cap is placed/5. A cap is placed/' \
  "$ROOT/examples/plan-12.md" >next.md
q import next.md --doc plan-12
"$PARLEY" diff plan-12@1 plan-12@2 --format docx --output redline.docx
mkdir -p redline && cp redline.docx redline/redline.docx
office redline/redline.docx 'docx:MS Word 2007 XML'
if [ -f out/redline.docx ]; then
  doc=$("$FIXTURE" cat out/redline.docx word/document.xml)
  has "insertion kept" '<w:ins [^>]*w:author="plan-12@2"' "$doc"
  has "deletion kept" '<w:del [^>]*w:author="plan-12@2"' "$doc"
  has "deleted text kept" '<w:delText[^>]*>No</w:delText>' "$doc"
  q import "$ROOT/examples/plan-12.md" --doc plan-12b
  out=$("$PARLEY" import out/redline.docx --doc plan-12b --author 'plan-12@2=umerov')
  has "read back as amendments" 'redline.docx: 1 amendments tabled' "$out"
fi
# And as text, LibreOffice shows the plan with its labels.
office plan-12-parley.docx 'txt:Text (encoded):UTF8'
[ -f out/plan-12-parley.txt ] && has "text" '^ *12\. ' "$(cat out/plan-12-parley.txt)"

finish
