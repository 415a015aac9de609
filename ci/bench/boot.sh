#!/bin/bash
# Boot to the first workload under memstress against a bare boot of the same
# kernel (same QEMU machine, accelerator, memory, CPUs and 9p root) to an init
# that powers off at once. Wall time from launch, best of 3 each.
# Target: memstress <= 1.5x the bare boot. What each part costs: the same
# run without the tracepoint witnesses (`trace = no`) beside it, and the
# guest's own clock (console.log: the runner's start and the first
# workload's line).
. "$(dirname "$0")/lib.sh"
kernel_or_skip boot-to-first-workload
command -v qemu-system-x86_64 >/dev/null || { summary "boot-to-first-workload: not run (no QEMU)"; exit 0; }
init=$BENCH_TMP/poweroff-init
gcc -O2 -static -o "$init" "$TOP/ci/bench/poweroff-init.c"
res=$BENCH_TMP/boot
rm -rf "$res"; mkdir -p "$res"

first() { # RESULTS [RUN-ARGS] -> seconds from launch to the first workload's line on the guest console
	local t0 d t=
	t0=$(now)
	"$MEMSTRESS" run -q --results "$1" --kernel "$KERNEL" "${@:2}" "$TOP/ci/bench/boot-first.ini" >"$res/out" 2>&1 &
	local pid=$!
	while kill -0 $pid 2>/dev/null; do
		d=$(ls -td "$1"/*-boot-first-*/ 2>/dev/null | head -1)
		if [ -n "$d" ] && grep -aq "memstress-bench: first workload" "$d/console.log" 2>/dev/null; then
			t=$(elapsed "$t0"); break
		fi
		sleep 0.01
	done
	wait $pid
	echo "${t:-999}"
}
accel=
bare() {
	local t0
	t0=$(now)
	timeout 120 qemu-system-x86_64 -machine "q35,accel=$accel" -m 512M -smp 2 -nodefaults -display none \
		-monitor none -no-reboot -serial "file:$res/bare.console" -kernel "$KERNEL" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root -device virtio-rng-pci \
		-append "console=ttyS0,115200 panic=-1 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=512000 ro init=$init" \
		>/dev/null 2>&1
	elapsed "$t0"
}
# guest seconds: kernel start to the runner's start, and to the first workload
guest() { awk '/as init process/ { i = $2 } / run .*: start/ { s = $2 } /memstress-bench: first workload/ { f = $2 } END { gsub(/\]/, "", i); gsub(/\]/, "", s); gsub(/\]/, "", f); printf "%.2f %.2f %.2f", i, s, f }' "$(ls -td "$1"/*-boot-first-*/ | head -1)/console.log"; }
bm=999 bb=999 bn=999
for i in 1 2 3; do
	t=$(first "$res/n$i" --set scenario.trace=no); bn=$(awk -v a="$bn" -v b="$t" 'BEGIN { print b < a ? b : a }')
	read -r gin gsn gfn < <(guest "$res/n$i")
	t=$(first "$res/m$i"); bm=$(awk -v a="$bm" -v b="$t" 'BEGIN { print b < a ? b : a }')
	read -r gi gs gf < <(guest "$res/m$i")
	[ -z "$accel" ] && accel=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["vm"]["accel"])' \
		"$(ls -td "$res/m$i"/*-boot-first-*/ | head -1)/result.json")
	t=$(bare); bb=$(awk -v a="$bb" -v b="$t" 'BEGIN { print b < a ? b : a }')
done
grep -aq "reboot: Power down" "$res/bare.console" || say "warning: the bare boot did not power off (see $res/bare.console)"
say "kernel $KERNEL ($accel), 512M, 2 CPUs, root over 9p; best of 3"
say "bare boot to an init that powers off: $bb s"
say "memstress run --kernel, launch to the first workload: $bm s; without the tracepoint witnesses: $bn s"
say "guest clock (the last pair): kernel to init $gi s, to the runner's start $gs s, to the first workload $gf s; without the witnesses $gin, $gsn, $gfn s"
say "so: QEMU and the kernel's boot $bb s (bare), memstress's runner and set-up $(calc "$bn - $bb") s, the witnesses' set-up $(calc "$bm - $bn") s"
r=$(calc "$bm / $bb")
summary "boot-to-first-workload: memstress $bm s vs bare boot $bb s; ratio ${r}x (target <= 1.5x): $(met "$r" "<=" 1.5)"
