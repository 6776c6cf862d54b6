#!/usr/bin/env bash
# verify.sh — verify with the rules and the text hashes against raw
# Ed25519 (issue 11).
#
# usage: bench/verify.sh        (PAIRS=9 EVENTS="20000 100000" BATCH=1000 by default)
#
# Builds a Release tree in build-bench/ (if needed) and, for each size in
# EVENTS, runs bench/verify_rate.c: it builds a negotiation of that many
# signed events (a convenor, three parties with a lead delegate each, a
# track, a 50-point plan, then positions and statements) and measures
# PAIRS pairs, the baseline first in odd pairs and last in even ones: raw
# libsodium crypto_sign_verify_detached over as many (32-byte hash,
# signature) pairs on CPU 0 — the baseline — against opening the record
# and pl_verify of the whole of it (opening checks every event; pl_verify
# then counts the viewer's share and checks the texts) on CPU 0 and on
# both CPUs, pl_negotiation_open alone on CPU 0, and `parley verify --as
# a1` end to end under `taskset -c 0` and on both CPUs. Prints every pair
# and the median and range of each ratio to the baseline. The goal: the
# library's verify on one core >= 0.80 of raw. The databases go to bench/out/ and are removed at the end.
set -euo pipefail

. "$(dirname "$0")/lib.sh" verify_rate parley_cli

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for events in ${EVENTS:-20000 100000}; do
	echo
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	"$build/verify_rate" --events "$events" --pairs "${PAIRS:-9}" --batch "${BATCH:-1000}" \
		--dir "$out" --parley "$build/parley"
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
