#!/bin/bash
# memstress scan against grep -E and ripgrep with the same set of start
# patterns, on two logs of SCAN_MB (default 512) MB made from ci/fixtures:
#   dense:  the captures back to back (96% of the lines are inside a report:
#           every one of them is parsed, whatever the prefilter);
#   sparse: a report every ~1000 ordinary lines (a server's kern.log: the
#           prefilter skips the lines between reports unparsed). The lines
#           between are the real boot and driver chatter of the negative
#           fixtures; not real-negative-warning-notices.log, whose lines are
#           near misses (sshd's, ld.so's, fbcon's "WARNING:" notices that the
#           prefilter must pass and the rules must turn down: 9 of its 22
#           lines): a test of the rules, not what a kern.log holds between
#           two reports; nor the sysctl listing, which is no kernel log.
# The scan without its prefilter (MEMSTRESS_NO_PREFILTER=1) is measured in the
# same run as a third baseline, and reading the file (cat FILE >/dev/null) as
# the physical limit. Targets: dense >= 1.5x grep -E, sparse >= 4x. And
# scan's peak RSS on a tenth of the log against the whole (memory must not
# grow).
. "$(dirname "$0")/lib.sh"
MB=${SCAN_MB:-512}
dense=$BENCH_TMP/scan-$MB.log sparse=$BENCH_TMP/scan-sparse-$MB.log small=$BENCH_TMP/scan-$((MB / 10)).log
# the oracle's start rules (rules_literals() in lib/oracle/rules.c), as one ERE
P='INFO: task |INFO: rcu_|rcu: INFO: |soft lockup|BUG: |kernel BUG at |WARNING: |\[ INFO: |Oops|general protection fault|Kernel panic - not syncing: |Out of memory|Memory cgroup out of memory: |Killed process |oom-kill:|oom_reaper: |Tasks in |FAULT_INJECTION: forcing a failure|XFS|EXT4-fs |Aborting journal on device|JBD2: |BTRFS|btrfs: |EXT3-fs |EXT2-fs |F2FS-fs |FAT-fs |SQUASHFS error|Unable to handle kernel |Watchdog detected hard LOCKUP|Internal error: |vmalloc: allocation failure|sysrq: Show Blocked State|SLUB: Unable to allocate memory| invoked oom-killer|: page allocation failure|: vmalloc error: |Linux version |#01'

make_log() { # SIZE_MB FILE UNIT (kept from the last run if made of the same unit)
	[ -s "$2" ] && [ "$(stat -c %s "$2")" -ge $(($1 << 20)) ] && cmp -s "$3" "$2.unit" && return
	cp "$3" "$2.unit"
	: > "$2"
	while [ "$(stat -c %s "$2")" -lt $(($1 << 20)) ]; do cat "$3" "$3" "$3" "$3" >> "$2"; done
}
unit=$BENCH_TMP/scan-unit.log sunit=$BENCH_TMP/scan-sparse-unit.log
cat "$TOP"/ci/fixtures/*.log > "$unit"
/usr/bin/python3 - "$TOP/ci/fixtures" "$sunit" <<'PY'
import glob, sys
fx = sorted(glob.glob(sys.argv[1] + "/*.log"))
filler = ("android-boot", "boot-fsck-corrupt", "boot-systemd", "vmap-chatter")
quiet = "".join(open(f).read() for f in fx if any("negative-" + n in f for n in filler)) * 40
with open(sys.argv[2], "w") as out:
    for f in fx:
        if "negative" not in f:
            out.write(quiet + open(f).read())
PY
make_log "$MB" "$dense" "$unit"
make_log "$MB" "$sparse" "$sunit"
make_log $((MB / 10)) "$small" "$unit"
cat "$dense" "$sparse" "$small" > /dev/null # in the page cache for all
# Each command in turn, ROUNDS times, keeping each one's best wall time: a
# slow spell of a shared machine then hits all of them, not one.
ROUNDS=${SCAN_ROUNDS:-5}
run() { # CMD... -> wall time
	# to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null
	local t0
	t0=$(now); "$@" >"$BENCH_TMP/scan.out" 2>&1; elapsed "$t0"
}
run_null() { # CMD... -> wall time, output to /dev/null (for cat: nothing written)
	local t0
	t0=$(now); "$@" >/dev/null 2>&1; elapsed "$t0"
}
low() { awk -v a="$1" -v c="$2" 'BEGIN { print (c < a) ? c : a }'; }
rg=$(command -v rg || true)
noprefilter() { MEMSTRESS_NO_PREFILTER=1 "$@"; }
engine="prefilter: vectorscan $("$MEMSTRESS" version | awk '/^vectorscan/ { print $2 }')"

for kind in dense sparse; do
	log=${!kind}
	size=$(stat -c %s "$log")
	ts=999 t1=999 tn=999 tt=999 tj=999 tg=999 tr=999 tc=999
	for _ in $(seq "$ROUNDS"); do
		tc=$(low "$tc" "$(run_null cat "$log")")
		ts=$(low "$ts" "$(run "$MEMSTRESS" scan -q "$log")")
		tg=$(low "$tg" "$(run grep -E -c "$P" "$log")")
		[ -z "$rg" ] || tr=$(low "$tr" "$(run "$rg" -c "$P" "$log")")
		t1=$(low "$t1" "$(run "$MEMSTRESS" scan -q -j1 "$log")")
		tn=$(low "$tn" "$(run noprefilter "$MEMSTRESS" scan -q "$log")")
		tt=$(low "$tt" "$(run "$MEMSTRESS" scan "$log")")
	done
	for _ in 1 2; do
		tj=$(low "$tj" "$(run "$MEMSTRESS" scan --json "$log")")
	done
	mbs() { calc "$size / 1048576 / $1" 0; }
	events=$("$MEMSTRESS" scan --json "$log" | grep -c '"kind":' || true)
	say "$kind log: $(calc "$size / 1048576" 0) MB, $events events ($engine)"
	say "memstress scan -q     $ts s  $(mbs "$ts") MB/s (events parsed, fields extracted; one thread per CPU: $(nproc))"
	say "memstress scan -q -j1 $t1 s  $(mbs "$t1") MB/s (one thread: $(calc "$tg / $t1")x grep)"
	say "  without prefilter   $tn s  $(mbs "$tn") MB/s (MEMSTRESS_NO_PREFILTER=1: every line parsed)"
	say "memstress scan        $tt s  $(mbs "$tt") MB/s (and every event printed as a line)"
	say "memstress scan --json $tj s  $(mbs "$tj") MB/s (and every event written as JSON)"
	say "grep -E -c            $tg s  $(mbs "$tg") MB/s (the same start patterns, lines counted)"
	say "cat                   $tc s  $(mbs "$tc") MB/s (reading the file: the physical limit)"
	if [ -n "$rg" ]; then
		say "rg -c                 $tr s  $(mbs "$tr") MB/s (ripgrep $("$rg" --version | awk 'NR == 1 { print $2 }'), the same patterns)"
		rr="; ${kind}: $(calc "$tr / $ts")x ripgrep"
	else
		rr="; ripgrep not installed (apt-get install ripgrep)"
	fi
	r=$(calc "$tg / $ts")
	target=1.5
	[ "$kind" = sparse ] && target=4.0
	summary "scan-throughput-$kind: scan -q $(mbs "$ts") MB/s vs grep -E $(mbs "$tg") MB/s; ratio ${r}x grep (target >= ${target}x): $(met "$r" ">=" "$target")$rr; prefilter $(calc "$tn / $ts")x; cat $(mbs "$tc") MB/s"
done
# with the same threads on both: the small log is under the 16 MB from which
# scan goes parallel by itself, and a second worker has buffers of its own
rss() { /usr/bin/time -f %M "$MEMSTRESS" scan -q "$@" 2>&1 >/dev/null | tail -1; }
r1=$(rss -j1 "$small") r2=$(rss -j1 "$dense") p1=$(rss -j2 "$small") p2=$(rss -j2 "$dense")
rr=$(calc "$r2 / $r1") pr=$(calc "$p2 / $p1")
worst=$(awk -v a="$rr" -v b="$pr" 'BEGIN { print (a > b) ? a : b }')
summary "scan-memory: peak RSS -j1 $((r1 / 1024)) MB on $((MB / 10)) MB, $((r2 / 1024)) MB on $MB MB (${rr}); -j2 $((p1 / 1024)) -> $((p2 / 1024)) MB (${pr}); for 10x the input (target <= 1.1, constant): $(met "$worst" "<=" 1.1)"
