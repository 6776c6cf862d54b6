# bash completion for parley. Commands and options are read from parley's
# own help ('parley --help', 'parley help COMMAND'), the one source they
# are documented in, so the completion never lists a command that is gone.

_parley_commands() {
  "$1" --help 2>/dev/null |
    awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

_parley_options() {
  "$1" help "$2" 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
  printf '%s\n' --db --wait --max-size --as --keys --key --format --help
}

_parley() {
  local program=${COMP_WORDS[0]} current=${COMP_WORDS[COMP_CWORD]}
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then
    mapfile -t COMPREPLY < <(compgen -W "$(_parley_commands "$program") help" -- "$current")
  elif [[ ${COMP_WORDS[1]} == help ]] && ((COMP_CWORD == 2)); then
    mapfile -t COMPREPLY < <(compgen -W "$(_parley_commands "$program")" -- "$current")
  elif [[ $current == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_parley_options "$program" "${COMP_WORDS[1]}")" -- "$current")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$current")
  fi
}

complete -o filenames -F _parley parley
