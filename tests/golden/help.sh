# Every command answers --help.
p --help
for c in init import docs versions show diff party delegate track circulate seen meeting statement timeline verify log rebuild compare reuse; do p $c --help; done
