# show --positions: every party's stance and note under each point, in
# text, HTML (escaped) and JSON; a stance on earlier words says so; the
# Markdown, which is the plan as import reads it, is refused, nothing changed.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=sec
DATA="$ROOT/tests/data"
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }
P init --convenor sec --party SEC --party-name Secretariat
P party add UA Ukraine
P delegate add umerov --party UA --make-key
P import "$DATA/plan-us-28.md" --doc framework
P position framework@1 21 redline --note "no recognition of <occupied> land" --as umerov
P position framework@1 6 accept --as sec

"$PARLEY" show framework@1 --point 21 --positions >text.out 2>&1 || bad "show --positions: $(cat text.out)"
grep -qx '      UA redline — no recognition of <occupied> land' text.out && ok ||
  bad "text: the note is not under point 21: $(cat text.out)"
grep -q '^      SEC' text.out && bad "text: SEC took no stance on 21 but is listed" || ok
"$PARLEY" show framework@1 --point 21 >plain.out
grep -q 'positions' plain.out && bad "show without --positions prints positions" || ok

"$PARLEY" show framework@1 --positions --format html >page.html || bad "html failed"
grep -q '<span class="party">UA</span> <span class="stance ">redline</span> — <span class="note">no recognition of &lt;occupied&gt; land</span>' page.html &&
  ok || bad "html: the note is missing or not escaped"

"$PARLEY" show framework@1 --positions --format json >doc.json || bad "json failed"
[ "$(jq -c '.points[] | select(.label == "21") | .positions' doc.json)" = \
  '[{"party":"UA","stance":"redline","note":"no recognition of <occupied> land","stale":false}]' ] &&
  ok || bad "json: $(jq -c '.points[] | select(.label == "21") | .positions' doc.json)"
[ "$(jq -c '.points[] | select(.label == "6") | .positions' doc.json)" = \
  '[{"party":"SEC","stance":"accept","note":null,"stale":false}]' ] && ok || bad "json: point 6"
"$PARLEY" show framework@1 --format json | jq -e '.points[0] | has("positions")' >/dev/null &&
  bad "json without --positions has positions" || ok

# A new version changes point 21: the stance was taken on earlier words.
sed 's/treated as Russian de facto/left to later talks/' "$DATA/plan-us-28.md" >v2.md
P import v2.md --doc framework
"$PARLEY" show framework@2 --point 21 --positions >v2.out || bad "show @2 failed"
grep -qx '      UA redline (on earlier words) — no recognition of <occupied> land' v2.out && ok ||
  bad "a stale stance is not marked: $(cat v2.out)"

expect_error 2 'positions is for text, json and html' -- show framework --positions --format md
finish
