#!/bin/bash
# The kernel memstress builds: it is cached, has every option the fragment
# asks for, and a booted guest offers what the scenarios need.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 9
ok "$([ -s "$KERNEL" ] && echo 0 || echo 1)" "memstress kernel path: $KERNEL"
t0=$(date +%s)
again=$("$MEMSTRESS" kernel build -q); rc=$?
is "$rc" 0 "memstress kernel build succeeds again"
is "$again" "$KERNEL" "and finds the cached build"
ok "$([ $(( $(date +%s) - t0 )) -lt 20 ] && echo 0 || echo 1)" "without building again"
out=$("$MEMSTRESS" check --kernel "$KERNEL" 2>&1); rc=$?
like "$out" "every option memstress needs is set" "check --kernel verifies the kernel's config"
like "$out" "fault injection +failslab yes, fail_page_alloc yes, fail-nth yes, stack filter yes" "the booted guest has the fault knobs"
like "$out" "memory controller: v2 at /sys/fs/cgroup" "and the cgroup v2 memory controller"
like "$out" "memcg-swap +can run in this kernel" "a scenario with its own [vm] swap can run, though the probing guest has no swap"
out=$("$MEMSTRESS" check --kernel "$KERNEL" memcg-swap 2>&1)
like "$out" "^  memcg-swap +can run in this kernel" "check --kernel takes scenario names, as run does"
done_testing
