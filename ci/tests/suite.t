#!/bin/bash
# The suite's self-test (issue 34), run last by `make check` (check-suite):
# what the other suites ran, read back from the result.json files lib.sh
# kept ($MEMSTRESS_SUITE_DIR, build/suite, which `make check` empties
# first). Every shipped scenario (workloads/*.ini) ran at least once on a
# vanilla kernel, the host's or a guest's, with every load workload showing
# its work (a run on a kernel broken on purpose, vm/11-proofs.t's, does not
# count); and no passing run anywhere rests on load that did no work.
. "$(dirname "$0")/lib.sh"

SUITE=${MEMSTRESS_SUITE_DIR:-$TOP/build/suite}
[ -n "$(find "$SUITE" -name result.json 2>/dev/null | head -1)" ] ||
	skip_all "no results kept in $SUITE: make check runs the other suites, then this"
scenarios=$(basename -s .ini "$TOP"/workloads/*.ini)
plan $(( $(echo $scenarios | wc -w) + 1 ))

# One line per kept result, tab-separated:
#   run TEST KERNEL TARGET SCENARIO VERDICT COUNTS WHY
# COUNTS is 1 when it ran to a verdict, pass or fail, with every load
# workload at work (a fail counts: a broken kernel's run fails by the
# kernel's doing, and a test that sets a wrong expectation on purpose
# still ran the scenario); WHY says why not. For a passing run that rests on
# no work, a line per reason:
#   offender TEST/PATH SCENARIO WHAT
/usr/bin/python3 - "$SUITE" >"$TMP/runs" <<'PY' || diag "reading the kept results failed"
import json, os, sys

def out(*fields):
    print("\t".join(" ".join(str(f).split()) for f in fields))

def work(w):
    return w.get("work") or {}

def wname(w):
    return "%s.%s" % (w.get("name", "?"), w.get("instance", 0))

top = sys.argv[1]
for dirpath, dirs, files in os.walk(top):
    dirs.sort()
    if "result.json" not in files:
        continue
    rel = os.path.relpath(dirpath, top)
    test = "/".join(rel.split(os.sep)[:2])
    try:
        kernel = open(os.path.join(dirpath, "kernel")).read().strip()
    except OSError:
        kernel = "unknown"
    try:
        r = json.load(open(os.path.join(dirpath, "result.json")))
        sc, verdict = r["scenario"]["name"], r.get("verdict", "none")
    except (OSError, ValueError, KeyError, TypeError) as e:
        # a test's own stand-in (16-hostile.t's "mine"), not memstress's
        out("unreadable", rel, type(e).__name__)
        continue
    target = (r.get("target") or {}).get("kind", "?")
    wls = r.get("workloads") or []

    # a workload with no work record never started (or was never reaped):
    # for coverage it is load that did not show its work
    load = [w for w in wls if work(w).get("load", True)]
    idle = ["%s: %s" % (wname(w), work(w).get("evidence", "")) if work(w) else
            "%s: no work record (it never started)" % wname(w)
            for w in load if not work(w).get("worked")]
    why = ("verdict %s" % verdict if verdict not in ("pass", "fail") else
           "no load workload" if not load else "; ".join(idle))
    counts = int(verdict in ("pass", "fail") and bool(load) and not idle)
    out("run", test, kernel, target, sc, verdict, counts, why)

    judged = [w for w in wls if work(w).get("load")]
    if verdict != "pass" or not judged:
        continue
    chk = [c for c in r.get("checks", []) if c.get("name") == "workloads.worked"]
    if not chk or chk[0].get("status") != "pass":
        out("offender", rel, sc, "workloads.worked %s: %s" % (chk[0].get("status"), chk[0].get("summary"))
            if chk else "no workloads.worked check")
    for w in judged:
        if not work(w).get("worked"):
            out("offender", rel, sc, "%s did no work: %s" % (wname(w), work(w).get("evidence", "")))
PY

runs() { awk -F'\t' '$1 == "run"' "$TMP/runs"; }
diag "read $(runs | wc -l) results kept by $(runs | cut -f2 | sort -u | wc -l) tests in $SUITE" \
	"($(runs | cut -f3 | sort | uniq -c | awk '{printf "%s%s %s", s, $1, $2; s=", "}'));" \
	"verdicts: $(runs | cut -f6 | sort | uniq -c | awk '{printf "%s%s %s", s, $1, $2; s=", "}')"
awk -F'\t' '$1 == "unreadable" { print "# not a result memstress wrote: " $2 " (" $3 ")" }' "$TMP/runs" >&2

for s in $scenarios; do
	by=$(runs | awk -F'\t' -v s="$s" '$5 == s && $3 == "vanilla" && $7 == 1 { print $2 }' | sort -u | tr '\n' ' ' | sed 's/ $//')
	ok "$([ -n "$by" ]; echo $?)" "$s ran on a vanilla kernel with its load at work: ${by:-no test}"
	[ -n "$by" ] && continue
	# what ran it, and why none of it counts
	runs | awk -F'\t' -v s="$s" '$5 == s { print "#   " $2 " (" $3 " kernel, " $4 "): " $6 ": " ($7 == 1 ? "not a vanilla kernel" : $8) }' |
		sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\2 (x\1)/' >&2
done

off=$(awk -F'\t' '$1 == "offender" { print $2 " (" $3 "): " $4 }' "$TMP/runs")
npass=$(runs | awk -F'\t' '$6 == "pass"' | wc -l)
ok "$([ -z "$off" ]; echo $?)" "every one of the $npass passing runs rests on work: workloads.worked passes and no load workload did nothing"
[ -z "$off" ] || printf '%s\n' "$off" | sed 's/^/#   /' >&2
done_testing
