#!/bin/bash
# SIGKILL leaves the changes of the run behind (nothing can undo them from
# inside); `memstress cleanup` replays the journal and removes everything:
# cgroups, the mount, the loop device, the image, the processes.
. "$(dirname "$0")/../lib.sh"
need_root

plan 18
wait_for() { for _ in $(seq 100); do eval "$1" && return 0; sleep 0.1; done; return 1; }

# a run still going is left alone, however much it has grown since it started
"$MEMSTRESS" run -q --results "$RESULTS" --run-id k0 --set scenario.duration=8s >/dev/null 2>&1 &
pid=$!
wait_for '[ -s "$RESULTS/k0/memory.tsv" ]'
sleep 2
"$MEMSTRESS" cleanup >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "run k0 is still going \(pid $pid\): left alone" "cleanup leaves a live run alone"
ok "$([ -n "$(find /sys/fs/cgroup -maxdepth 3 -name 'memstress-k0*')" ] && echo 0 || echo 1)" "its cgroup is still there"
wait $pid; rc=$?
is_rc 0 "and the run goes on to pass"

"$MEMSTRESS" run -q --results "$RESULTS" --run-id k1 --set scenario.duration=20s >/dev/null 2>&1 &
pid=$!
wait_for '[ -n "$(find /sys/fs/cgroup -maxdepth 3 -name "memstress-k1*" 2>/dev/null)" ] && [ -s "$RESULTS/k1/memory.tsv" ]'
sleep 2
kill -KILL $pid; wait $pid 2>/dev/null
ok "$([ -n "$(find /sys/fs/cgroup -maxdepth 3 -name 'memstress-k1*')" ] && echo 0 || echo 1)" "after SIGKILL the run's cgroup is still there"
ok "$([ -e "$MEMSTRESS_STATE_DIR/journal/k1.undo" ] && echo 0 || echo 1)" "and its journal"
st=$(json "$RESULTS/k1/result.json" 'r["status"]')
is "$st" running "result.json of the killed run is readable and says running"
"$MEMSTRESS" cleanup >"$TMP/out" 2>&1; rc=$?
is_rc 0 "memstress cleanup succeeds"
like "$(cat "$TMP/out")" "run k1 \(pid [0-9]+, gone\)" "and names the run it repaired"
is "$(leftovers)" "" "nothing left after cleanup"

# a filesystem run: mount, loop device, image, processes
"$MEMSTRESS" run -q --results "$RESULTS" --run-id k2 --set scenario.duration=20s xfs-fstx >/dev/null 2>&1 &
pid=$!
wait_for 'grep -q "$RESULTS/k2/mnt" /proc/mounts'
sleep 2
kill -KILL $pid; wait $pid 2>/dev/null
ok "$(grep -q "$RESULTS/k2/mnt" /proc/mounts && echo 0 || echo 1)" "after SIGKILL the filesystem is still mounted"
"$MEMSTRESS" cleanup >"$TMP/out" 2>&1; rc=$?
is_rc 0 "memstress cleanup succeeds"
ok "$(! grep -q "$RESULTS/k2" /proc/mounts && ! losetup -a | grep -q "$RESULTS/k2" && echo 0 || echo 1)" "the mount and the loop device are gone"
is "$(leftovers)$(ls "$RESULTS/k2/fs.img" 2>/dev/null)" "" "nothing left, the image included"

# the next run repairs what a killed run left, before it changes anything
"$MEMSTRESS" run -q --results "$RESULTS" --run-id k3 --set scenario.duration=20s >/dev/null 2>&1 &
pid=$!
wait_for '[ -n "$(find /sys/fs/cgroup -maxdepth 3 -name "memstress-k3*" 2>/dev/null)" ] && [ -s "$RESULTS/k3/memory.tsv" ]'
kill -KILL $pid; wait $pid 2>/dev/null
ok "$([ -e "$MEMSTRESS_STATE_DIR/journal/k3.undo" ] && echo 0 || echo 1)" "after SIGKILL run k3's journal is there"
"$MEMSTRESS" run -q --results "$RESULTS" --run-id k4 --set scenario.duration=8s >/dev/null 2>"$TMP/err"; rc=$?
is_rc 0 "the next run passes"
like "$(cat "$TMP/err")" "run k3 \(pid $pid\) died and left [0-9]+ changes behind; undoing them first" "and says it repaired run k3 first"
is "$(find /sys/fs/cgroup -maxdepth 3 -name 'memstress-k3*')" "" "run k3's cgroups are gone"
is "$(leftovers)" "" "nothing left behind"
done_testing
