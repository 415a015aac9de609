#!/bin/bash
# memstress scan as a command: exit 1 on failure-class events, 0 on a clean
# log, --kind filters, --json is valid JSON, standard input works; a log big
# enough to be scanned in parallel gives, with any number of threads, exactly
# what one thread reading it as a stream gives. The same logs behind the
# prefixes other tools write (dmesg -T, OpenWrt's logread, RFC 3339 syslog,
# journalctl -k's short-monotonic, syslogd's wall, a shell prompt) give the
# same events, field for field.
. "$(dirname "$0")/../lib.sh"

F=$TOP/ci/fixtures
plan 21
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

# 20 MB (over the 16 MB from which scan goes parallel by itself): the fixtures
# one after another, so chunks are cut inside reports of every kind
big=$TMP/big.log
for _ in $(seq 90); do cat "$F"/*.log; done > "$big"
one=$(wc -l < "$big")
units=$(cat "$F"/*.log | "$MEMSTRESS" scan --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
want=$("$MEMSTRESS" scan --json < "$big" | md5sum)
n=$("$MEMSTRESS" scan --json < "$big" | python3 -c 'import json,sys; e=json.load(sys.stdin); print(len(e), max(x["lines"][1] for x in e) <= '"$one"')')
is "$n" "$((units * 90)) True" "a stream of 90 copies of the fixtures: 90 times their events, within its $one lines"
for j in "" -j2 -j5; do
	is "$("$MEMSTRESS" scan --json $j "$big" | md5sum)" "$want" "scan --json ${j:-(a thread per CPU)} of the file: the stream's output, byte for byte"
done
events() { "$MEMSTRESS" scan --json "$1" | python3 -c 'import json,sys; print(json.dumps([(e["kind"], e["title"], e["fields"]) for e in json.load(sys.stdin)], sort_keys=True))'; }
for f in host-6.18-hung-task-fsfreeze-xfs host-6.18-memcg-oom-v1; do
	want=$(events "$F/$f.log") bad=
	while IFS='|' read -r name expr; do
		sed -E "$expr" "$F/$f.log" >"$TMP/p.log"
		[ "$(events "$TMP/p.log")" = "$want" ] || bad="$bad $name"
	done <<'SED'
dmesg -T|s/^\[ *[0-9.]+\] /[Thu Dec  7 00:05:15 2017] /
logread|s/^/Tue Feb  1 19:02:25 2022 kern.warn kernel: /
rfc3339|s/^/2016-03-26T20:52:22.526357+00:00 myhost kernel: /
journal short-monotonic|s/^(\[ *[0-9.]+\]) /\1 myhost kernel: /
wall|s/^/ kernel:/
prompt|s/^/\/ # /
SED
	is "$bad" "" "$f: $(echo "$want" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') events, the same behind every prefix"
done
# the prefilter (Vectorscan): built in where ci/setup installs it, and the
# same events with it as without it, on the dense stream and on a sparse log
# (a report every ~1000 lines, the prefilter skipping the rest), every -j
v=$("$MEMSTRESS" version | awk '/^vectorscan/ { print $2 }')
if [ "${MEMSTRESS_TEST_REQUIRE:-0}" = 1 ] || [[ "$v" =~ ^[0-9] ]]; then
	like "$v" '^[0-9]+\.' "the scan's prefilter is built in: vectorscan $v"
else
	_n=$((_n + 1)); echo "ok $_n # SKIP vectorscan not built in (apt-get install libvectorscan-dev, or ci/setup)"
fi
quiet=$(cat "$F"/real-negative-*.log)
for f in "$F"/*.log; do for _ in $(seq 40); do printf '%s\n' "$quiet"; done; cat "$f"; done > "$TMP/sparse.log"
for _ in $(seq 3); do cat "$TMP/sparse.log"; done > "$TMP/sparse3.log"
bad=
for f in "$big" "$TMP/sparse3.log"; do for j in -j1 -j2 -j5; do
	[ "$("$MEMSTRESS" scan --json $j "$f" | md5sum)" = "$(MEMSTRESS_NO_PREFILTER=1 "$MEMSTRESS" scan --json $j "$f" | md5sum)" ] || bad="$bad $(basename "$f")$j"
done; done
is "$bad" "" "the prefilter changes nothing: the dense stream and a sparse log, -j1, -j2, -j5, byte for byte"
each=0
for f in "$F"/*.log; do each=$((each + $("$MEMSTRESS" scan --json "$f" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'))); done
n=$("$MEMSTRESS" scan --json "$TMP/sparse3.log" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
is "$n" "$((each * 3))" "the sparse log: each fixture's events, three times"

# events in log order, by their first line, whatever order their reports
# end in (an OOM kill waits for its reaper line; a BUG inside an open warning):
# every fixture, and the dense stream read in parallel
bad=
for f in "$F"/*.log "$big"; do
	"$MEMSTRESS" scan --json -j2 "$f" | python3 -c 'import json,sys; l=[e["lines"][0] for e in json.load(sys.stdin)]; sys.exit(l != sorted(l))' || bad="$bad $(basename "$f")"
done
is "$bad" "" "scan --json: events in the order of their first lines, in every fixture and the stream in parallel"

# scan --explain: which recogniser, which rule, and the event of one line
x=$("$MEMSTRESS" scan --explain 'Jan 15 18:51:07 4GB kernel: [435222.428754] Unable to handle kernel NULL pointer dereference at virtual address 00000100')
like "$x" 'prefix: +syslog \(RFC 3164' "--explain names the syslog recogniser"
like "$x" 'rule: +starts a report: "Unable to handle kernel "' "--explain names the ARM oops rule, and the message after the prefix"
x=$("$MEMSTRESS" scan --explain ' [<ffffffff811ee00e>] sleep_on_buffer+0xe/0x20' | tr '\n' ' ')
like "$x" 'rule: +none; a call-trace frame \(sleep_on_buffer\)' "--explain of a frame line: no rule, the frame's function"
done_testing
