#!/bin/bash
# A real bisect (ci/bisect-demo): a git repository made from Debian's
# linux-source-6.12 with a series of five commits, one of which flips the
# sign of the resident-memory term in oom_badness(); `git bisect run
# memstress bisect --scenario memcg-victim-size` must name that commit, and
# each step's verdict must be the one git bisect needs. ~15 minutes: one full
# kernel build of the new tree, then incremental ones.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 6
dir=/var/tmp/memstress-test-bisect.$$
# The kernels built from the test's tree, and their object directory, are
# removed from the cache with the tree (meta.json names both).
kernels=$(dirname "$(dirname "$("$MEMSTRESS" kernel path)")")
built_here() {
	python3 -c 'import glob, json, sys
for m in glob.glob(sys.argv[1] + "/*/meta.json"):
    r = json.load(open(m))
    if r.get("source") == sys.argv[2]:
        print(m[:-len("/meta.json")], r.get("objects") or "", sep="\t")' "$kernels" "$dir/linux"
}
forget_builds() {
	local k o
	built_here | while IFS=$'\t' read -r k o; do rm -rf "$k" ${o:+"$o"}; done
}
trap 'forget_builds; rm -rf "$TMP" "$dir"' EXIT
"$TOP/ci/bisect-demo" "$dir" >"$TMP/out" 2>&1; rc=$?
is_rc 0 "git bisect run memstress bisect finished and named a commit"
like "$(cat "$TMP/out")" "PASS: git bisect run memstress bisect named [0-9a-f]{12} \"mm, oom: weigh page tables before resident memory" \
	"the commit it named is the one that changed the OOM victim choice"
steps=$(grep -A10 'steps (from' "$TMP/out" | grep -E '^  [0-9a-f]{40}')
like "$steps" "	bad	[0-9]+/[0-9]+	oom\.survives\.small,oom\.victim" "bad steps carry the failure's fingerprint"
like "$steps" "	good	0/[0-9]+	" "and good steps ran clean"
like "$(built_here | wc -l)" "^[3-9]$" "its kernels are in the cache, each recorded as built from its tree"
forget_builds
is "$(leftovers)$(built_here)" "" "nothing left behind (its kernels gone from the cache too)"
done_testing
