# The timeline tells the talks (issue 12, item 5): amendments tabled,
# decided and withdrawn, positions taken, adoptions with the amendments that
# made them; each party sees what it may.
export PARLEY_KEYS=keys
mask() { sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'; }
p init --convenor witkoff --party US --party-name "United States" --rule majority | mask
export PARLEY_AS=witkoff
p party add RU "Russia"
p party add UA "Ukraine"
p delegate add dmitriev --party RU --role envoy --make-key | mask
p delegate add umerov --party UA --role lead --make-key | mask
p track add backchannel US RU
PARLEY_CLOCK=2025-11-20T10:00:00Z p import plan-us-28.md --doc framework
PARLEY_CLOCK=2025-11-21T10:00:00Z p amend framework@1 --edit '6: 600,000 -> 800,000' --as umerov
PARLEY_CLOCK=2025-11-21T11:00:00Z p amend framework@1 --delete 3 --as dmitriev
PARLEY_CLOCK=2025-11-21T12:00:00Z p amend framework@1 --delete 26 --as dmitriev
PARLEY_CLOCK=2025-11-22T09:00:00Z p position framework@1 21 reject --note "no recognition" --as umerov
PARLEY_CLOCK=2025-11-22T09:30:00Z p position framework@1 '*' reserve --as dmitriev
PARLEY_CLOCK=2025-11-23T10:00:00Z p amendment withdraw framework A3 --as dmitriev
PARLEY_CLOCK=2025-11-24T10:00:00Z p amendment accept framework A1 --as umerov
PARLEY_CLOCK=2025-11-24T11:00:00Z p amendment reject framework A1 --as dmitriev
PARLEY_CLOCK=2025-11-24T12:00:00Z p amendment accept framework A1 --as witkoff
p timeline --as umerov
p timeline --as dmitriev --format json
