#!/bin/bash
# A real lockdep report from a real kernel: the guest kernel built with
# lockdep and modules, and ci/lockdep-trigger's module (a deliberate
# fs_reclaim inversion) loaded by a scenario. memstress must fail the run on
# its lockdep check, carry the report in result.json (the locks, fs_reclaim,
# the chain) and find the same in the saved kmsg.log with `memstress scan`.
. "$(dirname "$0")/../lib.sh"
need_kernel
command -v insmod >/dev/null || skip_all "insmod is not installed (kmod)"

plan 14
KLD=$("$MEMSTRESS" kernel build -q --with lockdep --config "$TOP/ci/lockdep-trigger/modules.config"); rc=$?
is "$rc" 0 "memstress kernel build --with lockdep --config modules.config"
[ "$rc" = 0 ] || { done_testing; }
objs=$(json "${KLD%/bzImage}/meta.json" 'r.get("objects", "")')
mod=$TMP/mod
cp -r "$TOP/ci/lockdep-trigger" "$mod"
make -s -C "$objs" M="$mod" modules >"$TMP/kbuild.log" 2>&1; rc=$?
is "$rc" 0 "the trigger module builds against that kernel ($objs)"
[ "$rc" = 0 ] || sed 's/^/#   /' "$TMP/kbuild.log" >&2
sed "s|@KO@|$mod/memstress_lockdep_trigger.ko|" "$mod/lockdep-trigger.ini.in" >"$TMP/lockdep-trigger.ini"

mrun --kernel "$KLD" "$TMP/lockdep-trigger.ini"
is_rc 1 "the run fails: the kernel reported a lock inversion"
d=$(last_run)
status() { json "$d/result.json" "[c['status'] for c in r['checks'] if c['name']=='$1'][0]" 2>/dev/null; }
is "$(status kernel.no_lockdep)" fail "the lockdep check is the one that fails"
is "$(status workloads.errors)" pass "insmod is the one workload that failed"
like "$(cat "$d"/workloads/insmod.0.log 2>/dev/null)" "could not insert module .*: No such device" \
	"and it failed as the module means to (-ENODEV, after the report)"
# loading a module built out of the tree taints the kernel (O): the taint
# check sees it, from the guest's /proc/sys/kernel/tainted before and after
is "$(status kernel.no_new_taint)" fail "kernel.no_new_taint fails: the module tainted the kernel"
like "$(json "$d/result.json" "[c['summary'] for c in r['checks'] if c['name']=='kernel.no_new_taint'][0]")" \
	"became tainted: [A-Z]*O[A-Z]* .*O: externally-built \(out-of-tree\) module loaded" "naming the flag and what it means"
ev='[e for e in r["events"] if e["kind"]=="lockdep"]'
is "$(json "$d/result.json" "$ev[0]['fields']['report']")" "possible circular locking dependency detected" \
	"result.json: a circular-dependency report"
is "$(json "$d/result.json" "$ev[0]['fields']['fs_reclaim']")" True "involving fs_reclaim"
like "$(json "$d/result.json" "sorted(set(l['lock'] for l in $ev[0]['fields']['chain']))")" \
	"'fs_reclaim'.*'memstress_test_lock'|'memstress_test_lock'.*'fs_reclaim'" \
	"its chain links fs_reclaim and the module's lock"
like "$(json "$d/result.json" "$ev[0]['stack']")" "trigger_init" "its stack is the module's init"
scanned=$("$MEMSTRESS" scan --json --kind lockdep "$d/kmsg.log" | python3 -c 'import json,sys; e=json.load(sys.stdin); print(len(e), e[0]["fields"]["fs_reclaim"], e[0]["title"])')
is "$scanned" "1 True $(json "$d/result.json" "$ev[0]['title']")" "memstress scan of kmsg.log finds the same report"
is "$(leftovers)" "" "nothing left running"
done_testing
