# iCalendar export (RFC 5545): CRLF shown as \r, the negotiation id masked.
# Folding at 75 octets, escaping, SEQUENCE and STATUS through a meeting's life.
export PARLEY_KEYS=keys
ics() { sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/' -e 's/\r$/\\r/'; }
p init --convenor witkoff --party US --party-name "United States" >/dev/null
export PARLEY_AS=witkoff
p party add UA "Ukraine" >/dev/null
p meeting add "Talks on points 1-7; security, guarantees" --date 2025-11-19 --time 11:00 --place "Çırağan Palace, Beşiktaş, İstanbul, Türkiye — the long way round the Bosphorus" --parties US,UA
p meeting export --ics | ics
PARLEY_CLOCK=2025-11-21T07:30:00Z p meeting postpone plenary-1 --to 2025-11-26 --note "a note
on two lines, with a comma; and a semicolon \\ backslash"
p meeting export --ics | ics
PARLEY_CLOCK=2025-11-22T07:30:00Z p meeting cancel plenary-1
p meeting export --ics | ics
p meeting export --ics --track nowhere
p meeting export
