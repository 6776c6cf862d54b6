# Bad input, each refused with one clear JSON error and nothing recorded:
# malformed JSON, a 100 MB body, 10,000-deep JSON, invalid UTF-8, a plan
# that does not parse, unknown members, wrong types; oversized headers.
. "$(dirname "$0")/lib.sh" "$@"

setup_story || { bad "setup"; finish; exit; }
start_server || { bad "the server did not start"; finish; exit; }
before=$(db_digest)

LABEL="malformed JSON"; call witkoff POST /api/positions '{"ref":"europe@1",'; expect 400 '"code":"invalid","message":"the body is not JSON: '
LABEL="not an object"; call witkoff POST /api/positions '[1,2]'; expect 400 'must be a JSON object'
LABEL="no body"; call witkoff POST /api/positions; expect 400 'needs a JSON body'
LABEL="unknown member"; call witkoff POST /api/positions '{"ref":"europe@1","points":["1"],"stance":"accept","color":"red"}'; expect 400 'unknown member \\"color\\"'
LABEL="wrong type"; call witkoff POST /api/positions '{"ref":7,"points":["1"],"stance":"accept"}'; expect 400 '\\"ref\\" must be a string'
LABEL="missing member"; call witkoff POST /api/positions '{"ref":"europe@1","points":["1"]}'; expect 400 'needs \\"stance\\"'
LABEL="duplicate member"; call witkoff POST /api/positions '{"ref":"europe@1","ref":"europe@1","points":["1"],"stance":"accept"}'; expect 400 'not JSON'
python3 -c 'print("[" * 10000 + "]" * 10000)' >deep.json
LABEL="10,000-deep JSON"; call witkoff POST /api/positions @deep.json; expect 400 'nests deeper than 32 levels'
printf '{"ref":"europe@1","points":["1"],"stance":"accept","note":"\xff\xfe"}' >utf8.json
LABEL="invalid UTF-8"; call witkoff POST /api/positions @utf8.json; expect 400 '"code":"invalid","message":"the body is not JSON: .*(UTF-8|decode)'
LABEL="NUL in a string"; call witkoff POST /api/positions '{"ref":"europe@1","points":["1"],"stance":"accept","note":"a\u0000b"}'; expect 400 'not JSON'
LABEL="a plan that does not parse"; call witkoff POST /api/import '{"doc":"broken","text":"# Title\n\n1. one\n1. one again\n"}'; expect 409 '"message":"the plan: line 4: point 1 appears twice'
LABEL="a plan that is no plan"; call witkoff POST /api/import '{"doc":"broken","text":"just words"}'; expect 400 '"code":"invalid"'
head -c $((100 << 20)) /dev/zero | tr '\0' 'a' >big.json
LABEL="a 100 MB body"; call witkoff POST /api/import @big.json; expect 413 '"code":"too_large"'
LABEL="a 100 MB body, unsigned"; call - POST /api/import @big.json; expect 413 '"code":"too_large"'
rm -f big.json
LABEL="a long string"; python3 -c 'import json; print(json.dumps({"doc":"x","text":"a" * (5 << 20)}))' >long.json
call witkoff POST /api/import @long.json; expect 400 'a string of the body is over'
LABEL="a header over the cap"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 70000 /dev/zero | tr '\0' a)" "$URL/api/health")
case "$status" in 413|431|400) ok ;; *) bad "$LABEL: $status" ;; esac
LABEL="a target over the cap"; status=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/health?$(head -c 9000 /dev/zero | tr '\0' a)")
case "$status" in 414|413|431|400) ok ;; *) bad "$LABEL: $status" ;; esac
LABEL="still serving"; call - GET /api/health; expect 200

after=$(db_digest)
[ "$before" = "$after" ] && ok || bad "bad input changed the database"
finish
