# The redline between the 28-point plan and the European counter-version, in
# every output form; files and database versions alike.
p diff --files plan-us-28.md plan-eu-counter.md --changed-only
p diff --files plan-us-28.md plan-eu-counter.md --stat
p diff --files plan-us-28.md plan-eu-counter.md --format md --changed-only
p diff --files plan-us-28.md plan-eu-counter.md --format json --changed-only
p init
p import plan-us-28.md --doc framework
p import plan-eu-counter.md --doc framework
p diff framework@1 framework@2 --format html
p diff framework@1 framework --stat --changed-only
