#!/bin/bash
# Each check proven on a kernel broken on purpose (ci/broken-kernel): the
# shipped scenario passes on vanilla 6.12 and fails on a 6.12 with exactly
# that behaviour broken, naming the right check, every time. Both kernels are
# built from one git tree (ci/broken-kernel: the first build is full, the
# broken ones incremental), and each scenario runs MEMSTRESS_PROOF_RUNS times
# (5) on each.
#
#   patch (ci/broken-kernels/)  scenario (workloads/)   the check that must fail
#   nofs-fails                  nofs-global-oom         alloc.nofs_failures
#                                                       (also when its guest
#                                                       hangs after them: the
#                                                       heartbeats' count)
#   nofs-slab-silent            nofs-global-oom         alloc.nofs_failures, or
#                                                       kernel.setup when one
#                                                       strikes while setting up
#   no-oom-reaper               oom-deadlock            oom.victim_exit
#   memory-high-ignored         memcg-high-throttle     memcg.high_throttles
#   memory-protection-ignored   memcg-protection        memcg.protected.reader
#   leak-on-error-path          xfs-failslab            kernel.no_leaks
#   page-leak-on-error-path     xfs-failslab            kernel.no_page_leaks
#                                                       (and not kernel.no_leaks:
#                                                       kmemleak sees objects,
#                                                       not pages)
#   memory-max-ignored          default                 memcg.max_held
#   oom-group-ignored           memcg-oom-group         oom.group
#   swap-max-ignored            memcg-swap              memcg.swap_max_held
#   nofs-charge-waits           xfs-nofs-latency        alloc.nofs_stall_max
#                                                       (its reclaim rounds stay
#                                                       short: only the
#                                                       allocation's own time
#                                                       shows the wait)
#   fsync-acks-nothing          xfs-fstx                fs.no_lost_data
#                                                       (fsync of a file returns
#                                                       0 at once: what it
#                                                       acknowledged is gone
#                                                       after the shutdown;
#                                                       not xfs-failslab, where
#                                                       XFS may shut itself
#                                                       down in its first
#                                                       seconds, after which
#                                                       every file a call then
#                                                       failed on is unknown:
#                                                       one CI run in five kept
#                                                       nothing to verify)
#   truncate-keeps-blocks       ext4-fstx               fs.fsck
#                                                       (ext4 keeps the blocks
#                                                       past a truncation's
#                                                       size, without an error)
#
# Where a scenario shows the broken behaviour in its first seconds, it runs
# shorter here, the same on both kernels (the fourth column: nofs-global-oom
# gave 58 to 98 real NOFS failures in 45 s on the broken kernel); memcg-protection
# keeps its 25 s: its pusher starts at 8 s and, two guests at once, fills at
# 35 MB/s, so at 14 s one CI run in five ended before the reader lost any of
# its cache. default keeps 20 s: its oom_kills = >=3 needs the hog to fill
# its 128M three times after its start at 3 s, and on a loaded CI machine 12 s
# gave one vanilla run in 25 only 2 kills. The runs go two at a time (two
# guests at once: the checks hold with half the machine each, and make test
# stays within its time), a vanilla run mostly beside a broken one; rows
# with the same scenario and duration share their vanilla runs.
#
# All the kernels say the same release (6.12.118+) and come from one tree:
# their KCIDB checkout ids must still be one per kernel, each the kernel's own commit,
# one per kernel over its runs, and every file of their runs must validate.
. "$(dirname "$0")/../lib.sh"
need_kernel

runs=${MEMSTRESS_PROOF_RUNS:-5}
proofs="nofs-fails nofs-global-oom alloc.nofs_failures 30s
nofs-slab-silent nofs-global-oom alloc.nofs_failures|kernel.setup 30s
no-oom-reaper oom-deadlock oom.victim_exit 16s
memory-high-ignored memcg-high-throttle memcg.high_throttles 10s
memory-protection-ignored memcg-protection memcg.protected.reader -
leak-on-error-path xfs-failslab kernel.no_leaks 12s
page-leak-on-error-path xfs-failslab kernel.no_page_leaks 12s
memory-max-ignored default memcg.max_held 20s
oom-group-ignored memcg-oom-group oom.group 12s
swap-max-ignored memcg-swap memcg.swap_max_held 12s
nofs-charge-waits xfs-nofs-latency alloc.nofs_stall_max 15s
fsync-acks-nothing xfs-fstx fs.no_lost_data 12s
truncate-keeps-blocks ext4-fstx fs.fsck 12s"
# MEMSTRESS_PROOFS=REGEX: only the patches it matches (a developer proving
# one new check; CI runs them all)
[ -n "${MEMSTRESS_PROOFS:-}" ] && proofs=$(grep -E "^(${MEMSTRESS_PROOFS}) " <<<"$proofs")
[ -n "$proofs" ] || { echo "Bail out! MEMSTRESS_PROOFS=$MEMSTRESS_PROOFS matches no patch"; exit 255; }
plan $(( $(echo "$proofs" | wc -l) * 2 + 9 + $(grep -c '^page-leak-on-error-path ' <<<"$proofs") +
	$(grep -c '^nofs-charge-waits ' <<<"$proofs") ))

vanilla=$("$TOP/ci/broken-kernel" vanilla 2>"$TMP/build.err") ||
	{ sed 's/^/# /' "$TMP/build.err" >&2; skip_all "cannot build the vanilla test kernel"; }
ok 0 "the test tree's vanilla kernel: $vanilla"

# run KERNEL SCENARIO DURATION OUT [RUN-OPTION...]: "rc failed-checks" of one
# run, into OUT (and its directory into OUT.dir).
# The vanilla kernel's runs go below $RESULTS/vanilla, the broken ones' below
# $RESULTS/broken: the suite's self-test (ci/tests/suite.t) must not count a
# run on a broken kernel as the scenario's coverage.
# A run that QEMU's own death left without a verdict (vm.emulator: exit 3)
# is said on stderr and run once more: a proof is about the kernel's verdicts.
run() {
	local kind=broken
	[ "$1" = "$vanilla" ] && kind=vanilla
	local d=$RESULTS/$kind/$(date +%s%N)$RANDOM rc r
	mkdir -p "$d"
	for try in 1 2; do
		"$MEMSTRESS" run -q --results "$d" --kernel "$1" ${3:+--set scenario.duration=$3} "${@:5}" "$2" >"$4.log" 2>&1 </dev/null
		rc=$?
		r=$(ls -td "$d"/*/ | head -1)
		[ "$rc" = 3 ] && [ "$try" = 1 ] &&
			[ "$(json "$r/result.json" 'r.get("vm", {}).get("outcome")' 2>/dev/null)" = emulator_failure ] || break
		diag "$r: $(json "$r/result.json" 'r["vm"]["detail"]'); once more"
	done
	echo "$r" >"$4.dir"
	echo "$rc $(json "$r/result.json" '",".join(c["name"] for c in r["checks"] if c["status"] == "fail") or "-"' 2>/dev/null)" >"$4"
	# which checkout KCIDB names for this kernel, and the commit it was built from
	echo "$1 $(json "$r/kcidb.json" 'r["checkouts"][0]["id"]' 2>/dev/null) $(json "$r/result.json" 'r["target"]["kernel_build"]["git_commit"]' 2>/dev/null) $r" >>"$TMP/checkouts"
}

# explain RUN-FILE: why a run did not go as the row wants, for CI's log: its
# failed checks with their summaries, and for a guest that did not finish,
# the end of its console
explain() {
	local r=$(cat "$1.dir")
	diag "$r: $(cat "$1")"
	json "$r/result.json" '"\n".join("%s: %s" % (c["name"], c["summary"][:300]) for c in r["checks"] if c["status"] in ("fail", "error"))' 2>/dev/null |
		sed 's/^/#   /' >&2
	case ",$(cut -d' ' -f2 "$1")," in
	*,vm.*)
		tail -n 25 "$r/console.log" 2>/dev/null | sed 's/^/#   console: /' >&2
		tail -n 5 "$r/vm/qemu.log" 2>/dev/null | sed 's/^/#   qemu: /' >&2
		;;
	esac
	return 0
}

# The broken kernels first (one build at a time, before any guest: a
# build beside two guests would slow them)
declare -A kernel
while read -r patch _ <&3; do
	kernel[$patch]=$("$TOP/ci/broken-kernel" "$patch" 2>"$TMP/build.err") ||
		{ sed 's/^/# /' "$TMP/build.err" >&2; kernel[$patch]=; }
done 3<<<"$proofs"
setup_patch=nofs-slab-silent
[ -n "${kernel[$setup_patch]+set}" ] || kernel[$setup_patch]=$("$TOP/ci/broken-kernel" "$setup_patch" 2>/dev/null)

# The runs, two guests at a time, each starting as soon as a slot is free
# (a pair no longer waits for its slower half). A scenario's vanilla runs
# are made once for every row with that scenario and duration
# (nofs-global-oom proves two patches, xfs-failslab two). One job a
# line: OUT KERNEL SCENARIO DURATION [RUN-OPTION...]
mkdir -p "$TMP/r"
jobs=$TMP/jobs
: >"$jobs"
declare -A queued vanilla_of
for i in $(seq "$runs"); do
	while read -r patch scenario check dur <&3; do
		[ "$dur" = - ] && dur=
		g=$scenario@${dur:-default}
		vanilla_of[$patch]=$g
		[ -n "${kernel[$patch]}" ] || continue
		if [ -z "${queued[$g-$i]:-}" ]; then
			queued[$g-$i]=1
			echo "$TMP/r/v-$g-$i $vanilla $scenario ${dur:--}" >>"$jobs"
		fi
		echo "$TMP/r/b-$patch-$i ${kernel[$patch]} $scenario ${dur:--}" >>"$jobs"
	done 3<<<"$proofs"
done
# A kernel failure while setting up is the kernel's failure, not the
# harness's: on nofs-slab-silent a 64G ext4 (512 groups, each with a GFP_NOFS
# group-info allocation at mount) always crosses its 400th filesystem NOFS
# allocation while mounting, so the mount fails with ENOMEM: kernel.setup
# must fail (exit 1, what memstress bisect calls bad) naming the allocation,
# every time; vanilla mounts it and passes.
if [ -n "${kernel[$setup_patch]}" ]; then
	echo "$TMP/r/setup-v $vanilla nofs-global-oom 12s --set fs.size=64G" >>"$jobs"
	for i in 1 2 3; do
		echo "$TMP/r/setup-b-$i ${kernel[$setup_patch]} nofs-global-oom 12s --set fs.size=64G" >>"$jobs"
	done
fi
slots=0
while read -r out k scenario dur opts <&3; do
	[ "$dur" = - ] && dur=
	if [ "$slots" -ge 2 ]; then
		wait -n
		slots=$((slots - 1))
	fi
	# shellcheck disable=SC2086 # the options are words
	# (3<&-: the runs and their QEMU do not share the list's read position)
	run "$k" "$scenario" "$dur" "$out" $opts 3<&- &
	slots=$((slots + 1))
done 3<"$jobs"
wait

while read -r patch scenario check dur <&3; do
	g=${vanilla_of[$patch]}
	if [ -z "${kernel[$patch]}" ]; then
		# as many as the row's tests in the plan
		for t in 1 2 $(grep -Ex 'page-leak-on-error-path|nofs-charge-waits' <<<"$patch"); do
			ok 1 "$patch builds"
		done
		continue
	fi
	good=0 bad=0 vlog= blog=
	for i in $(seq "$runs"); do
		v=$(cat "$TMP/r/v-$g-$i") b=$(cat "$TMP/r/b-$patch-$i")
		vlog="$vlog [$v]"
		if [ "${v%% *}" = 0 ]; then good=$((good + 1)); else explain "$TMP/r/v-$g-$i"; fi
		blog="$blog [$b]"
		# the check column is an extended regex of failed check names
		if [ "${b%% *}" = 1 ] && printf '%s\n' "${b#* }" | tr , '\n' | grep -Eqx "$check"; then
			bad=$((bad + 1))
		else
			explain "$TMP/r/b-$patch-$i"
		fi
	done
	is "$good/$runs" "$runs/$runs" "$scenario passes on vanilla 6.12 ($vlog )"
	is "$bad/$runs" "$runs/$runs" "$scenario fails with $check on the $patch kernel ($blog )"
	last=$(cat "$TMP/r/b-$patch-$runs.dir")
	if [ "$patch" = nofs-charge-waits ]; then
		# the last broken run: its allocations waited, its rounds did not
		like "$(json "$last/result.json" '"%d %d" % (r["alloc_latency"]["nofs_max_ms"], r["alloc_stalls"]["max_ms"])')" \
			'^(1[2-9][0-9][0-9]|[2-9][0-9][0-9][0-9]|[0-9]{5,}) ([0-9]{1,2}|[1-8][0-9][0-9]) *$' \
			"$patch: the longest NOFS allocation took the 1.2 s wait, the longest reclaim round under 900 ms"
	fi
	if [ "$patch" = page-leak-on-error-path ]; then
		is "$(grep -o 'kernel.no_leaks' <<<"$blog" | wc -l)" 0 \
			"kmemleak alone does not catch the $patch kernel: kernel.no_leaks passed in its runs"
	fi
done 3<<<"$proofs"

if [ -z "${kernel[$setup_patch]}" ]; then
	for t in 1 2 3; do ok 1 "$setup_patch builds"; done
else
	setup_bad=0 setup_log=
	for i in 1 2 3; do
		b=$(cat "$TMP/r/setup-b-$i")
		setup_log="$setup_log [$b]"
		[ "$b" = "1 kernel.setup" ] && setup_bad=$((setup_bad + 1))
	done
	is "$setup_bad/3" 3/3 "nofs-slab-silent with a 64G ext4: the mount's ENOMEM fails kernel.setup, not the harness ($setup_log )"
	like "$(json "$(cat "$TMP/r/setup-b-3.dir")/result.json" '[c["summary"] for c in r["checks"] if c["name"] == "kernel.setup"][0]')" \
		"Cannot allocate memory\) as the kernel failed: [1-9][0-9]* real allocation failure.*GFP_NOFS.*ext4_mb_add_groupinfo" \
		"kernel.setup names the mount's error and the failed allocation"
	is "$(cat "$TMP/r/setup-v")" "0 -" "vanilla with the same 64G ext4 passes"
fi

# KCIDB: one checkout per kernel, never shared, named by the kernel's commit
kernels=$(awk '{print $1}' "$TMP/checkouts" | sort -u | wc -l)
is "$(awk '{print $1, $2}' "$TMP/checkouts" | sort -u | wc -l)" "$kernels" "KCIDB: each of the $kernels kernels has one checkout id over all its runs"
is "$(awk '{print $2}' "$TMP/checkouts" | sort -u | wc -l)" "$kernels" "KCIDB: $kernels kernels of one release string, $kernels checkout ids ($(awk '{print $2}' "$TMP/checkouts" | sort -u | tr '\n' ' '))"
tree=${MEMSTRESS_TEST_TREE:-/var/tmp/memstress-test-kernels}/linux
named=0
while read -r img id commit _; do
	case "$id" in *":$commit"*) ;; *) named=1 ;; esac
	git -C "$tree" cat-file -e "$commit^{commit}" 2>/dev/null || named=1
done < <(sort -u -k1,1 "$TMP/checkouts")
is "$named" 0 "KCIDB: each checkout id is its kernel's commit in the test tree"
out=$(/usr/bin/python3 "$TOP/ci/tests/validate-run" $(sort -u -k1,1 "$TMP/checkouts" | awk '{print $4}') 2>&1)
ok $? "every file of one run per kernel validates (KCIDB with its build and checkout, JUnit, KTAP)"
printf '%s\n' "$out" | grep -v '^ok' | sed 's/^/# /'
is "$(leftovers)" "" "nothing left running"
done_testing
