# 'parley help CMD' is 'parley CMD --help'; a mistyped command or option is
# answered with the nearest known one, only when it is close.
p help diff
p help
p help shwo
p shwo
p sohw
p imprt
p x
p zzzzzzzz
p show --formt json
p show --fromat json
p show --format
p diff --files --txt a.md b.md
p docs --qqqqqq
