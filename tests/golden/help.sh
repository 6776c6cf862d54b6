# Every command answers --help.
p --help
for c in init import docs versions show diff rebuild; do p $c --help; done
