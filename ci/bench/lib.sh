# SPDX-License-Identifier: GPL-2.0
# Helpers for the benchmarks (sourced by ci/bench/*.sh). Every benchmark
# measures memstress against a baseline in the same run and ends with one
# summary line:
#   bench NAME: <what was measured>; ratio R (target T): met|MISSED
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MEMSTRESS=${MEMSTRESS:-$TOP/memstress}
BENCH_TMP=${BENCH_TMP:-/var/tmp/memstress-bench}
mkdir -p "$BENCH_TMP"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
# met VALUE OP TARGET -> met / MISSED
met() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = op == ">=" ? v >= t : v <= t; print ok ? "met" : "MISSED" }'; }
say() { printf '  %s\n' "$*"; }
summary() { printf 'bench %s\n' "$*"; }
need_root() { [ "$(id -u)" = 0 ] || { summary "$1: not run (needs root)"; exit 0; }; }
# BENCH_KERNEL=BZIMAGE: that kernel instead of `memstress kernel path`'s
kernel_or_skip() {
	KERNEL=${BENCH_KERNEL:-$("$MEMSTRESS" kernel path 2>/dev/null)} || { summary "$1: not run (no kernel built: make kernel)"; exit 0; }
}
