/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fstx, memstress's filesystem transaction engine: the pieces shared by the
 * worker process (fstx.c), the fail-nth sweep (fstx_sweep.c) and the
 * harness, which verifies durability after the run (fstx_model.c).
 *
 * File contents are a pure function of (inode id, generation, length), so
 * expected contents never need storing. The journal, kept outside the
 * filesystem under test, has one line per record:
 *
 *	P ino gen datalen size    about to change an inode's contents
 *	I ino gen datalen size    contents durable (after fsync of the file)
 *	X ino                     contents unknown (an operation failed midway)
 *	Q name                    about to create/remove/rename this name
 *	N name ino                name durable (after fsync of its directory)
 *	U name                    removal durable
 *	A ino key crc             xattr durable;  a ino key: removal durable
 *	x ino key                 about to change an xattr (y ino key: it failed)
 *	R name / C ino            cancel: the call failed, nothing happened
 *
 * Records are written before (P, Q) and after (I, N, U, A) each operation,
 * so a crash in between leaves the name or inode "in flux" — either state
 * is then accepted — and never a false report of lost data. When the
 * operation's own system call fails and is atomic (create, rename, link,
 * unlink), nothing happened and the intent is cancelled. A failed call that
 * changes contents (write, ftruncate, fallocate, open with O_TRUNC) may have
 * done part of its work (ext4 commits a truncation's new size before it
 * frees the blocks): the inode's contents are unknown (X) until its next
 * whole rewrite, as after a failed fsync.
 */
#ifndef MEMSTRESS_ENGINE_FSTX_H
#define MEMSTRESS_ENGINE_FSTX_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

#include "core/parse.h"

/* The keys of an fstx [workload.NAME]. */
struct fstx_cfg {
	int64_t threads;
	char *mix;
	int64_t files;
	int64_t dirs;
	struct size_spec max_file_size;
	char *dir;
	bool durable;
	int64_t ops;
	uint64_t heartbeat_ms;
};

/* The directory one instance works in, below the mount (or cfg->dir). */
void fstx_instance_dir(const struct fstx_cfg *cfg, const char *mnt, const char *workload,
		       unsigned instance, char *buf, size_t len);

/* Deterministic contents: fill buf[0..len) for (ino, gen) from offset 0. */
void fstx_content(uint64_t ino, uint32_t gen, unsigned char *buf, size_t len);
/* crc32 of the file image: datalen content bytes then zeros up to size. */
uint32_t fstx_expected_crc(uint64_t ino, uint32_t gen, uint64_t datalen, uint64_t size);
/* Deterministic xattr value for (ino, key index, generation). */
size_t fstx_xattr_value(uint64_t ino, unsigned key, uint32_t gen, unsigned char *buf, size_t len);

/*
 * Replay a journal and check the files under dir. *ret gets
 * {checked, missing, corrupt, in_flux, unknown, missing_files[], corrupt_files[]}.
 */
int fstx_verify(const char *journal, const char *dir, json_object **ret);

/* The operations, in the order of the mix and of the counters. */
/* clang-format off */
enum fstx_op {
	OP_CREATE, OP_WRITE, OP_FSYNC, OP_RENAME, OP_LINK, OP_UNLINK, OP_MKDIR, OP_RMDIR,
	OP_SETXATTR, OP_REMOVEXATTR, OP_TRUNCATE, OP_FALLOCATE, OP_TMPFILE, OP__MAX,
};
/* clang-format on */
extern const char *const fstx_op_names[OP__MAX];
int fstx_op_from_name(const char *s);

/* fail-nth sweep (fstx_sweep.c): runs in the fstx process; each step done
 * is published as an "op" in prog (its evidence of work), if open. */
struct progress;
struct fstx_sweep_opts {
	unsigned max_n;	 /* give up on an operation after this many steps */
	unsigned only_n; /* only step N of each operation (a reproducer's one fault); 0: all */
	bool inject;	 /* false: fail-nth is never armed (a reproducer's control) */
};
int fstx_sweep(const char *dir, char **ops, const struct fstx_sweep_opts *so, const char *out_path,
	       struct progress *prog);

#endif
