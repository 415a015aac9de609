#!/bin/bash
# The built-in default scenario inside the 6.12 guest, on cgroup v2.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 16
mrun --kernel "$KERNEL"
is_rc 0 "the default scenario passes in the guest"
d=$(last_run)
is "$(json "$d/result.json" 'r["target"]["kind"]')" vm "the result says it ran in a VM"
is "$(json "$d/result.json" 'r["target"]["memcg_version"]')" 2 "on cgroup v2"
is "$(json "$d/result.json" 'r["vm"]["outcome"]')" completed "the guest completed"
like "$(json "$d/result.json" 'r["vm"]["accel"]')" "^(tcg|kvm)$" "with an accelerator that works"
ok "$([ -s "$d/console.log" ] && grep -q 'Linux version' "$d/console.log" && echo 0 || echo 1)" "console.log holds the guest's console"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.victim"][0]')" pass "oom.victim passes"
out=$(/usr/bin/python3 "$TOP/ci/tests/validate-run" --require-kunit "$d" 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
is "$rc" 0 "result.json, KTAP, JUnit and KCIDB of a VM run validate"
is "$(json "$d/kcidb.json" 'r["builds"][0]["comment"]')" "$(json "$d/result.json" 'r["target"]["kernel_release"]')" \
	"KCIDB names the guest's kernel"
# which kernel was judged: the guest's, with its config and taint
is "$(json "$d/result.json" 'r["kernel"]["release"] == r["target"]["kernel_release"]')" True "result.json: the guest's kernel"
is "$(json "$d/result.json" 'r["kernel"]["config"]["options"]["CONFIG_FAILSLAB"]')" y "its config (from /proc/config.gz in the guest)"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="kernel.no_new_taint"][0]')" pass "kernel.no_new_taint passes"
# reclaim and pressure sampled in the guest: vmstat.tsv, the plots on cgroup v2
like "$(head -1 "$d/vmstat.tsv")" "^t_ms	pgscan_kswapd	.*psi_some_avg10.*cg_pgscan	cg_pgsteal" "vmstat.tsv: /proc/vmstat, PSI and the cgroup's memory.stat (v2: pgscan)"
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
if command -v gnuplot >/dev/null && [ -n "$chrome" ]; then
	"$MEMSTRESS" report --html --no-write "$d" >/dev/null 2>&1
	# as a browser shows it (headless Chromium): both plots drawn, the cgroup's PSI in it
	dom=$(timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --dump-dom "file://$d/report.html" 2>/dev/null | tr '\n' ' ')
	like "$dom" '<figure id="plot-reclaim" class="plot"><svg.*<path .*<figure id="plot-psi" class="plot"><svg.*cgroup: some' \
		"report.html in Chromium: the reclaim plot, and the pressure plot with the cgroup's PSI (v2)"
else
	ok 1 "report.html plots: gnuplot or chromium is not installed"
fi
is "$(json "$d/result.json" 'r["memory"]["reclaim"]["series"]')" vmstat.tsv "result.json: memory.reclaim"
is "$(leftovers)" "" "nothing left running"
done_testing
