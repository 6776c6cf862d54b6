# GET /api/events: Server-Sent Events. Each delegate is told of the events
# it may see, and of nothing else: a UA delegate's stream carries the
# plenary's events but none of the US-RU back-channel's; a change made
# while the streams are open reaches them within about a second.
. "$(dirname "$0")/lib.sh" "$@"

setup_story || { bad "setup"; finish; exit; }
start_server || { bad "the server did not start"; finish; exit; }

"$CLIENT" --key "$KEY_umerov" --max-time 5 GET "$URL/api/events?since=0" >umerov.sse 2>umerov.err &
u=$!
"$CLIENT" --key "$KEY_dmitriev" --max-time 5 GET "$URL/api/events?since=0" >dmitriev.sse 2>dmitriev.err &
d=$!
"$CLIENT" --key "$KEY_umerov" --max-time 4 GET "$URL/api/events" >live.sse 2>live.err &
l=$!
sleep 1.5
export PARLEY_AS=witkoff
p statement add "Said in the back-channel" --date 2025-11-21 --level record --track backchannel >/dev/null
p statement add "Said in the plenary" --date 2025-11-21 --level record >/dev/null
unset PARLEY_AS
wait $u $d $l

LABEL="status"
[ "$(head -1 umerov.sse)" = 200 ] && [ "$(head -1 dmitriev.sse)" = 200 ] && ok || bad "$LABEL: $(head -1 umerov.sse) $(cat umerov.err)"
# The events of each stream: "event: KIND" and "data: {...}" lines.
tracks() { sed -n 's/^data: //p' "$1" | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    print(e["track"], e["seq"], e["kind"])'; }
tracks umerov.sse >umerov.events
tracks dmitriev.sse >dmitriev.events
tracks live.sse >live.events
LABEL="umerov sees the plenary"
grep -q '^plenary ' umerov.events && ok || bad "$LABEL: $(cat umerov.events)"
LABEL="umerov sees nothing of the back-channel"
grep -q 'backchannel' umerov.sse && bad "$LABEL: $(grep backchannel umerov.sse)" || ok
LABEL="dmitriev sees the back-channel"
grep -q '^backchannel ' dmitriev.events && ok || bad "$LABEL: $(cat dmitriev.events)"
LABEL="the change reached the open stream"
[ "$(grep -c 'statement.add' dmitriev.events)" = 3 ] && ok || bad "$LABEL: $(cat dmitriev.events)"
LABEL="a stream without since starts now"
[ "$(cat live.events)" = "plenary $(p log head plenary --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])') statement.add" ] && ok || bad "$LABEL: $(cat live.events)"
LABEL="ids increase"
sed -n 's/^id: //p' dmitriev.sse | sort -n -c && ok || bad "$LABEL"
LABEL="every event umerov may see, as the timeline and the log have them"
want=$(PARLEY_AS=umerov p log export plenary | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line).get("event")
    if e: print("plenary", e["seq"], e["kind"])')
[ "$(cat umerov.events)" = "$want" ] && ok || bad "$LABEL: $(diff <(cat umerov.events) <(echo "$want"))"
LABEL="unsigned"; call - GET /api/events; expect 401
LABEL="bad since"; call umerov GET "/api/events?since=x"; expect 400 'since takes an event id'
finish
