# Errors that reveal nothing (issue 11): an error produced for a delegate
# names only what that delegate may see. A negotiation with a hidden track
# (backchannel, US and RU) holding documents, versions, amendments,
# positions, meetings and statements; then, as a delegate of UA, every
# command of parley with each name that takes a track, document, version,
# meeting or amendment: once with the hidden name, once with a name never
# used. After the name is replaced by a placeholder, stdout, stderr and the
# exit code must agree byte for byte, and neither run may change the
# database. Reads that name nothing hidden must not print anything hidden.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }

US28=$ROOT/tests/data/plan-us-28.md
EU24=$ROOT/tests/data/plan-eu-24.md
EUC=$ROOT/tests/data/plan-eu-counter.md
# Marker words that only hidden texts hold.
sed 's/600,000/quokka 800,000/' "$US28" >framework2.md
sed 's/sovereign state/zanzibar state/' "$EUC" >mixed2.md
sed 's/sovereign/independent/' "$EU24" >edited-pub.md
printf '# New\n\n1. A new point.\n' >new.md

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add RU Russia
q party add UA Ukraine
q party add EU "European Union"
q delegate add dmitriev --party RU --role envoy --make-key
q delegate add umerov --party UA --role lead --make-key
q delegate add kallas --party EU --role lead --make-key
q track add backchannel US RU
# framework: drafted in the back-channel, three versions, amendments, positions.
q import "$US28" --doc framework --track backchannel
q import framework2.md --doc framework
q position framework@2 6 redline --note 'whisper line' --as dmitriev
q amend framework@2 --edit '6: 800,000 -> 700,000' --justification 'whisper compromise' --as dmitriev
q amend framework@2 --delete 3
q amendment accept framework backchannel:A2
q amendment accept framework backchannel:A2 --as dmitriev
q amend framework@3 --delete 4 --as dmitriev
q position framework@3 '*' reserve
# pub: a plenary document, shared with the back-channel and amended there too.
q import "$EU24" --doc pub
q circulate pub@1 --to backchannel
q amend pub@1 --delete 3 --track backchannel --justification 'whisper cut' --as dmitriev
q amend pub@1 --delete 4 --as kallas
q position pub@1 5 accept --as kallas
# mixed: drafted in the back-channel, version 1 circulated to the plenary,
# version 2 kept there.
q import "$EUC" --doc mixed --title "Counter-proposal" --track backchannel
q circulate mixed@1 --to plenary
q import mixed2.md --doc mixed --title "Counter-proposal"
# Meetings and statements in the back-channel, and in the plenary.
q meeting add "Secret talks" --date 2025-11-24 --place "Abu Dhabi" --parties US,RU --track backchannel --agenda framework@3
q meeting add "Second secret" --date 2025-11-28 --place "Abu Dhabi" --parties US,RU --track backchannel
q meeting postpone backchannel-2 --to 2025-11-30
q meeting held backchannel-1
q meeting add "Open session" --date 2025-11-26 --place Geneva --parties US,UA
q statement add "whisper words" --date 2025-11-24 --level record --track backchannel
q statement add "Public words" --date 2025-11-26 --level record
# The back-channel adopts its own amendment to pub: pub@2 is theirs. The
# plenary's pending amendment stays on pub@1, and nothing of the decision
# reaches the plenary's chain.
plenary_before=$(db_sql "SELECT count(*) FROM events WHERE track = 'plenary'")
q amend pub@1 --edit '2: completely -> quokka' --track backchannel --as dmitriev
q amendment accept pub backchannel:A2
q amendment accept pub backchannel:A2 --as dmitriev
plenary_after=$(db_sql "SELECT count(*) FROM events WHERE track = 'plenary'")
[ "$plenary_before" = "$plenary_after" ] && ok ||
  bad "a decision in the back-channel added $((plenary_after - plenary_before)) events to the plenary"
"$PARLEY" verify >/dev/null && ok || bad "the record does not verify"

hidden_head=$("$PARLEY" log head backchannel)
[ -n "$hidden_head" ] || bad "setup: no head of backchannel"
unused_head=$(printf '%s' "$hidden_head" | sha256sum | cut -d' ' -f1)

export PARLEY_AS=umerov

# run_normalized NAME ARGS...: runs parley, prints its exit code, stdout and
# stderr with every whole-word NAME (or, for a hash, its first 16 digits,
# which is how one is quoted) replaced by <NAME>; fails the test if the
# database changed.
run_normalized() {
  local name=$1 before after status short=$1
  shift
  [[ $name =~ ^[0-9a-f]{64}$ ]] && short=${name:0:16}
  before=$(db_digest)
  "$PARLEY" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
  after=$(db_digest)
  [ "$before" = "$after" ] || bad "parley $*: the database changed"
  printf 'exit %s\n--- stdout\n' "$status"
  NAME=$name SHORT=$short perl -pe 's/(?<![\w])\Q$ENV{NAME}\E(?![\w])/<NAME>/g; s/(?<![\w])\Q$ENV{SHORT}\E(?![\w])/<NAME>/g' "$WORK/out"
  printf -- '--- stderr\n'
  NAME=$name SHORT=$short perl -pe 's/(?<![\w])\Q$ENV{NAME}\E(?![\w])/<NAME>/g; s/(?<![\w])\Q$ENV{SHORT}\E(?![\w])/<NAME>/g' "$WORK/err"
}

# same HIDDEN UNUSED -- ARGS...: ARGS with %N% replaced by HIDDEN and by
# UNUSED must give the same exit code and output, up to the name.
same() {
  local hidden=$1 unused=$2 arg
  shift 3
  local -a with_hidden=() with_unused=()
  for arg in "$@"; do
    with_hidden+=("${arg//%N%/$hidden}")
    with_unused+=("${arg//%N%/$unused}")
  done
  run_normalized "$hidden" "${with_hidden[@]}" >"$WORK/hidden.txt"
  run_normalized "$unused" "${with_unused[@]}" >"$WORK/unused.txt"
  if ! cmp -s "$WORK/hidden.txt" "$WORK/unused.txt"; then
    bad "parley ${with_hidden[*]} is told apart from parley ${with_unused[*]}:
$(diff "$WORK/hidden.txt" "$WORK/unused.txt")"
    return
  fi
  ok
}
trk() { same backchannel nosuchtrk -- "$@"; }
doc() { same framework nosuchdoc -- "$@"; }
ver() { same 2 9 -- "$@"; }
mtg() { same "$1" "${1/backchannel/nosuchtrk}" -- "${@:2}"; }
amd() { same "$1" "$2" -- "${@:3}"; }

# Tracks.
trk import new.md --doc newdoc --track %N%
trk circulate pub@1 --to %N%
trk amend pub@1 --delete 2 --track %N%
trk track members %N%
trk track join %N% UA
trk track rule %N% majority
trk log head %N%
trk log export %N%
trk verify %N%
trk meeting add T --date 2025-12-01 --place P --parties UA --track %N%
trk meeting list --track %N%
trk meeting list --track %N% --format json
trk meeting export --ics --track %N%
trk statement add Words --date 2025-12-01 --level record --track %N%
trk statement list --track %N%
trk statement list --track %N% --format json
trk timeline --track %N%
trk timeline --track %N% --format json

# Documents drafted in the back-channel.
doc show %N%
doc show %N%@1
doc show %N%@3 --format json
doc show %N%@3 --point 6
doc versions %N%
doc versions %N% --format json
doc diff %N%@1 %N%@2
doc diff %N% pub
doc diff pub %N%
doc diff pub@1 %N%@2 --stat
doc seen %N%@1
doc circulate %N%@1 --to plenary
doc amend %N%@3 --delete 1
doc amend %N%@1 --delete 1
doc amend %N%@3 --from-file framework2.md
doc amendments %N%
doc amendments %N%@3 --format json
doc amendment show %N% backchannel:A1
doc amendment show %N% A1
doc amendment accept %N% backchannel:A3
doc amendment accept %N% backchannel:A3 --dry-run
doc amendment accept %N% A1
doc amendment reject %N% backchannel:A3
doc amendment withdraw %N% backchannel:A3
doc amendment supersede %N% backchannel:A3
doc voting-list %N%@3
doc position %N%@3 6 accept
doc position %N%@3 '*' reject
doc matrix %N%@3
doc text %N%@3 --brackets
doc progress %N%
doc redlines %N%@3 --amendment backchannel:A3
doc redlines %N%@3 --proposal framework2.md
doc compare %N% pub
doc compare pub %N%@2
doc reuse --documents %N% pub
doc meeting add T --date 2025-12-01 --place P --parties UA --agenda %N%@1

# A version kept in the back-channel of a document the plenary may read.
ver show mixed@%N%
ver show mixed@%N% --format md
ver versions mixed --format json
ver seen mixed@%N%
ver circulate mixed@%N% --to plenary
ver diff mixed@1 mixed@%N%
ver amend mixed@%N% --delete 1
ver amendments mixed@%N%
ver voting-list mixed@%N%
ver position mixed@%N% 1 accept
ver matrix mixed@%N%
ver text mixed@%N% --brackets
ver redlines mixed@%N% --proposal mixed2.md
ver compare pub mixed@%N%
ver reuse --documents mixed@%N% pub
ver meeting add T --date 2025-12-01 --place P --parties UA --agenda mixed@%N%
# and the version the back-channel made of pub.
ver show pub@%N%
ver seen pub@%N%
ver diff pub@1 pub@%N%
ver amend pub@%N% --delete 1
ver amendments pub@%N%
ver position pub@%N% 1 accept
ver matrix pub@%N%
ver text pub@%N% --brackets
ver circulate pub@%N% --to plenary

# Amendments tabled in the back-channel on a document the plenary reads.
# backchannel:A1 is pending, backchannel:A2 adopted.
for id in backchannel:A1 backchannel:A2; do
  for unused in nosuchtrk:A1 backchannel:A9; do
    amd $id $unused amendment show pub %N%
    amd $id $unused amendment accept pub %N%
    amd $id $unused amendment accept pub %N% --dry-run
    amd $id $unused amendment reject pub %N%
    amd $id $unused amendment withdraw pub %N%
    amd $id $unused amendment supersede pub %N%
    amd $id $unused redlines pub@1 --amendment %N%
    amd $id $unused amend pub@1 --delete 2 --parent %N%
  done
done
# The plenary's amendment is UA's to read and decide, on the version UA has.
"$PARLEY" amendment show pub A1 >/dev/null 2>&1 && ok || bad "amendment show pub A1 fails for UA"
[ "$("$PARLEY" amendments pub | awk 'NR > 1 { print $2 }' | sort -u)" = 1 ] && ok ||
  bad "UA is shown an amendment on a version it cannot see: $("$PARLEY" amendments pub)"

# Meetings in the back-channel.
for m in backchannel-1 backchannel-2; do
  mtg $m meeting postpone %N% --to 2026-01-10
  mtg $m meeting held %N%
  mtg $m meeting cancel %N%
done

# A receipt of the back-channel's log.
amd "$hidden_head" "$unused_head" verify --expect %N%
amd "$hidden_head" "$unused_head" verify plenary --expect %N%

# Names are one namespace: a hidden name is refused as "not available",
# saying nothing of where it is used.
expect_error 1 "^parley: the document name 'framework' is not available$" -- import new.md --doc framework
expect_error 1 "^parley: the track name 'backchannel' is not available$" -- track add backchannel UA

# Reads that name nothing hidden show nothing hidden.
reveals_nothing() {
  local out
  out=$("$PARLEY" "$@" 2>&1)
  if printf '%s' "$out" | grep -Eq 'backchannel|framework|quokka|zanzibar|[Ss]ecret|whisper|Abu Dhabi'; then
    bad "parley $* shows what UA may not see: $(printf '%s' "$out" | grep -E 'backchannel|framework|quokka|zanzibar|[Ss]ecret|whisper|Abu Dhabi' | head -3)"
    return
  fi
  ok
}
for fmt in text json; do
  reveals_nothing docs --format $fmt
  reveals_nothing versions pub --format $fmt
  reveals_nothing versions mixed --format $fmt
  reveals_nothing seen pub@1 --format $fmt
  reveals_nothing seen mixed@1 --format $fmt
  reveals_nothing amendments pub --format $fmt
  reveals_nothing amendments mixed --format $fmt
  reveals_nothing voting-list pub@1 --format $fmt
  reveals_nothing matrix pub@1 --format $fmt
  reveals_nothing matrix mixed@1 --format $fmt
  reveals_nothing progress pub --format $fmt
  reveals_nothing progress mixed --format $fmt
  reveals_nothing timeline --format $fmt
  reveals_nothing meeting list --format $fmt
  reveals_nothing statement list --format $fmt
  reveals_nothing party list --format $fmt
  reveals_nothing delegate list --format $fmt
  reveals_nothing delegate keys dmitriev --format $fmt
done
reveals_nothing show pub@1 --format json
reveals_nothing show mixed --format json
reveals_nothing show mixed@1 --format html
reveals_nothing text pub@1 --brackets --format json
reveals_nothing text mixed@1 --brackets --format json
reveals_nothing amendment show pub A1
reveals_nothing amendment accept pub A1 --dry-run
reveals_nothing redlines pub@1 --amendment A1
reveals_nothing redlines pub@1 --proposal edited-pub.md
reveals_nothing diff pub mixed
reveals_nothing compare pub mixed --format json
reveals_nothing reuse --documents pub mixed
reveals_nothing track list
reveals_nothing meeting export --ics
reveals_nothing log export plenary
reveals_nothing log head plenary
reveals_nothing verify
reveals_nothing import mixed2.md --doc mixed
reveals_nothing amend mixed@1 --delete 1 --justification 'x'
reveals_nothing position mixed@1 1 accept
reveals_nothing redlines mixed@1 --proposal mixed2.md

# A rebuild as UA counts only the plenary's events: UA is in no other track.
plenary_events=$(db_sql "SELECT count(*) FROM events WHERE track = 'plenary'")
out=$("$PARLEY" rebuild 2>&1)
case $out in
*backchannel*) bad "rebuild names the hidden track: $out" ;;
"replayed $plenary_events events you may see; projections identical"*) ok ;;
*) bad "rebuild as UA: '$out', wanted $plenary_events events" ;;
esac

out=$("$PARLEY" verify 2>&1)
case $out in
"verified $plenary_events events in 1 chains "*) ok ;;
*) bad "verify as UA: '$out', wanted $plenary_events events in 1 chain" ;;
esac

PARLEY_AS=witkoff "$PARLEY" verify >/dev/null && ok || bad "the record no longer verifies"
finish
