#!/usr/bin/env bash
# demo.sh — the story of a negotiation, told with parley step by step.
# usage: examples/demo.sh [PATH-TO-parley]   (scripts/demo builds and runs it)
#
# November 2025: two parties draft a 28-point plan over a back-channel, brief
# the others, and a coalition answers with a counter-version. Dates come from
# examples/timeline.tsv; PARLEY_CLOCK stamps each step with its day.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
parley=${1:-parley}
work=${PARLEY_DEMO_DIR:-"$here/../build/demo"}
mkdir -p "$work"
export PARLEY_DB="$work/negotiation.db" PARLEY_KEYS="$work/keys"
rm -rf "$PARLEY_DB" "$PARLEY_DB-wal" "$PARLEY_DB-shm" "$PARLEY_KEYS"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
  step() { printf '\n== %s\n' "$*"; }
fi
run() { printf '$ parley'; printf ' %q' "$@"; printf '\n'; "$parley" "$@"; }
on() { export PARLEY_CLOCK="${1}T12:00:00Z"; }

step "A new negotiation, founded by its convenor: one SQLite file, nothing to configure"
on 2025-10-20
run init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff   # every change from now on is signed by the acting delegate

step "The convenor admits the parties; each delegation makes its own key (never in the database)"
run party add RU "Russian Federation"
run party add UA Ukraine
run party add EU "European Union"
for who in dmitriev:RU:envoy umerov:UA:lead kallas:EU:lead; do
  IFS=: read -r name party role <<<"$who"
  # On the delegate's own machine: the secret half stays there, the public half is handed over.
  "$parley" keygen "$name" 2>/dev/null >/dev/null
  run delegate add "$name" --party "$party" --role "$role" --public-key "$(ls "$PARLEY_KEYS"/*/"$name".key.pub)"
done
echo "Ukraine's lead admits a further Ukrainian delegate; no other party could:"
"$parley" keygen yermak 2>/dev/null >/dev/null
run delegate add yermak --party UA --role member --public-key "$(ls "$PARLEY_KEYS"/*/yermak.key.pub)" --as umerov
echo "Ukraine trying to admit a 'US delegate' is refused by the rules of authority:"
"$parley" keygen fakeus 2>/dev/null >/dev/null
run delegate add fakeus --party US --role lead --public-key "$(ls "$PARLEY_KEYS"/*/fakeus.key.pub)" --as umerov || true
run delegate list

step "24-26 October, Miami: a US-RU back-channel, where the 28 points are drafted"
on 2025-10-24
run track add backchannel US RU
on 2025-10-26
run import "$here/plan-us-28.md" --doc framework --track backchannel

step "A meeting with Ukraine in Turkey is planned, then postponed (19 November)"
on 2025-11-15
run meeting add "Witkoff and Zelensky" --date 2025-11-19 --place "Ankara, Turkey" --parties US,UA
on 2025-11-19
run meeting postpone plenary-1 --to 2025-11-26 --note "postponed, no new date announced"
run statement add "The plan builds on the principles discussed in Alaska." --date 2025-11-17 --level record --speaker Dmitriev --as dmitriev
run statement add "Witkoff and Rubio worked on the plan for about a month." --date 2025-11-20 --level background

step "What each side can see: Ukraine sees nothing, not even the track"
run docs --as umerov
run track list --as umerov
run docs --as dmitriev

step "20 November, Kyiv: the plan is presented to Ukraine and shared with everyone"
on 2025-11-20
run circulate framework@1 --to plenary --note "presented by Army Secretary Driscoll in Kyiv"
run seen framework@1 --as umerov
run seen framework@1 --as dmitriev

step "Part 2 of the 28 points, as written (labels are not consecutive: 5-10, 18)"
run show framework@1 --point 6 --as umerov
run show framework@1 --point 10 --as umerov

step "22-23 November: Ukraine and the E3 draft a counter-version in their own track"
on 2025-11-22
run track add coalition EU UA --as kallas
on 2025-11-23
run import "$here/plan-eu-counter.md" --doc e3-counter --track coalition --as kallas
run docs --as dmitriev
run docs --as umerov

step "Redline: what does the counter-version change? (per-point summary)"
# diff exits 1 when the two differ, as diff(1) does.
run diff framework@1 e3-counter --stat --changed-only --as umerov || [ $? = 1 ]

step "Word by word, only the changed points of Part 2"
{ "$parley" diff framework@1 e3-counter --changed-only --color never --as umerov || [ $? = 1 ]; } |
  sed -n '/^## Part 2/,/^## Part 3/p' | sed '$d'

step "The same redline as a page a delegation can forward or print"
"$parley" diff framework@1 e3-counter --format html --as umerov > "$work/redline.html" || [ $? = 1 ]
echo "wrote $work/redline.html"

step "23 November, Geneva: the counter-version is tabled in the plenary"
run circulate e3-counter@1 --to plenary --note "E3 counter-proposal, Geneva" --as kallas
run docs --as dmitriev

step "A separate European 24-point plan is published: its own document"
run import "$here/plan-eu-24.md" --doc eu24 --as kallas

step "Machine-readable: point 21 of the 28 as JSON (schema parley.document/1)"
run show framework@1 --point 21 --format json --as umerov

step "The timeline as each party may see it"
run timeline --as umerov
run timeline --as dmitriev
"$parley" meeting export --ics --as umerov > "$work/meetings.ics"
echo "wrote $work/meetings.ics (iCalendar, for calendar clients)"

step "24 November: in the plenary, UA and EU table amendments mirroring the counter-version"
on 2025-11-24
run amend framework@1 --edit '6: 600,000 -> 800,000' --justification "an army that can deter" --as umerov
run amend framework@1 --replace '7=Whether Ukraine joins NATO depends on a consensus among NATO members, and no such consensus exists.' --as kallas
run amend framework@1 --delete 3 --delete 26 --justification "E3 counter-proposal" --as kallas
run amend framework@1 --edit '8: in Ukraine -> under its command in Ukraine on a permanent basis in peacetime' --as kallas
run amend framework@1 --edit '21(a): Crimea, Luhansk and Donetsk are treated as Russian de facto -> talks on territory start from the current Line of Contact' --as umerov
echo "RU tables a colliding one:"
run amend framework@1 --edit '6: capped at 600,000 personnel -> capped at 500,000 personnel, with no foreign troops' --as dmitriev

step "Positions, as publicly reported (examples/positions.tsv)"
while IFS=$'\t' read -r party point stance _; do
  case "$party" in
    US) who=witkoff ;; Russia) who=dmitriev ;; Ukraine) who=umerov ;; E3|EU-Kallas) who=kallas ;; *) continue ;;
  esac
  "$parley" position framework@1 "$point" "$stance" --as "$who" >/dev/null
done < <(tail -n +2 "$here/positions.tsv")
echo "recorded $(tail -n +2 "$here/positions.tsv" | grep -cE '^(US|Russia|Ukraine|E3|EU-Kallas)'$'\t') positions"
run matrix framework@1 --as umerov

step "The voting list: collisions, order (furthest from the text first), what falls"
run voting-list framework@1 --as umerov

step "The bracketed negotiating text (Part 2)"
"$parley" text framework@1 --brackets --as umerov | sed -n '1,4p;/^5\. /,/^18\. /p'

step "25 November: what adopting the E3 deletions and the NATO clause would change (a dry run)"
on 2025-11-25
run amendment accept framework A2 A3 --dry-run --as kallas

step "The plenary decides by consensus: every party must accept"
run amendment accept framework A2 A3 --as kallas
run amendment accept framework A2 A3 --as umerov
run amendment accept framework A2 A3 --as witkoff
echo "Russia accepts the deletions (A3) but not the NATO clause (A2): A3 is adopted, A2 waits"
run amendment accept framework A3 --as dmitriev
run amendment reject framework A2 --as dmitriev
run amendments framework
run progress framework

step "Competing plans: the 28 points against the counter-version and a 12-point plan"
run import "$here/plan-12.md" --doc ua-eu-12 --as kallas
run compare framework@1 e3-counter ua-eu-12 --summary --as umerov
echo "Point 6 of the 28, aligned across the three plans:"
"$parley" compare framework@1 e3-counter --as umerov | sed -n '/^framework@1 6\./,/^framework@1 7\./p' | sed '$d'
"$parley" compare framework@1 e3-counter ua-eu-12 --format html --as umerov > "$work/three-columns.html"
echo "wrote $work/three-columns.html (the four-column document, generalized)"

step "The record proves itself: every chain, hash and signature"
run verify --as witkoff
receipt=$("$parley" log head plenary)
echo "head receipt of the plenary: $receipt"
"$parley" log export backchannel --as dmitriev > "$work/backchannel.log"
echo "exported the back-channel's log to $work/backchannel.log"
run log verify "$work/backchannel.log"
run verify --expect "$receipt"

step "Every table is a projection of the events: rebuild them and compare"
run rebuild

echo
echo "The database is $PARLEY_DB; try: PARLEY_DB=$PARLEY_DB PARLEY_KEYS=$PARLEY_KEYS $parley docs --as umerov"
