#!/bin/bash
# Hostile input (issue 22): what a scenario file or an option can make
# memstress do. A run id, a name or a pass-through option never reaches what
# memstress did not create; a scenario file is read whole or refused with a
# reason; SIGINT and SIGTERM are honoured in every phase, quickly, with
# everything undone; a killed run's report says so; cleanup knows a live
# run's cgroups from stray ones by the run's own lock, not by the state
# directory. (Malformed files: 01-bad-scenarios.t, with the same FILE:LINE
# check for each form refused here.)
. "$(dirname "$0")/../lib.sh"
need_root

plan 72
M=$MEMSTRESS
victim=$TMP/victim
head -c 1048576 /dev/urandom >"$victim"
sum=$(md5sum <"$victim")
ok_scn=$TMP/ok.ini
cat >"$ok_scn" <<'INI'
[scenario]
description = test: one small allocator
duration = 2s
[workload.a]
engine = memhog
size = 8M
INI

# --- identifiers ---------------------------------------------------------------
mkdir -p "$TMP/outside"
for id in ../../outside/x ../x .hidden -x a/b "a b" "$(printf 'x%.0s' $(seq 129))" "x;y"; do
	"$M" run -q --results "$RESULTS" --run-id "$id" "$ok_scn" >"$TMP/out" 2>&1; rc=$?
	is "$rc" 2 "--run-id '${id:0:20}' is refused (exit 2)"
done
like "$(cat "$TMP/out")" "--run-id 'x;y' contains ';'" "and the message says what is wrong"
is "$(ls "$TMP/outside"; ls -A "$RESULTS" 2>/dev/null; ls /sys/fs/cgroup/memory 2>/dev/null | grep -c memstress-)" "0" \
	"nothing was created, inside the results or outside"

# A cgroup that exists already is never adopted, killed or removed.
cgroot=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
[ -d /sys/fs/cgroup/memory ] && cgroot=/sys/fs/cgroup/memory
mkdir "$cgroot/memstress-adopt-me"
sleep 60 & sleeper=$!
echo $sleeper >"$cgroot/memstress-adopt-me/cgroup.procs"
"$M" run -q --results "$RESULTS" --run-id adopt-me "$ok_scn" >"$TMP/out" 2>&1; rc=$?
is "$rc" 3 "a run whose cgroup exists already stops (harness error)"
like "$(cat "$RESULTS"/adopt-me/harness.log)" "exists already: it is not this run's" "and says why"
ok "$(kill -0 $sleeper 2>/dev/null; echo $?)" "the process in that cgroup is alive"
ok "$([ -d "$cgroot/memstress-adopt-me" ]; echo $?)" "and the cgroup is still there"
kill $sleeper; wait $sleeper 2>/dev/null
echo $$ >"$cgroot/cgroup.procs" 2>/dev/null
rmdir "$cgroot/memstress-adopt-me"

# A run directory that exists already is not written into.
mkdir -p "$RESULTS/taken"; echo mine >"$RESULTS/taken/result.json"
"$M" run -q --results "$RESULTS" --run-id taken "$ok_scn" >"$TMP/out" 2>&1; rc=$?
is "$rc" 2 "--run-id of an existing run directory is refused"
is "$(cat "$RESULTS/taken/result.json")" "mine" "and what was there is untouched"

# --- pass-through options -------------------------------------------------------
fs_scn() { # TYPE KEY VALUE
	cat >"$TMP/fs.ini" <<INI
[scenario]
description = test: a pass-through option
duration = 2s
[fs]
type = $1
$2 = $3
[workload.tx]
engine = fstx
INI
}
while IFS='|' read -r type key value; do
	fs_scn "$type" "$key" "$value"
	"$M" run -q --results "$RESULTS/fs" "$TMP/fs.ini" >"$TMP/out" 2>&1; rc=$?
	is "$rc" 2 "[fs] $key = $value is refused ($type)"
done <<EOF
xfs|mkfs_options|-l logdev=$victim,size=64m
xfs|mkfs_options|-d name=$victim
xfs|mkfs_options|-r rtdev=$victim
xfs|mkfs_options|-p $victim
xfs|mkfs_options|-c options=$victim
xfs|mkfs_options|-f $victim
xfs|mkfs_options|-lsize=64m,logdev=$victim
ext4|mkfs_options|-J device=$victim
ext4|mkfs_options|-z $victim
ext4|mkfs_options|-E offset=4096
ext4|mkfs_options|-d /root
xfs|mount_options|logdev=$victim
xfs|mount_options|rtdev=$victim
ext4|mount_options|journal_path=$victim
ext4|mount_options|noatime,errors=panic
EOF
is "$(md5sum <"$victim")" "$sum" "the file they name is untouched"
ok "$([ ! -e "$RESULTS/fs" ]; echo $?)" "and nothing was made"
fs_scn xfs mkfs_options "-m crc=1,reflink=1 -i size=512 -l size=16m -L test"
"$M" check "$TMP/fs.ini" >/dev/null 2>&1; is "$?" 0 "allowed mkfs options load"
fs_scn ext4 mount_options "noatime,data=journal,errors=remount-ro"
"$M" check "$TMP/fs.ini" >/dev/null 2>&1; is "$?" 0 "allowed mount options load"

cat >"$TMP/exec.ini" <<INI
[scenario]
description = test: a command of the file's choosing
duration = 2s
[workload.x]
engine = exec
args = touch $TMP/exec-ran
INI
"$M" run -q --results "$RESULTS/exec" "$TMP/exec.ini" >"$TMP/out" 2>&1; rc=$?
is "$rc" 2 "engine exec on the host needs --allow-exec"
ok "$([ ! -e "$TMP/exec-ran" ]; echo $?)" "and the command did not run"
like "$(cat "$TMP/out")" "engine exec runs the scenario's own command as root" "and the message says why"
"$M" run -q --allow-exec --results "$RESULTS/exec" "$TMP/exec.ini" >"$TMP/out" 2>&1; rc=$?
is_rc 0 "with --allow-exec it runs"

# --- reading scenario files -----------------------------------------------------
mkfifo "$TMP/fifo.ini"
start=$(date +%s%N)
timeout 10 "$M" run -q --results "$RESULTS/r" "$TMP/fifo.ini" >"$TMP/out" 2>&1; rc=$?
is "$rc" 2 "a FIFO as the scenario is refused, without waiting for a writer"
like "$(cat "$TMP/out")" "fifo.ini: not a scenario file: it is a FIFO" "and is named as such"
"$M" check "$TMP" >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "not a scenario file: it is a directory" "a directory is named as such"
ln -s "$TMP/loop2.ini" "$TMP/loop1.ini"; ln -s "$TMP/loop1.ini" "$TMP/loop2.ini"
"$M" check "$TMP/loop1.ini" >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "loop1.ini: cannot read scenario: Too many levels of symbolic links" "a symlink loop is named as such"
{ cat "$ok_scn"; head -c 1100000 /dev/zero | tr '\0' ';'; echo; echo "[expect]"; echo "oom_kills = 12Q"; } >"$TMP/big.ini"
"$M" check "$TMP/big.ini" >"$TMP/out" 2>&1; rc=$?
is "$rc" 2 "a scenario over 1 MiB is refused, not cut"
like "$(cat "$TMP/out")" "larger than 1 MiB" "and says so"
printf '\xef\xbb\xbf' | cat - "$ok_scn" >"$TMP/bom.ini"
"$M" check "$TMP/bom.ini" >/dev/null 2>&1; is "$?" 0 "a UTF-8 byte order mark is accepted"
{ cat "$ok_scn"; printf '%300s[expect]\noom_kills = 99\n' ''; } >"$TMP/indent.ini"
"$M" run -q --results "$RESULTS/indent" "$TMP/indent.ini" >/dev/null 2>&1
is "$?" 1 "a section header behind a long indent is read (its impossible expectation fails)"
"$M" run -q --results "$RESULTS" "$ok_scn" --set workload.a.size=0x10M >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "^memstress: --set workload.a.size=0x10M: \[workload.a\] size: '0x10M' is not a size" \
	"a --set error names the --set argument"
"$M" run -q --results "$RESULTS" "$ok_scn" --set workload.a.cgroup=nope >"$TMP/out" 2>&1
like "$(cat "$TMP/out")" "^memstress: --set workload.a.cgroup=nope: \[workload.a\] cgroup: no section" \
	"so does a cross-check of a --set value"
is "$(leftovers)" "" "nothing left on the system so far"

# --- signals in every phase -----------------------------------------------------
# MEMSTRESS_TEST_HOLD holds a run at the start of a phase until a signal
# comes, so each phase is interrupted for sure, however short it is here.
interrupt() { # PHASE SIGNAL
	local d=$RESULTS/sig-$1-$2 t0 t1
	mkdir -p "$d"
	MEMSTRESS_TEST_HOLD=$1 "$M" run -q --results "$d" --set scenario.duration=4s >"$TMP/sig.out" 2>&1 &
	local pid=$!
	for _ in $(seq 400); do grep -q "holding at the start of '$1'" "$TMP/sig.out" && break; sleep 0.05; done
	t0=$(date +%s%N); kill -"$2" $pid; wait $pid; rc=$?; t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
}
for ph in "setting up" running stopping checking; do
	sig=INT; want=130
	[ "$ph" = stopping ] && { sig=TERM; want=143; }
	interrupt "$ph" $sig
	is "$rc" $want "SIG$sig while $ph: exit $want"
	ok "$([ $ms -lt 3000 ]; echo $?)" "SIG$sig while $ph: out in under 3 s (${ms} ms)"
	r=$(ls "$RESULTS/sig-$ph-$sig"/*/result.json)
	is "$(json "$r" 'r["verdict"], r["interrupted"]["signal"], r["interrupted"]["phase"]')" \
		"interrupted SIG$sig $ph" "the result says interrupted, by what, in which phase"
done
is "$(leftovers)" "" "every interrupted run undid everything"

MEMSTRESS_TEST_HOLD=undoing "$M" run -q --results "$RESULTS/undo" --set scenario.duration=6s >"$TMP/sig.out" 2>&1 &
pid=$!
sleep 2; kill -INT $pid
for _ in $(seq 100); do grep -q "at the start of the undo" "$TMP/sig.out" && break; sleep 0.05; done
kill -INT $pid; wait $pid; rc=$?
is "$rc" 130 "a second Ctrl-C during the undo does not stop it"
like "$(cat "$TMP/sig.out")" "undoing the run's changes .* please wait" "and says that it is undoing"
is "$(leftovers)" "" "and the undo finished"

# --- a run killed outright -------------------------------------------------------
"$M" run -q --results "$RESULTS/killed" --set scenario.duration=30s >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do grep -qs '"phase":"running"' "$RESULTS"/killed/*/result.json && break; sleep 0.1; done
d=$(ls -d "$RESULTS"/killed/*/)
"$M" report "$d" >"$TMP/rep" 2>&1
like "$(cat "$TMP/rep")" "verdict: none: the run did not finish.*while running" "report of a live run: no verdict yet"
like "$(cat "$TMP/rep")" "it is still running \(pid $pid\)" "and it is still running"
# cleanup from another state directory leaves a live run's cgroups alone
MEMSTRESS_STATE_DIR=$TMP/other-state "$M" cleanup --dry-run --stray >"$TMP/cl" 2>&1
like "$(cat "$TMP/cl")" "belongs to a run still going .*left alone" "cleanup in another state directory knows it is alive"
MEMSTRESS_STATE_DIR=$TMP/other-state "$M" cleanup --stray >/dev/null 2>&1
ok "$(kill -0 $pid; echo $?)" "and --stray did not touch it"
kill -KILL $pid; wait $pid 2>/dev/null
"$M" report "$d" >"$TMP/rep" 2>&1
like "$(cat "$TMP/rep")" "its process is gone: it was killed" "report of a killed run says so, and when"
"$M" cleanup >/dev/null 2>&1
is "$(leftovers)" "" "cleanup repaired the killed run"
done_testing
