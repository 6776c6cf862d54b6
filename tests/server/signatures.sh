# Every signature failure of issue 13 is refused with 401 and its code, and
# records nothing: unsigned, a key no delegate holds, a revoked key, an
# expired or future "created", a replayed nonce, a body or a path changed
# after signing. Then failures from one address past the limit: 429.
. "$(dirname "$0")/lib.sh" "$@"

setup_story || { bad "setup"; finish; exit; }
p keygen stranger --out "$WORK/stranger.key" >/dev/null 2>&1 || bad "keygen"
KEY_stranger="$WORK/stranger.key"
start_server || { bad "the server did not start"; finish; exit; }
before=$(db_digest)
POSITION='{"ref":"europe@1","points":["1"],"stance":"accept"}'

LABEL="signed"; call umerov GET /api/parties; expect 200
for method in GET POST; do
  path=/api/parties body=()
  [ $method = POST ] && path=/api/positions body=("$POSITION")
  LABEL="$method unsigned"; call - $method $path "${body[@]}"; expect 401 '"code":"unsigned"'
  LABEL="$method a stranger's key"; call stranger $method $path "${body[@]}"; expect 401 '"code":"unknown_key"'
  LABEL="$method expired"; call umerov $method $path "${body[@]}" --created-offset -120; expect 401 '"code":"expired"'
  LABEL="$method from the future"; call umerov $method $path "${body[@]}" --created-offset 30; expect 401 '"code":"expired"'
  LABEL="$method path changed"; call umerov $method $path "${body[@]}" --send-path /api/tracks; expect 401 '"code":"bad_signature"'
  nonce=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  LABEL="$method first use of a nonce"; call umerov $method $path "${body[@]}" --nonce "$nonce"
  [ "$STATUS" != 401 ] && ok || bad "$LABEL: $STATUS $BODY"
  LABEL="$method replayed"; call umerov $method $path "${body[@]}" --nonce "$nonce"; expect 401 '"code":"replayed"'
done
LABEL="POST body changed"; call umerov POST /api/positions "$POSITION" --send-body '{"ref":"europe@1","points":["2"],"stance":"accept"}'; expect 401 '"code":"bad_signature"'
LABEL="GET with a body changed"; call umerov GET /api/parties --send-body 'x'; expect 401 '"code":"bad_signature"'

# A revoked key: dmitriev moves to a new key and the old one is revoked
# while the server runs.
LABEL="dmitriev's old key, before"; call dmitriev GET /api/parties; expect 200
p keygen dmitriev --out "$WORK/dmitriev2.key" >/dev/null 2>&1
new=$(cat "$WORK/dmitriev2.key.pub")
old=$(p delegate keys dmitriev --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["public_key"])')
p delegate rotate dmitriev --public-key "$new" --as dmitriev >/dev/null || bad "rotate"
p delegate revoke dmitriev --public-key "$old" --as dmitriev >/dev/null || bad "revoke"
before=$(db_digest)
LABEL="dmitriev's revoked key"; call dmitriev GET /api/parties; expect 401 '"code":"unknown_key"'
KEY_dmitriev2="$WORK/dmitriev2.key"
LABEL="dmitriev's new key"; call dmitriev2 GET /api/parties; expect 200

after=$(db_digest)
[ "$before" = "$after" ] && ok || bad "a refused request changed the database"
grep -q '"status":401' "$WORK/access.log" && ok || bad "the access log has no 401"

# Too many failures from this address: 429 for a minute. The forty
# unsigned requests go out from one curl, so that a loaded machine still
# sends them within the minute they are counted in.
unsigned=()
for _ in $(seq 1 40); do unsigned+=(-o /dev/null "$URL/api/parties"); done
curl -s "${unsigned[@]}"
LABEL="too many failures"; call - GET /api/parties; expect 429 '"code":"too_many"'
LABEL="even signed, for a while"; call umerov GET /api/parties; expect 429
finish
