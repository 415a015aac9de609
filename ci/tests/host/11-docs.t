#!/bin/bash
# The man page and the completion agree with the program: every option of
# every command's --help and every scenario key is in memstress(1), the page
# renders without warnings, the completion offers what --help lists, and
# `make install` puts the binary, scenarios, man page and completion in place.
. "$(dirname "$0")/../lib.sh"
MAN=$TOP/doc/memstress.1
COMP=$TOP/doc/memstress.bash
cmds=$("$MEMSTRESS" help | awk '/^   [a-z]/ { print $1 }')
plan 19

missing=
for c in $cmds; do
	grep -q "^\.SS memstress $c" "$MAN" || missing="$missing $c(section)"
	for o in $("$MEMSTRESS" "$c" --help | grep -oE '(^|[ ,])--[a-z][-a-z]*' | tr -d ' ,' | sort -u); do
		grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" "$MAN" || missing="$missing $c:$o"
	done
done
is "$missing" "" "every command has a section and every --help option is in memstress(1)"
is "$(echo $cmds)" "run check list scan kernel report compare bisect repro cleanup help version" "(the commands memstress help lists)"

keys=$("$MEMSTRESS" list --keys | awk '/^  [a-z]/ { print $1 }' | sort -u)
missing=
for k in $keys; do
	grep -qE "^\.B[R]? .*$(printf '%s' "$k" | sed 's/-/\\\\-/g; s/\./\\./g')" "$MAN" || missing="$missing $k"
done
is "$missing" "" "every scenario key of list --keys is in memstress(1) ($(echo $keys | wc -w) keys)"

# the checks: one table (lib/runner/checks/, a file per family) that list --checks prints;
# results/README.md's list and result.schema.json's names are the same ones
out=$("$MEMSTRESS" list --checks | TOP=$TOP /usr/bin/python3 -c '
import json, os, re, sys
top = os.environ["TOP"]
listed = {l.split()[0] for l in sys.stdin if re.match(r"  [a-z]", l)}
doc = open(top + "/results/README.md").read().split("### Checks")[1].split("### ")[0]
readme = {n for row in re.findall(r"^\| ([^|]+) \|", doc, re.M) for n in re.findall(r"`([a-z][a-z0-9_.A-Z]*)`", row)}
name = json.load(open(top + "/results/result.schema.json"))["$defs"]["check"]["properties"]["name"]
enum, pattern = name["anyOf"][0]["enum"], name["anyOf"][1]["pattern"]
schema = set(enum) | {f.replace("\\.", ".") + ".NAME" for f in re.match(r"\^\((.*)\)", pattern).group(1).split("|")}
for what, s in (("README.md", readme), ("result.schema.json", schema)):
    for n in sorted(listed - s): print("not in %s: %s" % (what, n))
    for n in sorted(s - listed): print("in %s, not in list --checks: %s" % (what, n))
print("checks", len(listed))
')
is "$(printf '%s\n' "$out" | grep -v '^checks ')" "" "list --checks, results/README.md and result.schema.json name the same checks ($(printf '%s\n' "$out" | awk '/^checks / { print $2 }'))"
expect=$("$MEMSTRESS" list --keys | awk '/^\[/ { on = /^\[expect\]/ } on && /^  [a-z]/ { print $1 }')
missing=
for k in $("$MEMSTRESS" list --checks | awk '$1 == "[expect]" { $1 = ""; print }'); do
	printf '%s\n' "$expect" | grep -qx "$k" || missing="$missing $k"
done
is "$missing" "" "each [expect] key list --checks names is one of [expect]'s ($(echo $expect | wc -w))"
# the checks memstress(1) names (in the [expect] keys' text) are checks of list --checks
checks=$("$MEMSTRESS" list --checks | awk '/^  [a-z]/ { sub(/NAME$/, "", $1); print $1 }')
missing=
for n in $(grep -oE '\b(oom|memcg|hang|kernel|fs|fault|alloc|tasks|workloads|vm|harness|run)\.[a-z_]+' "$MAN" | grep -v '^fault\.fail' | sort -u); do
	printf '%s\n' "$checks" | grep -qxF "$n" || printf '%s\n' "$checks" | grep -qxF "$n." || missing="$missing $n"
done
is "$missing" "" "each check memstress(1) names is one of list --checks' ($(grep -oE '\b(oom|memcg|hang|kernel|fs|fault|alloc|tasks|workloads|vm|harness|run)\.[a-z_]+' "$MAN" | grep -vc '^fault\.fail') mentions)"

missing=
status=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH ENVIRONMENT/p' "$MAN")
for code in 0 1 2 3 4; do printf '%s\n' "$status" | grep -qx "\.B $code" || missing="$missing exit:$code"; done
for code in 125 128; do printf '%s\n' "$status" | grep -qw "$code" || missing="$missing bisect:$code"; done
is "$missing" "" "every exit code is in EXIT STATUS"

warn=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
is "$warn" "" "memstress(1) renders without warnings"

# completion, driven as bash would
comp() {
	bash -c '. /usr/share/bash-completion/bash_completion; . "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_memstress 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$COMP" "$@"
}
export PATH=$TOP:$PATH
is "$(comp memstress "")" "$(printf '%s\n' $cmds --help --version | sort | tr '\n' ' ')" "completion offers the commands"
is "$(comp memstress run --)" "$("$MEMSTRESS" run --help | grep -oE '(^|[ ,])--[a-z][-a-z]*' | tr -d ' ,' | sort -u | tr '\n' ' ')" \
	"completion offers run's options"
like "$(comp memstress run memcg-)" "memcg-victim-size" "completion offers scenario names"
# an option's value by what the command's --help says the option is
like "$(comp memstress scan -k "")" "^alloc_failure .*lockdep .*warning $" "scan -k is --kind: the event kinds"
is "$(comp memstress scan --kind oom,l)" "oom,lockdep " "--kind completes after a comma"
is "$(comp memstress compare -j --b)" "--baseline " "compare -j is --json (no value): the next option completes"
is "$(comp memstress kernel -f --wi)" "--with " "kernel -f is --force (no value)"
is "$(comp memstress report -f "")" "json junit kcidb ktap lava text upstream " "report -f is --format: the views"
is "$(comp memstress run --set cgroup.memory.ma)" "cgroup.memory.max= " "--set completes SECTION.KEY= from list --keys"
like "$(comp memstress bisect -S expect.oom_vi)" "expect.oom_victim=" "and so does bisect -S"

make -s -C "$TOP" install DESTDIR="$TMP/dest" >/dev/null 2>&1
inst=$(cd "$TMP/dest" && find . -type f | sort | grep -E 'bin/memstress$|man1/memstress.1$|completions/memstress$|workloads/default.ini$' | tr '\n' ' ')
is "$inst" "./usr/local/bin/memstress ./usr/local/share/bash-completion/completions/memstress ./usr/local/share/man/man1/memstress.1 ./usr/local/share/memstress/workloads/default.ini " \
	"make install DESTDIR= installs the binary, man page, completion and scenarios"
done_testing
