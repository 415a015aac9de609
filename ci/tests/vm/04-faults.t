#!/bin/bash
# Fault injection aimed at filesystem code in the 6.12 guest: at least 80% of
# the injected faults have an XFS (or ext4/jbd2) frame; the result counts
# the faults fired (from the knobs) and where they landed; fsck and the
# durability check ran after them. ext4-failslab, every sleeping slab
# allocation of ext4 and jbd2 liable to fail, passes: nothing fsync
# acknowledged is lost, and e2fsck's repair fixes what ext4 left it after
# its errors (README, "Findings"). ext4-failslab-nowait, the same faults on
# the allocations that may fail without injection only, passes too.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 25
for s in xfs-failslab ext4-failslab ext4-failslab-nowait; do
	mrun --kernel "$KERNEL" --set scenario.duration=20s $s
	ok "$([ "$rc" = 0 ] || [ "$rc" = 1 ] && echo 0 || echo 1)" "$s ran to a verdict (exit $rc)"
	d=$(last_run)
	is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="fault.fs_frames"][0]')" pass \
		"$s: >= 80% of the faults in the filesystem ($(json "$d/result.json" '[c["summary"] for c in r["checks"] if c["name"]=="fault.fs_frames"][0]'))"
	fired=$(json "$d/result.json" 'r["faults"]["fired"]')
	ok "$([ "$fired" -ge 10 ] && echo 0 || echo 1)" "$s: $fired faults fired, counted from the times knob"
	ok "$([ "$(json "$d/result.json" 'len(r["faults"]["sites"])')" -ge 2 ] && echo 0 || echo 1)" "$s: the sites are recorded"
	is "$(json "$d/result.json" '"exit_code" in r["fs"]["fsck"]')" True "$s: fsck ran"
	is "$(json "$d/result.json" '"checked" in r["fs"]["durability"]')" True "$s: the durability check ran"
	eval "rc_${s//-/_}=$rc dir_${s//-/_}=$d"
done

# the finding (README, "Findings"): nothing fsync acknowledged is lost when
# every sleeping slab allocation of ext4/jbd2 may fail (a failed truncation is
# no longer taken for "nothing happened"), and what e2fsck finds after ext4
# went on past its errors (errors=continue), its repair fixes
d=$dir_ext4_failslab
failed=$(json "$d/result.json" '",".join(sorted(c["name"] for c in r["checks"] if c["status"] != "pass"))')
is "$rc_ext4_failslab" 0 "ext4-failslab passes (failed: ${failed:-none})"
# files whose contents were verified: checked, less those a failed call left unknown
verified=$(json "$d/result.json" 'r["fs"]["durability"]["checked"] - sum(w["contents_unknown"] for w in r["fs"]["durability"]["workloads"])')
ok "$([ "${verified:-0}" -ge 50 ] && echo 0 || echo 1)" "ext4-failslab: the contents of $verified durable files verified after the shutdown"
like "$(json "$d/result.json" '[c["summary"] for c in r["checks"] if c["name"]=="fs.fsck"][0]')" \
	'^e2fsck exited (0: clean|[0-9]+: damaged after the filesystem.s own errors; the repair exited [0-9]+, and a second look found it clean \(fsck = repairable\))$' \
	"ext4-failslab: e2fsck clean, or clean after its repair"
"$MEMSTRESS" report --format upstream "$d" >"$TMP/report.txt" 2>/dev/null
is "$?:$(wc -c <"$TMP/report.txt")" "2:0" "ext4-failslab: nothing to report upstream"
is "$rc_ext4_failslab_nowait" 0 "ext4-failslab-nowait passes: nothing lost when only what may fail fails"

# knobs armed, nothing in their scope: no error path ran, and the run says so
mrun --kernel "$KERNEL" "$TOP/ci/tests/scenarios/vm-faults-unscoped.ini"
d=$(last_run)
is "$rc" 3 "a fault run whose knobs fired nothing is an error (exit $rc)"
is "$(json "$d/result.json" '[c["status"] + ": " + c["summary"] for c in r["checks"] if c["name"]=="fault.fired"][0]' | cut -d: -f1)" error \
	"fault.fired says so: $(json "$d/result.json" '[c["summary"] for c in r["checks"] if c["name"]=="fault.fired"][0]')"
done_testing
