#!/bin/bash
# The fail-nth sweep over create, rename and setxattr on XFS completes and
# its table is in the results.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 7
mrun --kernel "$KERNEL" xfs-fail-nth-sweep
ok "$([ "$rc" = 0 ] || [ "$rc" = 1 ] && echo 0 || echo 1)" "the sweep ran to a verdict (exit $rc)"
d=$(last_run)
is "$(json "$d/result.json" '" ".join(o["op"] for o in r["faults"]["sweep"]["ops"])')" "create rename setxattr" "the sweep covered create, rename, setxattr"
for op in 0 1 2; do
	sites=$(json "$d/result.json" "r['faults']['sweep']['ops'][$op]['fault_sites']")
	ok "$([ "$sites" -ge 1 ] && echo 0 || echo 1)" "$(json "$d/result.json" "r['faults']['sweep']['ops'][$op]['op']"): $sites fault sites found, the sweep ended"
done
n=$(json "$d/result.json" 'len(r["faults"]["sweep"]["ops"][0]["table"])')
ok "$([ "$n" -ge 2 ] && echo 0 || echo 1)" "the table has a row per step ($n for create)"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="fault.sweep"][0]')" pass "fault.sweep passes"
done_testing
