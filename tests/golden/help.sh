# Every command answers --help.
p --help
for c in init import docs versions show diff party delegate track circulate seen verify log rebuild; do p $c --help; done
