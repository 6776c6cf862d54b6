# Bad input to amendments, positions and the negotiating text (issue 5):
# one clear line, exit 1, the database unchanged. A confidential version
# is "not found" to a party outside its track, like one that never was.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }

q init --convenor witkoff --party US --party-name "United States" --rule chair
export PARLEY_AS=witkoff
q party add RU "Russia"
q party add UA "Ukraine"
q party add EU "European Union"
q delegate add dmitriev --party RU --role envoy --make-key
q delegate add umerov --party UA --role lead --make-key
q delegate add kallas --party EU --role lead --make-key
q delegate add watcher --party UA --role observer --make-key --as umerov
q track add backchannel US RU
q import "$ROOT/tests/data/plan-us-28.md" --doc framework
q import "$ROOT/tests/data/plan-eu-24.md" --doc secret --track backchannel
q amend framework@1 --edit '6: 600,000 -> 800,000' --as umerov
q amend framework@1 --edit '6: 600,000 -> 500,000' --as dmitriev
q amend framework@1 --delete 3 --as kallas

amend() { expect_error 1 "$1" -- amend framework@1 "${@:2}"; }
# A version the party cannot see, or that does not exist.
expect_error 1 "^parley: no document named 'secret'$" -- amend secret@1 --delete 1 --as umerov
expect_error 1 "^parley: framework has no version 9 \(latest is 1\)$" -- amend framework@9 --delete 1
# Quoting words that are not in the point: the closest match is shown.
amend "^parley: 'capped at 700,000' is not in point 6; closest match: 'capped at 600,000' on line 1$" \
	--edit '6: capped at 700,000 -> capped at 800,000' --as umerov
# A span past the end of the point (11 words and a full stop).
amend "past the end" --edit '6@10-14 -> 800,000' --as umerov
# Unknown points, parts and sub-items.
amend "^parley: the base version has no point 99$" --delete 99 --as umerov
amend "^parley: the base version has no part 9$" --rename-part '9=Heading' --as umerov
amend "sub-item \(z\)" --edit '21(z): Crimea -> Kherson' --as umerov
amend "^parley: the base version has no point 99$" --insert 'after 99: 99a. Text.' --as umerov
amend "exists already" --insert 'after 5: 6. Another six.' --as umerov
amend "exists already" --relabel '5=6' --as umerov
# Malformed operation specs.
amend "^parley: --edit '6 600,000 800,000': expected" --edit '6 600,000 800,000' --as umerov
amend "^parley: --edit '6@x-y -> 1': expected" --edit '6@x-y -> 1' --as umerov
amend "^parley: --edit '6@0-1 -> 1': expected" --edit '6@0-1 -> 1' --as umerov
amend "^parley: --insert 'after 5 5a. Text.': expected" --insert 'after 5 5a. Text.' --as umerov
amend "^parley: --insert 'after 5: no label': expected" --insert 'after 5: no label' --as umerov
amend "^parley: --insert 'before 5: 5a. Text.': expected" --insert 'before 5: 5a. Text.' --as umerov
amend "^parley: --move '5 before 6': expected" --move '5 before 6' --as umerov
amend "^parley: --move '5 to end of x': expected" --move '5 to end of x' --as umerov
amend "^parley: --replace '6 new text': expected" --replace '6 new text' --as umerov
amend "^parley: --relabel '6': expected" --relabel '6' --as umerov
amend "^parley: quote at least one word to edit$" --edit '6:  -> 800,000' --as umerov
amend "leave no point at all" $(for i in $(seq 1 28); do printf -- '--delete %s ' "$i"; done) --as umerov
expect_error 2 "give operations" -- amend framework@1 --as umerov
# A sub-amendment of an amendment that is not pending.
amend "^parley: no pending amendment A9 on framework$" --delete 9 --parent A9 --as umerov
# A track the party is not in.
amend "^parley: no track named 'backchannel'$" --delete 9 --track backchannel --as umerov
# A track where the version is not readable: the amendment's words (and
# the document's name) would reach every party of that track.
expect_error 1 "^parley: secret@1 is not readable in track plenary: circulate it there first$" -- amend secret@1 --edit '1@1-1 -> Peace' --track plenary
# Who may act.
amend "observer" --delete 9 --as watcher

# Positions: unknown stance, unknown point, a party outside the track.
expect_error 1 "^parley: 'maybe' is not a stance \(accept, reserve, reject, redline, keep, undecided\)$" -- position framework@1 6 maybe --as umerov
expect_error 1 "^parley: framework@1 has no point 99$" -- position framework@1 99 accept --as umerov
# Several points: all or none (the database is unchanged), no empty label.
expect_error 1 "^parley: framework@1 has no point 99$" -- position framework@1 6,7,99 accept --as umerov
expect_error 1 "^parley: '6,,7' has an empty point: separate labels by single commas, as in 6,7,21$" -- position framework@1 6,,7 accept --as umerov
expect_error 1 "^parley: '6,' has an empty point" -- position framework@1 6, accept --as umerov
expect_error 1 "^parley: no document named 'secret'$" -- position secret@1 1 accept --as umerov
expect_error 1 "observer" -- position framework@1 6 accept --as watcher

# Deciding: colliding together, unknown, not pending, not one's own.
expect_error 1 "^parley: A1 and A2 collide: accept one of them" -- amendment accept framework A1 A2
expect_error 1 "^parley: no pending amendment A9 on framework@1$" -- amendment accept framework A9
expect_error 1 "^parley: only UA can withdraw A1$" -- amendment withdraw framework A1 --as kallas
expect_error 1 "^parley: no amendment A9 on framework$" -- amendment reject framework A9
expect_error 1 "^parley: no amendment A9 on framework$" -- amendment show framework A9
q amendment reject framework A3
expect_error 1 "^parley: A3 is rejected already$" -- amendment withdraw framework A3 --as kallas
# An amendment on a superseded base.
q amendment accept framework A1
expect_error 1 "^parley: framework@1 is superseded by framework@2: amend the latest version$" -- amend framework@1 --delete 9 --as umerov
# A stance on a superseded version is taken, with one warning line.
if "$PARLEY" position framework@1 8,9 accept --as umerov >"$WORK/out" 2>"$WORK/err" &&
	[ "$(wc -l <"$WORK/out")" = 2 ] && [ "$(wc -l <"$WORK/err")" = 1 ] &&
	grep -q "^warning: framework@1 is superseded by version 2; " "$WORK/err"; then
	ok
else
	bad "position on a superseded version: $(cat "$WORK/out" "$WORK/err")"
fi
expect_error 2 "--format is text, md, html, json or docx" -- text framework@1 --brackets --format xml
# Reads of what the party cannot see.
expect_error 1 "^parley: no document named 'secret'$" -- voting-list secret@1 --as umerov
expect_error 1 "^parley: no document named 'secret'$" -- matrix secret@1 --as umerov
expect_error 1 "^parley: no document named 'secret'$" -- text secret@1 --brackets --as umerov
expect_error 1 "^parley: no document named 'secret'$" -- progress secret --as umerov
expect_error 1 "^parley: no document named 'secret'$" -- amendments secret --as umerov

finish
