#!/bin/bash
# Fault injection aimed at filesystem code in the 6.12 guest: at least 80% of
# the injected faults have an XFS (or ext4/jbd2) frame; the result counts
# the faults fired (from the knobs) and where they landed; fsck and the
# durability check ran after them. Whether ext4 survives every slab
# allocation failing is the kernel's business (see workloads/ext4-failslab.ini):
# that it was judged is tested here, and that when it fails, it fails as
# README's finding says (fs.fsck, fs.no_lost_data, nothing else), with an
# upstream report that says so. ext4-failslab-nowait, the same faults on the
# allocations that may fail without injection only, must pass: the finding's
# other half.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 23
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

# the finding (README, "Findings"): every slab allocation of ext4/jbd2 liable
# to fail loses data and damages the filesystem, or holds; nothing else fails
d=$dir_ext4_failslab
failed=$(json "$d/result.json" '",".join(sorted(c["name"] for c in r["checks"] if c["status"] != "pass"))')
like "$failed" '^((fs\.fsck|fs\.no_lost_data)(,|$))*$' \
	"ext4-failslab fails only as the finding says (exit $rc_ext4_failslab; failed: ${failed:-none})"
if [ "$rc_ext4_failslab" = 1 ]; then
	"$MEMSTRESS" report --format upstream "$d" >"$TMP/report.txt" 2>&1
	like "$(sed -n 3p "$TMP/report.txt")" '^ext4: (fsync-acknowledged data lost|filesystem damaged)(, first error in [a-z0-9_]+)?$' \
		"its upstream report's title: $(sed -n 3p "$TMP/report.txt")"
else # it held this time: there is nothing to report
	"$MEMSTRESS" report --format upstream "$d" >"$TMP/report.txt" 2>/dev/null
	is "$?:$(wc -c <"$TMP/report.txt")" "2:0" "ext4-failslab held this time: no upstream report"
fi
is "$rc_ext4_failslab_nowait" 0 "ext4-failslab-nowait passes: nothing lost when only what may fail fails"

# knobs armed, nothing in their scope: no error path ran, and the run says so
mrun --kernel "$KERNEL" "$TOP/ci/tests/scenarios/vm-faults-unscoped.ini"
d=$(last_run)
is "$rc" 3 "a fault run whose knobs fired nothing is an error (exit $rc)"
is "$(json "$d/result.json" '[c["status"] + ": " + c["summary"] for c in r["checks"] if c["name"]=="fault.fired"][0]' | cut -d: -f1)" error \
	"fault.fired says so: $(json "$d/result.json" '[c["summary"] for c in r["checks"] if c["name"]=="fault.fired"][0]')"
done_testing
