#!/bin/bash
# ci/kconfig/requirements.config, the fragment another CI merges into its
# own kernels: every option in it is one memstress's own guest kernel sets
# (memstress.config) with the same value, none of it is about booting under
# QEMU, and `memstress check` lists exactly the options of it that the
# running kernel lacks (counted here independently, from the kernel's own
# config), each with what needs it.
. "$(dirname "$0")/../lib.sh"
plan 4
req=$TOP/ci/kconfig/requirements.config
extra=$(grep '^CONFIG_' "$req" | while read -r l; do grep -qxF "$l" "$TOP/ci/kconfig/memstress.config" || echo "$l"; done)
is "$extra" "" "every option of requirements.config is in memstress.config, with the same value"
is "$(grep -E '^CONFIG_(VIRTIO|9P|NET_9P|SERIAL|ACPI|PCI|BLK_DEV_INITRD|DEVTMPFS|BINFMT)' "$req")" "" "and none of them is about booting memstress's QEMU guest"

cfg=$( (zcat /proc/config.gz || cat "/boot/config-$(uname -r)") 2>/dev/null)
[ -n "$cfg" ] || skip_all "the running kernel shows no config (/proc/config.gz, /boot/config-$(uname -r))"
want=$(grep '^CONFIG_' "$req" | while read -r l; do printf '%s\n' "$cfg" | grep -qxF "$l" || echo "${l}"; done)
got=$("$MEMSTRESS" check --json | json /dev/stdin '"\n".join(m.split(":")[0] for m in r["kconfig"]["missing"])')
is "$got" "$want" "memstress check --json lists the $(echo "$want" | grep -c .) option(s) this kernel lacks"
like "$("$MEMSTRESS" check)" "kernel config: .*requirements.config" "memstress check says it"
done_testing
