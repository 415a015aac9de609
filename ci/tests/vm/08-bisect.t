#!/bin/bash
# A real bisect (ci/bisect-demo): a git repository made from Debian's
# linux-source-6.12 with a series of five commits, one of which flips the
# sign of the resident-memory term in oom_badness(); `git bisect run
# memstress bisect --scenario memcg-victim-size` must name that commit, and
# each step's verdict must be the one git bisect needs. ~15 minutes: one full
# kernel build of the new tree, then incremental ones.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 5
dir=/var/tmp/memstress-test-bisect.$$
trap 'rm -rf "$TMP" "$dir"' EXIT
"$TOP/ci/bisect-demo" "$dir" >"$TMP/out" 2>&1; rc=$?
is_rc 0 "git bisect run memstress bisect finished and named a commit"
like "$(cat "$TMP/out")" "PASS: git bisect run memstress bisect named [0-9a-f]{12} \"mm, oom: weigh page tables before resident memory" \
	"the commit it named is the one that changed the OOM victim choice"
steps=$(grep -A10 'steps (from' "$TMP/out" | grep -E '^  [0-9a-f]{40}')
like "$steps" "	bad	[0-9]+/[0-9]+	oom\.survives\.small,oom\.victim" "bad steps carry the failure's fingerprint"
like "$steps" "	good	0/[0-9]+	" "and good steps ran clean"
is "$(leftovers)" "" "nothing left behind"
done_testing
