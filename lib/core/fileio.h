/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small-file I/O for sysfs, procfs, cgroupfs and debugfs knobs, and atomic
 * writes of result files (temporary name, fsync, rename, fsync directory),
 * JSON ones included.
 */
#ifndef MEMSTRESS_CORE_FILEIO_H
#define MEMSTRESS_CORE_FILEIO_H

#include <stdbool.h>
#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

/* Read a whole file (up to max bytes, 0 = 16 MiB) into a NUL-terminated buffer. */
int read_full_file(const char *path, size_t max, char **ret, size_t *len);
/*
 * Read a file that must be a regular file of at most max bytes (a scenario,
 * a job file): opened without blocking (a FIFO does not hang the caller),
 * -EISDIR for a directory, -EBADFD for any other kind (*mode says which),
 * -EFBIG when it is longer than max. Nothing is ever cut silently.
 */
int read_regular_file(const char *path, size_t max, char **ret, size_t *len, unsigned *mode);
/* "a FIFO", "a directory", ... for an st_mode. */
const char *file_type_name(unsigned mode);
/* First line without its newline. */
int read_one_line(const char *path, char **ret);
/* An open kernel file read again from offset 0, NUL-terminated (a sampler's read). */
ssize_t pread_all(int fd, char *buf, size_t len);
int read_uint64(const char *path, uint64_t *ret);
int read_int64(const char *path, int64_t *ret);
/* Write s to an existing file (no create, no truncate semantics beyond O_WRONLY). */
int write_string(const char *path, const char *s);
int write_stringf(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Create or replace path atomically with the given bytes. */
int write_atomic(const char *path, const void *data, size_t len);
struct json_object;
/* The same with a JSON tree: pretty-printed, '/' unescaped, a final newline. */
int write_json(const char *path, struct json_object *o);
int mkdir_p(const char *path, unsigned mode);
/* Make path itself anew (its parents as needed): -EEXIST if it exists, so
 * nothing already there, or put there by someone else, is ever written into. */
int mkdir_new(const char *path, unsigned mode);
bool path_exists(const char *path);
/* A file a scenario names, rel, found beside the file `beside` (absolute rel: itself).
 * NULL: out of memory. */
char *path_beside(const char *beside, const char *rel);
/* Remove a directory tree that memstress created (refuses "/" and empty). */
int rm_rf(const char *path);
/* Copy a regular file. */
int copy_file(const char *src, const char *dst);

#endif
