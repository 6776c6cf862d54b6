# One point in every output format, and the listings.
export PARLEY_KEYS=keys PARLEY_AS=sec
p init --convenor sec --party SEC --party-name Secretariat | sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'
p import "plan-us-28.md" --doc framework
p import "plan-eu-counter.md" --doc framework
p show framework@2 --point 10 --format md
p show framework@2 --point 10 --format json
p show framework@1 --point 21 --format html
p docs
p versions framework
p versions framework --format json
echo "--- line numbers (docs/lines.md): text and HTML with --lines, JSON always"
p show framework@1 --point 21 --lines
p show framework@2 --point 10 --lines --format html | grep -E 'class="(line|point numbered)"'
