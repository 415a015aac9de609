/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loop devices and mounts for the filesystems memstress makes on images it
 * owns. A loop device is only ever detached when its backing file is still
 * the image memstress recorded, and a mount only unmounted when its source is
 * still the device memstress mounted: memstress never touches a device or
 * path it did not create.
 */
#ifndef MEMSTRESS_KERNEL_BLOCKDEV_H
#define MEMSTRESS_KERNEL_BLOCKDEV_H

#include <stdbool.h>
#include <stddef.h>

struct undo;

/* Serials of the virtio disks a memstress VM guest gets: for its scenario's
 * [fs], and for [vm] swap (its swap area). The only disks a guest run ever
 * writes, found by serial and nothing else. */
#define MEMSTRESS_FS_SERIAL "memstress-fs"
#define MEMSTRESS_SWAP_SERIAL "memstress-swap"

/* The /dev path of the disk with this serial (/sys/block/X/serial), or -ENOENT. */
int blockdev_by_serial(const char *serial, char *dev, size_t len);

/* Attach image to a free loop device, recorded in u first (the journal detaches it). */
int loop_attach(const char *image, struct undo *u, char *dev, size_t devlen);
/* Detach dev if it is backed by image; 0 if already gone. */
int loop_detach_if(const char *dev, const char *image);
/* The backing file of a loop device ("" if none). */
int loop_backing_file(const char *dev, char *buf, size_t len);

/* Mount (recorded in u first). */
int fs_mount(const char *dev, const char *target, const char *fstype, const char *options,
	     struct undo *u);
/* Is target a mount point, and of what source? */
bool mount_source(const char *target, char *src, size_t len);
/*
 * Unmount target if its source is dev: retries while busy, then a lazy
 * unmount as the last resort (lazy set true). 0 if it was not mounted.
 */
int fs_umount_if(const char *target, const char *dev, unsigned timeout_ms, bool *lazy);

/* FIFREEZE / FITHAW on a mount point. */
int fs_freeze(const char *mnt);
int fs_thaw(const char *mnt);

#endif
