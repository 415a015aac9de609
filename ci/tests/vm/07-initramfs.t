#!/bin/bash
# A global OOM in a guest whose userspace is an initramfs (with the root on
# 9p a global OOM silences the guest): the OOM killer picks the larger task.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 4
mrun --kernel "$KERNEL" global-oom-initramfs
is_rc 0 "the global OOM scenario passes with an initramfs root"
d=$(last_run)
is "$(json "$d/result.json" 'r["vm"]["root"]')" initramfs "the guest ran from the initramfs"
is "$(json "$d/result.json" '[e["fields"]["scope"] for e in r["events"] if e["kind"]=="oom"][0]')" global "the OOM was global"
is "$(leftovers)" "" "nothing left running"
done_testing
