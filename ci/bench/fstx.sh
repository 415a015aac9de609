#!/bin/bash
# fstx creating files (create, write, fsync the file and its directory,
# journal the durable state) against fio creating the same number of files
# of the same size with fsync, on the same XFS filesystem (a loop image this
# script makes and removes), in the same run. Target: fstx >= 0.9x fio, so
# the engine is never the bottleneck.
. "$(dirname "$0")/lib.sh"
need_root fstx-create
N=${FSTX_FILES:-4000}
d=$BENCH_TMP/fstx
img=$d/fs.img mnt=$d/mnt
dev=
cleanup() {
	mountpoint -q "$mnt" && umount "$mnt"
	[ -n "$dev" ] && losetup -d "$dev"
	rm -rf "$d"
}
trap cleanup EXIT
mkdir -p "$mnt"
truncate -s 2G "$img"
mkfs.xfs -q -f "$img"
dev=$(losetup --find --show "$img")
mount "$dev" "$mnt"

fstx() {
	rm -rf "$mnt/fstx" "$d/journal"*; mkdir -p "$mnt/fstx"; sync
	local t0=$(now)
	"$MEMSTRESS" __fstx --dir="$mnt/fstx" --threads=1 --mix=create=1 --seed=1 --files=$((N * 2)) --dirs=1 \
		--max-size=8192 --durable=1 --ops="$N" --heartbeat-ms=200 --journal="$d/journal" \
		--progress="$d/progress" >"$d/fstx.log" 2>&1 || { echo "fstx failed:"; cat "$d/fstx.log"; exit 1; }
	elapsed "$t0"
}
fio_create() {
	rm -rf "$mnt/fio"; mkdir -p "$mnt/fio"; sync
	local t0=$(now)
	# N files of 4 KiB (fstx's average with max-size 8K), each created,
	# written and fsynced once
	fio --name=create --directory="$mnt/fio" --nrfiles="$N" --filesize=4k --bs=4k --rw=write \
		--create_on_open=1 --openfiles=1 --file_service_type=sequential --fsync=1 --ioengine=psync \
		--numjobs=1 --output="$d/fio.json" --output-format=json >/dev/null 2>&1 || { echo "fio failed"; exit 1; }
	elapsed "$t0"
}
best_f= best_x=
for round in 1 2 3; do # alternate, keep the best of each
	t=$(fio_create); best_f=$(awk -v a="${best_f:-999}" -v b="$t" 'BEGIN { print b < a ? b : a }')
	t=$(fstx); best_x=$(awk -v a="${best_x:-999}" -v b="$t" 'BEGIN { print b < a ? b : a }')
done
created=$(find "$mnt/fstx" -type f | wc -l)
xs=$(calc "$N / $best_x" 0) fs=$(calc "$N / $best_f" 0)
say "XFS on a loop device ($(uname -r)), $N files each, best of 3"
say "fstx: $N creates (+ write, fsync file and dir, journal) in $best_x s = $xs files/s ($created files found)"
say "fio:  $N files created, written, fsynced in $best_f s = $fs files/s"
r=$(calc "$best_f / $best_x")
summary "fstx-create: fstx $xs files/s vs fio $fs files/s; ratio ${r}x fio (target >= 0.9x): $(met "$r" ">=" 0.9)"
