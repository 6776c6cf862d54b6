#!/usr/bin/env bash
# check-format.sh [--fix] — the C sources follow .clang-format: src/,
# tests/unit/, bench/, fuzz/ and any *.c/*.h at the top. Without --fix it
# changes nothing and fails listing the files that differ (a ctest test
# runs it when clang-format is installed); with --fix it formats them in
# place, which is how the tree was formatted and can be again after a merge.
set -euo pipefail
cd "$(dirname "$0")/../.."
clang_format=${CLANG_FORMAT:-clang-format}
command -v "$clang_format" >/dev/null || { echo "check-format: $clang_format is not installed" >&2; exit 1; }

mapfile -t files < <(
  { find src tests/unit bench fuzz -type f \( -name '*.c' -o -name '*.h' \)
    find . -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \); } | sed 's|^\./||' | sort
)
((${#files[@]})) || exit 0

if [ "${1:-}" = --fix ]; then
  "$clang_format" -i --style=file "${files[@]}"
  exit 0
fi
# One run over all files; its complaints name the files ("path:line:col: error: ...").
if report=$("$clang_format" --dry-run --Werror --style=file "${files[@]}" 2>&1); then
  echo "check-format: ${#files[@]} files follow .clang-format"
  exit 0
fi
mapfile -t bad < <(sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' <<<"$report" | sort -u)
if ((${#bad[@]} == 0)); then
  echo "check-format: $clang_format failed: $report" >&2
  exit 1
fi
echo "check-format: ${#bad[@]} files differ from .clang-format (scripts/dev/check-format.sh --fix):" >&2
printf '  %s\n' "${bad[@]}" >&2
exit 1
