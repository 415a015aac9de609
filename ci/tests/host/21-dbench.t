#!/bin/bash
# The dbench engine (Debian's dbench: a file server's load replayed by many
# clients) on a real ext4 in a memory cgroup. The built-in ext4-dbench
# scenario passes; dbench ran to its own time limit inside the scenario's
# cgroup; its summary is in result.json (throughput, every operation of the
# load counted, flushes included since fsync = yes); the cgroup's limit held;
# and nothing is left behind. Then the engine's keys reach dbench's command
# line, and a scenario naming dbench is skipped, saying why, where dbench is
# not installed.
. "$(dirname "$0")/../lib.sh"
need_root
command -v dbench >/dev/null || skip_all "dbench is not installed (ci/setup installs it)"

plan 12
mrun --set scenario.duration=20s ext4-dbench
is_rc 0 "ext4-dbench passes"
d=$(last_run)
w='[w for w in r["workloads"] if w["engine"]=="dbench"][0]'
is "$(json "$d/result.json" "$w[\"exit\"]")" "exited 0" "dbench ended on its own time limit, exit 0"
is "$(json "$d/result.json" "$w[\"dbench\"][\"completed\"]")" True "dbench printed its summary"
tp=$(json "$d/result.json" "$w[\"dbench\"][\"throughput_mb_s\"]")
ok "$(python3 -c "print(0 if $tp > 0 else 1)")" "its throughput is in result.json ($tp MB/s)"
is "$(json "$d/result.json" "$w[\"dbench\"][\"clients\"]")" 8 "with the scenario's 8 clients"
n=$(json "$d/result.json" "$w[\"processes_seen\"]")
ok "$([ "$n" -ge 9 ] && echo 0 || echo 1)" "its 8 clients and their parent ran in the workload's cgroup ($n processes seen)"
ops=$(json "$d/result.json" "' '.join(sorted(k for k,v in $w[\"dbench\"][\"operations\"].items() if v[\"count\"]>0))")
for op in NTCreateX WriteX ReadX Rename Unlink Flush; do
	case " $ops " in *" $op "*) ;; *) ops="$ops (no $op)" ;; esac
done
ok "$(case "$ops" in *"(no "*) echo 1 ;; *) echo 0 ;; esac)" "every kind of operation of the load ran and was counted: $ops"
is "$(json "$d/result.json" 'r["fs"]["fsck"]["exit_code"]')" 0 "e2fsck found the filesystem clean"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="memcg.max_held"][0]')" pass \
	"the cgroup's memory.max held under the load"
argv=$(grep -m1 '^# memstress: starting' "$d"/workloads/server.0.log)
like "$argv" "dbench --timelimit=15 --skip-cleanup --directory=.* --fsync 8$" \
	"the engine's keys became dbench's command line: $argv"

# where dbench is missing, the scenario is skipped (exit 4) and says so
mkdir -p "$TMP/bin"
for p in mkfs.ext4 e2fsck losetup mount umount; do ln -sf "$(command -v $p)" "$TMP/bin/$p"; done
PATH="$TMP/bin:/usr/sbin:/sbin" "$MEMSTRESS" run -q --results "$RESULTS" ext4-dbench >"$TMP/out" 2>&1; rc=$?
like "$rc $(cat "$TMP/out")" "^4 .*dbench: dbench is not installed" "without dbench: skipped (exit 4), saying why"
is "$(leftovers)" "" "no cgroup, loop device, mount or image left behind"
done_testing
