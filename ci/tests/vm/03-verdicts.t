#!/bin/bash
# What only the host can judge: a guest panic, a guest gone silent and a
# kernel that never starts memstress each end in their own verdict within a
# bounded time, with the console as evidence, and QEMU is gone.
. "$(dirname "$0")/../lib.sh"
need_kernel

S=$TOP/ci/tests/scenarios
timed() { local t0=$(date +%s); "$MEMSTRESS" run -q --results "$RESULTS" --kernel "$@" >/dev/null 2>&1; rc=$?; took=$(( $(date +%s) - t0 )); }
check_of() { json "$(last_run)/result.json" "[c[\"$2\"] for c in r[\"checks\"] if c[\"name\"]==\"$1\"][0]"; }
plan 13

timed "$KERNEL" "$S/vm-panic.ini"
is "$rc" 1 "a guest panic fails the run"
is "$(check_of vm.panic status)" fail "with the vm.panic check"
like "$(check_of vm.panic summary)" "Kernel panic: sysrq triggered crash" "naming the panic"
ok "$([ $took -lt 60 ] && echo 0 || echo 1)" "within a bounded time (${took}s)"

timed "$KERNEL" "$S/vm-silence.ini"
is "$rc" 1 "a silent guest fails the run"
is "$(check_of vm.responsive status)" fail "with the vm.responsive check"
ok "$([ $took -lt 90 ] && echo 0 || echo 1)" "within a bounded time (${took}s, silence threshold 15s)"

timed "$KERNEL" "$S/vm-noinit.ini"
is "$rc" 1 "a guest that never starts memstress fails the run"
is "$(check_of vm.boot status)" fail "with the vm.boot check"
like "$(check_of vm.boot summary)" "before memstress started" "saying where it stopped"

head -c 2000000 /dev/urandom > "$TMP/garbage.bzImage"
timed "$TMP/garbage.bzImage" "$S/vm-noinit.ini"
is "$rc" 1 "a file that is not a kernel is a boot failure too"
ok "$([ $took -lt 30 ] && echo 0 || echo 1)" "found quickly (${took}s)"
is "$(leftovers)" "" "no QEMU left running"
done_testing
