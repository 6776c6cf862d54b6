# Every bad input of the record (issue 4): one clear line, exit 1, the
# database unchanged — and a refusal to a non-member reads exactly as the
# refusal for a name that does not exist.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

P init --convenor witkoff --party US --party-name "United States"
# Acting as someone who does not exist.
expect_error 1 "^parley: no delegate named 'nobody'$" -- party add RU Russia --as nobody
P party add RU Russia
P party add UA Ukraine
P party add EU "European Union"
P delegate add dmitriev --party RU --make-key
P delegate add kuleba --party UA --role lead --make-key
P delegate add observer1 --party EU --role observer --make-key
P track add backchannel US RU
P import "$ROOT/tests/data/plan-us-28.md" --doc framework --track backchannel
P import "$ROOT/tests/data/plan-eu-counter.md" --doc framework
P circulate framework@1 --to plenary
P import "$ROOT/tests/data/plan-eu-24.md" --doc eu24
"$PARLEY" verify >/dev/null && ok || bad "the record does not verify"
keydir=$(dirname "$(ls "$WORK"/keys/*/witkoff.key)")
keys_before=$(ls "$keydir")

# Once there are delegates, every change needs one.
# rebuild reads the record as a delegate too (it counts what its reader may see).
PARLEY_AS= expect_error 1 '^parley: rebuild reads the record as a delegate: act as one \(--as NAME\)$' -- rebuild
PARLEY_AS= expect_error 1 '^parley: a change is signed by a delegate: act as one \(--as NAME or PARLEY_AS\)$' \
  -- party add XX "Someone"

# Unknown party, delegate, track, role; bad codes and duplicates.
expect_error 1 "^parley: no party with code 'ZZ'$" -- delegate add someone --party ZZ --make-key
expect_error 1 "^parley: no party with code 'ZZ'$" -- track add coalition US ZZ
expect_error 1 "^parley: no party with code 'ZZ'$" -- track join backchannel ZZ
expect_error 1 "^parley: no delegate named 'nobody'$" -- party add XX "Someone" --as nobody
expect_error 1 "^parley: no delegate named 'nobody'$" -- docs --as nobody
expect_error 1 "^parley: no track named 'nosuch'$" -- import "$ROOT/tests/data/plan-eu-24.md" --doc new --track nosuch
expect_error 1 "^parley: no track named 'nosuch'$" -- circulate eu24@1 --to nosuch
expect_error 1 "^parley: no track named 'nosuch'$" -- track members nosuch
expect_error 1 "^parley: no track named 'nosuch'$" -- track join nosuch UA
expect_error 1 "^parley: no track named 'nosuch'$" -- log export nosuch
expect_error 1 "^parley: no track named 'nosuch'$" -- log head nosuch
expect_error 1 "^parley: no track named 'nosuch'$" -- verify nosuch
expect_error 1 "^parley: 'king' is not a role \\(lead, envoy, member, observer\\)$" -- delegate add someone --party US --role king --make-key
expect_error 1 "^parley: 'us' is not a party code \\(1-16 capital letters and digits\\)$" -- party add us "lower case"
expect_error 1 "^parley: 'ABCDEFGHIJKLMNOPQ' is not a party code" -- party add ABCDEFGHIJKLMNOPQ "too long"
expect_error 1 "^parley: 'U-S' is not a party code" -- party add U-S "a dash"
expect_error 1 '^parley: a party needs a name$' -- party add XX ""
expect_error 1 '^parley: party US exists already$' -- party add US "Again"
expect_error 1 '^parley: delegate dmitriev exists already$' -- delegate add dmitriev --party RU --make-key
expect_error 1 "^parley: 'a/b' is not a delegate name" -- delegate add a/b --party US --make-key
expect_error 1 "^parley: 'no way' is not a track name" -- track add "no way" US
expect_error 1 "^parley: the track name 'backchannel' is not available$" -- track add backchannel US --as kuleba
expect_error 1 '^parley: a track must include the acting party \(UA\)$' -- track add coalition US EU --as kuleba
expect_error 1 '^parley: RU is already in backchannel$' -- track join backchannel RU
expect_error 1 '^parley: every party is in the plenary$' -- track join plenary UA

# A delegate acting in a track its party is not in: told exactly what a
# track that does not exist would tell.
expect_error 1 "^parley: no track named 'backchannel'$" -- import "$ROOT/tests/data/plan-eu-24.md" --doc new --track backchannel --as kuleba
expect_error 1 "^parley: no track named 'backchannel'$" -- circulate eu24@1 --to backchannel --as kuleba
expect_error 1 "^parley: no track named 'backchannel'$" -- track join backchannel UA --as kuleba
expect_error 1 "^parley: no track named 'backchannel'$" -- track members backchannel --as kuleba
expect_error 1 "^parley: no track named 'backchannel'$" -- log export backchannel --as kuleba
expect_error 1 "^parley: no track named 'backchannel'$" -- log head backchannel --as kuleba
expect_error 1 "^parley: no track named 'backchannel'$" -- verify backchannel --as kuleba

# Circulating (or reading) a version one cannot see: framework@2 stayed in
# the back-channel, framework@1 was circulated to the plenary.
expect_error 1 '^parley: framework has no version 2 \(latest is 1\)$' -- circulate framework@2 --to plenary --as kuleba
expect_error 1 '^parley: framework has no version 2 \(latest is 1\)$' -- show framework@2 --as kuleba
expect_error 1 '^parley: framework has no version 2 \(latest is 1\)$' -- seen framework@2 --as kuleba
expect_error 1 '^parley: framework has no version 3 \(latest is 1\)$' -- show framework@3 --as kuleba
P import "$ROOT/tests/data/plan-eu-24.md" --doc secret --track backchannel
expect_error 1 "^parley: no document named 'secret'$" -- circulate secret@1 --to plenary --as kuleba
expect_error 1 "^parley: no document named 'secret'$" -- show secret --as kuleba
expect_error 1 "^parley: no document named 'secret'$" -- versions secret --as kuleba
expect_error 1 "^parley: no document named 'nosuch'$" -- show nosuch --as kuleba
expect_error 1 "^parley: no document named 'nosuch'$" -- versions nosuch --as kuleba
# A member of the home track may not carry a later version there by another
# track's name.
expect_error 1 '^parley: framework is drafted in track backchannel; its versions stay there' \
  -- import "$ROOT/tests/data/plan-eu-24.md" --doc framework --track plenary

# An observer reads but changes nothing.
for args in "party add XX Someone" "track add watch EU" "circulate eu24@1 --to plenary" \
  "delegate add someone --party EU --make-key"; do
  # shellcheck disable=SC2086
  expect_error 1 '^parley: observer1 is an observer and cannot change the record$' -- $args --as observer1
done
expect_error 1 '^parley: observer1 is an observer and cannot change the record$' \
  -- import "$ROOT/tests/data/plan-eu-24.md" --doc eu24b --as observer1
"$PARLEY" docs --as observer1 >/dev/null && ok || bad "the observer cannot read"

# Key files: missing, readable by others, corrupted, another's, a link.
key=$keydir/kuleba.key
cp -p "$key" "$WORK/kuleba.good"
mv "$key" "$WORK/kuleba.moved"
expect_error 1 "^parley: no key file for delegate 'kuleba' at $key\$" -- party add XX Someone --as kuleba
mv "$WORK/kuleba.moved" "$key"
chmod 0644 "$key"
expect_error 1 "^parley: key file $key may be read by others \\(mode 644\\); refusing it" -- party add XX Someone --as kuleba
expect_error 1 "^parley: key file $key may be read by others" -- docs --as kuleba
chmod 0600 "$key"
sed 's/^\(.\{30\}\)./\1z/' "$WORK/kuleba.good" >"$key"
chmod 0600 "$key"
expect_error 1 "^parley: key file $key is corrupted\$" -- party add XX Someone --as kuleba
head -c 50 "$WORK/kuleba.good" >"$key"
expect_error 1 "^parley: key file $key is corrupted\$" -- party add XX Someone --as kuleba
cp "$keydir/dmitriev.key" "$key"
expect_error 1 "^parley: key file $key holds a key that is not a current key of kuleba" -- party add XX Someone --as kuleba
rm "$key"
ln -s "$WORK/kuleba.good" "$key"
expect_error 1 "^parley: key file $key is a symbolic link; refusing it\$" -- party add XX Someone --as kuleba
rm "$key"
cp -p "$WORK/kuleba.good" "$key"
"$PARLEY" docs --as kuleba >/dev/null && ok || bad "the restored key file is refused"

# Exported logs that are not what they claim.
"$PARLEY" log export plenary >log.jsonl || bad "export failed"
head -c 300 log.jsonl >truncated.jsonl
expect_error 1 '^parley: truncated.jsonl: line 1: (the last line is cut short|not JSON) \(is the file truncated\?\)$' -- log verify truncated.jsonl
{ sed -n 1p log.jsonl; sed -n 3p log.jsonl; sed -n 2p log.jsonl; sed -n '4,$p' log.jsonl; } >reordered.jsonl
expect_error 1 '^parley: reordered.jsonl: track plenary, event #2 \(party.add\): events before it are missing$' -- log verify reordered.jsonl
printf 'format: parley.log/1\n' >notjson.jsonl
expect_error 1 '^parley: notjson.jsonl: line 1: not JSON \(is the file truncated\?\)$' -- log verify notjson.jsonl
expect_error 1 '^parley: nofile.jsonl: No such file or directory$' -- log verify nofile.jsonl

# Nothing of all that left a key file behind, and the record still holds.
[ "$(ls "$keydir")" = "$keys_before" ] && ok || bad "key files changed: $(ls "$keydir")"
"$PARLEY" verify >/dev/null && ok || bad "the record no longer verifies"
"$PARLEY" rebuild | grep -q identical && ok || bad "rebuild differs"
finish
