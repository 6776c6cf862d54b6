# The 28-point plan imported and shown as text: four parts, labels as written.
p init
p import "plan-us-28.md" --doc us28
p show us28
