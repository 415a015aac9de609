#!/bin/bash
# Filesystem transactions on real loop-mounted XFS and ext4: fsck runs, the
# durability check runs after a forced shutdown and remount, and the result
# shows per-operation counts. fio next to fstx. Nothing left behind. The
# run directories (and so the mount points) have a space in their path, as
# `make bench`'s have: /proc/self/mountinfo writes it as \040, and a mount
# memstress does not recognise there is one it never unmounts.
. "$(dirname "$0")/../lib.sh"
need_root
RESULTS="$TMP/runs with space"

plan 12
for s in xfs-fstx ext4-fstx; do
	mrun --set scenario.duration=15s $s
	is_rc 0 "$s passes"
	d=$(last_run)
	is "$(json "$d/result.json" 'r["fs"]["fsck"]["exit_code"]')" 0 "$s: fsck ran and found it clean"
	n=$(json "$d/result.json" 'r["fs"]["durability"]["checked"]')
	ok "$([ "$n" -gt 100 ] && echo 0 || echo 1)" "$s: $n durable files checked after a forced shutdown"
	ops=$(json "$d/result.json" '",".join(sorted(k for k,v in r["workloads"][0]["fstx"]["ops"].items() if v["ok"]>0))')
	is "$ops" "create,fallocate,fsync,link,mkdir,removexattr,rename,rmdir,setxattr,tmpfile,truncate,unlink,write" \
		"$s: every fstx operation ran, counted per operation"
done
mrun --set scenario.duration=15s fio-fstx-mixed
is_rc 0 "fio-fstx-mixed passes"
d=$(last_run)
iops=$(json "$d/result.json" '[w for w in r["workloads"] if w["engine"]=="fio"][0]["fio"][0]["write_iops"]')
ok "$(python3 -c "print(0 if $iops > 0 else 1)")" "fio's results are in result.json ($iops write IOPS)"
is "$(json "$d/result.json" '[w for w in r["workloads"] if w["engine"]=="fio"][0]["fio"][0]["error"]')" 0 "fio reported no error"
is "$(leftovers)" "" "no loop device, mount or image left behind"
done_testing
