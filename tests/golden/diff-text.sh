# Plain texts without plan structure, options, and errors.
printf 'The strength of the armed forces is capped at 600,000.\nNATO troops are not stationed.\n' > a.txt
printf 'In peacetime the strength of the armed forces is capped at 800,000.\nNATO  troops are NOT stationed.\n' > b.txt
p diff --files --text a.txt b.txt
p diff --files --text a.txt b.txt --ignore-case --ignore-space
p diff --files --text a.txt b.txt --format json
p diff --files --text a.txt b.txt --color always
printf 'caf\xe9\n' > bad.txt
p diff --files --text a.txt bad.txt
p diff --files --text a.txt
p diff --text a.txt b.txt
p diff --files a.txt b.txt
