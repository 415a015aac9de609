#!/bin/bash
# A real bisect (ci/bisect-demo): in ci/broken-kernel's git tree of Debian's
# linux-source-6.12, a branch of five commits, one of which flips the sign
# of the resident-memory term in oom_badness(); `git bisect run memstress
# bisect --scenario memcg-victim-size` must name that commit, and each step's
# verdict must be the one git bisect needs. The tree's vanilla kernel is
# built once (and shared with 11-proofs.t); the steps build incrementally.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 6
tree=${MEMSTRESS_TEST_TREE:-/var/tmp/memstress-test-kernels}/linux
kernels=$(dirname "$(dirname "$("$MEMSTRESS" kernel path)")")
# The kernels built at the series' commits (vanilla, its base, stays: the
# proofs use it), removed from the cache after; the object directory stays.
built_here() {
	[ -n "${commits:-}" ] || return 0
	python3 -c 'import glob, json, sys
for m in glob.glob(sys.argv[1] + "/*/meta.json"):
    r = json.load(open(m))
    ident = r.get("identity", "")
    if r.get("source") == sys.argv[2] and any(":" + c + ":" in ident for c in sys.argv[3:]):
        print(m[:-len("/meta.json")])' "$kernels" "$tree" $commits
}
forget_builds() { built_here | while read -r k; do rm -rf "$k"; done; }
trap 'forget_builds; at_exit' EXIT
"$TOP/ci/bisect-demo" >"$TMP/out" 2>&1; rc=$?
commits=$(sed -n 's/^bisect-demo: commits //p' "$TMP/out")
is_rc 0 "git bisect run memstress bisect finished and named a commit"
like "$(cat "$TMP/out")" "PASS: git bisect run memstress bisect named [0-9a-f]{12} \"mm, oom: weigh page tables before resident memory" \
	"the commit it named is the one that changed the OOM victim choice"
steps=$(grep -A10 'steps (from' "$TMP/out" | grep -E '^  [0-9a-f]{40}')
like "$steps" "	bad	[0-9]+/[0-9]+	oom\.survives\.small,oom\.victim" "bad steps carry the failure's fingerprint"
like "$steps" "	good	0/[0-9]+	" "and good steps ran clean"
like "$(built_here | wc -l)" "^[2-9]$" "its kernels are in the cache, each recorded as built from the tree at its commit"
forget_builds
is "$(leftovers)$(built_here)$(git -C "$tree" rev-parse --abbrev-ref HEAD)" "vanilla" \
	"nothing left behind: its kernels gone from the cache, the tree back on vanilla"
done_testing
