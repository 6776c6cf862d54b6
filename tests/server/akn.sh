# Akoma Ntoso from the server (issue 16, item 4): GET .../show?format=akn
# and an amendment's ?format=akn answer the CLI's bytes, with the type
# application/akn+xml; Accept chooses it; the viewer rule holds for it.
. "$(dirname "$0")/lib.sh" "$@"

setup_story || { bad "setup"; finish; exit; }
PARLEY_AS=witkoff p amend framework@1 --edit '6: 600,000 -> 800,000' >/dev/null || bad "amend"
start_server || { bad "the server did not start"; finish; exit; }

same() { # PATH -- CLI ARGS
  local path=$1
  shift 2
  LABEL="GET $path"
  call witkoff GET "$path" --headers-out "$WORK/headers"
  local cli
  cli=$(PARLEY_AS=witkoff p "$@")
  if [ "$STATUS" = 200 ] && [ "$BODY" = "$cli" ]; then ok; else
    bad "$LABEL: not the CLI's bytes ($STATUS)"
    diff <(printf '%s\n' "$BODY") <(printf '%s\n' "$cli") | head -5 >&2
  fi
  grep -qi '^Content-Type: application/akn+xml' "$WORK/headers" && ok ||
    bad "$LABEL: not application/akn+xml: $(grep -i '^Content-Type' "$WORK/headers")"
}
same "/api/docs/framework@1/show?format=akn" -- show framework@1 --format akn
same "/api/docs/europe/show?format=akn" -- show europe --format akn
same "/api/amendments/framework/backchannel:A1?format=akn" -- amendment show framework backchannel:A1 --format akn

LABEL="Accept: application/akn+xml"
call witkoff GET "/api/docs/europe@1/show" --accept "text/html;q=0.5, application/akn+xml"
expect 200 '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
LABEL="akn with point"
call witkoff GET "/api/docs/europe@1/show?format=akn&point=2"
expect 400 'without point, positions or lines'
LABEL="a bad format names akn"
call witkoff GET "/api/docs/europe@1/show?format=docx"
expect 400 'format is json, text, md, html or akn'

# The viewer rule: umerov (UA) is not in the back-channel; its plan in
# Akoma Ntoso answers as a name that does not exist.
LABEL="viewer rule"
call umerov GET "/api/docs/nosuch@1/show?format=akn"
want=$(printf '%s' "$BODY" | sed 's/nosuch/framework/g')
call umerov GET "/api/docs/framework@1/show?format=akn"
if [ "$STATUS" = 404 ] && [ "$BODY" = "$want" ]; then ok; else bad "$LABEL: $STATUS $BODY"; fi
call umerov GET "/api/amendments/framework/backchannel:A1?format=akn"
expect 404

# The remote client asks for it too: 'parley --server URL show … --format akn'.
LABEL="parley --server show --format akn"
if "$PARLEY" --server "$URL" show europe@1 --format akn --key "$KEY_umerov" --as umerov >remote.xml 2>remote.err &&
  cmp -s remote.xml <(p show europe@1 --format akn); then ok; else bad "$LABEL: $(cat remote.err)"; fi

stop_server
finish
