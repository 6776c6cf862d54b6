# diff --files on two large plans, which are read and parsed on a thread
# each: the same output run after run, the first file's error when both
# are bad, the second's when only it is, as when they are small (one
# thread). Errors exit 2, as diff's do.
. "$(dirname "$0")/lib.sh" "$@"

# plan N SEED: a plan of N points (about 80 bytes each) with sub-items.
plan() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		printf "# Plan %s\n\n", seed
		for (i = 1; i <= n; i++) {
			if (i % 400 == 1)
				printf "## Part %d\n\n", int(i / 400) + 1
			printf "%d. Point %d of %s: (a) one thing %d; (b) another %d.\n\n", i, i, seed, i * 7, i % 13
		}
	}'
}

for size in small large; do
	n=30
	[ $size = large ] && n=4000 # together over 256 KiB: two threads
	plan $n A >a.md
	plan $n B >b.md
	cp a.md a_bad.md
	printf '7x2. Odd.\n' >>a_bad.md
	cp b.md b_bad.md
	printf '%d. Again.\n' $n >>b_bad.md
	if [ $size = large ] && [ $(($(wc -c <a.md) + $(wc -c <b.md))) -le 262144 ]; then
		bad "the large plans are under 256 KiB together"
	fi
	lines=$(($(wc -l <a.md) + 1))
	"$PARLEY" diff --files a.md b.md --format json >first.json
	[ $? = 1 ] || bad "$size: diff of two different plans does not exit 1"
	for run in 1 2 3; do
		"$PARLEY" diff --files a.md b.md --format json >again.json
		cmp -s first.json again.json && ok || bad "$size: run $run gives other JSON"
	done
	"$PARLEY" diff --files a.md a.md --format json >/dev/null && ok || bad "$size: a plan differs from itself"
	expect_error 2 "^parley: a_bad.md: line $lines: not a point label: 7x2\.$" -- diff --files a_bad.md b.md
	expect_error 2 "^parley: b_bad.md: line $lines: point $n appears twice in one part" -- diff --files a.md b_bad.md
	expect_error 2 "^parley: a_bad.md: line $lines: not a point label: 7x2\.$" -- diff --files a_bad.md b_bad.md
	expect_error 2 "^parley: b_bad.md: line $lines: point $n appears twice in one part" -- diff --files b_bad.md a_bad.md --format json
done
finish
