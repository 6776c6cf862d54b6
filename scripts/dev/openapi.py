#!/usr/bin/env python3
"""openapi.py — writes docs/openapi.json, the description of parley serve's
HTTP API (OpenAPI 3.1), from the list of routes below.

The server's own routing table lives in src/server/routes.c; the test
tests/server/openapi.sh checks that it and docs/openapi.json name the same
routes. Run this after changing a route: python3 scripts/dev/openapi.py
"""
import json
import os
import sys

FORMATS_TABLE = ["text", "json"]
FORMATS_ALL = ["text", "md", "html", "csv", "json"]
MEDIA = {
    "json": "application/json",
    "text": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
    "csv": "text/csv",
    "ics": "text/calendar",
    "ndjson": "application/x-ndjson",
    "sse": "text/event-stream",
    "akn": "application/akn+xml",
}


def q(name, description, kind="string", required=False, enum=None):
    schema = {"type": kind}
    if enum:
        schema["enum"] = enum
    return {"name": name, "in": "query", "required": required,
            "description": description, "schema": schema}


def p(name, description):
    return {"name": name, "in": "path", "required": True,
            "description": description, "schema": {"type": "string"}}


def fmt(formats, default="json"):
    return q("format", "the output, as the CLI's --format (or by the Accept header); "
             "default " + default, enum=formats)


def flag(name, description):
    return q(name, description + " (1 or true to set)", enum=["1", "true", "0", "false"])


REF = "a version: DOC@N"
TRACK_Q = q("track", "only this track (the CLI's --track)")

# (method, path, operationId, summary, CLI command, parameters, body, media, signed, schema)
# body: dict of property -> (type, description), with "required" listing keys.
ROUTES = []


def route(method, path, op, summary, cli, params=(), body=None, media=("json",),
          signed=True, schema=None):
    ROUTES.append(dict(method=method, path=path, op=op, summary=summary, cli=cli,
                       params=list(params), body=body, media=list(media), signed=signed,
                       schema=schema))


S = "string"
A = "array"
B = "boolean"

# --- unsigned ---------------------------------------------------------------
route("get", "/api/health", "health", "Liveness: the server answers", None, signed=False,
      schema="parley.health/1")
route("get", "/api/openapi.json", "openapi", "This description", None, signed=False)
route("get", "/api/calendar/{name}/{key}/{signature}", "calendar",
      "The meetings as iCalendar for a calendar program to subscribe to: name's "
      "meetings, as name may see them, as long as key (64 hex digits) is a current "
      "key of name and signature (128 hex digits, optionally followed by .ics) is its "
      "Ed25519 signature of the calendar statement \"parley.calendar/1\\n<negotiation "
      "id>\\n<name>\\n\" (pl_calendar_statement). Anything else is not_found",
      "meeting export --ics",
      [p("name", "the delegate"), p("key", "a current public key of the delegate, hex"),
       p("signature", "the signature of the calendar statement, hex"), TRACK_Q],
      media=("ics",), signed=False)
route("post", "/api/enrol", "enrol",
      "Enrols a device's new key with a one-time enrolment code: the body is the "
      "parley.signed/1 document pl_enrol_sign makes on the device; the request is "
      "signed (RFC 9421) by that new key, which the server checks against the "
      "statement's public_key, not against a delegate's keys",
      "delegate enrol", body="signed", signed=False, schema="parley.committed/1")

# --- reads ------------------------------------------------------------------
route("get", "/api/negotiation", "negotiation", "The negotiation's id, name and convenor", None,
      schema="parley.negotiation/1")
route("get", "/api/docs", "docs", "Every document with its latest version", "docs",
      [fmt(FORMATS_TABLE)], media=("json", "text"), schema="parley.versions/1")
route("get", "/api/docs/{doc}/versions", "versions", "Every version of a document", "versions",
      [p("doc", "the document"), fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.versions/1")
route("get", "/api/docs/{doc}/show", "show", "A version of a document", "show",
      [p("doc", "the document, DOC or DOC@N (the latest without @N)"),
       fmt(["text", "md", "json", "html", "akn"]),
       q("point", "only the point(s) with this label"),
       flag("lines", "number each point's lines"),
       flag("positions", "every party's stance under each point")],
      media=("json", "text", "md", "html", "akn"), schema="parley.document/1")
route("get", "/api/diff", "diff", "Redline of two versions or two documents", "diff",
      [q("a", "DOC@V1 or DOCA", required=True), q("b", "DOC@V2 or DOCB", required=True),
       fmt(["text", "md", "html", "json"]), flag("stat", "a per-point summary table"),
       flag("changed-only", "leave out unchanged points"),
       flag("ignore-case", "compare case-folded words"),
       flag("ignore-space", "a change in white space is no change"),
       flag("normalize", "compare Unicode NFC forms")],
      media=("json", "text", "md", "html"), schema="parley.redline/1")
route("get", "/api/parties", "parties", "The parties at the table", "party list",
      [fmt(FORMATS_TABLE)], media=("json", "text"), schema="parley.parties/1")
route("get", "/api/delegates", "delegates", "The delegates", "delegate list",
      [fmt(FORMATS_TABLE)], media=("json", "text"), schema="parley.delegates/1")
route("get", "/api/delegates/{name}/keys", "delegate_keys", "A delegate's keys", "delegate keys",
      [p("name", "the delegate"), fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.keys/1")
route("get", "/api/tracks", "tracks", "The tracks the caller may see", "track list",
      [fmt(FORMATS_TABLE)], media=("json", "text"), schema="parley.tracks/1")
route("get", "/api/tracks/{track}/members", "track_members", "A track's member parties",
      "track members", [p("track", "the track"), fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.members/1")
route("get", "/api/seen", "seen", "Which parties had a version, since when", "seen",
      [q("ref", REF, required=True), fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.seen/1")
route("get", "/api/meetings", "meetings", "The meetings the caller may see", "meeting list",
      [TRACK_Q, fmt(FORMATS_TABLE)], media=("json", "text"), schema="parley.meetings/1")
route("get", "/api/meetings.ics", "meetings_ics", "The meetings as iCalendar (RFC 5545)",
      "meeting export --ics", [TRACK_Q], media=("ics",))
route("get", "/api/statements", "statements", "Statements, each at its attribution level",
      "statement list", [TRACK_Q, fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.statements/1")
route("get", "/api/timeline", "timeline", "The dated story, as the caller may see it",
      "timeline", [TRACK_Q, fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.timeline/1")
route("get", "/api/amendments", "amendments", "The amendments to a document or version",
      "amendments", [q("doc", "DOC or DOC@V", required=True), fmt(FORMATS_ALL)],
      media=("json", "text", "md", "html", "csv"), schema="parley.amendments/1")
route("get", "/api/amendments/{doc}/{id}", "amendment", "One amendment, point by point",
      "amendment show", [p("doc", "the document"), p("id", "the amendment (A1, ...)"),
                         fmt(["text", "md", "html", "json", "akn"])],
      media=("json", "text", "md", "html", "akn"), schema="parley.amendment/1")
route("get", "/api/adoption", "adoption", "What accepting amendments would do (a dry run)",
      "amendment accept --dry-run",
      [q("doc", "the document", required=True),
       q("ids", "the amendments, comma-separated (A1,A2)", required=True), fmt(["text"], "text")],
      media=("text",))
route("get", "/api/voting-list", "voting_list", "Collision groups and the order of votes",
      "voting-list", [q("ref", REF, required=True), fmt(FORMATS_ALL)],
      media=("json", "text", "md", "html", "csv"), schema="parley.voting-list/1")
route("get", "/api/matrix", "matrix", "Parties x points: who stands where", "matrix",
      [q("ref", REF, required=True), fmt(FORMATS_ALL)],
      media=("json", "text", "md", "html", "csv"), schema="parley.matrix/1")
route("get", "/api/text", "text", "The bracketed negotiating text", "text --brackets",
      [q("ref", REF, required=True), fmt(["text", "md", "html", "json"])],
      media=("json", "text", "md", "html"), schema="parley.brackets/1")
route("get", "/api/progress", "progress", "How the brackets fell over the versions",
      "progress", [q("doc", "the document", required=True), fmt(FORMATS_ALL)],
      media=("json", "text", "md", "html", "csv"), schema="parley.progress/1")
route("get", "/api/redlines", "redlines", "Red lines an amendment would cross", "redlines",
      [q("ref", REF, required=True), q("amendment", "the amendment", required=True),
       fmt(FORMATS_ALL)],
      media=("json", "text", "md", "html", "csv"), schema="parley.red-lines/1")
route("get", "/api/compare", "compare", "Competing plans aligned point by point", "compare",
      [q("docs", "two or more DOC[@V], comma-separated", required=True),
       fmt(["text", "md", "html", "json"]), flag("summary", "only the convergence summary"),
       flag("no-redline", "linked points' own text instead of the redline"),
       q("language", "Snowball stemmer (default english)"),
       q("threshold", "least score of a link", "number"),
       q("secondary", "a further link must score S times the best", "number")],
      media=("json", "text", "md", "html"), schema="parley.compare/1")
route("get", "/api/verify", "verify", "Checks every chain and signature the caller may see",
      "verify", [TRACK_Q, q("expect", "a receipt: the hash of an event that must be there"),
                 fmt(FORMATS_TABLE)], media=("json", "text"), schema="parley.verify/1")
route("get", "/api/log/{track}", "log_export", "A track's signed log as JSON Lines",
      "log export", [p("track", "the track")], media=("ndjson",), schema="parley.log/1")
route("get", "/api/log/{track}/head", "log_head", "The hash of the track's last event",
      "log head", [p("track", "the track"), fmt(FORMATS_TABLE)], media=("json", "text"),
      schema="parley.head/1")
route("get", "/api/events", "events", "Server-Sent Events: every event the caller may see",
      None, [q("since", "the last event id seen (0: from the start)", "integer")],
      media=("sse",))

# --- changes: prepared, then signed by the client and committed ---------------
NOTE = (S, "a note")
route("post", "/api/import", "import", "Imports a plan as the next version of a document",
      "import", body={"doc": (S, "the document"), "text": (S, "the plan, CommonMark"),
                      "title": (S, "the title instead of the text's heading"),
                      "file": (S, "the file the plan was read from: named in the "
                                  "messages; its last component recorded as the source"),
                      "track": (S, "the track a new document is drafted in"),
                      "required": ["doc", "text"]}, schema="parley.import/1")
route("post", "/api/parties", "party_add", "Admits a party", "party add",
      body={"code": (S, "1-16 capitals and digits"), "name": (S, "its name"),
            "required": ["code", "name"]})
route("post", "/api/delegates", "delegate_add", "Admits a delegate with its public key",
      "delegate add", body={"name": (S, "the delegate"), "party": (S, "its party"),
                            "role": (S, "lead, envoy, member or observer"),
                            "public-key": (S, "64 hex digits"),
                            "required": ["name", "party", "public-key"]})
route("post", "/api/delegates/{name}/keys", "delegate_rotate", "Enrols another key",
      "delegate rotate", [p("name", "the delegate")],
      body={"public-key": (S, "64 hex digits"), "required": ["public-key"]})
route("post", "/api/delegates/{name}/revoke", "delegate_revoke", "Ends one of a delegate's keys",
      "delegate revoke", [p("name", "the delegate")],
      body={"public-key": (S, "64 hex digits"), "required": ["public-key"]})
route("post", "/api/delegates/{name}/invite", "delegate_invite",
      "A one-time enrolment code for a new device of the delegate", "delegate invite",
      [p("name", "the delegate")],
      body={"expires": (S, "how long the code is good: 90s, 45m, 24h, 7d (a day "
                           "without it, a week at most)"), "required": []})
route("post", "/api/tracks", "track_add", "Adds a track", "track add",
      body={"name": (S, "the track"), "parties": (A, "its member parties"),
            "rule": (S, "consensus, chair or majority"), "required": ["name", "parties"]})
route("post", "/api/tracks/{track}/join", "track_join", "A party joins a track", "track join",
      [p("track", "the track")], body={"party": (S, "the party"), "required": ["party"]})
route("post", "/api/tracks/{track}/rule", "track_rule", "Consents to a track's decision rule",
      "track rule", [p("track", "the track")],
      body={"rule": (S, "consensus, chair or majority"), "required": ["rule"]})
route("post", "/api/circulate", "circulate", "Shares a version with another track",
      "circulate", body={"ref": (S, REF), "to": (S, "the track"), "note": NOTE,
                         "required": ["ref", "to"]})
route("post", "/api/meetings", "meeting_add", "Plans a meeting", "meeting add",
      body={"title": (S, "the title"), "date": (S, "YYYY-MM-DD"), "time": (S, "HH:MM"),
            "place": (S, "the place"), "parties": (A, "participating parties"),
            "track": (S, "the track"), "agenda": (S, REF),
            "required": ["title", "date", "place", "parties"]})
route("post", "/api/meetings/{id}/postpone", "meeting_postpone", "Postpones a meeting",
      "meeting postpone", [p("id", "TRACK-N")],
      body={"to": (S, "YYYY-MM-DD"), "time": (S, "HH:MM"), "note": NOTE, "required": ["to"]})
route("post", "/api/meetings/{id}/held", "meeting_held", "Marks a meeting held", "meeting held",
      [p("id", "TRACK-N")], body={"note": NOTE, "required": []})
route("post", "/api/meetings/{id}/cancel", "meeting_cancel", "Cancels a meeting",
      "meeting cancel", [p("id", "TRACK-N")], body={"note": NOTE, "required": []})
route("post", "/api/statements", "statement_add", "Records what a party said", "statement add",
      body={"text": (S, "what was said"), "date": (S, "YYYY-MM-DD"),
            "level": (S, "record, background or nfa"), "party": (S, "the party"),
            "speaker": (S, "the speaker"), "track": (S, "the track"),
            "required": ["text", "date", "level"]})
route("post", "/api/amendments", "amend", "Tables an amendment to a version", "amend",
      body={"ref": (S, REF),
            "operations": (A, "in order, each an object of one key named as the CLI's "
                              "option (edit, replace, insert, delete, move, relabel, "
                              "rename-part) with its argument as a string"),
            "from-file": (S, "instead of operations: the edited text (CommonMark)"),
            "justification": (S, "why"), "parent": (S, "the amendment this one amends"),
            "track": (S, "the track"), "required": ["ref"]})
for verb, summary in (("accept", "Records the caller's party's acceptance"),
                      ("withdraw", "Withdraws the caller's party's amendment"),
                      ("reject", "Records the caller's party's rejection"),
                      ("supersede", "Records that the amendment is superseded")):
    route("post", "/api/amendments/{doc}/{id}/" + verb, "amendment_" + verb, summary,
          "amendment " + verb, [p("doc", "the document"), p("id", "the amendment")],
          body={"note": NOTE, "required": []})
route("post", "/api/positions", "position", "Records the caller's party's stance on points",
      "position", body={"ref": (S, REF), "points": (A, "labels, or '*' for the whole plan"),
                        "stance": (S, "accept, reserve, reject, redline, keep, undecided"),
                        "note": NOTE, "required": ["ref", "points", "stance"]})
route("post", "/api/commit", "commit", "Records signed statements (parley.signed/1)", None,
      body="signed", schema="parley.committed/1")


def body_schema(body):
    if body == "signed":
        return {"$ref": "#/components/schemas/Signed"}
    props = {}
    for key, value in body.items():
        if key == "required":
            continue
        kind, description = value
        prop = {"type": kind, "description": description}
        if kind == A:
            prop["items"] = {"type": "string"}
            if key == "operations":
                prop["items"] = {"type": "object", "minProperties": 1, "maxProperties": 1,
                                 "additionalProperties": {"type": "string"}}
        props[key] = prop
    return {"type": "object", "properties": props, "required": body.get("required", []),
            "additionalProperties": False}


ERROR_CODES = [("400", "Bad input (invalid)"),
               ("401", "Unsigned, bad, expired or replayed signature; unknown or revoked key"),
               ("403", "Seen but not allowed (denied)"),
               ("404", "Missing, or not visible to the caller (not_found)"),
               ("409", "Conflict (conflict, stale, bad_record)"),
               ("413", "Too large (too_large)"),
               ("429", "Too many failed signatures (too_many)"),
               ("500", "Internal error (internal)"),
               ("503", "Busy, retry after Retry-After (busy)")]


def responses(r):
    out = {}
    if r["op"] == "openapi":
        out["200"] = {"description": "This document",
                      "content": {"application/json": {"schema": {"type": "object"}}}}
        return out
    if r["method"] == "post" and r["op"] not in ("commit", "enrol"):
        out["200"] = {"description": "Prepared, nothing recorded: sign each statement and "
                                     "POST the parley.signed/1 document to /api/commit",
                      "content": {"application/json": {
                          "schema": {"$ref": "#/components/schemas/Prepared"}}}}
    else:
        content = {}
        for m in r["media"]:
            schema = {"type": "string"}
            if m == "json":
                schema = {"type": "object"}
                if r["schema"]:
                    schema = {"type": "object", "description": r["schema"] +
                              " (docs/json.md)", "properties": {
                                  "format": {"const": r["schema"]}}}
                if r["op"] in ("commit", "enrol"):
                    schema = {"$ref": "#/components/schemas/Committed"}
            content[MEDIA[m]] = {"schema": schema}
        out["200"] = {"description": "The same bytes as the CLI prints", "content": content}
        if r["op"] == "diff":
            out["200"]["headers"] = {"X-Parley-Differ": {
                "description": "1 when the two differ, 0 when they are the same (the CLI's "
                               "exit status)", "schema": {"type": "string", "enum": ["0", "1"]}}}
    codes = ERROR_CODES if r["signed"] or r["op"] == "enrol" else [
        c for c in ERROR_CODES if c[0] != "401"]
    for code, description in codes:
        out[code] = {"description": description,
                     "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/Error"}}}}
    return out


def operation(r):
    op = {"operationId": r["op"], "summary": r["summary"]}
    if r["cli"]:
        op["x-parley-command"] = r["cli"]
    if r["params"]:
        op["parameters"] = r["params"]
    if r["body"] is not None:
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": body_schema(r["body"])}}}
    op["responses"] = responses(r)
    op["security"] = [{"parley-signature": []}] if r["signed"] else []
    return op


def document():
    paths = {}
    for r in ROUTES:
        paths.setdefault(r["path"], {})[r["method"]] = operation(r)
    statement = {"type": "object", "required": ["statement", "hash"], "properties": {
        "statement": {"type": "string", "description": "canonical JSON text to sign"},
        "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "parley serve", "version": "1",
                 "description": "The negotiation server's API. Every request but "
                 "GET /api/health, GET /api/openapi.json, POST /api/enrol and GET /api/calendar/... (a link the delegate signed once) is signed "
                 "by a delegate's Ed25519 key (RFC 9421, see the parley-signature "
                 "scheme); the request reads and acts as that delegate. A change is "
                 "prepared (POST to its route), signed by the client (pl_prepared_sign) "
                 "and recorded by POST /api/commit. Reads answer the bytes the CLI "
                 "prints for the same command and --format (JSON by default)."},
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"parley-signature": {
                "type": "apiKey", "in": "header", "name": "Signature",
                "description": "HTTP Message Signatures (RFC 9421), label parley, "
                "covering (\"@method\" \"@path\" \"@query\" \"content-digest\") in that "
                "order, with created (within the server's --window, default 60 s, and "
                "at most 5 s ahead), keyid (64 hex: the Ed25519 public key), "
                "alg=\"ed25519\" and a nonce (16-64 base64url characters, used once). "
                "Headers: Content-Digest: sha-256=:<base64>: (of the body, empty too), "
                "Signature-Input: parley=(...);created=..;keyid=\"..\";alg=\"ed25519\";"
                "nonce=\"..\", Signature: parley=:<base64 of 64 bytes>:."}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {
                    "error": {"type": "object", "required": ["code", "message"],
                              "properties": {
                                  "code": {"type": "string", "enum": [
                                      "invalid", "unsigned", "bad_signature", "replayed",
                                      "expired", "unknown_key", "denied", "not_found",
                                      "conflict", "stale", "too_large", "too_many",
                                      "bad_record", "busy", "internal"]},
                                  "message": {"type": "string",
                                              "description": "the line the CLI prints "
                                              "after 'parley: '"}}}}},
                "Prepared": {"type": "object", "required": ["schema", "statements", "texts",
                                                            "result"],
                             "properties": {
                                 "schema": {"const": "parley.prepared/1"},
                                 "statements": {"type": "array", "items": statement},
                                 "texts": {"type": "object",
                                           "additionalProperties": {"type": "string"}},
                                 "result": {"type": "object", "description":
                                            "what the CLI prints for the change with "
                                            "--format json (parley.done/1 or "
                                            "parley.import/1); nothing recorded yet"}}},
                "Signed": {"type": "object", "required": ["schema", "statements"],
                           "properties": {
                               "schema": {"const": "parley.signed/1"},
                               "statements": {"type": "array", "items": {
                                   "type": "object", "required": ["statement", "signature"],
                                   "properties": {
                                       "statement": {"type": "string"},
                                       "signature": {"type": "string",
                                                     "pattern": "^[0-9a-f]{128}$"}}}},
                               "texts": {"type": "object",
                                         "additionalProperties": {"type": "string"}}}},
                "Committed": {"type": "object", "required": ["schema", "events"],
                              "properties": {
                                  "schema": {"const": "parley.committed/1"},
                                  "events": {"type": "array", "items": {
                                      "type": "object", "properties": {
                                          "track": {"type": "string"},
                                          "seq": {"type": "integer"},
                                          "hash": {"type": "string"}}}}}}}}}


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    path = os.path.join(root, "docs", "openapi.json")
    text = json.dumps(document(), indent=1, ensure_ascii=False) + "\n"
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        with open(path, encoding="utf-8") as f:
            sys.exit(0 if f.read() == text else 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
