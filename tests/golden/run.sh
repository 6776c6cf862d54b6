#!/usr/bin/env bash
# run.sh PARLEY CASE.sh — runs a golden case in a fresh directory and compares
# what it prints (stdout, then stderr, then the exit code) with CASE.expected.
# UPDATE_GOLDEN=1 rewrites the expected file instead.
set -uo pipefail
parley=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_script=$2
case_script=$(cd "$(dirname "$case_script")" && pwd)/$(basename "$case_script")
expected=${case_script%.sh}.expected
here=$(cd "$(dirname "$case_script")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Inputs are copied in, so that messages name them the same on every machine.
cp "$here/../data/"*.md "$here/../data/"*.tsv "$work/"
export PARLEY="$parley"
export PARLEY_DB=golden.db PARLEY_CLOCK="2025-11-20T09:00:00Z" NO_COLOR=1
# On PostgreSQL (PARLEY_TEST_PG, see tests/cli/lib.sh) the case runs on a
# database of its own, whose address its output names as golden.db.
if [ -n "${PARLEY_TEST_PG:-}" ]; then
  PARLEY_DB=$("$here/../../scripts/pg-scratch" createdb "$PARLEY_TEST_PG" "g_$$_$RANDOM") || exit 1
fi
actual="$work/actual"
bash -c "set -u; p() { \"\$PARLEY\" \"\$@\"; echo \"[exit \$?]\"; }; . '$case_script'" 2>&1 |
  if [ -n "${PARLEY_TEST_PG:-}" ]; then sed "s|$PARLEY_DB|golden.db|g"; else cat; fi >"$actual"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$actual" "$expected"
  echo "updated $expected"
  exit 0
fi
if ! diff -u "$expected" "$actual"; then
  echo "golden output differs: $expected" >&2
  exit 1
fi
