#!/bin/bash
# What a person sees: `memstress run` in a terminal (tmux) shows the live
# display redrawn in place — scenario and phase, elapsed and remaining time,
# memory against the limit as a bar, PSI, the counters — then the table of
# checks, in colour; with NO_COLOR no colour at all; and in a log (not a
# terminal) plain lines every few seconds without any escape sequence.
. "$(dirname "$0")/../lib.sh"
need_root
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 12
sock=$TMP/tmux.sock
tm() { tmux -S "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMP"' EXIT

start() { # ENV... : run the default scenario (14 s) in a fresh 150x45 terminal
	tm kill-server 2>/dev/null
	tm new-session -d -x 150 -y 45 "env $* TERM=xterm-256color $MEMSTRESS run --results $RESULTS --set scenario.duration=14s; echo EXIT=\$?; sleep 60"
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
like "$mid" "memory [0-9.]+[KMG] / 128\.0M +[█░]{20} +[0-9]+%" "memory against the limit as a bar"
like "$mid" "psi (n/a|some [0-9.]+%)" "PSI (or why there is none)"
like "$mid" "oom kills [0-9]+ +faults [0-9]+ +GFP_NOFS fails [0-9]+ +alloc fails [0-9]+ +stalls [0-9]+" "the counters"
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

"$MEMSTRESS" run --results "$RESULTS" --set scenario.duration=12s >"$TMP/log" 2>&1
like "$(cat "$TMP/log")" "memstress: default running 0:0[0-9]/0:12 mem .* oom [0-9]+ faults [0-9]+" "in a log: plain status lines"
is "$(grep -c $'\033' "$TMP/log")" 0 "and no escape sequence at all"
done_testing
