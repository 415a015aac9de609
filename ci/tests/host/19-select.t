#!/bin/bash
# Selecting scenarios for CI that splits work over machines: --shard I/N
# puts every shipped scenario in exactly one shard for any N, globs pick by
# name, a glob that matches nothing is a usage error, and --exclude records
# the scenarios it lists as skipped with its reasons (nothing runs, nothing
# is left), while a skip list line without a reason is refused with its file
# and line.
. "$(dirname "$0")/../lib.sh"
need_root
plan 10

all=$("$MEMSTRESS" list --names | sort)
bad=
for n in 1 2 3 5 7 $(echo "$all" | wc -l) 40; do
	got=$(for i in $(seq "$n"); do "$MEMSTRESS" list --names --shard "$i/$n"; done | sort)
	[ "$got" = "$all" ] || bad="$bad $n"
	# no scenario in two shards: the sorted union has no duplicate
	[ -z "$(printf '%s\n' "$got" | uniq -d)" ] || bad="$bad $n(dup)"
done
is "$bad" "" "for N = 1 2 3 5 7 $(echo "$all" | wc -l) 40, the N shards hold every one of the $(echo "$all" | wc -l) scenarios exactly once"
# sorted: default memcg-victim-adj memcg-victim-size xfs-fstx; the k-th to shard k mod 3 + 1
is "$(for i in 1 2 3; do echo "$i: $("$MEMSTRESS" list --names --shard $i/3 xfs-fstx 'memcg-victim-*' default | tr '\n' ' ')"; done | tr '\n' '|')" \
	"1: xfs-fstx default |2: memcg-victim-adj |3: memcg-victim-size |" \
	"the split is by sorted name, in the arguments' order within a shard"
is "$("$MEMSTRESS" list --names 'memcg-victim-*' | tr '\n' ' ')" "memcg-victim-adj memcg-victim-size " "a glob picks the scenarios by name"
"$MEMSTRESS" run 'no-such-*' >"$TMP/out" 2>&1
like "$? $(cat "$TMP/out")" "^2 .*no scenario matches 'no-such-\*'" "a glob that matches nothing: exit 2, said"
"$MEMSTRESS" run --shard 0/3 >"$TMP/out" 2>&1
like "$? $(cat "$TMP/out")" "^2 .*--shard '0/3': expected I/N" "a bad --shard: exit 2, said"

printf 'memcg-victim-*  known to fail on this board (test)\n\n# a comment\n' >"$TMP/skip"
"$MEMSTRESS" run -q --exclude "$TMP/skip" --results "$RESULTS" 'memcg-victim-*' >"$TMP/out" 2>&1; rc=$?
is_rc 4 "both scenarios of the glob excluded: exit 4 (skipped)"
is "$(for r in "$RESULTS"/*/result.json; do json "$r" 'r["scenario"]["name"] + " " + r["status"] + " " + r["checks"][0]["name"] + ": " + r["checks"][0]["summary"]'; done)" \
	"memcg-victim-adj skipped run.excluded: excluded: known to fail on this board (test)
memcg-victim-size skipped run.excluded: excluded: known to fail on this board (test)" "each recorded as skipped, with the skip list's reason"
printf 'default   fine\nxfs-fstx\n' >"$TMP/skip2"
"$MEMSTRESS" run --exclude "$TMP/skip2" --results "$TMP/r2" >"$TMP/out" 2>&1
like "$? $(cat "$TMP/out")" "^2 .*$TMP/skip2:2: 'xfs-fstx' has no reason" "a skip list line without a reason: exit 2, naming the file and line"
is "$(ls "$TMP/r2" 2>/dev/null; leftovers)" "" "and nothing is made or left behind"
# the CI examples' skip list is one memstress reads
"$MEMSTRESS" run -q --exclude "$TOP/ci/examples/known-failures.txt" --shard 1/1 --results "$TMP/r3" 'global-oom-*' >"$TMP/out" 2>&1
like "$? $(json "$(ls "$TMP"/r3/*/result.json)" 'r["checks"][0]["summary"]')" "^4 excluded: needs a guest" "ci/examples/known-failures.txt is a skip list memstress reads"
done_testing
