#!/usr/bin/env bash
# remote_checks.sh PARLEY ROOT — a dishonest host: a stand-in server (a
# few lines of Python on loopback) prepares statements other than those the
# command asked for, and 'parley --server' refuses to sign them: another
# delegate's, another kind, another stance, point, text, version or
# decision. Nothing is ever committed (the stand-in logs every request).
. "$(dirname "$0")/lib.sh" "$@"
unset PARLEY_SERVER PARLEY_KEY PARLEY_AS
export PARLEY_KEYS="$WORK/keys"
"$PARLEY" keygen umerov --out "$WORK/umerov.key" >/dev/null 2>&1 || bad "keygen"

# The stand-in answers every POST with $WORK/prepared.json, and logs
# "METHOD PATH" of each request to $WORK/requests.
cat >"$WORK/host.py" <<'EOF'
import http.server, sys, os
work = sys.argv[1]
class Host(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        with open(os.path.join(work, "requests"), "a") as log:
            log.write(self.command + " " + self.path + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self.answer(b'{"format":"parley.negotiation/1","id":"0","delegate":"umerov"}')
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(os.path.join(work, "prepared.json"), "rb") as f:
            self.answer(f.read())
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Host)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$WORK/host.py" "$WORK" >"$WORK/port" 2>/dev/null &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat "$WORK/port")"

# prepare ACTOR KIND PAYLOAD: the stand-in's next answer.
prepare() {
  python3 - "$1" "$2" "$3" >"$WORK/prepared.json" <<'EOF'
import json, sys
statement = json.dumps({"actor": sys.argv[1], "after": None, "at": "2025-11-24T12:00:00Z",
                        "kind": sys.argv[2], "payload": json.loads(sys.argv[3]),
                        "track": "plenary"}, separators=(",", ":"), sort_keys=True)
print(json.dumps({"schema": "parley.prepared/1",
                  "statements": [{"statement": statement, "hash": "0" * 64}],
                  "texts": {}, "result": {"format": "parley.done/1", "message": "done"}}))
EOF
}

# refused PATTERN -- ARGS: parley --server refuses with PATTERN, exit 1,
# after one prepare and no commit.
refused() {
  local pattern=$1
  shift 2
  : >"$WORK/requests"
  "$PARLEY" --server "$URL" "$@" --key "$WORK/umerov.key" --as umerov >"$WORK/out" 2>"$WORK/err"
  local status=$?
  if [ "$status" != 1 ]; then bad "$*: exit $status ($(cat "$WORK/err"))"; return; fi
  if ! grep -Eq -- "$pattern" "$WORK/err"; then bad "$*: '$(cat "$WORK/err")' lacks '$pattern'"; return; fi
  if grep -q "/api/commit" "$WORK/requests"; then bad "$*: committed"; return; fi
  if [ -s "$WORK/out" ]; then bad "$*: printed $(cat "$WORK/out")"; return; fi
  ok
}

position='{"document":"framework","number":1,"point":"6","party":"UA","stance":"reject","note":null}'
prepare witkoff position.set "$position"
refused "asked umerov to sign a statement of witkoff; nothing signed" -- position framework@1 6 reject
prepare umerov delegate.key '{"name":"umerov","public_key":"00"}'
refused "a 'delegate.key' statement, which this command does not make" -- position framework@1 6 reject
prepare umerov position.set "$position"
refused "whose stance is 'reject', not 'accept' as asked" -- position framework@1 6 accept
refused "the server prepared 1 'position.set' statements for 2 points asked" -- position framework@1 7,8 reject
refused "whose version is 'framework@1', not 'framework@2' as asked" -- position framework@2 6 reject
refused "whose note is '', not 'why' as asked" -- position framework@1 6 reject --note why
prepare umerov statement.add '{"text":"We never said that.","date":"2025-11-24","level":"record","party":"UA","speaker":"umerov"}'
refused "whose text is 'We never said that.', not 'We said this.' as asked" -- \
  statement add "We said this." --date 2025-11-24 --level record
prepare umerov amendment.decide '{"document":"framework","id":"A2","party":"UA","decision":"reject","note":null}'
refused "whose decision is 'reject', not 'accept' as asked" -- amendment accept framework A2
refused "whose id is 'A2', not 'A3' as asked" -- amendment reject framework A3
prepare umerov amendment.table '{"document":"framework","number":1,"id":"A9","party":"UA","ops":[],"justification":"theirs","parent":null}'
refused "whose justification is 'theirs', not 'ours' as asked" -- \
  amend framework@1 --delete 3 --justification ours
echo '{"schema":"parley.prepared/1","statements":[],"texts":{},"result":{"message":"x"}}' >"$WORK/prepared.json"
refused "the server prepared nothing to sign" -- position framework@1 6 reject
echo '{"error":"nonsense"}' >"$WORK/prepared.json"
refused "not a parley.prepared/1 document" -- position framework@1 6 reject

# invite: the statement is the invited delegate's invitation.
prepare umerov delegate.invite '{"name":"yermak","invite":"00","expires":"2025-11-25T12:00:00Z"}'
refused "whose name is 'yermak', not 'umerov' as asked" -- delegate invite umerov

# enrol: no prepare; the device signs its own enrolment and the request
# with its new key, and sends it to /api/enrol.
"$PARLEY" init --convenor witkoff --party US --party-name "United States" >/dev/null 2>&1
code=$("$PARLEY" delegate invite witkoff --as witkoff --keys "$WORK/keys" 2>/dev/null | tail -n 1)
"$PARLEY" keygen device --out "$WORK/device.key" >/dev/null 2>&1
: >"$WORK/requests"
if "$PARLEY" --server "$URL" delegate enrol witkoff --code "$code" --key "$WORK/device.key" \
  >"$WORK/out" 2>"$WORK/err" && grep -q "^enrolled key [0-9a-f]\{16\}\.\.\. of witkoff with its code$" "$WORK/out" &&
  [ "$(cat "$WORK/requests")" = "POST /api/enrol" ]; then ok
else bad "enrol: $(cat "$WORK/out" "$WORK/err" "$WORK/requests")"; fi
: >"$WORK/requests"
"$PARLEY" --server "$URL" delegate enrol witkoff --code "not-a-code" --key "$WORK/device.key" \
  >"$WORK/out" 2>"$WORK/err"
[ $? = 1 ] && [ ! -s "$WORK/requests" ] && ok || bad "enrol with a bad code: $(cat "$WORK/err")"
"$PARLEY" --server "$URL" delegate enrol witkoff --key "$WORK/device.key" >/dev/null 2>"$WORK/err"
[ $? = 2 ] && grep -q "enrol needs NAME, --code CODE and --key FILE" "$WORK/err" && ok ||
  bad "enrol without --code: $(cat "$WORK/err")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
