#!/bin/bash
# A global OOM in a guest whose userspace is an initramfs (with the root on
# 9p a global OOM silences the guest): the OOM killer picks the larger task.
# Then dbench in such a guest: the initramfs holds dbench and the trace it
# replays (/usr/share/dbench/client.txt), and it runs to its summary.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 7
mrun --kernel "$KERNEL" global-oom-initramfs
is_rc 0 "the global OOM scenario passes with an initramfs root"
d=$(last_run)
is "$(json "$d/result.json" 'r["vm"]["root"]')" initramfs "the guest ran from the initramfs"
is "$(json "$d/result.json" '[e["fields"]["scope"] for e in r["events"] if e["kind"]=="oom"][0]')" global "the OOM was global"
mrun --kernel "$KERNEL" --set vm.root=initramfs --set scenario.duration=20s ext4-dbench
is_rc 0 "ext4-dbench passes in a guest with an initramfs root"
d=$(last_run)
is "$(json "$d/result.json" 'r["vm"]["root"]')" initramfs "the guest ran from the initramfs"
w='[w for w in r["workloads"] if w["engine"]=="dbench"][0]'
is "$(json "$d/result.json" "$w[\"exit\"], $w[\"dbench\"][\"completed\"]")" "exited 0 True" \
	"dbench found its trace in the initramfs and printed its summary"
is "$(leftovers)" "" "nothing left running"
done_testing
