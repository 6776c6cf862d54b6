# 'parley compare' in every output form: the counter-version (same lineage),
# the European 24 points (different lineage), three plans side by side, and
# from the database.
p compare --files plan-eu-counter.md plan-us-28.md --summary
p compare --files plan-eu-24.md plan-us-28.md
p compare --files plan-eu-24.md plan-us-28.md --format json
p compare --files plan-us-28.md plan-eu-counter.md plan-eu-24.md --format md
p compare --files plan-eu-counter.md plan-us-28.md --format html
export PARLEY_KEYS=keys PARLEY_AS=sec
p init --convenor sec --party SEC --party-name Secretariat | sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'
p import plan-us-28.md --doc framework
p import plan-eu-24.md --doc europe
p compare framework europe@1 --summary
# Without the WordNet database the comparison falls back to the lexical
# method and says so.
WNSEARCHDIR=/nonexistent p compare --files plan-eu-24.md plan-us-28.md --summary
