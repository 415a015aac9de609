#!/bin/bash
# Kernel CI formats: a passing, a failing and a skipped run each write a
# result.json that follows results/result.schema.json, a KTAP file the
# kernel's own kunit_parser and a strict KTAP v1 parser accept, a JUnit file
# that validates against ci/schemas/junit.xsd (Ant's form) and that
# junitparser reads to the checks' counts and times, and a KCIDB file that
# validates against the v5 schema, in the run's --origin; the three runs as
# one KTAP and one JUnit document read right by kunit.py and junitparser;
# `memstress report` writes them again identically, and `memstress compare`
# sees the failing run as a regression.
. "$(dirname "$0")/../lib.sh"
need_root
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jsonschema, junitparser' 2>/dev/null || skip_all "python3-jsonschema or python3-junitparser is not installed (ci/setup installs them)"
command -v xmllint >/dev/null || skip_all "xmllint is not installed (libxml2-utils)"

plan 16
"$MEMSTRESS" run -q --origin memstress_test --results "$RESULTS/pass" --set scenario.duration=8s >/dev/null 2>&1
is "$?" 0 "a short default run passes"
is "$(json "$(ls "$RESULTS"/pass/*/kcidb.json)" 'sorted({t["origin"] for t in r["tests"]} | {t["id"].split(":")[0] for t in r["tests"]}) + [len(r.get("builds", [])), len(r.get("checkouts", []))]')" \
	"['memstress_test', 0, 0]" "KCIDB: its tests are in --origin's origin, and there is no build or checkout for a kernel memstress did not build"
"$MEMSTRESS" run -q --results "$RESULTS/fail" --set scenario.duration=8s --set expect.oom_kills=0 >/dev/null 2>&1
is "$?" 1 "the same run expecting no OOM kill fails"
cat > "$TMP/skip.ini" <<'INI'
[scenario]
description = test: needs what this host lacks
duration = 5s
requires = fault-injection, cgroup-v2
[workload.x]
engine = exec
args = true
INI
if "$MEMSTRESS" check "$TMP/skip.ini" >/dev/null 2>&1; then skipping=0; else skipping=1; fi
"$MEMSTRESS" run -q --allow-exec --results "$RESULTS/skip" "$TMP/skip.ini" >"$TMP/out" 2>&1; rc=$?
if [ $skipping = 1 ]; then is_rc 4 "a run whose requirements are missing is skipped"; else ok 0 "(this host has fault injection and cgroup v2: no skip to test)"; fi

runs=$(ls -d "$RESULTS"/*/*/)
out=$(/usr/bin/python3 "$TOP/ci/tests/validate-run" --require-kunit $runs 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
is "$rc" 0 "every file of every run validates"
is "$(printf '%s\n' "$out" | grep -c '^ok - .*kernel kunit_parser')" "$(echo $runs | wc -w)" "the kernel's KTAP parser read each result.ktap"

# several runs are one KTAP document, a subtest per run: kunit.py counts
# every check and exits non-zero for the failing run among them
kunit=$(/usr/bin/python3 "$TOP/ci/tests/validate-run" --print-kunit)
"$MEMSTRESS" report --format ktap --no-write $runs >"$TMP/all.ktap" 2>/dev/null
is "$(grep -c '^KTAP version 1' "$TMP/all.ktap")" 1 "report --format ktap of $(echo $runs | wc -w) runs: one KTAP document"
n=$(/usr/bin/python3 -c '
import json, sys
c = {"pass": 0, "fail": 0, "skip": 0}
for d in sys.argv[1:]:
    for k in json.load(open(d + "/result.json"))["checks"]:
        c[k["status"]] = c.get(k["status"], 0) + 1
print("Ran %d tests: passed: %d, failed: %d" % (sum(c.values()), c["pass"], c["fail"]) + (", skipped: %d" % c["skip"] if c["skip"] else ""))' $runs)
( cd "$kunit" && /usr/bin/python3 kunit.py parse "$TMP/all.ktap" ) >"$TMP/kunit.out" 2>&1; rc=$?
is_rc 1 "kunit.py parse exits 1 on it: the failing run is seen"
like "$(sed 's/^\[[0-9:]*\] //' "$TMP/kunit.out" | tr '\n' ' ')" "Testing complete. $n" "kunit.py counts every check of every run ($n)"

"$MEMSTRESS" report --format junit --no-write $runs >"$TMP/all.xml" 2>/dev/null
out=$(/usr/bin/python3 "$TOP/ci/tests/validate-run" --junit "$TMP/all.xml" $runs 2>&1)
is "$?" 0 "report --format junit of $(echo $runs | wc -w) runs: one document, a testsuite per run, valid, and junitparser's counts and times are the runs'"
printf '%s\n' "$out" | sed 's/^/# /'
"$MEMSTRESS" run -q --origin Bad-Origin --results "$TMP/x" >"$TMP/out" 2>&1
like "$? $(cat "$TMP/out")" "^2 .*--origin 'Bad-Origin': KCIDB origins are \[a-z0-9_\]\+" "a bad --origin is a usage error that names the rule"

d=$(ls -d "$RESULTS"/fail/*/)
for f in result.ktap junit.xml kcidb.json; do cp "$d/$f" "$TMP/$f.orig"; rm "$d/$f"; done
"$MEMSTRESS" report "$d" >/dev/null 2>&1
is "$?" 1 "memstress report gives the run's verdict"
same=0; for f in result.ktap junit.xml kcidb.json; do cmp -s "$d/$f" "$TMP/$f.orig" || same=1; done
is "$same" 0 "and writes KTAP, JUnit and KCIDB again, identical"
is "$("$MEMSTRESS" report --format ktap --no-write "$d")" "$(cat "$d/result.ktap")" "report --format ktap prints the same KTAP"

"$MEMSTRESS" compare "$RESULTS/pass" "$RESULTS/fail" >"$TMP/cmp.txt" 2>&1; rc=$?
is "$rc" 1 "compare: the failing run is a regression (exit 1)"
like "$(grep pass_rate "$TMP/cmp.txt")" "100% .*0% .*REGRESSION" "in the pass rate"
done_testing
