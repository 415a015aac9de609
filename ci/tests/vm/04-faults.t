#!/bin/bash
# Fault injection aimed at filesystem code in the 6.12 guest: at least 80% of
# the injected faults have an XFS (or ext4/jbd2) frame; the result counts
# the faults fired (from the knobs) and where they landed; fsck and the
# durability check ran after them. Whether ext4 survives is the kernel's
# business (see workloads/ext4-failslab.ini): only that it was judged is
# tested here.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 12
for s in xfs-failslab ext4-failslab; do
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
done
done_testing
