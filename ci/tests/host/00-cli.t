#!/bin/bash
# The command line: every command's --help works (exit 0, usage on stdout)
# and its synopsis is the one README.md shows; usage errors exit 2 with a
# pointer to --help; unknown commands exit 2.
. "$(dirname "$0")/../lib.sh"

# the commands as `memstress help` lists them from the command table (cmd/commands.c)
cmds=$("$MEMSTRESS" help | awk '/^   [a-z]/ { print $1 }')
plan $(( $(echo $cmds | wc -w) * 4 + 9 ))
like "$(echo $cmds)" "^run check list scan kernel report compare bisect repro cleanup help version$" "memstress help lists the commands of the table"
for c in $cmds; do
	out=$("$MEMSTRESS" $c --help); rc=$?
	is "$rc" 0 "memstress $c --help exits 0"
	like "$out" "^usage: memstress $c" "memstress $c --help prints its usage"
	is "$("$MEMSTRESS" help $c 2>&1)" "$out" "memstress help $c is memstress $c --help"
	syn=$(printf '%s\n' "$out" | grep -E '^(usage: |       )memstress' | sed 's/^usage: //; s/^ *//')
	missing=$(printf '%s\n' "$syn" | while read -r l; do grep -qF -- "$l" "$TOP/README.md" || echo "$l"; done)
	is "$missing" "" "README.md shows the synopsis of memstress $c"
done
# and README's synopsis has no command the table lacks
readme=$(sed -n '/^## Commands/,/^- \*\*/p' "$TOP/README.md" | awk '/^memstress [a-z]/ { print $2 }' | sort -u | tr '\n' ' ')
is "$readme" "$(printf '%s\n' $cmds | sort -u | tr '\n' ' ')" "README.md's synopsis names exactly the table's commands"
"$MEMSTRESS" help __fstx 2>/dev/null; is "$?" 2 "help of an internal command is a usage error"
"$MEMSTRESS" frobnicate 2>"$TMP/err"; rc=$?
is "$rc" 2 "an unknown command exits 2"
like "$(cat "$TMP/err")" "'frobnicate' is not a memstress command" "and says so"
"$MEMSTRESS" run --no-such-option 2>"$TMP/err"; rc=$?
is "$rc" 2 "an unknown option exits 2"
like "$(cat "$TMP/err")" "Try 'memstress run --help'" "and points to --help"
"$MEMSTRESS" run --set nodot 2>"$TMP/err"; rc=$?
is "$rc" 2 "a malformed --set exits 2"
like "$("$MEMSTRESS" version)" "^memstress [0-9]+\.[0-9]+" "version prints the version"
done_testing
