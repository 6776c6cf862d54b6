#!/usr/bin/env bash
# remote_demo.sh PARLEY ROOT — the demo story (examples/demo.sh) told twice,
# once on a local database and once through 'parley --server' against
# 'parley serve': every output must be the same, byte for byte.
#
# Both runs see one fixed clock (a server has one clock for everyone; the
# story's per-step dates are for a local run). Random things are made equal
# or named: the keys are random, so hashes and key paths are replaced by
# placeholders before comparing. Two steps have no server route and run on
# the database file in the remote run as well, saying so in its output:
# 'amendment accept --dry-run' (a read that the server does not offer) and
# 'rebuild' (it rebuilds a file's tables).
set -uo pipefail
PARLEY=$1
ROOT=$2
WORK=$(mktemp -d)
SERVER_PID_FILE="$WORK/server.pid"
cleanup() {
  if [ -s "$SERVER_PID_FILE" ]; then
    pid=$(cat "$SERVER_PID_FILE")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export NO_COLOR=1 CLOCK="2025-11-20T12:00:00Z"
unset PARLEY_SERVER PARLEY_KEY PARLEY_AS PARLEY_CLOCK

mkdir -p "$WORK/bin"
# The local run: the fixed clock.
cat >"$WORK/bin/local" <<EOF
#!/usr/bin/env bash
PARLEY_CLOCK=\$CLOCK exec "$PARLEY" "\$@"
EOF
# The remote run: 'init' (and keygen) make the database and keys here, then
# the server starts on it; every other command goes through --server.
cat >"$WORK/bin/remote" <<EOF
#!/usr/bin/env bash
export PARLEY_CLOCK=\$CLOCK
case "\$1" in
  init)
    "$PARLEY" "\$@" || exit
    "$PARLEY" serve --db "\$PARLEY_DB" --listen 127.0.0.1:0 --access-log "$WORK/access.log" \\
      >"$WORK/serve.out" 2>"$WORK/serve.err" &
    echo \$! >"$SERVER_PID_FILE"
    for _ in \$(seq 1 100); do
      [ -s "$WORK/serve.out" ] && break
      sleep 0.1
    done
    head -n 1 "$WORK/serve.out" | grep -Eo 'https?://[^ ]+' >"$WORK/url"
    [ -s "$WORK/url" ] || { echo "the server did not start: \$(cat "$WORK/serve.err")" >&2; exit 1; }
    exit 0 ;;
  rebuild)
    exec "$PARLEY" "\$@" ;;
esac
for arg in "\$@"; do
  [ "\$arg" = --dry-run ] && exec "$PARLEY" "\$@"
done
exec "$PARLEY" --server "\$(cat "$WORK/url")" "\$@"
EOF
chmod +x "$WORK/bin/local" "$WORK/bin/remote"

# The story needs its inputs beside demo.sh: run the one in the tree.
PARLEY_DEMO_DIR="$WORK/local" bash "$ROOT/examples/demo.sh" "$WORK/bin/local" >"$WORK/local.out" 2>&1
local_status=$?
PARLEY_DEMO_DIR="$WORK/remote" bash "$ROOT/examples/demo.sh" "$WORK/bin/remote" >"$WORK/remote.out" 2>&1
remote_status=$?

# Paths, the negotiation id, hashes and keys differ between the runs.
normalize() {
  sed -e "s#$WORK/local#WORK#g; s#$WORK/remote#WORK#g; s#$WORK/bin/local#PARLEY#g; s#$WORK/bin/remote#PARLEY#g" \
      -e 's/[0-9a-f]\{64\}/HEX64/g; s/[0-9a-f]\{32\}/HEX32/g; s/[0-9a-f]\{16\}/HEX16/g' "$1"
}
normalize "$WORK/local.out" >"$WORK/local.norm"
normalize "$WORK/remote.out" >"$WORK/remote.norm"

failed=0
if [ "$local_status" != 0 ]; then
  echo "FAIL: the local run of the demo exited $local_status" >&2
  tail -5 "$WORK/local.out" >&2
  failed=1
fi
if [ "$remote_status" != 0 ]; then
  echo "FAIL: the remote run of the demo exited $remote_status" >&2
  tail -5 "$WORK/remote.out" >&2
  failed=1
fi
if ! diff -u "$WORK/local.norm" "$WORK/remote.norm" >&2; then
  echo "FAIL: the demo through --server differs from the local run" >&2
  failed=1
fi
# Each side's files: the redline page, the calendar, the exported log, the
# three-column page.
for file in redline.html meetings.ics three-columns.html backchannel.log; do
  if ! cmp -s <(normalize "$WORK/local/$file") <(normalize "$WORK/remote/$file"); then
    echo "FAIL: $file differs between the local and the remote run" >&2
    failed=1
  fi
done
# Every change of the remote run was signed on the client and the record
# proves it offline.
if ! PARLEY_DB="$WORK/remote/negotiation.db" PARLEY_AS=witkoff PARLEY_KEYS="$WORK/remote/keys" \
  "$PARLEY" verify >/dev/null 2>"$WORK/verify.err"; then
  echo "FAIL: parley verify of the server's database: $(cat "$WORK/verify.err")" >&2
  failed=1
fi
# Ukraine's copy of the plenary's log verifies with no database, although
# the plan it amends and adopts was drafted in a back channel Ukraine is
# not in (the adoption is checked where the record is whole).
if ! PARLEY_DB="$WORK/remote/negotiation.db" PARLEY_KEYS="$WORK/remote/keys" \
  "$PARLEY" log export plenary --as umerov >"$WORK/plenary.log" 2>"$WORK/export.err" ||
  ! grep -q '"kind":"document.version"' "$WORK/plenary.log" ||
  ! "$PARLEY" log verify "$WORK/plenary.log" >/dev/null 2>"$WORK/logverify.err"; then
  echo "FAIL: log verify of Ukraine's plenary export: $(cat "$WORK/export.err" "$WORK/logverify.err")" >&2
  failed=1
fi
[ "$failed" = 0 ] && echo "the demo through --server equals the local run ($(wc -l <"$WORK/local.out") lines)"
exit "$failed"
