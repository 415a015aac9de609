#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo` on a fresh machine, clone to verdict, package downloads
# included (issue 38's target: 90 s). A fresh machine of this kind, as near
# as one can be had here: a Debian bookworm root made by debootstrap with
# what the kind starts with (gcc, make, git; kept in $BENCH_TMP/fresh-base
# after the first time) and nothing of memstress's, the host's apt sources,
# and this kernel's /proc, /sys (cgroups) and /dev bound in. In it, under
# chroot: git clone (of a bare copy of this tree: the only step that would
# go to the network on a real machine and does not here), then `make demo`
# (ci/setup --for demo: apt-get update and the demo's packages, the build,
# the default scenario on this kernel). Baseline: the same `make demo` in a
# clone on this machine, where everything is installed already; the ratio
# is what a fresh machine's set-up costs.
. "$(dirname "$0")/lib.sh"
need_root demo
command -v debootstrap >/dev/null || { summary "demo: not run (debootstrap is not installed)"; exit 0; }
base=$BENCH_TMP/fresh-base
root=$BENCH_TMP/fresh-root
src=$BENCH_TMP/fresh-src.git

# The root's mounts go (lazily if busy); the root is removed only when none
# is left, and never across a file system: the host's /sys and /dev are
# bound in it
cleanup() {
	local m
	for m in dev sys proc run root/src; do
		mountpoint -q "$root/$m" 2>/dev/null || continue
		umount -R "$root/$m" 2>/dev/null || umount -Rl "$root/$m"
	done
	if [ -n "$(findmnt -rn -o TARGET | grep -F "$root/")" ]; then
		echo "demo: mounts left under $root; not removing it" >&2
	else
		rm -rf --one-file-system "$root"
	fi
	rm -rf "$src"
}
trap cleanup EXIT
cleanup

if [ ! -x "$base/usr/bin/gcc" ]; then
	rm -rf "$base"
	say "debootstrap of a bookworm root with gcc, make and git (once; kept in $base)"
	debootstrap --variant=minbase --include=gcc,make,git,ca-certificates,libc6-dev \
		bookworm "$base" http://deb.debian.org/debian >"$BENCH_TMP/debootstrap.log" 2>&1 ||
		{ summary "demo: not run (debootstrap failed: $BENCH_TMP/debootstrap.log)"; exit 0; }
	rm -rf "$base/var/lib/apt/lists"/*
	mkdir -p "$base/var/lib/apt/lists/partial"
fi
git clone -q --bare "$TOP" "$src"

# the baseline: this machine, everything installed
rm -rf "$BENCH_TMP/warm-demo"
git clone -q "$src" "$BENCH_TMP/warm-demo"
t0=$(now)
make -C "$BENCH_TMP/warm-demo" demo >"$BENCH_TMP/warm-demo.log" 2>&1
rc=$?
warm=$(elapsed "$t0")
rm -rf "$BENCH_TMP/warm-demo"
[ "$rc" = 0 ] || { summary "demo: not run (make demo failed here: $BENCH_TMP/warm-demo.log)"; exit 0; }
say "make demo on this machine (all installed): $warm s"

# the fresh root: a copy of the base, this kernel's file systems bound in
cp -a "$base" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# no package's install starts a daemon in the root (policy-rc.d, 101: deny)
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
rm -f "$root/etc/apt/sources.list"
cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null
mount -t proc proc "$root/proc"
for m in sys dev; do
	mount --rbind "/$m" "$root/$m" && mount --make-rslave "$root/$m"
done
mount -t tmpfs tmpfs "$root/run"
mkdir -p "$root/root/src"
mount --bind "$src" "$root/root/src"
t0=$(now)
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
	/bin/bash -c 'cd /root && git clone -q /root/src memstress && cd memstress && make demo' \
	>"$BENCH_TMP/fresh-demo.log" 2>&1
rc=$?
fresh=$(elapsed "$t0")
say "make demo on a fresh root, clone to verdict: $fresh s (exit $rc; $BENCH_TMP/fresh-demo.log)"
say "$(grep -E '^verdict:' "$BENCH_TMP/fresh-demo.log" | tail -1)"
[ "$rc" = 0 ] || { summary "demo: make demo failed on the fresh root after $fresh s (see $BENCH_TMP/fresh-demo.log)"; exit 0; }
summary "demo: fresh machine, clone to verdict, $fresh s against $warm s with all installed = $(calc "$fresh / $warm" 2)x (target <= 90 s): $(met "$fresh" "<=" 90)"
