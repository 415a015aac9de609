#!/bin/bash
# LAVA runs memstress. A real LAVA instance on this machine, from Debian's
# packages (ci/lava/lava-local: PostgreSQL, lava-server's gunicorn and
# scheduler, one lava-worker with one QEMU device under TCG), takes the job
# ci/lava/job-qemu.yaml: it boots memstress's kernel with the ramdisk
# ci/lava/make-ramdisk builds with memstress's Debian package (built here
# from this tree, as host/24 builds it), LAVA puts its test shell into the ramdisk,
# and the test definition ci/lava/memstress.yaml runs two scenarios, one
# check made to fail (--set expect.oom_kills=0). Read back through LAVA's
# REST API: every check is a test case SCENARIO.CHECK with the result the
# run gave, the failed one fail, the skipped one skip; the failed case's
# one-line reason is in the job log, each scenario's result.json is in it
# between markers (and parses), and no colour code is. A second job, with a
# misspelt scenario after a good one, ends Incomplete with the harness
# error's reason (lava-test-raise), keeping the first scenario's cases. A
# third, whose second scenario (ci/lava/stall.ini) outlasts the test
# action's timeout as a hang would, ends Incomplete with the first
# scenario's cases kept and the stalled scenario's set left open. Each case
# carries the figure its check judged as LAVA's measurement; LAVA's page of
# the failed case, in headless Chromium, shows it (and its screenshot is
# kept in build/lava/failed-case.png).
#
# LAVA clones this checkout's HEAD for the test definition: commit what
# ci/lava/ holds before running this by hand.
. "$(dirname "$0")/../lib.sh"
need_kernel
command -v lava-server >/dev/null && command -v lava-worker >/dev/null ||
	skip_all "lava-server and lava-dispatcher are not installed (ci/setup installs them)"
[ -x /bin/busybox ] || skip_all "busybox-static is not installed (ci/setup installs it)"
for t in dpkg-buildpackage dh chromium; do
	command -v "$t" >/dev/null || skip_all "$t is not installed (ci/setup installs debhelper and chromium)"
done
lava=$TOP/ci/lava/lava-local
plan 24
trap '"$lava" down >/dev/null 2>&1; at_exit' EXIT

t0=$(date +%s)
"$lava" up >"$TMP/up.out" 2>&1
ok $? "a LAVA server and worker with a QEMU device come up ($(( $(date +%s) - t0 ))s): $(tail -1 "$TMP/up.out")"
SECONDS=0
deb=$(DEB_BUILD_OPTIONS=nocheck build_deb "$TMP/deb" -b)
ok $? "the Debian package, built without its tests (${SECONDS}s): $(basename "$deb")"
[ -s "$deb" ] || tail -20 "$TMP/deb/build.log" | sed 's/^/#   build: /' >&2
version=$(dpkg-deb -f "$deb" Version 2>/dev/null)
"$TOP/ci/lava/make-ramdisk" --deb "$deb" "$TMP/ramdisk.cpio.gz" stress-ng >"$TMP/rd.out" 2>&1
ok $? "make-ramdisk: $(tail -1 "$TMP/rd.out")"

# LAVA clones the test definition's repository as root: a bare copy of
# this checkout in $TMP, whoever owns the checkout
printf '[safe]\n\tdirectory = *\n' >"$TMP/gitconfig"
GIT_CONFIG_GLOBAL=$TMP/gitconfig git clone -q --bare "$TOP" "$TMP/memstress.git"
LAVA_REPOSITORY=$TMP/memstress.git "$lava" job "$KERNEL" "$TMP/ramdisk.cpio.gz" "default memcg-oom-group" 15s "--set expect.oom_kills=0" >"$TMP/job.yaml"
t0=$(date +%s)
id=$("$lava" submit "$TMP/job.yaml" 2>"$TMP/submit.err")
health=$("$lava" wait "$id" 900)
is "$health" Complete "LAVA job $id ran to the end ($(( $(date +%s) - t0 ))s)"
[ "$health" = Complete ] || "$lava" log "$id" 2>&1 | tail -40 | sed 's/^/# /' >&2
"$lava" results "$id" >"$TMP/results"
awk '$1 ~ /_memstress$/ {print $2, $3, $4, $5}' "$TMP/results" >"$TMP/cases"
sed 's/^/# /' "$TMP/cases"

for s in default memcg-oom-group; do
	n=$(grep -c "^$s\." "$TMP/cases")
	ok "$([ "$n" -ge 8 ] && echo 0 || echo 1)" "$s: $n checks reported as LAVA test cases"
done
is "$(awk '$2 == "fail" {print $1}' "$TMP/cases" | sort | tr '\n' ' ')" \
	"default.oom.kills memcg-oom-group.oom.kills " "the failed checks are LAVA's failed test cases, and only they"
is "$(grep -E '^(default\.oom\.victim|memcg-oom-group\.oom\.group|default\.kernel\.no_leaks) ' "$TMP/cases" | awk '{print $1, $2}' | sort | tr '\n' ' ')" \
	"default.kernel.no_leaks skip default.oom.victim pass memcg-oom-group.oom.group pass " \
	"passed checks pass, and a skipped one (no kmemleak on this boot) is a skip"
kills=$(awk '$1 == "default.oom.kills" {print $3, $4}' "$TMP/cases")
like "$kills" '^[1-9][0-9]*(\.0+)? kills$' "the failed case carries the figure it judged as LAVA's measurement: $kills"

# the failed case's page in LAVA's web UI, as a lab's people see it, in
# headless Chromium: its result and measurement are on it (a screenshot
# is kept in build/lava/ for a human to look at)
suite=$(awk '$2 == "default.oom.kills" {print $1}' "$TMP/results")
page=http://127.0.0.1:8000/results/$id/$suite/default.oom.kills
shots=$TOP/build/lava
mkdir -p "$shots"
rm -f "$shots/failed-case.png"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--user-data-dir="$TMP/chromium")
timeout 60 "${chrome[@]}" --dump-dom "$page" 2>/dev/null | sed 's/<[^>]*>/ /g' | tr -s ' \n' ' ' >"$TMP/page.txt"
timeout 60 "${chrome[@]}" --window-size=1280,800 --screenshot="$shots/failed-case.png" "$page" >/dev/null 2>&1
n=${kills%% *}
like "$(cat "$TMP/page.txt")" "default\.oom\.kills( |&nbsp;)+fail .*measurement : ${n%%.*}(\.0+)? .*units : kills" \
	"LAVA's page of the failed case shows it failed and its measurement ($page)"
ok "$([ -s "$shots/failed-case.png" ] && echo 0 || echo 1)" "a screenshot of that page: $shots/failed-case.png"

"$lava" log "$id" >"$TMP/log"
like "$(cat "$TMP/log")" "run-memstress: memstress [^ ]+, Debian package ${version//./\\.}" \
	"the guest ran the package's memstress ($version), as dpkg -l lists it"
is "$(grep -c $'\e\\[' "$TMP/log")" 0 "no colour codes in the job log (NO_COLOR)"
like "$(cat "$TMP/log")" 'default\.oom\.kills: fail: expected 0 OOM kill' "the failed case's one-line reason is in the log, as its case's log (STARTTC/ENDTC)"
# (LAVA's log escapes every '"' of the target's lines as '\"')
sed -n '/^----- memstress default result.json begin -----$/,/^----- memstress default result.json end -----$/p' "$TMP/log" | sed '1d;$d' | sed 's/\\"/"/g' >"$TMP/default.json"
is "$(json "$TMP/default.json" 'r["verdict"]' 2>&1)" fail "default's result.json is in the log between markers, whole (its verdict: fail)"
is "$(grep -c '^memstress\.harness ' "$TMP/cases")" 0 "no memstress.harness case"

# job N SCENARIOS DURATION: another job, waited for; its id in $jid, its
# health in $health, its log in $TMP/logN, its cases in $TMP/casesN
job() {
	LAVA_TEST_MINUTES=${LAVA_TEST_MINUTES:-20} LAVA_REPOSITORY=$TMP/memstress.git \
		"$lava" job "$KERNEL" "$TMP/ramdisk.cpio.gz" "$2" "$3" "" >"$TMP/job$1.yaml"
	t0=$(date +%s)
	jid=$("$lava" submit "$TMP/job$1.yaml" 2>>"$TMP/submit.err")
	health=$("$lava" wait "$jid" 900)
	"$lava" log "$jid" >"$TMP/log$1"
	"$lava" results "$jid" | awk '$1 ~ /_memstress$/ {print $2, $3}' >"$TMP/cases$1"
}

# a harness error: Incomplete with the reason, the first scenario kept
job 2 "default no-such-scenario" 10s
is "$health" Incomplete "LAVA job $jid (a misspelt scenario) is Incomplete, not Complete"
n=$(grep -c '^default\.' "$TMP/cases2")
ok "$([ "$n" -ge 8 ] && echo 0 || echo 1)" "it kept the first scenario's cases: $n default.* cases"
like "$(cat "$TMP/log2")" 'no-such-scenario: harness error \(exit 2\)' "and the log says why it stopped (lava-test-raise's reason)"

# a hang: the second scenario outlasts the test action's timeout (2 min);
# the job is Incomplete, the first scenario's cases are kept, and the log
# shows which scenario's set never closed
LAVA_TEST_MINUTES=2 job 3 "default ci/lava/stall.ini" ""
is "$health" Incomplete "LAVA job $jid (its second scenario outlasts the timeout) is Incomplete ($(( $(date +%s) - t0 ))s)"
n=$(grep -c '^default\.' "$TMP/cases3")
ok "$([ "$n" -ge 8 ] && grep -q '^default\.oom\.victim pass$' "$TMP/cases3" && echo 0 || echo 1)" \
	"it kept the first scenario's cases: $n default.* cases, default.oom.victim pass"
sets=$(grep -oE 'LAVA_SIGNAL_TESTSET (START|STOP)( [a-z-]+)?' "$TMP/log3" | awk '{print $2, $3}' | tr '\n' ',')
is "$sets|$(grep -c '^stall\.' "$TMP/cases3")" "START default,STOP ,START stall,|0" \
	"the scenario that hung is the one whose set never closed: stall (and it has no case)"
like "$(grep -iE 'timed out|timeout' "$TMP/log3" | tail -3)" '[Tt]imed out|[Tt]imeout' "the log says the test action timed out"
[ "$health" = Incomplete ] || tail -30 "$TMP/log3" | sed 's/^/# /' >&2

"$lava" down
is "$(pgrep -f 'lava-worker|lava-scheduler|lava_server.wsgi' | tr '\n' ' '; leftovers)" "" "LAVA's daemons stopped; nothing left behind"
done_testing
