# Amendments, positions and the bracketed negotiating text on the 28-point
# plan (issue 5): Ukraine and Europe table the changes of their counter-
# version, Russia tables two that collide with them, positions come from
# positions.tsv; the voting list, the matrix and the bracketed text; then
# some are accepted and the brackets counted again.
export PARLEY_KEYS=keys PARLEY_CLOCK=2025-11-20T09:00:00Z
mask() { sed -e 's/[0-9a-f]\{32\}/NEGOTIATION/'; }
p init --convenor witkoff --party US --party-name "United States" | mask
export PARLEY_AS=witkoff
p party add RU "Russia"
p party add UA "Ukraine"
p party add EU "European Union"
p delegate add dmitriev --party RU --role envoy --make-key | mask
p delegate add umerov --party UA --role lead --make-key | mask
p delegate add kallas --party EU --role lead --make-key | mask
p import plan-us-28.md --doc framework
echo "--- positions from positions.tsv (Russia, Ukraine, E3 and EU-Kallas, US)"
while IFS=$'\t' read -r who point stance source; do
	case $who in
	US) as=witkoff ;;
	Russia) as=dmitriev ;;
	Ukraine) as=umerov ;;
	E3 | EU-Kallas) as=kallas ;;
	*) continue ;;
	esac
	p position framework@1 "$point" "$stance" --note "$source" --as "$as"
done < <(tail -n +2 positions.tsv)
echo "--- an illustrative stance (not from positions.tsv): wording Russia holds must stay, on two points at once"
p position framework@1 3,26 keep --note "illustrative: the wording must stay" --as dmitriev
echo "--- the counter-version's changes as amendments"
PARLEY_CLOCK=2025-11-23T10:00:00Z p amend framework@1 --as umerov \
	--edit '6: The strength -> In peacetime the strength' --edit '6: 600,000 -> 800,000' \
	--justification "an army able to deter"
PARLEY_CLOCK=2025-11-23T10:05:00Z p amend framework@1 --as kallas \
	--replace '7=Whether Ukraine joins NATO depends on a consensus among NATO members, and no such consensus exists.'
PARLEY_CLOCK=2025-11-23T10:10:00Z p amend framework@1 --as kallas --delete 3 --delete 26
PARLEY_CLOCK=2025-11-23T10:15:00Z p amend framework@1 --as umerov \
	--edit '8: in Ukraine. -> under its command in Ukraine on a permanent basis in peacetime.'
PARLEY_CLOCK=2025-11-23T10:20:00Z p amend framework@1 --as kallas \
	--insert 'after 5: 5a. The guarantees mirror Article 5 of the North Atlantic Treaty.'
echo "--- Russia's, colliding"
PARLEY_CLOCK=2025-11-24T09:00:00Z p amend framework@1 --as dmitriev --edit '6: 600,000 -> 500,000'
PARLEY_CLOCK=2025-11-24T09:05:00Z p amend framework@1 --as dmitriev \
	--edit '26: in future. -> in future, including in any international court.'
PARLEY_CLOCK=2025-11-24T09:10:00Z p amend framework@1 --as dmitriev --edit '21(a): Crimea -> Crimea, Kherson'
p amendments framework@1
p amendments framework@1 --format md
p amendments framework@1 --format csv
p amendments framework@1 --format json
p amendments framework@1 --format html | grep -E '<td class="A(1|5)">'
p amendment show framework A1
p amendment show framework A3
echo "--- one amendment in every format: the point, its lines, before, after, redline"
p amendment show framework A8 --format md
p amendment show framework A1 --format json
p amendment show framework A5 --format html | grep -E '<h[123]>|class="(line|redline)"'
echo "--- cited by a line the point does not have, or by the wrong text: refused, nothing recorded"
p amend framework@1 --as dmitriev --edit '21, line 12: Crimea -> Crimea, Kherson'
p amend framework@1 --as dmitriev --edit '21: Crimea -> Crimea, Kherson'
echo "--- the voting list"
p voting-list framework@1
p voting-list framework@1 --format md
p voting-list framework@1 --format json
p voting-list framework@1 --format csv
p voting-list framework@1 --format html | grep -E '<td class="A(1|6)">'
echo "--- the matrix"
p matrix framework@1
p matrix framework@1 --format csv
p matrix framework@1 --format json | head -n 12
p matrix framework@1 --format json | sed -n '/"notes"/,/}/p'
p matrix framework@1 --format html | grep -E '<li>|21</td>' | head -n 3
echo "--- red lines of whole texts: the European counter deletes 3 and 26 (Russia's keep) and rewrites 21"
p redlines framework@1 --proposal plan-eu-counter.md
echo "--- the plan itself, unchanged, keeps point 21 as worded: Ukraine's red line against it is crossed"
p redlines framework@1 --proposal plan-us-28.md
echo "--- the bracketed text"
p text framework@1 --brackets
p text framework@1 --brackets --format json
p text framework@1 --brackets --format text | head -n 8
p text framework@1 --brackets --format html | grep -E '<h2>|bracket">' | head -n 4
echo "--- accepting the counter-version's amendments: a dry run, then consensus"
PARLEY_CLOCK=2025-11-25T12:00:00Z p amendment accept framework A1 A2 A3 A4 --dry-run --as umerov
echo "--- a dry run of Russia's A8: it amends point 21, which Ukraine holds as redline, so crosses nothing"
p amendment accept framework A8 --dry-run --as dmitriev
echo "--- Russia first rejects A1 (a rejection, like an adoption, needs every party), then reverses"
PARLEY_CLOCK=2025-11-25T11:00:00Z p amendment reject framework A1 --as dmitriev
PARLEY_CLOCK=2025-11-25T12:00:00Z p amendment accept framework A1 A2 A3 A4 --as umerov
PARLEY_CLOCK=2025-11-25T12:01:00Z p amendment accept framework A1 A2 A3 A4 --as kallas
PARLEY_CLOCK=2025-11-25T12:02:00Z p amendment accept framework A1 A2 A3 A4 --as dmitriev
PARLEY_CLOCK=2025-11-25T12:03:00Z p amendment accept framework A1 A2 A3 A4 --as witkoff
p amendments framework
p progress framework
p matrix framework@2
p text framework@2 --brackets
p rebuild | sed 's/ (.*)//'
