#!/usr/bin/env bash
# gen_points.sh — a plan of many short points, for show.sh and import_mem.sh.
#
# usage: bench/gen_points.sh POINTS [SEED] > plan.md
#
# Writes "# Plan of N points", a one-line preamble, then parts of 1,000
# points each ("## Part k"), each point "LABEL. Text." of 5-10 words drawn
# from a small vocabulary (about 55 bytes a point). The output depends only
# on POINTS and SEED (awk's srand), so the same arguments give the same
# plan on the same awk.
set -euo pipefail
points=${1:?usage: gen_points.sh POINTS [SEED]}
seed=${2:-7}
awk -v points="$points" -v seed="$seed" 'BEGIN {
	srand(seed)
	n = split("the parties agree to a ceasefire along line of contact within days " \
		"and shall withdraw forces from zone under monitoring by observers with " \
		"guarantees for security trade energy grain ports", word, " ")
	printf "# Plan of %d points\n\nA preamble.\n", points
	for (p = 1; p <= points; p++) {
		if ((p - 1) % 1000 == 0)
			printf "\n## Part %d\n", int((p - 1) / 1000) + 1
		count = 5 + int(rand() * 6)
		text = ""
		for (j = 1; j <= count; j++)
			text = text (j > 1 ? " " : "") word[1 + int(rand() * n)]
		printf "\n%d. %s%s.\n", p, toupper(substr(text, 1, 1)), substr(text, 2)
	}
}'
