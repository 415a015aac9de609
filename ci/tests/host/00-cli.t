#!/bin/bash
# The command line: every command's --help works (exit 0, usage on stdout)
# and its synopsis is the one README.md shows; usage errors exit 2 with a
# pointer to --help; unknown commands exit 2.
. "$(dirname "$0")/../lib.sh"

cmds="run check list scan kernel report cleanup help version"
plan $(( $(echo $cmds | wc -w) * 3 + 6 ))
for c in $cmds; do
	out=$("$MEMSTRESS" $c --help); rc=$?
	is "$rc" 0 "memstress $c --help exits 0"
	like "$out" "^usage: memstress $c" "memstress $c --help prints its usage"
	syn=$(printf '%s\n' "$out" | grep -E '^(usage: |       )memstress' | sed 's/^usage: //; s/^ *//')
	missing=$(printf '%s\n' "$syn" | while read -r l; do grep -qF -- "$l" "$TOP/README.md" || echo "$l"; done)
	is "$missing" "" "README.md shows the synopsis of memstress $c"
done
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
