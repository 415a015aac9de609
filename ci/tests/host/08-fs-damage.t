#!/bin/bash
# The filesystem checks can fail: a durable file removed behind memstress's
# back fails fs.no_lost_data and is named; metadata corrupted behind its back
# fails fs.fsck with fsck's output as evidence.
. "$(dirname "$0")/../lib.sh"
need_root

plan 6
mrun --allow-exec "$TOP/ci/tests/scenarios/delete-durable.ini"
is_rc 1 "a deleted durable file fails the run"
d=$(last_run)
removed=$(sed -n 's/^removing .*fstx\.tx\.0\///p' "$d/workloads/vandal.0.log")
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="fs.no_lost_data"][0]')" fail "fs.no_lost_data fails"
is "$(json "$d/result.json" 'r["fs"]["durability"]["workloads"][0]["missing_files"][0]["file"]')" "$removed" \
	"and names the file ($removed)"
mrun --allow-exec "$TOP/ci/tests/scenarios/corrupt-fs.ini"
is_rc 1 "corrupted metadata fails the run"
d=$(last_run)
like "$(json "$d/result.json" '[c["evidence"]["output"] for c in r["checks"] if c["name"]=="fs.fsck"][0]')" \
	"Entry 'victim' in / \(2\) has deleted/unused inode" "fs.fsck fails with e2fsck's output as evidence"
is "$(leftovers)" "" "nothing left behind"
done_testing
