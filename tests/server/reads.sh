# Every read route: its status and the shape of its body, the same bytes
# as the CLI prints for the same command and format, and the viewer rule —
# for a delegate whose party is not in the back-channel, every read naming
# the back-channel, its plan or its meeting answers exactly as for a name
# that does not exist.
. "$(dirname "$0")/lib.sh" "$@"

setup_story || { bad "setup"; finish; exit; }
export PARLEY_AS=witkoff
p amend framework@1 --replace '1=Ukraine'"'"'s sovereignty will be confirmed.' >/dev/null || bad "amend"
p position framework@1 2 reserve --note "to discuss" >/dev/null || bad "position"
unset PARLEY_AS
start_server || { bad "the server did not start"; finish; exit; }

# route FORMAT-FIELD PATH: 200, and a JSON body naming its format.
route() {
  LABEL="GET $2"
  call witkoff GET "$2"
  expect 200 "\"format\":\"$1\"" || true
}
route parley.versions/1 /api/docs
route parley.versions/1 /api/docs/framework/versions
route parley.document/1 /api/docs/framework/show
route parley.document/1 "/api/docs/framework@1/show?point=2&positions=1"
route parley.redline/1 "/api/diff?a=framework@1&b=europe@1"
route parley.parties/1 /api/parties
route parley.delegates/1 /api/delegates
route parley.keys/1 /api/delegates/umerov/keys
route parley.tracks/1 /api/tracks
route parley.members/1 /api/tracks/backchannel/members
route parley.seen/1 "/api/seen?ref=framework@1"
route parley.meetings/1 /api/meetings
route parley.statements/1 /api/statements
route parley.timeline/1 /api/timeline
route parley.amendments/1 "/api/amendments?doc=framework@1"
route parley.voting-list/1 "/api/voting-list?ref=framework@1"
route parley.matrix/1 "/api/matrix?ref=framework@1"
route parley.brackets/1 "/api/text?ref=framework@1&format=json"
route parley.progress/1 "/api/progress?doc=framework"
route parley.red-lines/1 "/api/redlines?ref=framework@1&amendment=backchannel:A1"
route parley.compare/1 "/api/compare?docs=framework@1,europe@1"
route parley.amendment/1 "/api/amendments/framework/backchannel:A1"
route parley.verify/1 /api/verify
route parley.head/1 /api/log/backchannel/head
route parley.negotiation/1 /api/negotiation
LABEL="GET /api/log/backchannel"; call witkoff GET /api/log/backchannel; expect 200 '"format":"parley.log/1"'
LABEL="GET /api/meetings.ics"; call witkoff GET /api/meetings.ics; expect 200 'BEGIN:VCALENDAR'

# The same bytes as the CLI, format by format.
same() { # PATH -- CLI ARGS
  local path=$1
  shift 2
  LABEL="GET $path"
  call witkoff GET "$path"
  local cli
  cli=$(PARLEY_AS=witkoff p "$@")
  if [ "$STATUS" = 200 ] && [ "$BODY" = "$cli" ]; then ok; else
    bad "$LABEL: not the CLI's bytes"; diff <(printf '%s\n' "$BODY") <(printf '%s\n' "$cli") | head -5 >&2
  fi
}
same "/api/docs?format=text" -- docs
same "/api/docs" -- docs --format json
same "/api/docs/framework@1/show?format=text" -- show framework@1
same "/api/docs/framework@1/show?format=md" -- show framework@1 --format md
same "/api/docs/framework@1/show?format=html" -- show framework@1 --format html
same "/api/docs/framework@1/show" -- show framework@1 --format json
same "/api/docs/framework@1/show?format=text&lines=1&positions=1" -- show framework@1 --lines --positions
same "/api/diff?a=framework@1&b=europe@1&format=text&changed-only=1" -- diff framework@1 europe@1 --changed-only
same "/api/diff?a=framework@1&b=europe@1" -- diff framework@1 europe@1 --format json
same "/api/parties?format=text" -- party list
same "/api/tracks" -- track list --format json
same "/api/timeline?format=text" -- timeline
same "/api/meetings.ics" -- meeting export --ics
same "/api/amendments?doc=framework@1&format=csv" -- amendments framework@1 --format csv
same "/api/amendments?doc=framework@1&format=html" -- amendments framework@1 --format html
same "/api/matrix?ref=framework@1&format=text" -- matrix framework@1
same "/api/matrix?ref=framework@1&format=json" -- matrix framework@1 --format json
same "/api/matrix?ref=framework@1&format=html" -- matrix framework@1 --format html
same "/api/text?ref=framework@1" -- text framework@1 --brackets
same "/api/voting-list?ref=framework@1&format=md" -- voting-list framework@1 --format md
same "/api/compare?docs=framework@1,europe@1&format=text" -- compare framework@1 europe@1
same "/api/verify?format=text" -- verify
same "/api/amendments/framework/backchannel:A1" -- amendment show framework backchannel:A1 --format json

same "/api/log/backchannel" -- log export backchannel
# Accept chooses the format when the query does not.
LABEL="Accept: text/markdown"
call witkoff GET "/api/docs/framework@1/show?format=md"
md=$BODY
call witkoff GET "/api/docs/framework@1/show" --accept "text/html;q=0.9, text/markdown"
if [ "$STATUS" = 200 ] && [ "$BODY" = "$md" ]; then ok; else bad "$LABEL: $STATUS"; fi
LABEL="an unknown Accept: JSON"; call witkoff GET /api/parties --accept "image/png"; expect 200 '^\{"format":"parley.parties/1"'

# The viewer rule: umerov (UA) is not in the back-channel.
hidden() { # PATH with the secret names; the same with nosuch must answer alike
  local path=$1 missing
  missing=$(printf '%s' "$path" | sed -e 's/framework/nosuch/g' -e 's/backchannel/nosuch/g' -e 's/nosuch-1/plenary-9/')
  LABEL="viewer rule: GET $path"
  call umerov GET "$missing"
  local want_status=$STATUS want_body=$BODY
  call umerov GET "$path"
  local got
  got=$(printf '%s' "$BODY" | sed -e 's/framework/nosuch/g' -e 's/backchannel/nosuch/g')
  if [ "$STATUS" = 404 ] && [ "$want_status" = 404 ] && [ "$got" = "$want_body" ]; then ok; else
    bad "$LABEL: $STATUS '$BODY' where a missing name gets $want_status '$want_body'"
  fi
}
# What witkoff reads twice is kept (an immutable answer, cached per worker
# thread): umerov still gets the missing name's answer for it.
call witkoff GET "/api/docs/framework@1/show"; call witkoff GET "/api/docs/framework@1/show"
call witkoff GET "/api/diff?a=framework@1&b=europe@1"; call witkoff GET "/api/diff?a=framework@1&b=europe@1"
hidden "/api/docs/framework@1/show"
hidden /api/docs/framework/versions
hidden /api/docs/framework/show
hidden "/api/docs/framework@1/show?format=html"
hidden "/api/diff?a=framework@1&b=europe@1"
hidden "/api/diff?a=europe@1&b=framework@1"
hidden /api/tracks/backchannel/members
hidden "/api/seen?ref=framework@1"
hidden "/api/meetings?track=backchannel"
hidden "/api/meetings.ics?track=backchannel"
hidden "/api/statements?track=backchannel"
hidden "/api/timeline?track=backchannel"
hidden "/api/amendments?doc=framework"
hidden "/api/voting-list?ref=framework@1"
hidden "/api/matrix?ref=framework@1"
hidden "/api/text?ref=framework@1"
hidden "/api/progress?doc=framework"
hidden "/api/redlines?ref=framework@1&amendment=backchannel:A1"
hidden "/api/compare?docs=europe@1,framework@1"
hidden "/api/amendments/framework/backchannel:A1"
hidden "/api/verify?track=backchannel"
hidden /api/log/backchannel
hidden /api/log/backchannel/head
# ... and listings leave the back-channel out.
LABEL="umerov's listings"
for path in /api/docs /api/tracks /api/meetings /api/timeline /api/statements; do
  call umerov GET "$path"
  if [ "$STATUS" = 200 ] && ! printf '%s' "$BODY" | grep -q 'backchannel\|framework'; then ok; else bad "GET $path as umerov shows the back-channel: $BODY"; fi
done

# Bad parameters: one JSON error each.
LABEL="bad format"; call witkoff GET "/api/docs?format=pdf"; expect 400 '"code":"invalid","message":"format is json or text"'
LABEL="missing ref"; call witkoff GET "/api/seen"; expect 400 '"message":"the query needs ref"'
LABEL="twice"; call witkoff GET "/api/docs?format=json&format=text"; expect 400 "names 'format' twice"
LABEL="bad escape"; call witkoff GET "/api/docs/%ff%fe/show"; expect 400 'not UTF-8'
LABEL="no route"; call witkoff GET "/api/nothing"; expect 404 '"code":"not_found"'
LABEL="wrong method"; call witkoff DELETE "/api/docs"; expect 405 '"code":"invalid"'
LABEL="a version's immutable"
curl -s -D headers.txt -o /dev/null "$URL/api/health"
grep -qi '^Cache-Control: no-store' headers.txt && ok || bad "no Cache-Control: no-store on /api/health"
grep -qi "^Content-Security-Policy: default-src 'none'" headers.txt && ok || bad "no CSP"
grep -qi '^X-Content-Type-Options: nosniff' headers.txt && ok || bad "no nosniff"
grep -qi '^Referrer-Policy: no-referrer' headers.txt && ok || bad "no Referrer-Policy"
# An HTML page keeps its own style (inline, nothing from elsewhere), and no
# script: the same policy otherwise.
LABEL="an HTML page's policy"
call witkoff GET "/api/docs/framework@1/show?format=html" --headers-out html-headers.txt
expect 200 '<style>'
grep -qi "^Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" html-headers.txt \
  && ok || bad "an HTML page's CSP: $(grep -i '^Content-Security' html-headers.txt)"
grep -qi "^Content-Security-Policy: default-src 'none'; frame-ancestors 'none'" headers.txt \
  && ok || bad "the API's CSP: $(grep -i '^Content-Security' headers.txt)"
# --- a calendar to subscribe to -------------------------------------------------
# The link the delegate signed once answers without a signature, with that
# delegate's meetings (Russia's envoy sees the back-channel's; Ukraine's
# lead does not); any change to it, another negotiation's link, or a
# revoked key is "not found".
NEG_ID=$(basename "$(dirname "$KEY_dmitriev")")
LINK_dmitriev=$("$CLIENT" --calendar "$KEY_dmitriev" dmitriev "$NEG_ID")
LINK_umerov=$("$CLIENT" --calendar "$KEY_umerov" umerov "$NEG_ID")
LABEL="calendar link"; call - GET "$LINK_dmitriev"; expect 200 'SUMMARY:Miami talks'
LABEL="calendar link, same as the CLI"
[ "$BODY" = "$(PARLEY_AS=dmitriev p meeting export --ics)" ] && ok || bad "$LABEL: not the bytes of 'meeting export --ics' as dmitriev"
LABEL="calendar link ending in .ics"; call - GET "$LINK_dmitriev.ics"; expect 200 'BEGIN:VCALENDAR'
LABEL="calendar link of another delegate"; call - GET "$LINK_umerov"; expect 200 'BEGIN:VCALENDAR'
printf '%s' "$BODY" | grep -q 'Miami talks' && bad "umerov's calendar shows the back-channel's meeting" || ok
LABEL="calendar link, name changed"; call - GET "${LINK_dmitriev/dmitriev/umerov}"; expect 404 '"code":"not_found"'
LABEL="calendar link, signature changed"; call - GET "${LINK_dmitriev%?}0"; [ "${LINK_dmitriev: -1}" = 0 ] && call - GET "${LINK_dmitriev%?}1"; expect 404 '"code":"not_found"'
LABEL="calendar link, short"; call - GET "${LINK_dmitriev%??}"; expect 404 '"code":"not_found"'
LABEL="calendar link of another negotiation"; call - GET "$("$CLIENT" --calendar "$KEY_dmitriev" dmitriev 00000000000000000000000000000000)"; expect 404 '"code":"not_found"'
# The command line makes the same link, locally (--url) and through the
# server (its address), and a calendar program reads it with no key.
LABEL="meeting link, local"
local_link=$(PARLEY_AS=dmitriev p meeting link --url "$URL/")
[ "$local_link" = "$URL$LINK_dmitriev.ics" ] && ok || bad "$LABEL: '$local_link', wanted '$URL$LINK_dmitriev.ics'"
LABEL="meeting link, through the server"
remote_link=$(PARLEY_AS=dmitriev p --server "$URL" meeting link)
[ "$remote_link" = "$URL$LINK_dmitriev.ics" ] && ok || bad "$LABEL: '$remote_link', wanted '$URL$LINK_dmitriev.ics'"
LABEL="meeting link, through the server, --url"
remote_link=$(PARLEY_AS=dmitriev p --server "$URL" meeting link --url https://talks.example)
[ "$remote_link" = "https://talks.example$LINK_dmitriev.ics" ] && ok || bad "$LABEL: '$remote_link'"
LABEL="meeting link, read by curl"
curl -s -o "$WORK/cal.ics" -w '%{http_code}' "$local_link" >"$WORK/cal.status"
[ "$(cat "$WORK/cal.status")" = 200 ] && grep -q 'SUMMARY:Miami talks' "$WORK/cal.ics" && ok || bad "$LABEL: $(cat "$WORK/cal.status")"
LABEL="meeting link without --url"
PARLEY_AS=dmitriev p meeting link >"$WORK/out" 2>"$WORK/err"; status=$?
[ "$status" = 2 ] && grep -q 'link needs --url URL' "$WORK/err" && [ ! -s "$WORK/out" ] && ok || bad "$LABEL: exit $status, $(cat "$WORK/err")"
LABEL="calendar link, revoked key"
KEY_HEX=$(cut -d/ -f5 <<<"$LINK_umerov")
PARLEY_AS=umerov p delegate revoke umerov --public-key "$KEY_HEX" >"$WORK/revoke.out" 2>&1 || bad "$LABEL: revoking: $(cat "$WORK/revoke.out")"
# Revoked by another process (the command line): the server looks for such
# appends a hundred times a second on SQLite (SERVE_POLL_MS) and learns of
# them by NOTIFY on PostgreSQL, so the link is refused within that, not
# necessarily at the very next request. Asked for two seconds at most,
# every 50 ms.
for _ in $(seq 1 40); do
  call - GET "$LINK_umerov"
  [ "$STATUS" = 404 ] && break
  sleep 0.05
done
expect 404 '"code":"not_found"'
finish
