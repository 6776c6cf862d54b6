# Further devices (issue 13): 'delegate invite' gives a one-time code, the
# device enrolls its own key with it; every bad input is one clear line,
# exit 1 or 2, and the database unchanged.
. "$(dirname "$0")/lib.sh" "$@"

export PARLEY_KEYS="$WORK/keys" PARLEY_AS=witkoff
P() { "$PARLEY" "$@" >/dev/null || bad "setup: parley $* failed"; }

P init --convenor witkoff --party US --party-name "United States"
P party add RU Russia
P delegate add dmitriev --party RU --role lead --make-key
"$PARLEY" keygen witkoff --out "$WORK/laptop.key" >/dev/null || bad "keygen failed"
"$PARLEY" keygen witkoff --out "$WORK/phone.key" >/dev/null || bad "keygen failed"

out=$("$PARLEY" delegate invite witkoff --expires 2h) || bad "invite failed"
code=$(printf '%s\n' "$out" | tail -1)
[[ "$code" =~ ^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$ ]] && ok || bad "not a code: $code"
printf '%s\n' "$out" | head -1 | grep -Eq '^enrolment code for a device of witkoff \(good once, until [0-9T:-]+Z\):$' \
  && ok || bad "invite says: $out"
# The code is nowhere in the database.
db_dump | grep -q "${code:0:9}" && bad "the code is in the database" || ok

# Bad input.
expect_error 2 "^parley: delegate: --expires is a duration up to a week: 90s, 45m, 24h, 7d" -- delegate invite witkoff --expires 8d
expect_error 2 "^parley: delegate: --expires is a duration up to a week: 90s, 45m, 24h, 7d" -- delegate invite witkoff --expires soon
expect_error 1 "^parley: no delegate named 'nobody'$" -- delegate invite nobody
expect_error 1 "^parley: not allowed: only witkoff or a lead delegate of US invites a device of witkoff$" \
  -- delegate invite witkoff --as dmitriev
expect_error 2 "^parley: delegate: enrol needs NAME, --code CODE and --key FILE" -- delegate enrol witkoff --code "$code"
expect_error 1 "^parley: that is not an enrolment code \(32 letters and digits, in groups of four\)$" \
  -- delegate enrol witkoff --code 1234-5678 --key "$WORK/laptop.key"
wrong="${code:0:38}$([ "${code:38:1}" = 7 ] && echo 8 || echo 7)"
expect_error 1 "^parley: not allowed: no invitation of witkoff has that code$" \
  -- delegate enrol witkoff --code "$wrong" --key "$WORK/laptop.key"
expect_error 1 "^parley: not allowed: no invitation of dmitriev has that code$" \
  -- delegate enrol dmitriev --code "$code" --key "$WORK/laptop.key"

# The device enrolls, typed in lower case; the code is good once.
lower=$(printf '%s' "$code" | tr 'A-Z-' 'a-z ')
"$PARLEY" delegate enrol witkoff --code "$lower" --key "$WORK/laptop.key" | grep -Eq '^enrolled key [0-9a-f]{16}\.\.\. of witkoff with its code$' \
  && ok || bad "enrol failed"
expect_error 1 "^parley: not allowed: that enrolment code was used already$" \
  -- delegate enrol witkoff --code "$code" --key "$WORK/phone.key"
[ "$("$PARLEY" delegate keys witkoff | grep -c current)" = 2 ] && ok || bad "witkoff does not hold two keys"
# The new device signs as witkoff.
"$PARLEY" statement add "Talks continue." --date 2025-11-20 --level record --key "$WORK/laptop.key" >/dev/null \
  && ok || bad "the enrolled device cannot sign"
"$PARLEY" verify >/dev/null && ok || bad "the record does not verify"
"$PARLEY" timeline | grep -q 'a key of witkoff enrolled with its code' && ok || bad "the timeline lacks the enrolment"
finish
