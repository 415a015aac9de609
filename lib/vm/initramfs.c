// SPDX-License-Identifier: GPL-2.0
/*
 * An initramfs for guests that must not page from 9p: memstress as /memstress
 * (the guest's init), the programs the scenario runs and every shared library
 * they load (found with ldd), a few directories and /dev/console. Written as
 * a gzip-compressed newc cpio archive with libarchive (opened here, not
 * linked: core/dlib.h).
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "core/dlib.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "vm.h"

/* libarchive, opened when an initramfs is built (core/dlib.h). Each member
 * has the name and type of the function it points to. */
/* clang-format off */
#define LA_FNS(X) \
	X(archive_entry_free) \
	X(archive_entry_new) \
	X(archive_entry_set_filetype) \
	X(archive_entry_set_pathname) \
	X(archive_entry_set_perm) \
	X(archive_entry_set_rdev) \
	X(archive_entry_set_size) \
	X(archive_error_string) \
	X(archive_write_add_filter_gzip) \
	X(archive_write_close) \
	X(archive_write_data) \
	X(archive_write_free) \
	X(archive_write_header) \
	X(archive_write_new) \
	X(archive_write_open_filename) \
	X(archive_write_set_format_cpio_newc)
/* clang-format on */
static struct {
#define LA_PTR(f) __typeof__(f) *f;
	LA_FNS(LA_PTR)
} la;
static const struct dlib_fn la_fns[] = {
#define LA_ENTRY(f) { #f, (void **)&la.f },
	LA_FNS(LA_ENTRY)
};
static struct dlib libarchive = { ARCHIVE_SONAME, la_fns, sizeof(la_fns) / sizeof(la_fns[0]) };

struct cpio {
	struct archive *a;
	char **seen; /* paths written, for directories and duplicates */
};

static int add_dir(struct cpio *c, const char *path)
{
	char *copy, *slash;
	int r = 0;

	if (!*path || strv_contains(c->seen, path))
		return 0;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	slash = strrchr(copy, '/');
	if (slash && slash != copy) {
		*slash = 0;
		r = add_dir(c, copy);
	}
	free(copy);
	if (r < 0)
		return r;
	struct archive_entry *e = la.archive_entry_new();
	la.archive_entry_set_pathname(e, path + 1);
	la.archive_entry_set_filetype(e, AE_IFDIR);
	la.archive_entry_set_perm(e, 0755);
	la.archive_entry_set_size(e, 0); /* newc wants every size, even a directory's */
	if (la.archive_write_header(c->a, e) != ARCHIVE_OK)
		r = -EIO;
	la.archive_entry_free(e);
	strv_extend(&c->seen, path);
	return r;
}

static int add_file(struct cpio *c, const char *src, const char *dst, mode_t perm)
{
	_cleanup_free_ char *data = NULL, *dir = NULL;
	size_t len;
	int r;

	if (strv_contains(c->seen, dst))
		return 0;
	r = read_full_file(src, 512 << 20, &data, &len);
	if (r < 0)
		return r;
	dir = strdup(dst);
	if (!dir)
		return -ENOMEM;
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if ((r = add_dir(c, dir)) < 0)
			return r;
	}
	struct archive_entry *e = la.archive_entry_new();
	la.archive_entry_set_pathname(e, dst + 1);
	la.archive_entry_set_filetype(e, AE_IFREG);
	la.archive_entry_set_perm(e, perm);
	la.archive_entry_set_size(e, (la_int64_t)len);
	r = la.archive_write_header(c->a, e) == ARCHIVE_OK &&
			    la.archive_write_data(c->a, data, len) == (la_ssize_t)len ?
		    0 :
		    -EIO;
	la.archive_entry_free(e);
	strv_extend(&c->seen, dst);
	return r;
}

static int add_console(struct cpio *c)
{
	struct archive_entry *e = la.archive_entry_new();
	int r;

	if ((r = add_dir(c, "/dev")) < 0)
		return r;
	la.archive_entry_set_pathname(e, "dev/console");
	la.archive_entry_set_filetype(e, AE_IFCHR);
	la.archive_entry_set_perm(e, 0600);
	la.archive_entry_set_rdev(e, makedev(5, 1));
	la.archive_entry_set_size(e, 0);
	r = la.archive_write_header(c->a, e) == ARCHIVE_OK ? 0 : -EIO;
	la.archive_entry_free(e);
	return r;
}

/* Every library ldd says the file loads. */
static int add_libraries(struct cpio *c, const char *path, char *err, size_t errlen)
{
	_cleanup_free_ char *out = NULL;
	int status, r;

	char *argv[] = { "ldd", (char *)path, NULL };
	if (run_capture(argv, &out, &status) < 0 || !out)
		return 0; /* static */
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
		char *p = strstr(l, "=> ");
		char lib[1024];
		p = p ? p + 3 : l;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '/' || sscanf(p, "%1023s", lib) != 1)
			continue;
		if ((r = add_file(c, lib, lib, 0755)) < 0) {
			snprintf(err, errlen, "cannot add '%s' (for %s): %s", lib, path,
				 strerror(-r));
			return r;
		}
	}
	return 0;
}

/* The program and every library ldd says it loads. */
static int add_program(struct cpio *c, const char *prog, char *err, size_t errlen)
{
	_cleanup_free_ char *path = find_executable(prog);
	int r;

	if (!path) {
		snprintf(err, errlen, "'%s' is not installed (needed in the initramfs)", prog);
		return -ENOENT;
	}
	if ((r = add_file(c, path, path, 0755)) < 0) {
		snprintf(err, errlen, "cannot add '%s': %s", path,
			 r == -EIO ? la.archive_error_string(c->a) : strerror(-r));
		return r;
	}
	return add_libraries(c, path, err, errlen);
}

int initramfs_build(const struct initramfs_opts *o, char *err, size_t errlen)
{
	struct cpio c = { 0 };
	static const char *const dirs[] = { "/proc", "/sys", "/tmp",	 "/run", "/root",
					    "/etc",  "/mnt", "/var/tmp", NULL };
	_cleanup_free_ char *tmp = NULL;
	int r = 0;

	if ((r = dlib_load(&libarchive)) < 0) {
		snprintf(err, errlen, "%s (libarchive writes the initramfs)", libarchive.error);
		return r;
	}
	c.a = la.archive_write_new();
	if (!c.a || asprintf(&tmp, "%s.tmp", o->output) < 0)
		return -ENOMEM;
	la.archive_write_set_format_cpio_newc(c.a);
	la.archive_write_add_filter_gzip(c.a);
	if (la.archive_write_open_filename(c.a, tmp) != ARCHIVE_OK) {
		snprintf(err, errlen, "cannot write '%s': %s", tmp, la.archive_error_string(c.a));
		la.archive_write_free(c.a);
		return -EIO;
	}
	for (size_t i = 0; dirs[i] && r >= 0; i++)
		r = add_dir(&c, dirs[i]);
	if (r >= 0)
		r = add_console(&c);
	if (r < 0)
		snprintf(err, errlen, "cannot write the directories of '%s': %s", tmp,
			 la.archive_error_string(c.a));
	if (r >= 0)
		r = add_program(&c, o->self_exe, err, errlen);
	if (r >= 0 && (r = add_file(&c, o->self_exe, "/memstress", 0755)) < 0)
		snprintf(err, errlen, "cannot add memstress: %s", strerror(-r));
	STRV_FOREACH(p, o->programs)
		if (r >= 0)
			r = add_program(&c, *p, err, errlen);
	STRV_FOREACH(f, o->files)
		if (r >= 0 && path_exists(*f) && (r = add_file(&c, *f, *f, 0644)) < 0)
			snprintf(err, errlen, "cannot add '%s': %s", *f, strerror(-r));
	if (la.archive_write_close(c.a) != ARCHIVE_OK && r >= 0) {
		snprintf(err, errlen, "cannot finish '%s': %s", tmp, la.archive_error_string(c.a));
		r = -EIO;
	}
	la.archive_write_free(c.a);
	strv_free(c.seen);
	if (r >= 0 && rename(tmp, o->output) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}
