# Long output goes through $PAGER (default 'less -FRX') when standard
# output is a terminal — a pseudo-terminal from script(1) here — and never
# when it is not, nor when PAGER is empty or cat. The exit code is the
# command's.
. "$(dirname "$0")/lib.sh" "$@"

command -v script >/dev/null || { bad "script(1) (util-linux) is needed"; finish; exit; }
A="$ROOT/tests/data/plan-us-28.md"
B="$ROOT/tests/data/plan-eu-counter.md"
mkdir bin
# A stand-in for less: says how it was called and marks what it pages.
printf '#!/bin/sh\necho "less $*"\nsed "s/^/PAGED: /"\n' >bin/less
chmod +x bin/less
export PATH="$WORK/bin:$PATH"

# on_terminal ENV... : parley diff --stat on a pseudo-terminal, with ENV set;
# prints what reached the terminal, then "exit N".
on_terminal() {
  script -qec "env $* '$PARLEY' diff --files '$A' '$B' --stat; echo \"exit \$?\"" /dev/null |
    tr -d '\r'
}

out=$(on_terminal -u PAGER)
grep -q '^less -FRX$' <<<"$out" && ok || bad "PAGER unset: less -FRX was not called: $(head -2 <<<"$out")"
grep -q '^PAGED: POINT' <<<"$out" && ok || bad "PAGER unset: the table did not go through the pager"
grep -q '^exit 1$' <<<"$out" && ok || bad "through the pager diff does not exit 1: $(tail -1 <<<"$out")"

out=$(on_terminal "PAGER='sed s/^/MINE:/'")
grep -q '^MINE:POINT' <<<"$out" && ok || bad "PAGER is not used: $(head -2 <<<"$out")"

for pager in "PAGER=" "PAGER=cat"; do
  out=$(on_terminal "$pager")
  if grep -q '^POINT' <<<"$out" && ! grep -q 'PAGED\|^less' <<<"$out"; then ok; else
    bad "$pager: paged anyway: $(head -2 <<<"$out")"
  fi
done

# Not a terminal: no pager, whatever PAGER says.
out=$(env -u PAGER "$PARLEY" diff --files "$A" "$B" --stat)
if grep -q '^POINT' <<<"$out" && ! grep -q 'PAGED\|^less' <<<"$out"; then ok; else
  bad "paged into a pipe: $(head -2 <<<"$out")"
fi

finish
