#!/bin/bash
# Reproducibility under load: every shipped scenario, REPRO_RUNS times (10;
# REPRO_QUICK=1: 3), where it can run: on the host when this host can run
# it, in the VM (the kernel `memstress kernel path` gives) when the host
# cannot, and the default scenario in both. Beside the runs, for their whole
# length, a CPU and memory load outside their cgroups: stress-ng --cpu with
# the machine's core count and one --vm worker of 512M. Per scenario:
# "k/N same verdict" (the most frequent exit code, k times), and the target
# is N/N. REPRO_SCENARIOS="a b" limits the scenarios.
. "$(dirname "$0")/lib.sh"
N=${REPRO_RUNS:-10}
[ -n "${REPRO_QUICK:-}" ] && N=3
res=$BENCH_TMP/repro
rm -rf "$res"
need_root repro
command -v stress-ng >/dev/null || { summary "repro: not run (stress-ng is not installed)"; exit 0; }

# what can run where: memstress check says, for the host and for the kernel
can_run() { python3 -c 'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)["scenarios"] if s["can_run"]))'; }
host_ok=$("$MEMSTRESS" check --json 2>/dev/null | can_run)
K=$("$MEMSTRESS" kernel path 2>/dev/null) || K=
vm_ok=
[ -n "$K" ] && vm_ok=$("$MEMSTRESS" check --json --kernel "$K" 2>/dev/null | can_run)
names=${REPRO_SCENARIOS:-$("$MEMSTRESS" list --names)}

# the load beside the runs (its own session, so that it all stops at the end)
setsid stress-ng --cpu "$(nproc)" --vm 1 --vm-bytes 512M --timeout 0 >/dev/null 2>&1 &
load=$!
trap 'kill -- -$load 2>/dev/null; wait $load 2>/dev/null' EXIT
say "load: stress-ng --cpu $(nproc) --vm 1 --vm-bytes 512M (pid $load), $N runs per scenario and target"

missed=0 total=0 notrun=0
repro() { # LABEL [run args...]
	local label=$1; shift
	local codes= t0=$(date +%s)
	for _ in $(seq "$N"); do
		"$MEMSTRESS" run -q --results "$res/$label" "$@" >/dev/null 2>&1
		codes="$codes $?"
	done
	local top=$(printf '%s\n' $codes | sort | uniq -c | sort -rn | head -1)
	local k=${top% *} code=${top##* }
	k=${k// /}
	total=$((total + 1))
	[ "$k" = "$N" ] || missed=$((missed + 1))
	printf '  %-32s %2s/%s same verdict (exit %s)%s  [%ss]\n' "$label" "$k" "$N" "$code" \
		"$([ "$k" = "$N" ] || echo ", exit codes:$codes")" "$(( $(date +%s) - t0 ))"
}
has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
for s in $names; do
	on_host=no
	if has "$host_ok" "$s"; then repro "host $s" "$s"; on_host=yes; fi
	if [ -n "$vm_ok" ] && has "$vm_ok" "$s" && { [ $on_host = no ] || [ "$s" = default ]; }; then
		repro "vm $s" --kernel "$K" "$s"
	elif [ $on_host = no ]; then
		notrun=$((notrun + 1))
		printf '  %-32s not run: %s\n' "$s" "$([ -n "$K" ] && echo "neither the host nor the VM kernel can run it" || echo "the host cannot, and no kernel is built (make kernel)")"
	fi
done
# a scenario that could not run is not a reproducible one: the target is missed
summary "repro: $((total - missed)) of $total scenario/target pairs gave the same verdict $N/$N under load$([ $notrun = 0 ] || echo ", $notrun scenario(s) not run") (target: all): $([ $missed = 0 ] && [ $notrun = 0 ] && echo met || echo MISSED)"
