#!/bin/bash
# Kernel build time with memstress's config (allnoconfig + ci/kconfig/
# memstress.config) against a defconfig-based build (defconfig + the same
# fragment) of the same source, each from scratch in a fresh object
# directory, in the same run. Target: memstress's config <= 1/3 of defconfig.
# Takes about 25 minutes on 2 CPUs.
. "$(dirname "$0")/lib.sh"
"$MEMSTRESS" kernel build -q >/dev/null 2>&1 || { summary "kernel-build: not run (the kernel does not build)"; exit 0; }
t0=$(now); "$MEMSTRESS" kernel build -q --scratch >/dev/null 2>"$BENCH_TMP/kbuild-min.log" ||
	{ summary "kernel-build: memstress config failed (see $BENCH_TMP/kbuild-min.log)"; exit 0; }
tm=$(elapsed "$t0")
t0=$(now); "$MEMSTRESS" kernel build -q --scratch --base defconfig >/dev/null 2>"$BENCH_TMP/kbuild-def.log" ||
	{ summary "kernel-build: defconfig failed (see $BENCH_TMP/kbuild-def.log)"; exit 0; }
td=$(elapsed "$t0")
say "$(nproc) CPUs; source: Debian linux-source-6.12 (extracted and cached before timing)"
say "allnoconfig + memstress fragment: $tm s"
say "defconfig + memstress fragment:   $td s"
r=$(calc "$tm / $td")
summary "kernel-build: memstress config $(calc "$tm / 60" 1) min vs defconfig $(calc "$td / 60" 1) min; ratio $r (target <= 0.33): $(met "$r" "<=" 0.33)"
