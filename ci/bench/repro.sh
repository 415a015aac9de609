#!/bin/bash
# Reproducibility: the same kernel and scenario, REPRO_RUNS (10) times, must
# give the same verdict every time. On the host (memcg-victim-size) and, when
# a kernel is built, in the VM (the default scenario).
. "$(dirname "$0")/lib.sh"
N=${REPRO_RUNS:-10}
res=$BENCH_TMP/repro
rm -rf "$res"
repro() { # NAME [run args...]
	local name=$1; shift
	local verdicts=
	for i in $(seq "$N"); do
		"$MEMSTRESS" run -q --results "$res/$name" "$@" >/dev/null 2>&1
		verdicts="$verdicts $?"
	done
	local distinct=$(printf '%s\n' $verdicts | sort -u | wc -l)
	local n0=$(printf '%s\n' $verdicts | grep -c '^0$')
	say "$name: exit codes:$verdicts"
	summary "repro-$name: $n0 of $N runs passed, $distinct distinct verdict(s) (target: 1): $([ "$distinct" = 1 ] && echo met || echo MISSED)"
}
if [ "$(id -u)" = 0 ]; then
	repro host-memcg-victim-size memcg-victim-size
else
	summary "repro-host: not run (needs root)"
fi
if K=$("$MEMSTRESS" kernel path 2>/dev/null); then
	repro vm-default --kernel "$K"
else
	summary "repro-vm: not run (no kernel built: make kernel)"
fi
