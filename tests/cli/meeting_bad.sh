# Bad input to meetings, statements and the timeline (issue 4, item 6): one
# clear line, exit 1 (2 for usage), the database unchanged. A confidential
# meeting is "not found" to a non-member exactly like one that never was.
. "$(dirname "$0")/lib.sh" "$@"
export PARLEY_KEYS="$WORK/keys"
q() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $*"; }

q init --convenor witkoff --party US --party-name "United States"
export PARLEY_AS=witkoff
q party add RU "Russia"
q party add UA "Ukraine"
q delegate add dmitriev --party RU --role envoy --make-key
q delegate add umerov --party UA --role lead --make-key
q delegate add watcher --party UA --role observer --make-key --as umerov
q track add backchannel US RU
q import "$ROOT/tests/data/plan-us-28.md" --doc framework --track backchannel
q meeting add "Held" --date 2025-11-17 --place Miami --parties US,RU
q meeting add "Called off" --date 2025-11-19 --place Ankara --parties US,UA
q meeting add "Planned" --date 2025-11-26 --time 10:00 --place Geneva --parties US,UA
q meeting add "Secret" --date 2025-11-24 --place "Abu Dhabi" --parties US,RU --track backchannel
q meeting held plenary-1
q meeting cancel plenary-2

add() { expect_error 1 "$1" -- meeting add T --place P "${@:2}"; }
# Dates and times that do not parse.
add "^parley: '2025-02-30' is not a calendar date: February 2025 has 28 days$" --date 2025-02-30 --parties US
add "^parley: '2025-13-01' is not a calendar date: there is no month 13$" --date 2025-13-01 --parties US
add "^parley: '2023-02-29' is not a calendar date: February 2023 has 28 days$" --date 2023-02-29 --parties US
add "^parley: 'tomorrow' is not a date \(YYYY-MM-DD\)$" --date tomorrow --parties US
add "^parley: '25:00' is not a time \(HH:MM, 00:00 to 23:59\)$" --date 2025-11-30 --time 25:00 --parties US
add "^parley: the value of --date '2025\\\\n11-30' holds the control character U\\+000A" --date "$(printf '2025\n11-30')" --parties US
# Unknown parties and tracks; a participant outside the track.
add "^parley: no party with code 'XX'$" --date 2025-11-30 --parties US,XX
add "^parley: party US is listed twice$" --date 2025-11-30 --parties US,US
add "^parley: no track named 'nowhere'$" --date 2025-11-30 --parties US --track nowhere
add "^parley: UA is not a member of track backchannel$" --date 2025-11-30 --parties US,UA --track backchannel
add "^parley: no track named 'backchannel'$" --date 2025-11-30 --parties UA --track backchannel --as umerov
# Agendas: a version the actor cannot see, or one not readable in the track.
add "^parley: no document named 'framework'$" --date 2025-11-30 --parties UA --agenda framework@1 --as umerov
add "^parley: framework@1 is not readable in track plenary: circulate it there first$" --date 2025-11-30 --parties US --agenda framework@1
add "^parley: framework has no version 2 \(latest is 1\)$" --date 2025-11-30 --parties US --agenda framework@2
# Text that is not a one-line title: refused at the door (src/cli/main.c, cli.c).
expect_error 1 "^parley: the operand 'a\\\\nb' holds the control character U\\+000A \(byte offset 1\)$" -- meeting add "$(printf 'a\nb')" --date 2025-11-30 --place P --parties US
expect_error 1 "^parley: argument 3 'a\\\\xffb' is not valid UTF-8 \(byte offset 1\)$" -- meeting add "$(printf 'a\xffb')" --date 2025-11-30 --place P --parties US
expect_error 1 "^parley: the place is empty$" -- meeting add T --date 2025-11-30 --place " " --parties US
# Who may act.
expect_error 1 "^parley: watcher is an observer and cannot change the record$" -- meeting add T --date 2025-11-30 --place P --parties UA --as watcher
PARLEY_AS= expect_error 1 "^parley: a change is signed by a delegate: act as one" -- meeting add T --date 2025-11-30 --place P --parties UA
expect_error 1 "^parley: no delegate named 'nobody'$" -- meeting list --as nobody

# Unknown meetings, and the confidential one, alike.
expect_error 1 "^parley: no meeting 'plenary-9'$" -- meeting postpone plenary-9 --to 2025-12-01
expect_error 1 "^parley: no meeting 'backchannel-9'$" -- meeting held backchannel-9 --as umerov
expect_error 1 "^parley: no meeting 'backchannel-1'$" -- meeting held backchannel-1 --as umerov
expect_error 1 "^parley: no meeting 'backchannel-1'$" -- meeting cancel backchannel-1 --as umerov
# Final states stay final; a postponement goes later.
expect_error 1 "^parley: meeting plenary-1 was held on 2025-11-17; it cannot be postponed$" -- meeting postpone plenary-1 --to 2025-12-01
expect_error 1 "^parley: meeting plenary-1 was held on 2025-11-17; it cannot be cancelled$" -- meeting cancel plenary-1
expect_error 1 "^parley: meeting plenary-1 was held on 2025-11-17; it cannot be marked held$" -- meeting held plenary-1
expect_error 1 "^parley: meeting plenary-2 is cancelled; it cannot be marked held$" -- meeting held plenary-2
expect_error 1 "^parley: meeting plenary-2 is cancelled; it cannot be postponed$" -- meeting postpone plenary-2 --to 2025-12-01
expect_error 1 "^parley: a postponement moves a meeting later: 2025-11-26 is not after 2025-11-26 10:00$" -- meeting postpone plenary-3 --to 2025-11-26
expect_error 1 "^parley: '2025-11-31' is not a calendar date: November 2025 has 30 days$" -- meeting postpone plenary-3 --to 2025-11-31

# Statements.
say() { expect_error 1 "$1" -- statement add "${@:2}"; }
say "^parley: 'loud' is not an attribution level \(record, background, nfa\)$" Words --date 2025-11-20 --level loud
say "^parley: '2025-02-29' is not a calendar date" Words --date 2025-02-29 --level record
say "^parley: the statement is empty$" "" --date 2025-11-20 --level record
say "^parley: no party with code 'XX'$" Words --date 2025-11-20 --level background --party XX
say "^parley: an on-record statement of RU needs the speaker's name \(--speaker NAME\)$" Words --date 2025-11-20 --level record --party RU
say "^parley: no track named 'backchannel'$" Words --date 2025-11-20 --level nfa --track backchannel --as umerov

# Reads of a track the viewer may not know.
expect_error 1 "^parley: no track named 'backchannel'$" -- timeline --track backchannel --as umerov
expect_error 1 "^parley: no track named 'backchannel'$" -- meeting list --track backchannel --as umerov
expect_error 1 "^parley: no track named 'backchannel'$" -- meeting export --ics --track backchannel --as umerov
expect_error 1 "^parley: no track named 'backchannel'$" -- statement list --track backchannel --as umerov

# Usage errors exit 2.
expect_error 2 "add needs --date, --place and --parties" -- meeting add T --place P --parties US
expect_error 2 "add, postpone, held, cancel, list, export or link\?" -- meeting frobnicate
expect_error 2 "postpone needs --to DATE" -- meeting postpone plenary-3
expect_error 2 "export takes --ics" -- meeting export
expect_error 2 "add needs --date DATE and --level LEVEL" -- statement add Words --date 2025-11-20
expect_error 2 "parties takes codes separated by commas" -- meeting add T --date 2025-11-30 --place P --parties US,,RU
expect_error 2 "unknown or incomplete option" -- timeline --bogus

# After all that the record is whole.
"$PARLEY" verify >/dev/null && ok || bad "verify fails"
"$PARLEY" rebuild | grep -q identical && ok || bad "rebuild differs"
[ "$("$PARLEY" meeting list --as umerov | grep -c plenary-)" = 3 ] && ok || bad "meeting list changed"
finish
