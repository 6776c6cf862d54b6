#!/usr/bin/env bash
# prefix-symbols.sh — gives the library's internal names of the families
# below the pl_ prefix (store_open -> pl_store_open, store_row ->
# pl_store_row), in src/, tests/, bench/ and fuzz/. Run from anywhere:
#   scripts/dev/prefix-symbols.sh [FAMILY...]   (default: the families below)
#
# Which names: every identifier of a family (FAMILY_something) that appears
# in the code of a header under src/lib/, comments and strings left out:
# the internal functions (a non-static function needs a prototype there, or
# -Wmissing-prototypes fails the build) and the internal types. File-static
# helpers of the same family that no header names (say cmd_meeting.c's
# meeting_args) keep their plain names, as the style asks.
#
# Where: each such name, as a whole word, in every .c and .h of those
# directories — except inside string literals (SQL names such as the table
# meeting_changes never change) and before ".c"/".h" (file names such as
# store_int.h in #include lines and comments).
#
# A few names would collide with a public one (reuse_cluster with the type
# pl_reuse_cluster); they get the names in the table below instead.
#
# Rerunnable: a renamed identifier no longer starts a word with its family,
# so a second run finds nothing and changes nothing. Before changing
# anything it stops if a new name already exists in the tree. The test
# symbols/pl-prefix (tests/symbols.sh) shows whether any unprefixed symbol
# is left; a new family is one more word in the list below.
set -euo pipefail
cd "$(dirname "$0")/../.."

families=(store cmp meeting reuse statement)
# old name -> new name, where pl_<old name> is taken
declare -A chosen=(
  [reuse_cluster]=pl_reuse_build_clusters
)
(($#)) && families=("$@")
alternation=$(
  IFS='|'
  echo "${families[*]}"
)

mapfile -t files < <(find src tests bench fuzz -type f \( -name '*.c' -o -name '*.h' \) | sort)

# The identifiers of the families in the code of src/lib's headers.
mapfile -t names < <(
  FAMILIES=$alternation perl -0777 -ne '
    s{/\*.*?\*/}{ }gs;                  # comments
    s{//[^\n]*}{ }g;
    s{"(?:[^"\\\n]|\\.)*"}{""}g;        # string literals
    while (/\b((?:$ENV{FAMILIES})_\w+)\b(?!\.[ch]\b)/g) { print "$1\n" }
  ' src/lib/*.h | sort -u
)
if ((${#names[@]} == 0)); then
  echo "prefix-symbols: nothing to rename" >&2
  exit 0
fi

# A new name that already exists would merge two identifiers.
collisions=()
renames=()
for name in "${names[@]}"; do
  new=${chosen[$name]:-pl_$name}
  if grep -qw -- "$new" "${files[@]}"; then collisions+=("$new"); fi
  renames+=("$name=$new")
done
if ((${#collisions[@]})); then
  echo "prefix-symbols: these names exist already; give the old names others in the table "chosen": ${collisions[*]}" >&2
  exit 1
fi

echo "prefix-symbols: renaming ${#names[@]} names: ${renames[*]}" >&2
# One pass per file: a string literal (or character constant) is copied as
# it is; a listed name, as a whole word not followed by .c or .h, is renamed.
RENAMES="${renames[*]}" perl -pi -e '
  BEGIN { %rename = map { split /=/ } split / /, $ENV{RENAMES} }
  s{("(?:[^"\\]|\\.)*"|\x27(?:[^\x27\\]|\\.[^\x27]{0,3})\x27)|\b(\w+)\b(?!\.[ch]\b)}{
    defined $1 ? $1 : ($rename{$2} // $2)
  }ge;
' "${files[@]}"
