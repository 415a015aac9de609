#!/bin/bash
# The built-in default scenario inside the 6.12 guest, on cgroup v2.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 10
mrun --kernel "$KERNEL"
is_rc 0 "the default scenario passes in the guest"
d=$(last_run)
is "$(json "$d/result.json" 'r["target"]["kind"]')" vm "the result says it ran in a VM"
is "$(json "$d/result.json" 'r["target"]["memcg_version"]')" 2 "on cgroup v2"
is "$(json "$d/result.json" 'r["vm"]["outcome"]')" completed "the guest completed"
like "$(json "$d/result.json" 'r["vm"]["accel"]')" "^(tcg|kvm)$" "with an accelerator that works"
ok "$([ -s "$d/console.log" ] && grep -q 'Linux version' "$d/console.log" && echo 0 || echo 1)" "console.log holds the guest's console"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.victim"][0]')" pass "oom.victim passes"
out=$(/usr/bin/python3 "$TOP/ci/tests/validate-run" --require-kunit "$d" 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
is "$rc" 0 "result.json, KTAP, JUnit and KCIDB of a VM run validate"
is "$(json "$d/kcidb.json" 'r["builds"][0]["comment"]')" "$(json "$d/result.json" 'r["target"]["kernel_release"]')" \
	"KCIDB names the guest's kernel"
is "$(leftovers)" "" "nothing left running"
done_testing
