#!/usr/bin/env bash
# remote_tls.sh PARLEY ROOT — 'parley --server https://...' against a server
# with a certificate made here: refused while the certificate is not
# trusted, the same answer as locally once PARLEY_CA_FILE names it; a
# change signed and recorded over TLS. Skipped (77) without openssl.
. "$(dirname "$0")/lib.sh" "$@"
unset PARLEY_SERVER PARLEY_KEY PARLEY_AS PARLEY_CA_FILE
command -v openssl >/dev/null || { echo "openssl missing: TLS not tested"; exit 77; }
export PARLEY_KEYS="$WORK/keys"
SERVER_PID=
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; }
trap 'stop_server; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >/dev/null 2>&1 || bad "openssl"
"$PARLEY" init --convenor witkoff --party US --party-name "United States" >/dev/null || bad "init"
"$PARLEY" serve --listen 127.0.0.1:0 --tls-cert "$WORK/tls.crt" --tls-key "$WORK/tls.key" \
  --access-log "$WORK/access.log" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/serve.out" ] && break; sleep 0.1; done
URL=$(head -n 1 "$WORK/serve.out" | grep -Eo 'https://[^ ]+')
if [ -z "$URL" ]; then
  bad "the server did not start with TLS: $(cat "$WORK/serve.err")"
else
  # Not trusted: refused, one line, exit 1.
  expect_error 1 "cannot reach the server https://127.0.0.1:[0-9]+: .*(certificate|SSL)" -- \
    --server "$URL" docs --as witkoff
  # Trusted: the same bytes as locally.
  local_out=$("$PARLEY" party list --as witkoff)
  remote_out=$(PARLEY_CA_FILE="$WORK/tls.crt" "$PARLEY" --server "$URL" party list --as witkoff)
  [ "$local_out" = "$remote_out" ] && ok || bad "party list over TLS: '$remote_out'"
  # A change over TLS.
  if PARLEY_CA_FILE="$WORK/tls.crt" "$PARLEY" --server "$URL" party add UA Ukraine --as witkoff \
    >"$WORK/out" 2>"$WORK/err" && [ "$(cat "$WORK/out")" = "added party UA" ]; then ok
  else bad "party add over TLS: $(cat "$WORK/out" "$WORK/err")"; fi
  # Plain HTTP to the TLS port is no answer.
  expect_error 1 "cannot reach the server" -- --server "${URL/https/http}" docs --as witkoff
fi
stop_server
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
