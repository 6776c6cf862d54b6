#!/usr/bin/env bash
# remote_errors.sh PARLEY ROOT — 'parley --server URL' refuses what it must,
# with one clear line and the local command's exit code: a bad address, a
# server that is not there, options a server does not offer, a request it
# cannot sign; then, against a running server, the server's own errors come
# back as the local command prints them (a missing document, a key the
# server does not know, a revoked key).
. "$(dirname "$0")/lib.sh" "$@"
unset PARLEY_SERVER PARLEY_KEY PARLEY_AS
export PARLEY_KEYS="$WORK/keys"

# A port nothing listens on: bind one, then let it go.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NOWHERE="http://127.0.0.1:$(free_port)"

# --- before any request ------------------------------------------------------
expect_error 1 "server address 'ftp://x' does not start with http:// or https://" -- \
  --server ftp://x docs --as a
expect_error 1 "has a path, query or fragment" -- --server http://127.0.0.1:1/api docs --as a
expect_error 1 "holds a user name" -- --server http://me:pw@127.0.0.1:1 docs --as a
expect_error 2 "a request to a server is signed: give --as NAME \(or --key FILE\)" -- \
  --server "$NOWHERE" docs
expect_error 2 "show takes DOC\[@N\]" -- --server "$NOWHERE" show --as a
expect_error 2 "position takes DOC@V POINT\[,POINT...\] STANCE" -- \
  --server "$NOWHERE" position plan@1 6 --as a
expect_error 2 "--format is text\|md\|json\|html" -- --server "$NOWHERE" show plan --format pdf --as a
expect_error 2 "--proposal is not available through a server" -- \
  --server "$NOWHERE" redlines plan@1 --proposal x.md --as a
expect_error 2 "--make-key is not available through a server" -- \
  --server "$NOWHERE" delegate add bob --party US --make-key --as a
expect_error 2 "--color always is for a local run" -- \
  --server "$NOWHERE" diff a@1 a@2 --color always --as a
expect_error 2 "'rebuild' has no server route; run it without --server" -- --server "$NOWHERE" rebuild
expect_error 2 "unknown option '--pointt' \(did you mean '--point'\?\)" -- \
  --server "$NOWHERE" show plan --pointt 6 --as a
expect_error 1 "no key folder $WORK/keys: give --key FILE or --keys DIR" -- \
  --server "$NOWHERE" docs --as a
expect_error 1 "key file $WORK/none.key: No such file or directory" -- \
  --server "$NOWHERE" docs --key "$WORK/none.key"
# diff(1)'s trouble is 2, whatever it was.
expect_error 2 "key file $WORK/none.key" -- --server "$NOWHERE" diff a@1 a@2 --key "$WORK/none.key"

# A key, but no server there.
"$PARLEY" keygen alice --out "$WORK/alice.key" >/dev/null 2>&1
expect_error 1 "cannot reach the server $NOWHERE: " -- --server "$NOWHERE" docs --key "$WORK/alice.key"
PARLEY_SERVER="$NOWHERE" expect_error 1 "cannot reach the server" -- docs --key "$WORK/alice.key"

# Local commands stay local with a server set.
if PARLEY_SERVER="$NOWHERE" "$PARLEY" diff --files "$ROOT/examples/plan-us-28.md" \
  "$ROOT/examples/plan-us-28.md" >/dev/null 2>&1; then ok; else bad "diff --files with a server"; fi
if PARLEY_SERVER="$NOWHERE" "$PARLEY" keygen bob --out "$WORK/bob.key" >/dev/null 2>&1; then ok
else bad "keygen with a server"; fi

# --- against a server ----------------------------------------------------------
SERVER_PID=
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; }
trap 'stop_server; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
p() { "$PARLEY" "$@"; }
p init --convenor witkoff --party US --party-name "United States" >/dev/null &&
  PARLEY_AS=witkoff p party add UA Ukraine >/dev/null &&
  p keygen umerov >/dev/null 2>&1 &&
  PARLEY_AS=witkoff p delegate add umerov --party UA --role lead \
    --public-key "$(ls "$PARLEY_KEYS"/*/umerov.key.pub)" >/dev/null ||
  bad "the story's start"
"$PARLEY" serve --listen 127.0.0.1:0 --access-log "$WORK/access.log" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/serve.out" ] && break; sleep 0.1; done
URL=$(head -n 1 "$WORK/serve.out" | grep -Eo 'https?://[^ ]+')
if [ -z "$URL" ]; then
  bad "the server did not start: $(cat "$WORK/serve.err")"
else
  # The same message and exit code as the local command.
  local_err=$("$PARLEY" show nosuch --as umerov 2>&1 >/dev/null); local_status=$?
  remote_err=$("$PARLEY" --server "$URL" show nosuch --as umerov 2>&1 >/dev/null); remote_status=$?
  if [ "$local_err" = "$remote_err" ] && [ "$local_status" = "$remote_status" ]; then ok
  else bad "show nosuch: local '$local_err' ($local_status), remote '$remote_err' ($remote_status)"; fi
  # A plan over the server's body limit (8 MiB): the server's refusal, not
  # a connection closed in the middle of the upload.
  "$ROOT/bench/gen_points.sh" 170000 >"$WORK/big.md"
  expect_error 1 "parley: the body is over 8388608 bytes" -- \
    --server "$URL" import "$WORK/big.md" --doc big --as witkoff
  # A stance on a superseded version: the same warning and output, text and JSON.
  p import "$ROOT/examples/plan-us-28.md" --doc plan --as witkoff >/dev/null &&
    p import "$ROOT/examples/plan-eu-counter.md" --doc plan --as witkoff >/dev/null || bad "imports"
  for format in text json; do
    "$PARLEY" position plan@1 1 accept --format "$format" --as umerov >"$WORK/l.out" 2>"$WORK/l.err"
    l=$?
    "$PARLEY" --server "$URL" position plan@1 1 reject --format "$format" --as umerov \
      >"$WORK/r.out" 2>"$WORK/r.err"
    r=$?
    sed -i 's/reject/accept/' "$WORK/r.out"
    if [ "$l$r" = 00 ] && cmp -s "$WORK/l.out" "$WORK/r.out" && cmp -s "$WORK/l.err" "$WORK/r.err" &&
      grep -q "^warning: plan@1 is superseded by version 2" "$WORK/r.err"; then ok
    else bad "position on a superseded version ($format): $(cat "$WORK/l.out" "$WORK/l.err" "$WORK/r.out" "$WORK/r.err")"; fi
  done
  # amendment show in every format: the same bytes as the local command.
  p amend plan@2 --replace '1=1. The agreement affirms the sovereignty of Ukraine.' \
    --as witkoff >/dev/null || bad "amend"
  for format in text md html json; do
    "$PARLEY" amendment show plan A1 --format "$format" --as umerov >"$WORK/l.out" 2>"$WORK/l.err"
    l=$?
    "$PARLEY" --server "$URL" amendment show plan A1 --format "$format" --as umerov \
      >"$WORK/r.out" 2>"$WORK/r.err"
    r=$?
    if [ "$l$r" = 00 ] && [ -s "$WORK/l.out" ] && cmp -s "$WORK/l.out" "$WORK/r.out"; then ok
    else bad "amendment show --format $format: $l $r $(cat "$WORK/l.err" "$WORK/r.err"; diff "$WORK/l.out" "$WORK/r.out" | head -5)"; fi
  done
  expect_error 1 "^parley: no amendment A9 on plan$" -- --server "$URL" amendment show plan A9 --as umerov
  # amendment accept --dry-run: what adopting would do, the local bytes,
  # and nothing recorded.
  before=$(db_digest)
  "$PARLEY" amendment accept plan A1 --dry-run --as umerov >"$WORK/l.out" 2>"$WORK/l.err"
  l=$?
  "$PARLEY" --server "$URL" amendment accept plan A1 --dry-run --as umerov >"$WORK/r.out" 2>"$WORK/r.err"
  r=$?
  if [ "$l$r" = 00 ] && grep -q "dry run, nothing recorded" "$WORK/r.out" &&
    cmp -s "$WORK/l.out" "$WORK/r.out" && [ "$(db_digest)" = "$before" ]; then ok
  else bad "amendment accept --dry-run: $l $r $(cat "$WORK/l.err" "$WORK/r.err"; diff "$WORK/l.out" "$WORK/r.out" | head -5)"; fi
  expect_error 1 "^parley: " -- --server "$URL" amendment accept plan A9 --dry-run --as umerov
  # A key the server does not know (alice's) is refused, and nothing recorded.
  expect_error 1 "parley: .*key" -- --server "$URL" position x@1 6 accept --key "$WORK/alice.key" --as umerov
  # A revoked key: umerov's own, revoked by umerov.
  umerov_key=$(ls "$PARLEY_KEYS"/*/umerov.key)
  "$PARLEY" keygen umerov --out "$WORK/umerov2.key" >/dev/null 2>&1
  p delegate rotate umerov --public-key "$WORK/umerov2.key.pub" --as umerov >/dev/null || bad "rotate"
  p delegate revoke umerov --public-key "$umerov_key.pub" --as umerov --key "$WORK/umerov2.key" >/dev/null ||
    bad "revoke"
  expect_error 1 "parley: .*revoked" -- --server "$URL" docs --as umerov
  # Two negotiations' key folders hold a witkoff.key: the one this server
  # knows is found.
  mkdir -p "$PARLEY_KEYS/0123456789abcdef0123456789abcdef"
  "$PARLEY" keygen witkoff --out "$PARLEY_KEYS/0123456789abcdef0123456789abcdef/witkoff.key" \
    >/dev/null 2>&1
  if "$PARLEY" --server "$URL" party list --as witkoff >"$WORK/out" 2>"$WORK/err" &&
    grep -q "^UA " "$WORK/out"; then ok
  else bad "two key folders: $(cat "$WORK/err")"; fi
  # The new key works.
  if "$PARLEY" --server "$URL" docs --key "$WORK/umerov2.key" >/dev/null 2>"$WORK/err"; then ok
  else bad "docs with the rotated key: $(cat "$WORK/err")"; fi
fi
stop_server
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
