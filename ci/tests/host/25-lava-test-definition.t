#!/bin/bash
# The test definition in Linaro's layout (ci/lava/test-definitions): their
# validate.py passes it (metadata, YAML, shellcheck), and memstress.sh, run
# as LAVA would run it (from its directory, SKIP_INSTALL=true, this tree's
# memstress on the PATH), writes output/result.txt for send-to-lava.sh: a
# lava-test-set per scenario, SCENARIO.CHECK cases, a failed check's reason
# in its log and its figure as a measurement, a skip-file entry as a skip, no colour codes, and a harness
# error in output/harness-error instead of a failed case.
. "$(dirname "$0")/../lib.sh"
need_root
/usr/bin/python3 -c 'import yaml, magic, pycodestyle' 2>/dev/null ||
	skip_all "python3-yaml, python3-magic or python3-pycodestyle is not installed (ci/setup installs them)"
command -v shellcheck >/dev/null || skip_all "shellcheck is not installed"
command -v stress-ng >/dev/null || skip_all "stress-ng is not installed (the default scenario runs it)"
plan 12
td=$TOP/ci/lava/test-definitions
dir=automated/linux/memstress

for f in $dir/memstress.yaml $dir/memstress.sh; do
	v=$(cd "$td" && /usr/bin/python3 validate.py -v -r "$TMP/validate.txt" -f "$f" 2>&1)
	ok $? "validate.py $f: $(printf '%s\n' "$v" | grep -c PASSED) passed"
	[ -z "$(printf '%s\n' "$v" | grep FAILED)" ] || printf '%s\n' "$v" | sed 's/^/#   /' >&2
done
v=$(shellcheck -x -P "$td/$dir" "$td/$dir/memstress.sh" 2>&1)
is "$v" "" "shellcheck -x (following sh-test-lib): nothing to say"

# a copy, as LAVA's checkout; this tree's memstress first on the PATH
cp -a "$td" "$TMP/td"
mkdir -p "$TMP/bin"
ln -s "$MEMSTRESS" "$TMP/bin/memstress"
echo "memcg-victim-size known slow here" >"$TMP/td/$dir/skipfile-test"
cd "$TMP/td/$dir" || exit 1
PATH=$TMP/bin:$PATH ./memstress.sh -s "default memcg-victim-*" -d 8s -S skipfile-test -i true \
	-e "--set expect.oom_kills=0" >"$TMP/sh.out" 2>&1
r=output/result.txt
like "$(cat $r)" '^lava-test-set start default$' "a lava-test-set per scenario: default"
like "$(grep -c '^lava-test-set stop' $r)" '^3$' "and one for each of the three scenarios"
is "$(grep -c '^default\.oom\.kills ' $r)" 1 "each check is one case (no check twice)"
like "$(grep '^default\.' $r | tr '\n' ' ')" 'default\.oom\.victim pass .*default\.oom\.kills fail' \
	"its checks are cases SCENARIO.CHECK, the failed one fail, the others pass"
like "$(grep '^default\.oom\.kills ' $r)" '^default\.oom\.kills fail [1-9][0-9]* kills$' \
	"the failed case carries the figure it judged: the OOM kills, as a measurement"
like "$(cat output/default.oom.kills.log 2>&1)" '^expected .*OOM kill' "the failed case's reason is its log (send-to-lava.sh shows it)"
like "$(grep '^memcg-victim-size\.' $r)" 'skip$' "a scenario in the skip file is a skip"
is "$(grep -c $'\e\\[' "$TMP/sh.out")" 0 "no colour codes in what memstress.sh printed (NO_COLOR)"

rm -rf output
PATH=$TMP/bin:$PATH ./memstress.sh -s "default no-such-scenario" -d 5s -i true >"$TMP/sh2.out" 2>&1
like "$(cat output/harness-error 2>&1)|$(grep -c 'no-such-scenario' output/result.txt)" \
	"no-such-scenario: harness error \(exit 2\): .*no scenario 'no-such-scenario'.*\|0$" \
	"a misspelt scenario is a harness error with its reason (for lava-test-raise), not a failed case"
cd "$TOP" || exit 1
done_testing
