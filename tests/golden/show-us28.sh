# The 28-point plan imported and shown as text: four parts, labels as written.
export PARLEY_KEYS=keys PARLEY_AS=sec
p init --convenor sec --party SEC --party-name Secretariat | sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'
p import "plan-us-28.md" --doc us28
p show us28
