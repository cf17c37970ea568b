# SPDX-License-Identifier: GPL-2.0-only
# Bash completion for whichalloc.
#
# Install as $PREFIX/share/bash-completion/completions/whichalloc (make install does), or
# source it from ~/.bashrc. The commands (from --help) and each command's options (from its
# option table: 'whichalloc CMD --list-options') are read from the binary, so they are always
# the ones it takes; rule names come from the rules directory and subsystem names from the
# database.

# The commands, from 'whichalloc --help'.
_whichalloc_commands()
{
	"$1" --help 2>/dev/null | sed -n 's/^   \([a-z][a-z-]*\)  *[^ ].*$/\1/p'
}

# The options of command $2: its option table, one option a line (with the name of its
# argument after a blank, when it takes one).
_whichalloc_options()
{
	"$1" "$2" --list-options 2>/dev/null | cut -d ' ' -f 1
}

# The values --format takes for command $2 ("--format a|b|c" in its synopsis).
_whichalloc_formats()
{
	"$1" "$2" --help 2>/dev/null | sed -n 's/.*--format \([a-z|]*\).*/\1/p' | head -n 1 |
		tr '|' ' '
}

# The rules directory as the binary finds it: --cocci-dir, $WHICHALLOC_COCCI, else
# ../cocci or ../share/whichalloc/cocci next to the executable.
_whichalloc_cocci_dir()
{
	local exe dir i
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		if [[ ${COMP_WORDS[i]} == --cocci-dir ]]; then
			printf '%s\n' "${COMP_WORDS[i + 1]/#\~/$HOME}"
			return
		fi
	done
	if [[ -n ${WHICHALLOC_COCCI-} ]]; then
		printf '%s\n' "$WHICHALLOC_COCCI"
		return
	fi
	exe=$(type -P -- "$1" 2>/dev/null) || return
	exe=$(readlink -f -- "$exe") || return
	for dir in "${exe%/*}/../cocci" "${exe%/*}/../share/whichalloc/cocci"; do
		if [[ -d $dir ]]; then
			printf '%s\n' "$dir"
			return
		fi
	done
}

_whichalloc_rules()
{
	local dir f
	dir=$(_whichalloc_cocci_dir "$1")
	[[ -n $dir && -d $dir ]] || return
	for f in "$dir"/*.cocci; do
		[[ -e $f ]] || continue
		f=${f##*/}
		printf '%s\n' "${f%.cocci}"
	done
}

# The subsystems the database knows (names with blanks come back quoted).
_whichalloc_subsystems()
{
	local db=() i s
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		[[ ${COMP_WORDS[i]} == --db ]] && db=(--db "${COMP_WORDS[i + 1]/#\~/$HOME}")
	done
	"$1" subsystems "${db[@]}" --all --format tsv 2>/dev/null | tail -n +2 | cut -f 1 |
		while IFS= read -r s; do
			[[ -n $s && $s == "$2"* ]] && printf '%q\n' "$s"
		done
}

_whichalloc()
{
	local exe=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=""
	local cmd="" i w opts
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	type -P -- "$exe" >/dev/null 2>&1 || exe=whichalloc

	# --color=WHEN, whether or not '=' breaks words.
	if [[ $cur == --color=* ]]; then
		mapfile -t COMPREPLY < <(compgen -P --color= -W "auto always never" -- \
					 "${cur#--color=}")
		return
	fi
	if [[ $prev == = && ${COMP_WORDS[COMP_CWORD - 2]} == --color ]]; then
		mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
		return
	fi

	# The command: the first word that is not a global option.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--color | --no-color | --color=* | = | auto | always | never) continue ;;
		-*) ;;
		*)
			cmd=$w
			break
			;;
		esac
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "--help --version --color --color= \
				--no-color" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$(_whichalloc_commands "$exe") help" \
						 -- "$cur")
		fi
		return
	fi
	if [[ $cmd == help ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_whichalloc_commands "$exe")" -- "$cur")
		return
	fi

	case $prev in
	--db | --import | --export | --changes | --python)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--out)
		compopt -o filenames 2>/dev/null
		if [[ $cmd == export ]]; then
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		fi
		return
		;;
	--kernel | --cocci-dir | --dir)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W "$(_whichalloc_formats "$exe" "$cmd")" -- "$cur")
		return
		;;
	--verdict)
		mapfile -t COMPREPLY < <(compgen -W "replace keep review" -- "$cur")
		return
		;;
	--status)
		mapfile -t COMPREPLY < <(compgen -W "new accepted rejected fixed" -- "$cur")
		return
		;;
	--state)
		mapfile -t COMPREPLY < <(compgen -W "open gone" -- "$cur")
		return
		;;
	--reject)
		mapfile -t COMPREPLY < <(compgen -W "false-positive intentional not-worth-it" \
					 -- "$cur")
		return
		;;
	--rule)
		mapfile -t COMPREPLY < <(compgen -W "$(_whichalloc_rules "$exe")" -- "$cur")
		return
		;;
	--rules)
		# A comma-separated list: complete its last name.
		local done_part=""
		[[ $cur == *,* ]] && done_part=${cur%,*},
		mapfile -t COMPREPLY < <(compgen -P "$done_part" -W "$(_whichalloc_rules "$exe")" \
					 -- "${cur##*,}")
		[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
		return
		;;
	--subsys)
		mapfile -t COMPREPLY < <(_whichalloc_subsystems "$exe" "$cur")
		return
		;;
	# Values the user types: numbers, names, text.
	--run | --jobs | --timeout | --max | --cool-down | --note | --reviewer | --from | \
	--signature | --file | --mark | --reroll-count | -v | --to | --cc | --prefix | \
	--subject-prefix | --rev | --shard)
		return
		;;
	esac

	if [[ $cur == -* || -z $cur ]]; then
		opts="--help $(_whichalloc_options "$exe" "$cmd")"
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	fi
}

complete -F _whichalloc whichalloc
