# SPDX-License-Identifier: GPL-2.0
# bash completion for memstress(1). Everything comes from memstress itself,
# so it cannot drift: each command's options and which of them take a value
# (and what value: the METAVAR) from `memstress CMD --help`, scenario names
# from `list --names`, the --set keys from `list --keys`, metrics from
# `compare --metrics`, event kinds from `scan --help`.

# the commands: the list `memstress help` prints from the command table
_memstress_commands()
{
	"$1" help 2>/dev/null | awk '/^   [a-z]/ { print $1 }'
}

# every --long and -s option of `memstress CMD --help`
_memstress_options()
{
	"$1" "$2" --help 2>/dev/null | grep -oE '(^|[ ,])--?[a-zA-Z][-a-zA-Z]*' | tr -d ' ,' | sort -u
}

# "LONG METAVAR" for the option OPT of `memstress CMD --help` ("LONG" alone
# when it takes no value, nothing when CMD has no such option)
_memstress_option_arg()
{
	"$1" "$2" --help 2>/dev/null | awk -v opt="$3" '
		/^  +-/ {
			short = ""; long = ""; meta = ""
			n = split($0, w, /[ ,]+/)
			for (i = 1; i <= n; i++) {
				if (w[i] ~ /^--[a-zA-Z]/) { long = w[i]; if (i < n && w[i + 1] ~ /^[A-Z]/) meta = w[i + 1]; break }
				if (w[i] ~ /^-[a-zA-Z]$/) short = w[i]
			}
			if (opt == long || opt == short) { print long, meta; exit }
		}'
}

# SECTION.KEY= for --set, from the scenario format
_memstress_set_keys()
{
	"$1" list --keys 2>/dev/null | awk '
		/^\[/ { s = $1; gsub(/[\[\]:]/, "", s); sub(/\.NAME$/, ".NAME", s); next }
		/^  [a-z]/ && s != "" && $1 != "key" { print s "." $1 "=" }' | sort -u
}

_memstress()
{
	local cur prev words cword
	_init_completion -n = || return

	local ms=${words[0]} cmd= i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(_memstress_commands "$ms") --help --version" -- "$cur"))
		return
	fi

	# the previous word is an option of this command that takes a value:
	# complete the value by its long name and its METAVAR
	if [[ $prev == -* ]]; then
		local arg long meta
		arg=$(_memstress_option_arg "$ms" "$cmd" "$prev")
		read -r long meta <<<"$arg"
		if [[ -n $meta ]]; then
			case $long in
			--results | --state-dir)
				_filedir -d ;;
			--kernel)
				COMPREPLY=($(compgen -W "auto" -- "$cur"))
				_filedir ;;
			--config)
				_filedir ;;
			--with)
				COMPREPLY=($(compgen -W "lockdep kasan kmemleak" -- "$cur")) ;;
			--format)
				COMPREPLY=($(compgen -W "text ktap junit kcidb json upstream lava" -- "$cur")) ;;
			--kind)
				local kinds
				kinds=$("$ms" scan --help 2>/dev/null | awk '
					/--kind/ { on = 1; sub(/.*\(comma-separated\):/, ""); print; next }
					on && /^ +-/ { exit }
					on { print }' | grep -oE '[a-z_]+')
				local done=
				[[ $cur == *,* ]] && done=${cur%,*},
				COMPREPLY=($(compgen -P "$done" -W "$kinds" -- "${cur##*,}")) ;;
			--scenario)
				COMPREPLY=($(compgen -W "$("$ms" list --names 2>/dev/null)" -- "$cur"))
				_filedir ini ;;
			--threshold)
				COMPREPLY=($(compgen -W "$("$ms" compare --metrics 2>/dev/null | awk 'NR > 1 { print $1 "=" }')" -- "$cur"))
				compopt -o nospace ;;
			--set)
				COMPREPLY=($(compgen -W "$(_memstress_set_keys "$ms")" -- "$cur"))
				compopt -o nospace ;;
			esac
			return
		fi
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_memstress_options "$ms" "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	run | check)
		COMPREPLY=($(compgen -W "$("$ms" list --names 2>/dev/null)" -- "$cur"))
		_filedir ini ;;
	scan)
		_filedir ;;
	report | compare | repro)
		_filedir -d ;;
	kernel)
		[[ $cword -eq $((i + 1)) ]] && COMPREPLY=($(compgen -W "build path list" -- "$cur")) || _filedir ;;
	bisect)
		_filedir -d ;;
	help)
		COMPREPLY=($(compgen -W "$(_memstress_commands "$ms")" -- "$cur")) ;;
	esac
} &&
	complete -F _memstress memstress
