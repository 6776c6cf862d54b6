# The print path (issue 12, item 6): every HTML page parley writes is
# printed to PDF by headless Chromium, and pdftotext finds on every page
# the document and version, "page x of y" with the right y and, for a
# version held in the back-channel, its confidentiality marking. The
# marking names only tracks and parties the reader may know of.
# Without chromium the print half is skipped (exit 77), the HTML half runs.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }
on() { export PARLEY_CLOCK="${1}T12:00:00Z"; }

on 2025-10-20
q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add RU "Russian Federation"
q party add UA Ukraine
q party add EU "European Union"
q delegate add dmitriev --party RU --role envoy --make-key
q delegate add umerov --party UA --role lead --make-key
q delegate add kallas --party EU --role lead --make-key
on 2025-10-24
q track add backchannel US RU
on 2025-10-26
q import "$ROOT/examples/plan-us-28.md" --doc framework --track backchannel
on 2025-10-27
q amend framework@1 --edit '6: 600,000 -> 700,000' --justification "a smaller army"
q amend framework@1 --edit '6: capped at 600,000 personnel -> capped at 500,000 personnel' --as dmitriev
q amend framework@1 --delete 3 --as dmitriev
q position framework@1 6,7 reject --note "too large" --as dmitriev
q position framework@1 21 keep --as witkoff
on 2025-10-28
q amendment accept framework backchannel:A3 backchannel:A1
q amendment accept framework backchannel:A3 backchannel:A1 --as dmitriev
# Two colliding amendments on the new version, for the voting list.
q amend framework@2 --edit '6: 700,000 -> 650,000' --justification "a middle way"
q amend framework@2 --edit '6: capped at 700,000 personnel -> capped at 750,000 personnel' --as dmitriev
q import "$ROOT/examples/plan-eu-24.md" --doc eu24 --as kallas
# A coalition track with the US: the version circulated there is seen by
# UA through it, and UA must not learn of the back-channel from a marking.
q track add coalition US UA EU
q circulate framework@2 --to coalition --note "shared with the coalition"

marking='CONFIDENTIAL — backchannel track: RU, US'
as_of='as of 28 October 2025, 12:00 UTC'

# name|command...: the pages a back-channel member prints.
pages=(
  "show|framework@2|show framework@2 --format html"
  "diff|framework@1 → framework@2|diff framework@1 framework@2 --format html"
  "compare|framework@1, framework@2 and eu24@1|compare framework@1 framework@2 eu24 --format html"
  "matrix|framework@1|matrix framework@1 --format html"
  "voting|framework@2|voting-list framework@2 --format html"
  "amendments|framework|amendments framework --format html"
  "progress|framework|progress framework --format html"
  "text|framework@2|text framework@2 --brackets --format html"
)

# --- the HTML, always ---------------------------------------------------
for entry in "${pages[@]}"; do
  IFS='|' read -r name document command <<<"$entry"
  # shellcheck disable=SC2086 # the command is words
  "$PARLEY" $command --as dmitriev >"$name.html"
  status=$?
  [ "$status" -le 1 ] || bad "$name: parley $command exited $status"
  grep -q "<div class=\"marking\">$marking" "$name.html" || bad "$name: no marking on screen"
  grep -q "@top-center{[^}]*content:\"$marking\"" "$name.html" || bad "$name: no marking in the page header"
  grep -q "@bottom-right{[^}]*counter(page)[^}]*counter(pages)" "$name.html" || bad "$name: no page x of y"
  grep -qF "$document" "$name.html" || bad "$name: the document '$document' is not named"
  grep -q '@page{size:A4' "$name.html" || bad "$name: not A4"
  ok
done
# The date is the record's, not the wall clock's.
grep -qF "$as_of" matrix.html || bad "matrix: no '$as_of'"
grep -qF 'version of 28 October 2025' show.html || bad "show: not dated by its version"
# Column labels in words, the document in the heading.
grep -qF '<th class="column-falls_if_adopted">Falls if adopted</th>' voting.html || bad "voting list: raw column labels"
grep -qF '<h1>Voting list: framework@2</h1>' voting.html || bad "voting list: no document in the heading"
grep -q 'falls_if_adopted' <("$PARLEY" voting-list framework@2 --as dmitriev) && bad "voting list text: raw column label"
grep -q '@page{size:A4 landscape' compare.html || bad "compare: not landscape"
grep -qF '<h1>Comparison of framework@1, framework@2 and eu24@1</h1>' compare.html || bad "compare: no real title"
# A word replaced reads as two words, not one run.
grep -q '</del> <ins>' diff.html || bad "diff: a deletion runs into the insertion"
ok

# The coalition member sees the coalition's marking and nothing of the
# back-channel; a plenary document carries no marking at all.
"$PARLEY" show framework@2 --format html --as umerov >ua.html || bad "show as umerov"
grep -qF 'CONFIDENTIAL — coalition track: EU, UA, US' ua.html || bad "umerov: no coalition marking"
grep -Eq 'backchannel|RU' ua.html && bad "umerov's page names the back-channel or its members"
"$PARLEY" show eu24 --format html --as umerov >plenary.html || bad "show eu24"
grep -q CONFIDENTIAL plenary.html && bad "a plenary version is marked confidential"
# Text that could leave the CSS string or the style element is escaped.
grep -qF '</style>' <(sed -n '/<style>/,/<\/style>/p' show.html | sed '$d') && bad "style closed early"
ok

# --- the print, where Chromium is installed -----------------------------
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (scripts/install-deps installs it); HTML checked only"
  [ -n "${PRINT_KEEP:-}" ] && mkdir -p "$PRINT_KEEP" && cp ./*.html "$PRINT_KEEP"/
  finish || exit 1
  exit 77
fi
for tool in pdftotext pdfinfo; do
  command -v "$tool" >/dev/null 2>&1 || bad "$tool is missing (poppler-utils; scripts/install-deps)"
done

print_pdf() { # HTML PDF
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$WORK/chromium" --no-pdf-header-footer \
    --print-to-pdf="$2" "file://$WORK/$1" >/dev/null 2>&1
}

for entry in "${pages[@]}"; do
  IFS='|' read -r name document _ <<<"$entry"
  if ! print_pdf "$name.html" "$name.pdf" || [ ! -s "$name.pdf" ]; then
    bad "$name: chromium did not print"
    continue
  fi
  total=$(pdfinfo "$name.pdf" | awk '/^Pages:/ {print $2}')
  pdftotext -layout "$name.pdf" "$name.txt"
  # pdftotext ends each page with a form feed.
  awk -v RS='\f' -v dir="$WORK" -v base="$name" 'NF {print > (dir "/" base "." NR ".page")}' "$name.txt"
  for ((p = 1; p <= total; p++)); do
    page="$name.$p.page"
    [ -f "$page" ] || { bad "$name: page $p is empty"; continue; }
    grep -qF "page $p of $total" "$page" || bad "$name: page $p lacks 'page $p of $total'"
    [ "$(grep -cF "$marking" "$page")" -ge 2 ] || bad "$name: page $p lacks the marking at top and bottom"
    grep -qF "$document" "$page" || bad "$name: page $p does not name $document"
  done
  ok
done
# The redline survives text extraction: marks and a space between the
# deleted and the inserted number.
tr '\n' ' ' <diff.txt | grep -Eq '600,000-\][^0-9]+\{\+700,000' || bad "diff: deleted and inserted words not separated in print"
tr -d ' \n' <diff.txt | grep -q '600,000700,000' && bad "diff: '600,000700,000' in print"
# The N-column page is landscape: wider than high.
pdfinfo compare.pdf | awk '/^Page size:/ {exit !($3 > $5)}' || bad "compare: not landscape in print"
pdfinfo show.pdf | awk '/^Page size:/ {exit !($3 < $5 && $3 > 590 && $3 < 600)}' || bad "show: not A4 portrait"
# PRINT_KEEP=DIR keeps the pages, PDFs and texts to look at.
[ -n "${PRINT_KEEP:-}" ] && mkdir -p "$PRINT_KEEP" && cp ./*.html ./*.pdf ./*.txt "$PRINT_KEEP"/
finish
