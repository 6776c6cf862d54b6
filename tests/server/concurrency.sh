# 32 clients append positions to one track at once for 10 seconds, through
# prepare -> sign -> commit: every acknowledged change is in the log with
# the hash it was acknowledged with, the chain has no fork, and
# 'parley verify' and 'parley rebuild' hold.
. "$(dirname "$0")/lib.sh" "$@"

setup_story || { bad "setup"; finish; exit; }
start_server || { bad "the server did not start"; finish; exit; }
# Three delegates of three parties: 32 clients in all.
i=0
for who in witkoff dmitriev umerov witkoff; do
  key="KEY_$who"
  "$CLIENT" --load 8 10 "$URL" "${!key}" "$who" europe@1 $((i + 1)) >"load.$i" 2>"err.$i" &
  pids="${pids:-} $!"
  i=$((i + 1))
done
wait $pids
cat load.* >acknowledged
LABEL="changes acknowledged"
n=$(wc -l <acknowledged)
[ "$n" -gt 32 ] && ok || bad "$LABEL: only $n: $(cat err.*)"
echo "$n changes acknowledged: $(tail -qn1 err.* | tr '\n' ' ')"
check_acknowledged
LABEL="verify"; PARLEY_AS=witkoff p verify >/dev/null && ok || bad "$LABEL"
LABEL="rebuild"; PARLEY_AS=witkoff p rebuild >out && grep -q 'identical' out && ok || bad "$LABEL: $(cat out)"
LABEL="each client's stances landed"
[ "$(PARLEY_AS=witkoff p matrix europe@1 --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(1 for n in d["notes"]))')" -gt 0 ] && ok || bad "$LABEL"
grep -o '"path":"/api/commit"[^}]*"status":[0-9]*' "$WORK/access.log" | grep -c '"status":200' >/dev/null && ok || bad "access log"
finish
