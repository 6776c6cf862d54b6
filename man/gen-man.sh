#!/usr/bin/env bash
# gen-man.sh PARLEY OUTDIR — writes parley.1 and parley-COMMAND.1 for every
# command into OUTDIR. The one source is the command's own help text, the
# one 'parley help COMMAND' prints: each page is that text, turned into
# scdoc(5) here and into a man page by scdoc(1).
set -euo pipefail
parley=$1
out=$2
mkdir -p "$out"
date=${SOURCE_DATE_EPOCH:+$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)}

# The commands and their summaries, from the general help's command list.
commands() {
  "$parley" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print }'
}

# scdoc source of one page: NAME, then the help text verbatim as a literal
# block (scdoc formats nothing inside one), then SEE ALSO.
page() { # NAME SUMMARY HELP-COMMAND...
  local name=$1 summary=$2
  shift 2
  printf '%s(1)%s\n\n# NAME\n\n%s - %s\n\n# DESCRIPTION\n\n```\n' \
    "$name" "${date:+ \"$date\"}" "$name" "$summary"
  "$@"
  printf '```\n\n# SEE ALSO\n\n'
  if [ "$name" = parley ]; then
    commands | awk '{ printf "%s*parley-%s*(1)", (NR > 1 ? ", " : ""), $1 } END { print "" }'
  else
    printf '*parley*(1)\n'
  fi
}

page parley "keeps a negotiation: plans, versions and a signed record" "$parley" --help |
  scdoc >"$out/parley.1"
while read -r command summary; do
  page "parley-$command" "$summary" "$parley" help "$command" | scdoc >"$out/parley-$command.1"
done < <(commands)
