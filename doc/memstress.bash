# SPDX-License-Identifier: GPL-2.0
# bash completion for memstress(1): commands, each command's options (read
# from its --help, so they never disagree), scenario names, files where a
# command takes files, and the values of a few options.

_memstress_commands="run check list scan kernel report compare bisect cleanup help version"

_memstress_options()
{
	# every --long and -s option of `memstress CMD --help`
	"$1" "$2" --help 2>/dev/null | grep -oE '(^|[ ,])--?[a-zA-Z][-a-zA-Z]*' | tr -d ' ,' | sort -u
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
		COMPREPLY=($(compgen -W "$_memstress_commands --help --version" -- "$cur"))
		return
	fi

	case $prev in
	--results | -r | --state-dir)
		_filedir -d
		return ;;
	--kernel | -k)
		COMPREPLY=($(compgen -W "auto" -- "$cur"))
		_filedir
		return ;;
	--config | -c)
		_filedir config
		return ;;
	--with | -w)
		COMPREPLY=($(compgen -W "lockdep kasan kmemleak" -- "$cur"))
		return ;;
	--format | -f)
		[[ $cmd == report ]] && COMPREPLY=($(compgen -W "text ktap junit kcidb json" -- "$cur"))
		return ;;
	--kind)
		COMPREPLY=($(compgen -W "oom alloc_failure fault_injected hang lockdep warning bug oops panic fs_error blocked_tasks" -- "$cur"))
		return ;;
	--scenario | -s)
		[[ $cmd == bisect ]] && COMPREPLY=($(compgen -W "$("$ms" list --names 2>/dev/null)" -- "$cur"))
		return ;;
	--threshold | -t)
		COMPREPLY=($(compgen -W "$("$ms" compare --metrics 2>/dev/null | awk 'NR > 1 { print $1 "=" }')" -- "$cur"))
		compopt -o nospace
		return ;;
	--set | -S | --run-id | --fingerprint | -F | --runs | -n | --jobs | -j | --baseline | -b | --save-baseline)
		return ;;
	esac

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
	report | compare)
		_filedir -d ;;
	kernel)
		[[ $cword -eq $((i + 1)) ]] && COMPREPLY=($(compgen -W "build path list" -- "$cur")) || _filedir ;;
	bisect)
		_filedir -d ;;
	help)
		COMPREPLY=($(compgen -W "$_memstress_commands" -- "$cur")) ;;
	esac
} &&
	complete -F _memstress memstress
