# 'cmake --install' puts parley, a man page for it and for each of its
# commands, and its bash completion in place; the pages render, and the
# completion loads in bash and completes a command name and an option.
. "$(dirname "$0")/lib.sh" "$@"

build=$(dirname "$PARLEY")
prefix="$WORK/prefix"
cmake --install "$build" --prefix "$prefix" >install.log 2>&1 || bad "cmake --install: $(tail -3 install.log)"
[ -x "$prefix/bin/parley" ] && ok || bad "no bin/parley"

# One page for parley and one per command of 'parley --help'.
commands=$("$PARLEY" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$commands" ] || bad "no commands in parley --help"
for page in parley $(printf 'parley-%s\n' $commands); do
  file="$prefix/share/man/man1/$page.1"
  if [ ! -s "$file" ]; then bad "no man page $page.1"; continue; fi
  grep -q '^\.TH "*'"$page"'"* "*1' "$file" && ok || bad "$page.1 has no .TH $page 1"
done
man -l "$prefix/share/man/man1/parley-diff.1" 2>/dev/null | grep -q 'Exit status, as diff(1)' &&
  ok || bad "parley-diff.1 does not render the help text"

completion="$prefix/share/bash-completion/completions/parley"
[ -s "$completion" ] || bad "no bash completion installed"
offers() { # WORDS... : what the completion offers for the last word
  bash -c '. "$1" || exit 1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _parley
           printf "%s\n" "${COMPREPLY[@]}"' bash "$completion" "$prefix/bin/parley" "$@"
}
[ "$(offers sh)" = show ] && ok || bad "'parley sh<TAB>' offers '$(offers sh)'"
[ "$(offers help imp)" = import ] && ok || bad "'parley help imp<TAB>' offers '$(offers help imp)'"
[ "$(offers diff --changed)" = --changed-only ] && ok ||
  bad "'parley diff --changed<TAB>' offers '$(offers diff --changed)'"
bash -c ". '$completion' && complete -p parley" | grep -q -- '-F _parley' && ok ||
  bad "the completion does not register for parley"

finish
