# The server's life: --listen with port 0 prints the address first; a bad
# --db or --listen fails at once with one line; SIGTERM and SIGINT stop it
# cleanly (exit 0, the database intact, a request in flight answered);
# --tls-cert/--tls-key serve HTTPS (a certificate made here by openssl).
. "$(dirname "$0")/lib.sh" "$@"

LABEL="no database"
"$PARLEY" serve --db "$WORK/none.db" --listen 127.0.0.1:0 >out 2>err
status=$?
[ $status = 1 ] && [ "$(wc -l <err)" = 1 ] && grep -q '^parley: ' err && ok || bad "$LABEL: exit $status: $(cat err)"
setup_story || { bad "setup"; finish; exit; }
LABEL="a bad --listen"; "$PARLEY" serve --listen nowhere >out 2>err; [ $? = 2 ] && ok || bad "$LABEL: $(cat err)"
LABEL="a host name"; "$PARLEY" serve --listen localhost:0 >out 2>err; [ $? = 1 ] && grep -q 'IPv4 or IPv6 address' err && ok || bad "$LABEL: $(cat err)"
LABEL="an IPv6 address without its bracket"; "$PARLEY" serve --listen '[::1:0' >out 2>err; [ $? = 2 ] && grep -q '\[::1\]:8080' err && ok || bad "$LABEL: $(cat err)"

# IPv6: the address printed in brackets, and a signed request through it
# (where the machine has an IPv6 loopback).
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
  LABEL="IPv6 loopback"
  start_server --listen '[::1]:0' || bad "$LABEL: did not start"
  case $URL in "http://[::1]:"[0-9]*) ok ;; *) bad "$LABEL: $URL" ;; esac
  "$PARLEY" --server "$URL" party list --as umerov >out 2>err && grep -q '^UA ' out && ok || bad "$LABEL: $(cat err)"
  stop_server
else
  echo "no IPv6 loopback here: the IPv6 case is not run"
fi
LABEL="a bad --window"; "$PARLEY" serve --window 0 >out 2>err; [ $? = 2 ] && ok || bad "$LABEL: $(cat err)"

for signal in TERM INT; do
  LABEL="SIGINT/SIGTERM: $signal"
  start_server || { bad "the server did not start"; continue; }
  [ "$(head -1 "$WORK/serve.out" | grep -c '^parley serve: listening on http://127.0.0.1:[0-9]*$')" = 1 ] && ok || bad "first line: $(head -1 "$WORK/serve.out")"
  # A slow request in flight while the signal comes: a 10,000-point
  # comparison is not needed; a stream is, and it must end.
  "$CLIENT" --key "$KEY_umerov" --max-time 20 GET "$URL/api/events?since=0" >stream.out 2>&1 &
  c=$!
  sleep 0.5
  kill -$signal "$SERVER_PID"
  start=$(date +%s)
  wait "$SERVER_PID"
  status=$?
  SERVER_PID=
  wait $c
  took=$(($(date +%s) - start))
  [ $status = 0 ] && ok || bad "$LABEL: exit $status: $(cat "$WORK/serve.err")"
  [ $took -lt 10 ] && ok || bad "$LABEL: took $took s to stop"
  grep -q '^data: ' stream.out && ok || bad "$LABEL: the stream got nothing: $(cat stream.out)"
  [ "$(sqlite3 "$PARLEY_DB" 'PRAGMA integrity_check')" = ok ] && ok || bad "$LABEL: integrity"
  p verify >/dev/null && ok || bad "$LABEL: verify"
done

LABEL="TLS"
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout tls.key -out tls.crt >/dev/null 2>&1 || bad "openssl"
  if start_server --tls-cert tls.crt --tls-key tls.key; then
    case "$URL" in https://*) ok ;; *) bad "$LABEL: $URL" ;; esac
    body=$(curl -s --cacert tls.crt "$URL/api/health")
    [ "$body" = '{"format":"parley.health/1","status":"ok"}' ] && ok || bad "$LABEL: $body"
    curl -s -o /dev/null "${URL/https/http}/api/health" && bad "$LABEL: plain HTTP answered" || ok
    stop_server
  else
    bad "$LABEL: the server did not start"
  fi
  LABEL="TLS without its key"; "$PARLEY" serve --tls-cert tls.crt --listen 127.0.0.1:0 >out 2>err; [ $? = 1 ] && grep -q 'go together' err && ok || bad "$LABEL: $(cat err)"
else
  echo "openssl missing: TLS not tested"
fi
finish
