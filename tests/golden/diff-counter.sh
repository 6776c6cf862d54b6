# The redline between the 28-point plan and the European counter-version, in
# every output form; files and database versions alike.
p diff --files plan-us-28.md plan-eu-counter.md --changed-only
p diff --files plan-us-28.md plan-eu-counter.md --stat
p diff --files plan-us-28.md plan-eu-counter.md --format md --changed-only
p diff --files plan-us-28.md plan-eu-counter.md --format json --changed-only
export PARLEY_KEYS=keys PARLEY_AS=sec
p init --convenor sec --party SEC --party-name Secretariat | sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'
p import plan-us-28.md --doc framework
p import plan-eu-counter.md --doc framework
p diff framework@1 framework@2 --format html
p diff framework@1 framework --stat --changed-only
