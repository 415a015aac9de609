#!/bin/bash
# Fault knobs are restored after a normal exit, after SIGINT, and after
# SIGKILL followed by `memstress cleanup` — checked inside the guest
# (ci/tests/vm/guest-knobs.sh runs nested memstress runs there).
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 5
mrun --kernel "$KERNEL" "$TOP/ci/tests/scenarios/vm-knobs.ini"
is_rc 0 "every knob was put back"
log=$(cat "$(last_run)/workloads/script.0.log")
# the guest script's whole log, when it failed: how long arming took, the
# inner runs' output, what cleanup said
[ "$rc" = 0 ] || printf '%s\n' "$log" | sed 's/^/#   guest: /' >&2
like "$log" "ok - knobs restored after a normal exit" "after a normal exit"
like "$log" "ok - knobs restored after SIGINT" "after SIGINT"
like "$log" "ok - after SIGKILL the knobs are still armed" "SIGKILL leaves them armed"
like "$log" "ok - knobs restored after SIGKILL and memstress cleanup" "and cleanup restores them"
done_testing
