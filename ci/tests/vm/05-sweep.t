#!/bin/bash
# The fail-nth sweep over create, rename and setxattr on XFS completes and
# its table is in the results; with the tracepoint witnesses every step that
# fired names the failed allocation's site (and the ext4 sweep too).
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 11
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
fired=$(json "$d/result.json" 'r["faults"]["sweep"]["steps_fired"]')
is "$(json "$d/result.json" 'r["faults"]["sweep"]["steps_with_site"]')" "$fired" "each of the $fired steps that fired names its site"
like "$(json "$d/result.json" '" ".join(sorted(r["faults"]["sweep"]["sites_by_subsystem"]))')" "." \
	"sites are counted per subsystem ($(json "$d/result.json" 'r["faults"]["sweep"]["sites_by_subsystem"]'))"
mrun --kernel "$KERNEL" --set fault.fail-nth.max_n=60 ext4-fail-nth-sweep
ok "$([ "$rc" = 0 ] || [ "$rc" = 1 ] && echo 0 || echo 1)" "the ext4 sweep ran to a verdict (exit $rc)"
d=$(last_run)
fired=$(json "$d/result.json" 'r["faults"]["sweep"]["steps_fired"]')
is "$(json "$d/result.json" 'r["faults"]["sweep"]["steps_with_site"]')" "$fired" "ext4: each of the $fired steps that fired names its site"
done_testing
