#!/bin/bash
# What a person sees: `memstress run` in a terminal (tmux) shows the live
# display redrawn in place — scenario and phase, elapsed and remaining time,
# memory against the limit as a bar, PSI, the counters — then the table of
# checks, in colour; with NO_COLOR no colour at all; and in a log (not a
# terminal) plain lines every few seconds without any escape sequence. At
# 80x24 every line of the display fits (nothing wraps) and the display keeps
# its height; at 200x50 the long forms show.
. "$(dirname "$0")/../lib.sh"
need_root
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 19
n=0 sock=$TMP/tmux.0.sock
tm() { tmux -S "$sock" "$@"; }
trap 'for s in "$TMP"/tmux.*.sock; do tmux -S "$s" kill-server 2>/dev/null; done; at_exit' EXIT

start() { # ENV... : run the default scenario (14 s) in a fresh terminal (150x45, or $SIZE)
	local size=${SIZE:-150x45}
	tm kill-server 2>/dev/null
	n=$((n + 1)) sock=$TMP/tmux.$n.sock # a new server: the old one may still be exiting
	tm new-session -d -x "${size%x*}" -y "${size#*x}" "env $* TERM=xterm-256color $MEMSTRESS run --results $RESULTS --set scenario.duration=14s; echo EXIT=\$?; sleep 60"
}
wait_for() { # TEXT: until the pane shows it (30 s at most)
	for _ in $(seq 150); do tm capture-pane -p | grep -q -- "$1" && return 0; sleep 0.2; done
	return 1
}

start
wait_for "0:0[5-9] / 0:14"
mid=$(tm capture-pane -p)
printf '%s\n' "$mid" | sed 's/^/# /'
like "$mid" "memstress default +running +0:0[5-9] / 0:14 .*[█░]+ +0:0[5-9] left" "the first line: scenario, phase, elapsed / duration, a bar, time left"
like "$mid" "memory [0-9.]+[KMG] / 128\.0M +[0-9]+% +[█░]{20}" "memory against the limit as a bar"
like "$mid" "psi (n/a|some [0-9.]+%)" "PSI (or why there is none)"
like "$mid" "oom kills [0-9]+ +kernel failures [0-9]+ +stalls [0-9]+ +GFP_NOFS fails [0-9]+ +alloc fails [0-9]+ +faults [0-9]+" "the counters"
is "$(printf '%s\n' "$mid" | grep -c 'oom kills')" 1 "redrawn in place: one display, not a scroll of them"
wait_for "EXIT="
end=$(tm capture-pane -p)
like "$end" "PASS +oom.victim +the OOM killer picked hog" "at the end, the table of checks with evidence"
like "$end" "results: $RESULTS/" "and where the results are"
is "$(printf '%s\n' "$end" | grep -c 'oom kills')" 0 "the live display is gone from the screen"
colored=$(tm capture-pane -p -e)
like "$colored" $'\033\\[[0-9;]*32mPASS' "PASS is green on a terminal"

start NO_COLOR=1
wait_for "EXIT="
is "$(tm capture-pane -p -e | grep -c $'\033\\[[0-9;]*3[0-9]m')" 0 "NO_COLOR=1: no colour"
tm kill-server 2>/dev/null

# 80x24: sample the screen through the run; the display's lines never reach
# the last column (a wrapped line would push the rest down) and the display
# keeps its height: the lines from its first to the bottom of the screen
# (a warning the run prints goes above it, and a loaded machine may bring
# one: a slow OOM victim's, two lines at 80 columns)
SIZE=80x24 start
wait_for "0:0[1-9] / 0:14"
heights= widest=0 seen=
for _ in $(seq 12); do
	scr=$(tm capture-pane -p)
	printf '%s\n' "$scr" | grep -q "EXIT=" && break
	heights="$heights $(printf '%s\n' "$scr" | sed -n '/^memstress default .* \/ 0:14/,$p' | grep -c .)"
	w=$(printf '%s\n' "$scr" | grep -E "memstress default|memory |oom" | LC_ALL=C.UTF-8 wc -L) # columns, not bytes
	[ "$w" -gt "$widest" ] && widest=$w
	printf '%s\n' "$scr" | grep -qE "^memstress default .* / 0:14" && printf '%s\n' "$scr" | grep -qE "^ +memory " &&
		printf '%s\n' "$scr" | grep -qE "^ +oom" && seen=1
	sleep 0.8
done
printf '%s\n' "$scr" | sed 's/^/# /'
ok "$([ -n "$seen" ] && echo 0 || echo 1)" "80x24: the three lines of the display show"
ok "$([ "$widest" -gt 40 ] && [ "$widest" -lt 80 ] && echo 0 || echo 1)" "80x24: none reaches the last column (widest: $widest)"
is "$(printf '%s\n' $heights | sort -u)" 3 "80x24: the display keeps its three lines (lines:$heights)"
wait_for "EXIT="
like "$(tm capture-pane -p)" "verdict: pass" "80x24: the run ends with its verdict"

SIZE=200x50 start
wait_for "0:0[5-9] / 0:14"
wide=$(tm capture-pane -p)
like "$wide" "oom kills [0-9]+ +kernel failures [0-9]+ +stalls [0-9]+ +GFP_NOFS fails" "200x50: the long forms"
like "$wide" "psi (n/a|some [0-9.]+% +full [0-9.]+%)" "200x50: PSI in full"
is "$(printf '%s\n' "$wide" | grep -c 'oom kills')" 1 "200x50: one display"
tm kill-server 2>/dev/null

"$MEMSTRESS" run --results "$RESULTS" --set scenario.duration=12s >"$TMP/log" 2>&1
like "$(cat "$TMP/log")" "memstress: default running 0:0[0-9]/0:12 mem .* oom [0-9]+ faults [0-9]+" "in a log: plain status lines"
is "$(grep -c $'\033' "$TMP/log")" 0 "and no escape sequence at all"
done_testing
