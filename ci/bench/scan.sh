#!/bin/bash
# memstress scan against grep -E with the same set of start patterns, on a
# log of SCAN_MB (default 512) MB made from the fixture captures; and scan's
# peak RSS on a tenth of the log against the whole (memory must not grow).
. "$(dirname "$0")/lib.sh"
MB=${SCAN_MB:-512}
log=$BENCH_TMP/scan-$MB.log small=$BENCH_TMP/scan-$((MB / 10)).log
# the oracle's start rules (lib/oracle/rules.c), as one ERE
P='INFO: task |INFO: rcu_|rcu: INFO: |soft lockup|BUG: |kernel BUG at |WARNING: |Oops|general protection fault|Kernel panic - not syncing: |Out of memory|Memory cgroup out of memory: |Killed process |oom-kill:|oom_reaper: |Tasks in |FAULT_INJECTION: forcing a failure|XFS \(|EXT4-fs |Aborting journal on device|JBD2: |sysrq: Show Blocked State|SLUB: Unable to allocate memory| invoked oom-killer:|: page allocation failure:|possible circular locking|possible recursive locking|inconsistent lock state|lock held at task exit|lock order detected'

make_log() { # SIZE_MB FILE
	[ -s "$2" ] && [ "$(stat -c %s "$2")" -ge $(($1 << 20)) ] && return
	cat "$TOP"/ci/fixtures/*.log > "$2.unit"
	: > "$2"
	while [ "$(stat -c %s "$2")" -lt $(($1 << 20)) ]; do cat "$2.unit" "$2.unit" "$2.unit" "$2.unit" >> "$2"; done
	rm -f "$2.unit"
}
make_log "$MB" "$log"
make_log $((MB / 10)) "$small"
cat "$log" "$small" > /dev/null # in the page cache for both
size=$(stat -c %s "$log")
# Each command in turn, ROUNDS times, keeping each one's best wall time: a
# slow spell of a shared machine then hits all of them, not one.
ROUNDS=${SCAN_ROUNDS:-5}
run() { # CMD... -> wall time
	# to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null
	local t0
	t0=$(now); "$@" >"$BENCH_TMP/scan.out" 2>&1; elapsed "$t0"
}
low() { awk -v a="$1" -v c="$2" 'BEGIN { print (c < a) ? c : a }'; }
ts=999 t1=999 tt=999 tj=999 tg=999
for _ in $(seq "$ROUNDS"); do
	ts=$(low "$ts" "$(run "$MEMSTRESS" scan -q "$log")")
	tg=$(low "$tg" "$(run grep -E -c "$P" "$log")")
	t1=$(low "$t1" "$(run "$MEMSTRESS" scan -q -j1 "$log")")
	tt=$(low "$tt" "$(run "$MEMSTRESS" scan "$log")")
done
for _ in 1 2; do
	tj=$(low "$tj" "$(run "$MEMSTRESS" scan --json "$log")")
done
mbs() { calc "$size / 1048576 / $1" 0; }
events=$("$MEMSTRESS" scan --json "$log" | grep -c '"kind":' || true)
say "log: $(calc "$size / 1048576" 0) MB from ci/fixtures, $events events"
say "memstress scan -q     $ts s  $(mbs "$ts") MB/s (events parsed, fields extracted; one thread per CPU: $(nproc))"
say "memstress scan -q -j1 $t1 s  $(mbs "$t1") MB/s (one thread: $(calc "$tg / $t1")x grep)"
say "memstress scan        $tt s  $(mbs "$tt") MB/s (and every event printed as a line)"
say "memstress scan --json $tj s  $(mbs "$tj") MB/s (and every event written as JSON)"
say "grep -E -c            $tg s  $(mbs "$tg") MB/s (the same start patterns, lines counted)"
r=$(calc "$tg / $ts")
summary "scan-throughput: scan -q $(mbs "$ts") MB/s vs grep -E $(mbs "$tg") MB/s; ratio ${r}x grep (target >= 1.0x): $(met "$r" ">=" 1.0)"
rss() { /usr/bin/time -f %M "$MEMSTRESS" scan -q "$1" 2>&1 >/dev/null | tail -1; }
r1=$(rss "$small") r2=$(rss "$log")
rr=$(calc "$r2 / $r1")
summary "scan-memory: peak RSS $((r1 / 1024)) MB on $((MB / 10)) MB, $((r2 / 1024)) MB on $MB MB; ratio ${rr} for 10x the input (target <= 1.1, constant): $(met "$rr" "<=" 1.1)"
