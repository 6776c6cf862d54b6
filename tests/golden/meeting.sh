# Meetings, statements and the timeline of the November 2025 story, as each
# party sees it: a US-RU back-channel, a postponed meeting in Turkey,
# statements on record, on background and not for attribution.
export PARLEY_KEYS=keys PARLEY_CLOCK=2025-10-01T09:00:00Z
mask() { sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'; }
p init --convenor witkoff --party US --party-name "United States" | mask
export PARLEY_AS=witkoff
p party add RU "Russia"
p party add UA "Ukraine"
p delegate add dmitriev --party RU --role envoy --make-key | mask
p delegate add umerov --party UA --role lead --make-key | mask
PARLEY_CLOCK=2025-10-24T15:00:00Z p track add backchannel US RU
PARLEY_CLOCK=2025-10-24T15:05:00Z p meeting add "Miami talks" --date 2025-10-24 --place "Miami, Florida" --parties US,RU --track backchannel
PARLEY_CLOCK=2025-10-26T20:00:00Z p meeting held backchannel-1 --note "three days of talks"
PARLEY_CLOCK=2025-11-18T18:00:00Z p import plan-us-28.md --doc framework --track backchannel
PARLEY_CLOCK=2025-11-18T19:00:00Z p meeting add "Witkoff-Zelensky meeting" --date 2025-11-19 --time 11:00 --place "Ankara, Türkiye" --parties US,UA
PARLEY_CLOCK=2025-11-19T09:00:00Z p meeting postpone plenary-1 --to 2025-11-26 --note "postponed; no new date agreed"
PARLEY_CLOCK=2025-11-20T08:00:00Z p circulate framework@1 --to plenary --note "informing Ukraine and European partners"
PARLEY_CLOCK=2025-11-21T10:00:00Z p meeting add "Geneva talks" --date 2025-11-23 --time 10:00 --place "Geneva" --parties US,UA --agenda framework@1
PARLEY_CLOCK=2025-11-22T12:00:00Z p meeting cancel plenary-1 --note "superseded by Geneva"
PARLEY_CLOCK=2025-11-23T20:00:00Z p meeting held plenary-2
PARLEY_CLOCK=2025-11-17T12:00:00Z p statement add "The plan builds on the Alaska principles" --date 2025-11-17 --level record --as dmitriev
PARLEY_CLOCK=2025-11-20T16:00:00Z p statement add "Witkoff and Rubio worked on the plan for about a month" --date 2025-11-20 --level background
PARLEY_CLOCK=2025-11-24T09:00:00Z p statement add "The European plan is not constructive" --date 2025-11-24 --level nfa --track backchannel --as dmitriev
PARLEY_CLOCK=2025-11-24T09:30:00Z p statement add "Nothing official received from Geneva" --date 2025-11-24 --level record --party RU --speaker Peskov
echo "--- as witkoff (US)"
p meeting list
p statement list
p timeline
echo "--- as dmitriev (RU)"
p timeline --track backchannel --as dmitriev
echo "--- as umerov (UA): nothing of the back-channel"
p meeting list --as umerov
p statement list --as umerov
p timeline --as umerov
p timeline --as umerov --format json
p timeline --track backchannel --as umerov
p meeting held backchannel-1 --as umerov
p rebuild | sed 's/ (.*)//'
