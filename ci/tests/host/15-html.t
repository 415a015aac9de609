#!/bin/bash
# report.html renders in a real browser (headless Chromium): the memory plot
# with its limit and OOM-kill markers, the event timeline, the throughput plot
# of an fstx run, the checks table and the kernel events with their stacks.
# The screenshot is kept in the run directory (report.png) to look at.
. "$(dirname "$0")/../lib.sh"
need_root
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || skip_all "chromium is not installed"
command -v gnuplot >/dev/null || skip_all "gnuplot is not installed"
plan 12
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
ok "$([ "$(svg_paths "$dom" throughput)" -gt 0 ] && echo 0 || echo 1)" "report --html of an fstx run draws the throughput plot"
like "$dom" "Throughput of the built-in engines" "titled"
is "$(leftovers)" "" "nothing left behind"
done_testing
