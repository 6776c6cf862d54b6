# The routing table (parley serve --routes) and docs/openapi.json name the
# same routes, each signed or not alike; docs/openapi.json is what
# scripts/dev/openapi.py writes; the server serves it as it is.
. "$(dirname "$0")/lib.sh" "$@"

"$PARLEY" serve --routes | sort >table.txt
if [ "$(wc -l <table.txt)" -lt 40 ]; then bad "parley serve --routes printed $(wc -l <table.txt) routes"; else ok; fi
python3 - "$ROOT/docs/openapi.json" <<'PY' | sort >described.txt
import json, sys
doc = json.load(open(sys.argv[1]))
for path, ops in doc["paths"].items():
    for method, op in ops.items():
        print(method.upper(), path, "signed" if op.get("security") else "unsigned")
PY
if diff -u described.txt table.txt >diff.txt; then ok; else bad "the table and docs/openapi.json differ:"; cat diff.txt >&2; fi

if python3 "$ROOT/scripts/dev/openapi.py" --check; then ok; else bad "docs/openapi.json is not what scripts/dev/openapi.py writes"; fi

# Every route's operation has responses for its errors, and the schemas it
# names exist.
python3 - "$ROOT/docs/openapi.json" <<'PY' && ok || bad "docs/openapi.json is not consistent"
import json, sys
doc = json.load(open(sys.argv[1]))
schemas = doc["components"]["schemas"]
def refs(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "$ref":
                yield v
            else:
                yield from refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from refs(v)
for ref in refs(doc):
    name = ref.split("/")[-1]
    assert ref.startswith("#/components/schemas/") and name in schemas, ref
for path, ops in doc["paths"].items():
    for method, op in ops.items():
        assert "200" in op["responses"], (path, method)
        if op["operationId"] != "openapi":
            assert "400" in op["responses"] and "404" in op["responses"], (path, method)
        if op.get("security"):
            assert "401" in op["responses"], (path, method)
        for param in op.get("parameters", []):
            if param["in"] == "path":
                assert "{" + param["name"] + "}" in path, (path, param["name"])
PY

# The server serves the same bytes.
setup_story || { bad "setup"; finish; exit; }
start_server || { bad "the server did not start"; finish; exit; }
call - GET /api/openapi.json
if [ "$STATUS" = 200 ] && [ "$BODY" = "$(cat "$ROOT/docs/openapi.json")" ]; then ok; else bad "GET /api/openapi.json: $STATUS"; fi
finish
