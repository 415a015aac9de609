// SPDX-License-Identifier: GPL-2.0
/*
 * [vm] swap in the guest: the virtio disk the host added for it (found by
 * its serial, MEMSTRESS_SWAP_SERIAL, and no other) gets a swap signature, as
 * mkswap(8) writes it (the kernel's union swap_header: version 1, the last
 * page, no bad pages, "SWAPSPACE2" at the end of the first page), and is
 * turned on. The guest is thrown away afterwards: nothing to undo.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/swap.h>
#include <unistd.h>

#include "core/scope.h"
#include "kernel/blockdev.h"
#include "vm.h"

#define SWAP_VERSION_OFFSET 1024 /* after the boot bits */

int vm_guest_swapon(char *msg, size_t len)
{
	char dev[64];
	uint64_t bytes = 0;
	long page = sysconf(_SC_PAGESIZE);
	int k = blockdev_by_serial(MEMSTRESS_SWAP_SERIAL, dev, sizeof(dev));

	if (k < 0)
		return 0; /* no [vm] swap */
	_cleanup_close_ int fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes) < 0) {
		snprintf(msg, len, "swap disk %s: %s", dev, strerror(errno));
		return -errno;
	}
	char hdr[65536] = { 0 };
	if (page <= 0 || page > (long)sizeof(hdr) || bytes < (uint64_t)page * 10) {
		snprintf(msg, len, "swap disk %s: too small (%llu bytes)", dev,
			 (unsigned long long)bytes);
		return -EINVAL;
	}
	uint32_t info[3] = { 1, (uint32_t)(bytes / (uint64_t)page - 1), 0 };
	memcpy(hdr + SWAP_VERSION_OFFSET, info, sizeof(info));
	memcpy(hdr + page - 10, "SWAPSPACE2", 10);
	if (pwrite(fd, hdr, (size_t)page, 0) != page || fsync(fd) < 0) {
		snprintf(msg, len, "swap disk %s: cannot write its header: %s", dev,
			 strerror(errno));
		return -EIO;
	}
	if (swapon(dev, 0) < 0) {
		snprintf(msg, len, "swapon %s: %s", dev, strerror(errno));
		return -errno;
	}
	snprintf(msg, len, "swap on %s, %llu MiB", dev, (unsigned long long)(bytes >> 20));
	return 1;
}
