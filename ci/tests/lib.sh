# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the integration tests (sourced by ci/tests/*/*.t), in the
# manner of kselftest's ktap_helpers.sh and util-linux's ts functions.
#
#   plan N | ok COND DESC | is GOT WANT DESC | like GOT REGEX DESC
#   skip_all REASON       (a failure when MEMSTRESS_TEST_REQUIRE=1, as in CI)
#   need_root | need_kernel | json FILE EXPR (python3 one-liner on a JSON file)
#   leftovers             what memstress may have left behind (must be empty)
#   build_deb DIR ARGS... the Debian package, built in DIR from this tree
#   at_exit               the EXIT trap: keep_results, then remove $TMP (a test
#                         that sets its own EXIT trap calls it last)

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MEMSTRESS=${MEMSTRESS:-$TOP/memstress}
export MEMSTRESS_STATE_DIR=${MEMSTRESS_STATE_DIR:-/run/memstress}
TEST_NAME=$(basename "$0" .t)
TMP=$(mktemp -d "/tmp/memstress-test.$TEST_NAME.XXXXXX")
RESULTS=$TMP/results
_n=0
_failed=0

# keep_results: every result.json under $RESULTS (at any depth) into the
# suite directory, $MEMSTRESS_SUITE_DIR (build/suite), as
# GROUP/TEST/PATH-BELOW-RESULTS/result.json (host/02-default-run/RUN/...), for
# ci/tests/suite.t to judge what the whole suite ran; this test's earlier
# copies go first. Beside each, `kernel` says "broken" for a run on a kernel
# broken on purpose (a test puts those below a directory named broken, as
# vm/11-proofs.t does), else "vanilla": they must not count as coverage.
keep_results() {
	local dest=${MEMSTRESS_SUITE_DIR:-$TOP/build/suite}/$(basename "$(dirname "$0")")/$TEST_NAME
	local f rel kind
	rm -rf "$dest"
	[ -d "$RESULTS" ] || return 0
	find "$RESULTS" -name result.json -type f -print0 2>/dev/null | while IFS= read -r -d '' f; do
		rel=${f%/result.json}; rel=${rel#"$RESULTS"}; rel=${rel#/}
		kind=vanilla
		case "/$rel/" in */broken/*) kind=broken ;; esac
		mkdir -p "$dest/${rel:-.}" && cp "$f" "$dest/${rel:-.}/" && echo "$kind" >"$dest/${rel:-.}/kernel"
	done
}
at_exit() { keep_results; rm -rf "$TMP"; }
trap at_exit EXIT

plan() { echo "1..$1"; }

ok() {
	local cond=$1; shift
	_n=$((_n + 1))
	if [ "$cond" = 0 ] || [ "$cond" = true ]; then
		echo "ok $_n - $*"
	else
		echo "not ok $_n - $*"
		echo "#   Failed test $_n - $*" >&2
		_failed=$((_failed + 1))
	fi
}

is() {
	local got=$1 want=$2; shift 2
	if [ "$got" = "$want" ]; then ok 0 "$*"; else
		ok 1 "$*"; echo "#   got:  '$got'" >&2; echo "#   want: '$want'" >&2; fi
}

like() {
	local got=$1 re=$2; shift 2
	if printf '%s' "$got" | grep -Eq -- "$re"; then ok 0 "$*"; else
		ok 1 "$*"; echo "#   '$re' not in:" >&2; printf '%s\n' "$got" | head -20 | sed 's/^/#     /' >&2; fi
}

diag() { echo "# $*" >&2; }

# mrun ARGS...: memstress run -q, into $RESULTS, with ARGS; its output goes
# to $TMP/out (which is_rc shows when the exit code is wrong), its exit code
# to $rc.
mrun() { "$MEMSTRESS" run -q --results "$RESULTS" "$@" >"$TMP/out" 2>&1; rc=$?; }

# is_rc WANT DESC: like is "$rc" WANT DESC, and when the exit code is not the
# one wanted, show why: the run's output ($TMP/out), its checks (result.ktap)
# and the end of its harness log, so a CI failure can be read from the log.
# What a failure says goes to stderr, as Test::More's diagnostics do: prove
# shows stderr even when it is not verbose.
is_rc() {
	local want=$1; shift
	is "$rc" "$want" "$@"
	[ "$rc" = "$want" ] && return 0
	run_diag
}

run_diag() {
	local d
	{
		[ -s "$TMP/out" ] && tail -30 "$TMP/out" | sed 's/^/#   out: /'
		d=$(last_run)
		[ -n "$d" ] || return 0
		[ -r "$d/result.ktap" ] && grep -E '^(not ok|# )' "$d/result.ktap" | head -30 | sed 's/^/#   ktap: /'
		[ -r "$d/harness.log" ] && tail -20 "$d/harness.log" | sed 's/^/#   log: /'
		[ -r "$d/console.log" ] && [ ! -r "$d/result.ktap" ] && tail -20 "$d/console.log" | sed 's/^/#   console: /'
	} >&2
	return 0
}

skip_all() {
	if [ "${MEMSTRESS_TEST_REQUIRE:-0}" = 1 ]; then
		echo "1..1"
		echo "not ok 1 - required test cannot run: $*"
		exit 1
	fi
	echo "1..0 # SKIP $*"
	exit 0
}

need_root() { [ "$(id -u)" = 0 ] || skip_all "needs root"; }

# The cached kernel memstress built (CI builds it before the VM tests).
need_kernel() {
	need_root
	command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 is not installed"
	KERNEL=$("$MEMSTRESS" kernel path 2>/dev/null) || skip_all "no kernel built yet (memstress kernel build)"
}

# json FILE 'python expression over r' -> printed value
json() {
	python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"
}

# The run directory of the last run under $RESULTS.
last_run() { ls -d "$RESULTS"/*/ 2>/dev/null | tail -1 | sed 's:/$::'; }

# Anything memstress may leave behind on this machine: cgroups, mounts, loop
# devices, undo journals, armed fault knobs, QEMU.
leftovers() {
	find /sys/fs/cgroup -maxdepth 4 -type d -name 'memstress-*' 2>/dev/null
	grep -E '/memstress-|/mnt ' /proc/mounts | grep -F "$TMP" 2>/dev/null
	losetup -a 2>/dev/null | grep -F "$TMP"
	ls "$MEMSTRESS_STATE_DIR"/journal/*.undo 2>/dev/null
	for k in /sys/kernel/debug/fail*/probability; do
		[ -r "$k" ] && [ "$(cat "$k")" != 0 ] && echo "armed: $k"
	done
	# the tracepoint witnesses: trace instances, probe events, tracefs mounts of a run
	for t in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		ls "$t/instances" 2>/dev/null | grep memstress- | sed "s|^|trace instance: $t/instances/|"
		grep -s ':ms_' "$t/kprobe_events" | sed 's/^/probe event: /'
	done
	grep ' tracefs ' /proc/mounts | grep -F "$MEMSTRESS_STATE_DIR/tracefs." | sed 's/^/mount: /'
	ls -d "$MEMSTRESS_STATE_DIR"/tracefs.* 2>/dev/null
	pgrep -a qemu-system 2>/dev/null
	# lock files of runs that are over (a held one belongs to a live run)
	for l in "${MEMSTRESS_LOCK_DIR:-/run/lock/memstress}"/*.lock; do
		[ -e "$l" ] && flock -n -x "$l" true 2>/dev/null && echo "stale lock: $l"
	done
	true
}

# build_deb DIR [dpkg-buildpackage ARGS...]: the Debian package of this
# tree (git archive of HEAD plus uncommitted changes to tracked files, so the
# worktree stays clean), built in DIR/memstress with `dpkg-buildpackage -us
# -uc ARGS`; its output in DIR/build.log. Prints the .deb's path; the exit
# code is dpkg-buildpackage's.
build_deb() {
	local dir=$1 tree version arch; shift
	mkdir -p "$dir/memstress"
	tree=$(git -C "$TOP" stash create 2>/dev/null)
	git -C "$TOP" archive "${tree:-HEAD}" | tar -x -C "$dir/memstress"
	version=$(cd "$dir/memstress" && dpkg-parsechangelog -S Version)
	arch=$(dpkg-architecture -q DEB_HOST_ARCH)
	echo "$dir/memstress_${version}_$arch.deb"
	(cd "$dir/memstress" && dpkg-buildpackage -us -uc -j2 "$@") >"$dir/build.log" 2>&1
}

done_testing() { exit $((_failed > 0)); }
