#!/bin/bash
# A failed fault run as a report for the kernel's lists (issue 36):
# `memstress report --format upstream RUN`. On ci/broken-kernels/
# leak-on-error-path (xlog_kvmalloc's fallback leaks 64 bytes), xfs-failslab
# fails kernel.no_leaks; the report's title names the XFS function the leaked
# object was allocated in, as syzbot's "memory leak in" does, it quotes
# kmemleak's object and says whether the injected faults could fail without
# injection, and it fits 80 columns. The scenario it carries reruns the
# failure on that kernel and passes on vanilla. A run that did not fail has
# no such report: exit 2, nothing written.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 15
broken=$("$TOP/ci/broken-kernel" leak-on-error-path 2>"$TMP/build.err")
ok $? "the leak-on-error-path kernel builds"
[ -n "$broken" ] || { sed 's/^/# /' "$TMP/build.err" >&2; broken=/nonexistent; }

# runs on a broken kernel go below broken/ (keep_results: not coverage)
RESULTS=$TMP/results/broken mrun --kernel "$broken" --set scenario.duration=20s xfs-failslab
is_rc 1 "xfs-failslab fails on the leak-on-error-path kernel"
d=$(RESULTS=$TMP/results/broken last_run)
"$MEMSTRESS" report --format upstream "$d" >"$TMP/report.txt" 2>"$TMP/report.err"
is $? 1 "report --format upstream exits with the run's own code"
report=$(cat "$TMP/report.txt")
flat=$(tr '\n' ' ' <"$TMP/report.txt" | tr -s ' ') # the wrapped lines joined
like "$(sed -n 3p "$TMP/report.txt")" '^memory leak in (xfs|xlog)_[a-z_]+$' \
	"the title names the XFS function the leak was allocated in: $(sed -n 3p "$TMP/report.txt")"
like "$flat" 'kernel source: git tree [^ ]+, commit [0-9a-f]{12}' "it names the kernel's commit"
like "$report" $'BUG: memory leak\nunreferenced object 0x[0-9a-f]+ \\(size [0-9]+\\):' \
	"it quotes kmemleak's first object"
like "$flat" 'Of [0-9]+ traced with their flags \(of [0-9]+\): [0-9]+ yes .*' \
	"it says whether the injected faults could fail without injection"
is "$(awk 'length > 80' "$TMP/report.txt")" "" "every line fits 80 columns"
[ -s "$TMP/report.err" ] && sed 's/^/# stderr: /' "$TMP/report.err" >&2

# the scenario it carries, run as a maintainer would
sed -n '/^\[scenario\]$/,$p' "$TMP/report.txt" >"$TMP/scenario.ini"
like "$(sed -n 2p "$TMP/scenario.ini")" "^description = xfs-failslab, as run $(basename "$d") ran it$" \
	"the report ends with the run's scenario"
RESULTS=$TMP/results/broken mrun --kernel "$broken" --set scenario.duration=20s "$TMP/scenario.ini"
is_rc 1 "the report's scenario fails on the same kernel"
d2=$(RESULTS=$TMP/results/broken last_run)
like "$(json "$d2/result.json" '",".join(c["name"] for c in r["checks"] if c["status"] == "fail")')" \
	'^kernel\.no_leaks$' "with the same check"
RESULTS=$TMP/results/vanilla mrun --kernel "$KERNEL" --set scenario.duration=20s "$TMP/scenario.ini"
is_rc 0 "and passes on vanilla"

# a run that passed: no upstream report
"$MEMSTRESS" report --format upstream "$(RESULTS=$TMP/results/vanilla last_run)" >"$TMP/none.txt" 2>"$TMP/none.err"
is "$?:$(wc -c <"$TMP/none.txt")" "2:0" "a passing run has no upstream report (exit 2, nothing printed)"
like "$(cat "$TMP/none.err")" "verdict is pass; the upstream view is of a failed run" "and says why"
is "$(leftovers)" "" "nothing left running"
done_testing
