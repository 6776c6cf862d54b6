# The chrome of the printable pages (issue 12, item 6): for a version held
# in the back-channel, each HTML page names its document and version,
# carries the marking on screen and in the header and footer of every
# printed page, dates itself by the record's clock, and labels its columns
# in words. The shared style sheet is left out (one line, tested in
# tests/unit/test_print.c); the @page rule and the body are shown.
export PARLEY_KEYS=keys PARLEY_CLOCK=2025-10-24T12:00:00Z
mask() { sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'; }
page() { sed -e '/^html{/d' | sed -n '/^@page/p;/^<body/,$p'; }
p init --convenor witkoff --party US --party-name "United States" | mask
export PARLEY_AS=witkoff
p party add RU "Russia"
p party add UA "Ukraine"
p delegate add dmitriev --party RU --role envoy --make-key | mask
p delegate add umerov --party UA --role lead --make-key | mask
p track add backchannel US RU
PARLEY_CLOCK=2025-10-26T12:00:00Z p import plan-us-28.md --doc framework --track backchannel
export PARLEY_CLOCK=2025-10-27T12:00:00Z
p amend framework@1 --edit '6: 600,000 -> 700,000' --justification "a smaller army"
p amend framework@1 --edit '6: capped at 600,000 personnel -> capped at 500,000 personnel' --as dmitriev
p position framework@1 6 reject --note "too large" --as dmitriev
export PARLEY_CLOCK=2025-10-28T12:00:00Z
echo "--- the voting list"
p voting-list framework@1 --format html --as dmitriev | page
echo "--- the amendments, of every version"
p amendments framework --format html | page
echo "--- progress"
p progress framework --format html | page
echo "--- the matrix, first rows"
p matrix framework@1 --format html | page | head -n 12
echo "--- the bracketed text, its head"
p text framework@1 --brackets --format html | page | head -n 6
echo "--- show, its head"
p show framework@1 --point 6 --format html | page
echo "--- a plenary document: no marking"
p import plan-eu-24.md --doc eu24
p show eu24 --point 1 --format html | page
echo "--- Ukraine cannot see the back-channel's version, nor learn of it"
p show framework@1 --format html --as umerov
