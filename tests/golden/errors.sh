# Error messages and exit codes: one line each, 1 for errors, 2 for usage.
p show us28
export PARLEY_KEYS=keys PARLEY_AS=sec
p init --convenor sec --party SEC --party-name Secretariat | sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'
p init --convenor sec --party SEC --party-name Secretariat
p init
p show us28
p show us28@2
p show 'bad name'
p show us28@x
p import "plan-us-28.md" --doc us28
p show us28@2
p show us28 --point 99
p show us28 --format pdf
p import "plan-us-28.md"
p import --doc x
p frobnicate
p show us28 --bogus
