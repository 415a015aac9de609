#!/bin/bash
# What page_owner costs a guest (kernel.no_page_leaks): the same
# fstx-under-pressure scenario (xfs-fstx, 20 s) on memstress's kernel booted
# with page_owner=on (a stack saved with every page allocation, and the
# witness's looks at the end) and without, alternated, PAGE_OWNER_RUNS (3)
# pairs. The medians of fstx operations per second and of the boot (launch
# to the guest's runner, result.json vm.boot_s). Targets: ops/s on >= 0.9x
# off, boot on <= 1.1x off.
. "$(dirname "$0")/lib.sh"
need_root page-owner
kernel_or_skip page-owner
N=${PAGE_OWNER_RUNS:-3}
res=$BENCH_TMP/page_owner
rm -rf "$res"
get() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
side() { # on|off: one run, prints "ops/s boot_s stacks"
	local d
	"$MEMSTRESS" run -q --results "$res/$1" --kernel "$KERNEL" --set scenario.duration=20s \
		${2:+--set vm.cmdline="$2"} xfs-fstx >/dev/null 2>&1
	d=$(ls -td "$res/$1"/*/ | head -1)
	get "$d/result.json" '"%.0f %.2f %s" % (sum(w["fstx"]["ops_per_s"] for w in r["workloads"] if "fstx" in w), r["vm"]["boot_s"], r.get("page_leaks", {}).get("stacks_after", "-"))'
}
on_ops= off_ops= on_boot= off_boot=
for _ in $(seq "$N"); do
	read -r o b _ < <(side off "")
	off_ops="$off_ops $o" off_boot="$off_boot $b"
	read -r o b s < <(side on page_owner=on)
	on_ops="$on_ops $o" on_boot="$on_boot $b"
done
say "xfs-fstx 20 s in the VM ($KERNEL)"
say "page_owner=on:  fstx ops/s$on_ops; boot s$on_boot; stacks at the end $s"
say "page_owner off: fstx ops/s$off_ops; boot s$off_boot"
ro=$(calc "$(median $on_ops) / $(median $off_ops)" 3)
rb=$(calc "$(median $on_boot) / $(median $off_boot)" 3)
summary "page-owner-ops: fstx $(median $on_ops) ops/s with page_owner=on vs $(median $off_ops) off (median of $N); ratio $ro (target >= 0.9): $(met "$ro" ">=" 0.9)"
summary "page-owner-boot: $(median $on_boot) s with page_owner=on vs $(median $off_boot) s off; ratio $rb (target <= 1.1): $(met "$rb" "<=" 1.1)"
