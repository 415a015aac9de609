#!/bin/bash
# report.html renders in a real browser (headless Chromium): the kernel
# judged, the memory plot with its limit and OOM-kill markers (the top
# cgroup by its name), the reclaim plot and the pressure plot (the system's
# PSI: this host's cgroups are v1), the event timeline, the throughput plot
# of an fstx run in its own unit, the forced shutdown labelled as
# memstress's, the checks table and the kernel events with their stacks.
# The screenshot is kept in the run directory (report.png) to look at.
. "$(dirname "$0")/../lib.sh"
need_root
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || skip_all "chromium is not installed"
command -v gnuplot >/dev/null || skip_all "gnuplot is not installed"
plan 25
browse() { # HTML -> the DOM after rendering
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars --dump-dom "file://$1" 2>/dev/null
}
shot() {
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2400 \
		--screenshot="$2" "file://$1" >/dev/null 2>&1
}
svg_paths() { # DOM PLOT-ID -> number of drawn paths in that plot
	printf '%s' "$1" > "$TMP/dom.html"
	/usr/bin/python3 - "$TMP/dom.html" "$2" <<'PY'
import sys, re
dom = open(sys.argv[1]).read()
m = re.search(r'<figure id="plot-%s"[^>]*>(.*?)</figure>' % re.escape(sys.argv[2]), dom, re.S)
print(len(re.findall(r"<path ", m.group(1))) if m else -1)
PY
}

"$MEMSTRESS" run -q --html --results "$RESULTS/a" --set scenario.duration=10s >/dev/null 2>&1
d=$(ls -d "$RESULTS"/a/*/ | head -1)
ok "$([ -s "$d/report.html" ] && echo 0 || echo 1)" "run --html writes report.html"
dom=$(browse "$d/report.html")
ok "$([ "$(svg_paths "$dom" memory)" -gt 3 ] && echo 0 || echo 1)" "the memory plot is drawn ($(svg_paths "$dom" memory) paths)"
like "$dom" "Memory use against the limit" "with its title"
kills=$(json "$d/result.json" 'sum(1 for e in r["events"] if e["kind"]=="oom" and "victim_pid" in e["fields"])')
like "$dom" "red lines: OOM kills" "and the OOM kills marked on it ($kills)"
ok "$([ "$(svg_paths "$dom" timeline)" -gt 2 ] && echo 0 || echo 1)" "the event timeline is drawn"
like "$dom" "memstress-[^ <]* \(the scenario" "the top cgroup's legend is its name, not a bare /"
ok "$([ "$(svg_paths "$dom" reclaim)" -gt 2 ] && echo 0 || echo 1)" "the reclaim plot is drawn ($(svg_paths "$dom" reclaim) paths)"
like "$dom" "pages scanned \(pgscan\)" "with pgscan"
like "$dom" "direct reclaim entries \(allocstall\)" "and allocstall"
ok "$([ "$(svg_paths "$dom" psi)" -gt 1 ] && echo 0 || echo 1)" "the pressure plot is drawn on this cgroup v1 host"
like "$dom" "system: some" "from the system's PSI"
like "$dom" "<h3 id=\"stalls\">Reclaim stalls</h3>" "the reclaim stalls by GFP class (the vmscan tracepoints)"
like "$dom" "<p>$kills killed, [0-9]+ exited, 0 stuck; the slowest reaped" "the OOM victims' lives"
like "$dom" "<h3 id=\"cgroups\">Memory cgroups</h3>" "the memory cgroups' figures"
like "$dom" "<table class=\"kernel\" id=\"kernel\">(<tbody>)?<tr><th>kernel</th><td>$(uname -r) " "the kernel judged, at the top"
like "$dom" "taint</th><td>before: [A-Z]*(none)? \([0-9]+\), after: <b>" "with its taint before and after"
is "$(printf '%s' "$dom" | grep -o '<span class="verdict [a-z]*">' | wc -l)" \
	"$(json "$d/result.json" 'len(r["checks"])')" "the checks table has a row per check"
is "$(printf '%s' "$dom" | grep -o '<details class="event' | wc -l)" "$kills" "every OOM kill is listed as an event"
ok "$(printf '%s' "$dom" | tr '\n' ' ' | grep -q '<details class="event[^"]*"><summary>.*call trace:</p><pre>.*oom_kill_process' && echo 0 || echo 1)" \
	"with its call trace, collapsed in <details>"
shot "$d/report.html" "$d/report.png"
ok "$([ "$(stat -c %s "$d/report.png" 2>/dev/null || echo 0)" -gt 50000 ] && echo 0 || echo 1)" "a screenshot: $d/report.png"

"$MEMSTRESS" run -q --results "$RESULTS/b" --set scenario.duration=8s xfs-fstx >/dev/null 2>&1
d=$(ls -d "$RESULTS"/b/*/ | head -1)
"$MEMSTRESS" report --html --no-write "$d" >/dev/null 2>&1
dom=$(browse "$d/report.html")
ok "$([ "$(svg_paths "$dom" throughput-fstx)" -gt 0 ] && echo 0 || echo 1)" "report --html of an fstx run draws the fstx throughput plot"
like "$dom" "Throughput of fstx: transactions" "titled by the engine"
like "$dom" "transactions per second" "in the engine's unit"
like "$dom" "filesystem shutdown forced by memstress \(durability check\) <i>\(memstress ordered it: not an error\)</i>" \
	"the forced shutdown is memstress's, not an error"
is "$(leftovers)" "" "nothing left behind"
done_testing
