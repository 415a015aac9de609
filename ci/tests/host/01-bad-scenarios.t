#!/bin/bash
# Bad input: every malformed scenario of ci/tests/scenarios/bad gives its one
# FILE:LINE error and exit 2 from both `check` and `run`, and `run` creates
# nothing: no run directory, no cgroup, no journal.
. "$(dirname "$0")/../lib.sh"
need_root

files=$(ls "$TOP"/ci/tests/scenarios/bad/*.ini)
plan $(( $(echo $files | wc -w) * 4 + 1 ))
for f in $files; do
	want="$f:$(head -1 "$f" | sed 's/^; error: //')"
	"$MEMSTRESS" check "$f" >/dev/null 2>"$TMP/err"; rc=$?
	is "$rc" 2 "check $(basename "$f") exits 2"
	"$MEMSTRESS" run --results "$RESULTS" "$f" >/dev/null 2>"$TMP/err"; rc=$?
	is "$rc" 2 "run $(basename "$f") exits 2"
	is "$(cat "$TMP/err")" "memstress: $want" "run $(basename "$f") names the file, line and key"
	ok "$([ ! -e "$RESULTS" ] && echo 0 || echo 1)" "run $(basename "$f") leaves no run directory"
done
is "$(leftovers)" "" "nothing left on the system"
done_testing
