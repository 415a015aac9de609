#!/bin/bash
# From a failed fault run to what a maintainer can act on (issue 36). On
# ci/broken-kernels/leak-on-error-path (xlog_kvmalloc's fallback leaks 64
# bytes), xfs-failslab fails kernel.no_leaks.
# - `memstress report --format upstream RUN`: the title names the XFS
#   function the leaked object was allocated in, as syzbot's "memory leak
#   in" does; it names the kernel's commit, quotes kmemleak's object, says
#   whether the injected faults could fail without injection, fits 80
#   columns, and ends with the scenario, which runs (and passes on vanilla).
# - `memstress repro RUN` narrows the run to the XFS function whose failed
#   allocations leak, confirmed both ways (fails with the faults aimed
#   there, passes without faults; --confirm 2 here, 5 by default), then to
#   one fault: one fstx operation alone with fail-nth N under that function,
#   confirmed against the same step unarmed. Its repro.ini fails 5 of 5
#   on the broken kernel and passes 5 of 5 on vanilla; its repro.sh builds repro.c (cc -static), boots the run's
#   kernel with it as /init and says reproduced, with kmemleak's object
#   allocated under the function, and boots vanilla and says not.
# - Neither has anything to say of a run that passed: exit 2, nothing written;
#   nor repro of a run whose kernel image is gone, that an older memstress
#   made, or that injected no faults.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 29
broken=$("$TOP/ci/broken-kernel" leak-on-error-path 2>"$TMP/build.err")
ok $? "the leak-on-error-path kernel builds"
[ -n "$broken" ] || { sed 's/^/# /' "$TMP/build.err" >&2; broken=/nonexistent; }

# runs on a broken kernel go below broken/ (keep_results: not coverage)
B=$TMP/results/broken V=$TMP/results/vanilla
RESULTS=$B mrun --kernel "$broken" --set scenario.duration=20s xfs-failslab
is_rc 1 "xfs-failslab fails on the leak-on-error-path kernel"
d=$(RESULTS=$B last_run)

# the upstream report
"$MEMSTRESS" report --format upstream "$d" >"$TMP/report.txt" 2>"$TMP/report.err"
is $? 1 "report --format upstream exits with the run's own code"
flat=$(tr '\n' ' ' <"$TMP/report.txt" | tr -s ' ') # the wrapped lines joined
like "$(sed -n 3p "$TMP/report.txt")" '^memory leak in (xfs|xlog)_[a-z_]+$' \
	"the title names the XFS function the leak was allocated in: $(sed -n 3p "$TMP/report.txt")"
like "$flat" 'kernel source: git tree [^ ]+, commit [0-9a-f]{12}' "it names the kernel's commit"
like "$(cat "$TMP/report.txt")" $'BUG: memory leak\nunreferenced object 0x[0-9a-f]+ \\(size [0-9]+\\):' \
	"it quotes kmemleak's first object"
like "$flat" 'Of [0-9]+ traced with their flags \(of [0-9]+\): [0-9]+ yes .*' \
	"it says whether the injected faults could fail without injection"
is "$(awk 'length > 80' "$TMP/report.txt")" "" "every line fits 80 columns"
[ -s "$TMP/report.err" ] && sed 's/^/# stderr: /' "$TMP/report.err" >&2
sed -n '/^\[scenario\]$/,$p' "$TMP/report.txt" >"$TMP/scenario.ini"
like "$(sed -n 2p "$TMP/scenario.ini")" "^description = xfs-failslab, as run $(basename "$d") ran it$" \
	"the report ends with the run's scenario"

# repro: the site, confirmed both ways
"$MEMSTRESS" repro -q --confirm 2 --sites 3 "$d" >"$TMP/repro.out" 2>"$TMP/repro.err"
rc=$?
is "$rc" 0 "repro narrows the run to a site and then to one fault, confirmed"
[ "$rc" = 0 ] || sed 's/^/# /' "$TMP/repro.out" "$TMP/repro.err" >&2
site=$(sed -n 's/.* when its faults are aimed at \([a-z0-9_]*\),.*/\1/p' "$TMP/repro.out")
like "$site" '^(xfs|xlog)_[a-z_]+$' "the site is an XFS function: $site"
like "$(awk '/^\[/ { s = $0 } s == "[fault.failslab]" && /^target/' "$d/repro/site.ini")" "^target = $site\$" \
	"site.ini aims failslab at it"
like "$(sed -n 3p "$d/repro/report.txt")" "^memory leak in (xfs|xlog)_[a-z_]+$" \
	"its report.txt is titled by the leak: $(sed -n 3p "$d/repro/report.txt")"
like "$(grep -c $'\ttry\t1\tkernel.no_leaks\t' "$d/repro/repro.log")" '^1$' \
	"repro.log has the site's try, failed the same way (the one fault's control stands for its run without faults)"

# one fault, and the program that reproduces it without memstress
fault=$(sed -n "s/^one fault: fstx's \([a-z]*\) alone, fail-nth \([0-9]*\) under \([a-z0-9_]*\),.*/\1 \2 \3/p" "$TMP/repro.out")
like "$fault" "^[a-z]+ [12] $site\$" "it narrows the site to one fault: fstx's operation alone, fail-nth N under $site: $fault"
set -- $fault
is "$(awk '/^\[/ { s = $0; next } s == "[fault.fail-nth]" && /^(ops|only_n|target) =/ { printf "%s ", $3 }' "$d/repro/repro.ini")" \
	"${1:-?} ${2:-?} $site " "repro.ini is that one fault (ops, only_n, target of [fault.fail-nth])"
like "$(grep -c $'\tunarmed\t0\t' "$d/repro/repro.log")" '^2$' \
	"repro.log has the two runs of the step with fail-nth unarmed, passed"
# repro.ini, 5 times on each kernel
nb=0 nv=0
for i in 1 2 3 4 5; do
	RESULTS=$B mrun --kernel "$broken" "$d/repro/repro.ini"
	[ "$rc" = 1 ] && [ "$(json "$(RESULTS=$B last_run)/result.json" '",".join(c["name"] for c in r["checks"] if c["status"] == "fail")')" = kernel.no_leaks ] &&
		nb=$((nb + 1))
	RESULTS=$V mrun --kernel "$KERNEL" "$d/repro/repro.ini"
	[ "$rc" = 0 ] && nv=$((nv + 1))
done
is "$nb:$nv" "5:5" "repro.ini fails kernel.no_leaks alone on the broken kernel 5 of 5, and passes on vanilla 5 of 5"
"$d/repro/repro.sh" >"$TMP/sh.out" 2>&1
is "$?:$(grep -c '^memstress-repro: REPRODUCED' "$TMP/sh.out")" "0:1" \
	"repro.sh builds repro.c, boots the broken kernel with it, and says reproduced"
[ "$(grep -c '^repro.sh: reproduced' "$TMP/sh.out")" = 1 ] || tail -30 "$TMP/sh.out" | sed 's/^/#   sh: /' >&2
like "$(sed -n '/^unreferenced object/,/^memstress-repro/p' "$TMP/sh.out" | grep -c "^ *$site+")" '^[1-9]' \
	"the program printed kmemleak's object, allocated under $site"
"$d/repro/repro.sh" "$KERNEL" >"$TMP/sh2.out" 2>&1
is "$?:$(grep -c '^memstress-repro: NOT REPRODUCED' "$TMP/sh2.out")" "1:1" \
	"on vanilla (repro.sh BZIMAGE) it says not reproduced"

# the report's scenario, as a maintainer would run it, on vanilla
RESULTS=$V mrun --kernel "$KERNEL" --set scenario.duration=20s "$TMP/scenario.ini"
is_rc 0 "the report's scenario passes on vanilla"
v=$(RESULTS=$V last_run)
"$MEMSTRESS" report --format upstream "$v" >"$TMP/none.txt" 2>"$TMP/none.err"
is "$?:$(wc -c <"$TMP/none.txt")" "2:0" "a passing run has no upstream report (exit 2, nothing printed)"
"$MEMSTRESS" repro "$v" >"$TMP/none.txt" 2>>"$TMP/none.err"
is "$?:$(wc -c <"$TMP/none.txt"):$([ -e "$v/repro" ] && echo made)" "2:0:" \
	"nor a repro (exit 2, nothing made)"
like "$(tr '\n' ' ' <"$TMP/none.err")" "verdict is pass.*failed run.*verdict is pass: repro narrows a failed run" \
	"both say why"
# runs repro cannot narrow: said, exit 2, nothing made (copies of the failed run)
bad() { # WHAT PYTHON-EDIT-OF-r: a copy of the failed run with result.json edited
	rm -rf "$TMP/bad" && mkdir "$TMP/bad" && cp "$d/result.json" "$d/scenario.ini" "$TMP/bad/" &&
		python3 -c "import json,sys; r=json.load(open(sys.argv[1])); $2; json.dump(r, open(sys.argv[1], 'w'))" \
			"$TMP/bad/result.json"
	"$MEMSTRESS" repro "$TMP/bad" >"$TMP/bad.out" 2>"$TMP/bad.err"
	is "$?:$(wc -c <"$TMP/bad.out"):$([ -e "$TMP/bad/repro" ] && echo made)" "2:0:" \
		"repro of a run $1: exit 2, nothing made ($(cat "$TMP/bad.err"))"
}
bad "whose kernel image is gone" 'r["target"]["kernel_image"] = "/nonexistent/bzImage"'
bad "from an older memstress (no fault sites)" 'del r["faults"]["sites"]'
bad "that injected no faults" 'r["faults"]["fired"] = 0'
is "$(leftovers)" "" "nothing left running"
done_testing
