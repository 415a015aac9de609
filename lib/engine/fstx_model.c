// SPDX-License-Identifier: GPL-2.0
/*
 * fstx's model of the filesystem: deterministic contents, and the replay of
 * the durability journal that checks, after the run, that everything fstx
 * was told is durable is there with the right contents (see fstx.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <zlib.h>

#include "core/array.h"
#include "core/scope.h"
#include "fstx.h"

const char *const fstx_op_names[OP__MAX] = {
	[OP_CREATE] = "create",	    [OP_WRITE] = "write",
	[OP_FSYNC] = "fsync",	    [OP_RENAME] = "rename",
	[OP_LINK] = "link",	    [OP_UNLINK] = "unlink",
	[OP_MKDIR] = "mkdir",	    [OP_RMDIR] = "rmdir",
	[OP_SETXATTR] = "setxattr", [OP_REMOVEXATTR] = "removexattr",
	[OP_TRUNCATE] = "truncate", [OP_FALLOCATE] = "fallocate",
	[OP_TMPFILE] = "tmpfile",
};

int fstx_op_from_name(const char *s)
{
	for (int i = 0; i < OP__MAX; i++)
		if (!strcmp(fstx_op_names[i], s))
			return i;
	return -1;
}

void fstx_instance_dir(const struct fstx_cfg *cfg, const char *mnt, const char *workload,
		       unsigned instance, char *buf, size_t len)
{
	if (cfg && cfg->dir) /* relative, below the mount (checked when loaded) */
		snprintf(buf, len, "%s/%s/fstx.%s.%u", mnt, cfg->dir, workload, instance);
	else
		snprintf(buf, len, "%s/fstx.%s.%u", mnt, workload, instance);
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void fstx_content(uint64_t ino, uint32_t gen, unsigned char *buf, size_t len)
{
	uint64_t s = ino * 0x100000001b3ULL ^ ((uint64_t)gen << 32 | gen);

	for (size_t i = 0; i < len; i += 8) {
		uint64_t v = splitmix(&s);
		memcpy(buf + i, &v, len - i < 8 ? len - i : 8);
	}
}

uint32_t fstx_expected_crc(uint64_t ino, uint32_t gen, uint64_t datalen, uint64_t size)
{
	unsigned char *buf;
	uLong crc = crc32(0L, Z_NULL, 0);
	uint64_t have = datalen < size ? datalen : size;

	buf = malloc(have ? have : 1);
	if (!buf)
		return 0;
	fstx_content(ino, gen, buf, have);
	crc = crc32(crc, buf, (uInt)have);
	free(buf);
	static const unsigned char zeros[4096];
	for (uint64_t z = size - have; z;) {
		uInt n = z > sizeof(zeros) ? sizeof(zeros) : (uInt)z;
		crc = crc32(crc, zeros, n);
		z -= n;
	}
	return (uint32_t)crc;
}

size_t fstx_xattr_value(uint64_t ino, unsigned key, uint32_t gen, unsigned char *buf, size_t len)
{
	uint64_t s = ino ^ ((uint64_t)key << 48) ^ gen;
	size_t n = 16 + splitmix(&s) % 112;

	if (n > len)
		n = len;
	fstx_content(ino ^ key, gen + 7919, buf, n);
	return n;
}

/* --- verification ------------------------------------------------------- */

struct vinode {
	uint64_t ino;
	uint32_t gen;
	uint64_t datalen, size;
	bool known, pending, unknown;
	uint32_t pgen;
	uint64_t pdatalen, psize;
	uint32_t xattr_crc[4];
	bool xattr_set[4], xattr_flux[4];
};

struct vname {
	char *name;
	uint64_t ino;
	bool present; /* durable and present */
	bool flux;
};

struct replay {
	struct vinode *in;
	size_t nin, capin;
	struct vname *nm;
	size_t nnm, capnm;
};

static struct vinode *vi(struct replay *r, uint64_t ino)
{
	for (size_t i = r->nin; i-- > 0;)
		if (r->in[i].ino == ino)
			return &r->in[i];
	if (ARRAY_GROW(r->in, r->nin + 1, r->capin, 1024) < 0)
		return NULL;
	memset(&r->in[r->nin], 0, sizeof(r->in[0]));
	r->in[r->nin].ino = ino;
	return &r->in[r->nin++];
}

static struct vname *vn(struct replay *r, const char *name)
{
	for (size_t i = r->nnm; i-- > 0;)
		if (!strcmp(r->nm[i].name, name))
			return &r->nm[i];
	if (ARRAY_GROW(r->nm, r->nnm + 1, r->capnm, 1024) < 0)
		return NULL;
	memset(&r->nm[r->nnm], 0, sizeof(r->nm[0]));
	r->nm[r->nnm].name = strdup(name);
	return &r->nm[r->nnm++];
}

static void replay_line(struct replay *r, char *l)
{
	char name[512], key[32];
	unsigned long long ino, datalen, size;
	unsigned gen, crc;
	struct vinode *i;
	struct vname *n;

	switch (l[0]) {
	case 'P':
		if (sscanf(l, "P %llu %u %llu %llu", &ino, &gen, &datalen, &size) == 4 &&
		    (i = vi(r, ino))) {
			i->pending = true;
			i->pgen = gen;
			i->pdatalen = datalen;
			i->psize = size;
		}
		break;
	case 'I':
		if (sscanf(l, "I %llu %u %llu %llu", &ino, &gen, &datalen, &size) == 4 &&
		    (i = vi(r, ino))) {
			i->known = true;
			i->unknown = i->pending = false;
			i->gen = gen;
			i->datalen = datalen;
			i->size = size;
		}
		break;
	case 'X':
		if (sscanf(l, "X %llu", &ino) == 1 && (i = vi(r, ino)))
			i->unknown = true;
		break;
	case 'C':
		if (sscanf(l, "C %llu", &ino) == 1 && (i = vi(r, ino)))
			i->pending = false;
		break;
	case 'R':
		if (sscanf(l, "R %511s", name) == 1 && (n = vn(r, name)))
			n->flux = false;
		break;
	case 'Q':
		if (sscanf(l, "Q %511s", name) == 1 && (n = vn(r, name)))
			n->flux = true;
		break;
	case 'N':
		if (sscanf(l, "N %511s %llu", name, &ino) == 2 && (n = vn(r, name))) {
			n->ino = ino;
			n->present = true;
			n->flux = false;
		}
		break;
	case 'U':
		if (sscanf(l, "U %511s", name) == 1 && (n = vn(r, name))) {
			n->present = false;
			n->flux = false;
		}
		break;
	case 'A':
		if (sscanf(l, "A %llu %31s %u", &ino, key, &crc) == 3 && (i = vi(r, ino))) {
			unsigned k = (unsigned)atoi(key + strlen(key) - 1) % 4;
			i->xattr_set[k] = true;
			i->xattr_flux[k] = false;
			i->xattr_crc[k] = crc;
		}
		break;
	case 'a':
		if (sscanf(l, "a %llu %31s", &ino, key) == 2 && (i = vi(r, ino))) {
			unsigned k = (unsigned)atoi(key + strlen(key) - 1) % 4;
			i->xattr_set[k] = false;
			i->xattr_flux[k] = false;
		}
		break;
	case 'x': /* xattr change begun */
	case 'y': /* ... and cancelled */
		if (sscanf(l + 2, "%llu %31s", &ino, key) == 2 && (i = vi(r, ino)))
			i->xattr_flux[(unsigned)atoi(key + strlen(key) - 1) % 4] = l[0] == 'x';
		break;
	}
}

static int file_crc(const char *path, uint64_t *size, uint32_t *crc)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	unsigned char buf[65536];
	uLong c = crc32(0L, Z_NULL, 0);
	uint64_t total = 0;
	ssize_t k;

	if (fd < 0)
		return -errno;
	while ((k = read(fd, buf, sizeof(buf))) > 0) {
		c = crc32(c, buf, (uInt)k);
		total += (uint64_t)k;
	}
	if (k < 0)
		return -errno;
	*size = total;
	*crc = (uint32_t)c;
	return 0;
}

static void note(json_object *arr, const char *name, const char *why)
{
	if (json_object_array_length(arr) >= 50)
		return;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(name));
	json_object_object_add(o, "problem", json_object_new_string(why));
	json_object_array_add(arr, o);
}

static bool content_matches(const struct vinode *i, uint64_t size, uint32_t crc)
{
	if (i->known && size == i->size &&
	    crc == fstx_expected_crc(i->ino, i->gen, i->datalen, i->size))
		return true;
	if (i->pending && size == i->psize &&
	    crc == fstx_expected_crc(i->ino, i->pgen, i->pdatalen, i->psize))
		return true;
	return false;
}

static void check_xattrs(const struct vinode *i, const char *path, const char *name,
			 unsigned long *corrupt, json_object *list)
{
	for (unsigned k = 0; k < 4; k++) {
		char key[32];
		unsigned char v[256];
		if (i->xattr_flux[k] || !i->xattr_set[k])
			continue;
		snprintf(key, sizeof(key), "user.fstx.%u", k);
		ssize_t n = getxattr(path, key, v, sizeof(v));
		if (n < 0) {
			(*corrupt)++;
			note(list, name, "a durable extended attribute is missing");
			continue;
		}
		if ((uint32_t)crc32(0, v, (uInt)n) != i->xattr_crc[k]) {
			(*corrupt)++;
			note(list, name, "a durable extended attribute has the wrong value");
		}
	}
}

int fstx_verify(const char *journal, const char *dir, json_object **ret)
{
	_cleanup_fclose_ FILE *f = fopen(journal, "re");
	struct replay r = { 0 };
	char line[1024];
	unsigned long checked = 0, missing = 0, corrupt = 0, flux = 0, unknown = 0;
	json_object *o, *ml, *cl;

	if (!f)
		return errno == ENOENT ? (*ret = json_object_new_object(), 0) : -errno;
	while (fgets(line, sizeof(line), f))
		replay_line(&r, line);
	ml = json_object_new_array();
	cl = json_object_new_array();
	for (size_t k = 0; k < r.nnm; k++) {
		struct vname *n = &r.nm[k];
		char path[4096];
		struct vinode *i;
		uint64_t size;
		uint32_t crc;

		if (n->flux) {
			flux++;
			continue;
		}
		if (!n->present)
			continue;
		checked++;
		snprintf(path, sizeof(path), "%s/%s", dir, n->name);
		int e = file_crc(path, &size, &crc);
		if (e == -ENOENT) {
			missing++;
			note(ml, n->name, "acknowledged durable, not there after remount");
			continue;
		}
		if (e < 0) {
			corrupt++;
			note(cl, n->name, strerror(-e));
			continue;
		}
		i = vi(&r, n->ino);
		/*
		 * A rewrite (new generation) truncates first: until its I record
		 * the file may hold any prefix of the new data, so nothing is
		 * promised about its contents (POSIX: not yet fsync'd).
		 */
		if (!i || i->unknown || (!i->known && !i->pending) ||
		    (i->pending && i->pgen != (i->known ? i->gen : 0))) {
			unknown++;
			if (i) /* its extended attributes are promised all the same */
				check_xattrs(i, path, n->name, &corrupt, cl);
			continue;
		}
		if (!content_matches(i, size, crc)) {
			char why[160];
			corrupt++;
			snprintf(
				why, sizeof(why),
				"contents differ from the last durable write (size %llu, expected %llu)",
				(unsigned long long)size, (unsigned long long)i->size);
			note(cl, n->name, why);
			continue;
		}
		check_xattrs(i, path, n->name, &corrupt, cl);
	}
	o = json_object_new_object();
	json_object_object_add(o, "checked", json_object_new_int64((int64_t)checked));
	json_object_object_add(o, "missing", json_object_new_int64((int64_t)missing));
	json_object_object_add(o, "corrupt", json_object_new_int64((int64_t)corrupt));
	json_object_object_add(o, "in_flux", json_object_new_int64((int64_t)flux));
	json_object_object_add(o, "contents_unknown", json_object_new_int64((int64_t)unknown));
	json_object_object_add(o, "missing_files", ml);
	json_object_object_add(o, "corrupt_files", cl);
	for (size_t k = 0; k < r.nnm; k++)
		free(r.nm[k].name);
	free(r.nm);
	free(r.in);
	*ret = o;
	return 0;
}
