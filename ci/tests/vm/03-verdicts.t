#!/bin/bash
# What only the host can judge: a guest panic, a guest gone silent and a
# kernel that never starts memstress each end in their own verdict within a
# bounded time, with the console as evidence, and QEMU is gone.
. "$(dirname "$0")/../lib.sh"
need_kernel

S=$TOP/ci/tests/scenarios
timed() { local t0=$(date +%s); mrun --kernel "$@"; took=$(( $(date +%s) - t0 )); }
check_of() { json "$(last_run)/result.json" "[c[\"$2\"] for c in r[\"checks\"] if c[\"name\"]==\"$1\"][0]"; }
plan 27

timed "$KERNEL" "$S/vm-panic.ini"
is_rc 1 "a guest panic fails the run"
is "$(check_of vm.panic status)" fail "with the vm.panic check"
like "$(check_of vm.panic summary)" "Kernel panic: sysrq triggered crash" "naming the panic"
ok "$([ $took -lt 60 ] && echo 0 || echo 1)" "within a bounded time (${took}s)"

# a guest that dies without its result: what its heartbeats already
# counted past the scenario's maximum is failed too, named by its check
timed "$KERNEL" "$S/vm-panic-after-kills.ini"
is_rc 1 "a panic after OOM kills the scenario forbids fails the run"
is "$(check_of vm.panic status) $(check_of oom.kills status)" "fail fail" "with vm.panic and oom.kills"
like "$(check_of oom.kills summary)" "^OOM kills: [1-9][0-9]* \\(expected 0\\) by the guest's last heartbeat, [0-9.]+s into the run" \
	"oom.kills says the count came from the last heartbeat"
is "$(json "$(last_run)/result.json" '[c["evidence"]["source"] for c in r["checks"] if c["name"] == "oom.kills"][0]')" heartbeat \
	"its evidence names the heartbeat"

# the guest goes silent: stop QEMU once memstress is up in the guest
t0=$(date +%s)
"$MEMSTRESS" run -q --results "$RESULTS" --kernel "$KERNEL" "$S/vm-silence.ini" >"$TMP/silence.out" 2>&1 &
runner=$!
qemu=
for i in $(seq 120); do
	d=$(ls -d "$RESULTS"/*-vm-silence-* 2>/dev/null | head -1)
	[ -n "$d" ] && grep -q '^HELLO' "$d/vm/status.log" 2>/dev/null &&
		qemu=$(pgrep -f "qemu-system-x86_64.*$(basename "$d")" | head -1) && [ -n "$qemu" ] && break
	sleep 0.5
done
ok "$([ -n "$qemu" ] && echo 0 || echo 1)" "the guest came up (qemu pid ${qemu:-none})"
[ -n "$qemu" ] && kill -STOP "$qemu"
wait $runner; rc=$?; took=$(( $(date +%s) - t0 ))
is "$rc" 1 "a silent guest fails the run"
is "$(check_of vm.responsive status)" fail "with the vm.responsive check"
like "$(check_of vm.responsive summary)" "no heartbeat for 1[5-9]s" "after the silence threshold"
ok "$([ $took -lt 60 ] && echo 0 || echo 1)" "within a bounded time (${took}s, silence threshold 15s)"
is "$(pgrep -f "qemu-system-x86_64.*vm-silence" || true)" "" "and the stopped QEMU is gone"

# QEMU itself is killed (the host's OOM killer, say): an emulator failure,
# a harness error that says nothing of the kernel (memstress bisect stops
# rather than calling the commit bad)
before=$(ls -d "$RESULTS"/*/)
"$MEMSTRESS" run -q --results "$RESULTS" --kernel "$KERNEL" "$S/vm-silence.ini" >"$TMP/killed.out" 2>&1 &
runner=$!
qemu=
for i in $(seq 120); do
	d=$(comm -13 <(echo "$before") <(ls -d "$RESULTS"/*/) | head -1)
	[ -n "$d" ] && grep -q '^HELLO' "$d/vm/status.log" 2>/dev/null &&
		qemu=$(pgrep -f "qemu-system-x86_64.*$(basename "$d")" | head -1) && [ -n "$qemu" ] && break
	sleep 0.5
done
[ -n "$qemu" ] && kill -KILL "$qemu"
wait $runner; rc=$?
is "$rc" 3 "QEMU killed under a running guest: a harness error (exit 3), not a verdict on the kernel"
is "$(check_of vm.emulator status)" error "with the vm.emulator check (an error)"
like "$(check_of vm.emulator summary)" "QEMU stopped with signal 9 before memstress finished" "naming QEMU's signal"
is "$(json "$(last_run)/result.json" 'r["status"] + " " + r["vm"]["outcome"]')" "harness_error emulator_failure" "status harness_error, outcome emulator_failure"

timed "$KERNEL" "$S/vm-noinit.ini"
is_rc 1 "a guest that never starts memstress fails the run"
is "$(check_of vm.boot status)" fail "with the vm.boot check"
like "$(check_of vm.boot summary)" "before memstress started" "saying where it stopped"

head -c 2000000 /dev/urandom > "$TMP/garbage.bzImage"
n=$(ls "$RESULTS" | wc -l)
timed "$TMP/garbage.bzImage" "$S/vm-noinit.ini"
is_rc 2 "a file that is not a kernel is refused as bad input"
is "$(ls "$RESULTS" | wc -l)" "$n" "before any run directory is made"

head -c $(( $(stat -c %s "$KERNEL") / 2 )) "$KERNEL" > "$TMP/truncated.bzImage"
timed "$TMP/truncated.bzImage" "$S/vm-noinit.ini"
is_rc 1 "a truncated kernel is a boot failure"
is "$(check_of vm.boot status)" fail "with the vm.boot check"
ok "$([ $took -lt 75 ] && echo 0 || echo 1)" "within the boot timeout (${took}s)"
is "$(leftovers)" "" "no QEMU left running"
done_testing
