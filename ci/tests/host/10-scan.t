#!/bin/bash
# memstress scan as a command: exit 1 on failure-class events, 0 on a clean
# log, --kind filters, --json is valid JSON, standard input works.
. "$(dirname "$0")/../lib.sh"

F=$TOP/ci/fixtures
plan 8
"$MEMSTRESS" scan -q "$F/host-6.18-memcg-oom-v1.log"; is "$?" 0 "OOM kills alone are not failures: exit 0"
"$MEMSTRESS" scan -q "$F/host-6.18-hung-task-fsfreeze-xfs.log"; is "$?" 1 "hung tasks are: exit 1"
n=$("$MEMSTRESS" scan --json --kind hang "$F/synth-6.19-warning-lockups.log" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
is "$n" 4 "--kind hang keeps the four hangs"
kinds=$("$MEMSTRESS" scan --json --kind warning,panic "$F/synth-6.19-warning-lockups.log" | python3 -c 'import json,sys; print(" ".join(sorted({e["kind"] for e in json.load(sys.stdin)})))')
is "$kinds" "panic warning" "--kind takes a list"
n=$("$MEMSTRESS" scan --json < "$F/synth-4.14-global-oom.log" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
is "$n" 3 "reads standard input"
"$MEMSTRESS" scan --kind nonsense "$F/synth-4.14-global-oom.log" 2>/dev/null; is "$?" 2 "an unknown kind is a usage error"
"$MEMSTRESS" scan /nonexistent 2>/dev/null; is "$?" 3 "an unreadable file exits 3"
printf '\x00\x01garbage\xff\n%.0s' $(seq 1000) | "$MEMSTRESS" scan -q; is "$?" 0 "binary garbage is read without complaint"
done_testing
