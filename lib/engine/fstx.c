// SPDX-License-Identifier: GPL-2.0
/*
 * fstx, the filesystem transaction engine (see fstx.h for the journal).
 * N threads, each in its own directory tree, run a weighted mix of
 * metadata-heavy operations: create, write, fsync, rename (within and across
 * directories), link, unlink, mkdir, rmdir, setxattr, removexattr, truncate,
 * fallocate and O_TMPFILE + linkat. Every choice comes from a per-thread
 * generator seeded from the scenario seed. Per operation it counts successes
 * and each errno separately; it publishes a heartbeat for the watchdog.
 *
 * With make-it-fail, each worker thread marks itself after setting up, so
 * injected faults hit the filesystem operations, not exec or the loader.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/array.h"
#include "core/clock.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/strv.h"
#include "engine.h"
#include "fstx.h"

#define FX(f) offsetof(struct fstx_cfg, f)
/* clang-format off */
static const struct opt_def fstx_opts[] = {
	{ "threads", OPT_INT, FX(threads), "4", "worker threads", 0, NULL, 1, 256 },
	{ "mix", OPT_STR, FX(mix), "create=20,write=15,fsync=8,rename=10,link=5,unlink=10,mkdir=4,rmdir=3,setxattr=6,removexattr=3,truncate=6,fallocate=5,tmpfile=5",
	  "operation weights, op=weight,..." },
	{ "files", OPT_INT, FX(files), "2000", "live files at most (per thread)", 0, NULL, 16, 10000000 },
	{ "dirs", OPT_INT, FX(dirs), "8", "directories per thread", 0, NULL, 1, 4096 },
	{ "max_file_size", OPT_SIZE, FX(max_file_size), "64K", "largest write or truncate", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "dir", OPT_STR, FX(dir), NULL, "where to work: a directory below the [fs] mount (default: the mount)" },
	{ "durable", OPT_BOOL, FX(durable), "yes", "fsync file and directory and journal what is durable" },
	{ "ops", OPT_INT, FX(ops), "0", "stop after this many operations per thread (0: run to the end)", 0, NULL, 0, INT64_MAX },
	{ "heartbeat", OPT_DURATION, FX(heartbeat_ms), "200ms", "how often progress counters are published" },
	{ 0 }
};
/* clang-format on */

/* --- argv for the harness -------------------------------------------------- */

static int fstx_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	const struct fstx_cfg *f = c->w.cfg;
	char dir[4096];
	char **v = NULL;
	int r = 0;

	(void)err;
	(void)len;
	fstx_instance_dir(f, c->fs_mount, c->w.name, c->instance, dir, sizeof(dir));
	const char *mix = f->mix;
#define ADD(...)                                           \
	do {                                               \
		if (r >= 0)                                \
			r = strv_extendf(&v, __VA_ARGS__); \
	} while (0)
	ADD("%s", c->self_exe);
	ADD("__fstx");
	ADD("--dir=%s", dir);
	ADD("--threads=%lld", (long long)f->threads);
	ADD("--mix=%s", mix);
	ADD("--seed=%lld", (long long)(c->seed * 1000 + c->instance));
	ADD("--files=%lld", (long long)f->files);
	ADD("--dirs=%lld", (long long)f->dirs);
	ADD("--max-size=%llu", (unsigned long long)f->max_file_size.bytes);
	ADD("--durable=%d", f->durable ? 1 : 0);
	ADD("--ops=%lld", (long long)f->ops);
	ADD("--heartbeat-ms=%llu", (unsigned long long)f->heartbeat_ms);
	ADD("--journal=%s", c->journal_path);
	if (c->progress_path)
		ADD("--progress=%s", c->progress_path);
	if (c->make_it_fail)
		ADD("--make-it-fail");
	if (c->sweep_ops) {
		_cleanup_free_ char *ops = strv_join((char **)c->sweep_ops, ",");
		ADD("--sweep=%s", ops ? ops : "");
		ADD("--max-n=%lld", (long long)c->sweep_max_n);
		if (c->sweep_only_n)
			ADD("--only-n=%lld", (long long)c->sweep_only_n);
		if (c->sweep_no_inject)
			ADD("--no-inject");
		ADD("--sweep-out=%s.sweep.json", c->journal_path);
	}
#undef ADD
	if (r < 0) {
		strv_free(v);
		return r;
	}
	*ret = v;
	return 0;
}

static int fstx_validate(const struct engine_wl *w, const char *scenario_path, struct engine_err *e)
{
	(void)scenario_path;
	return engine_key_below(e, "dir", ((const struct fstx_cfg *)w->cfg)->dir);
}

static bool fstx_journals(const struct engine_wl *w)
{
	return ((const struct fstx_cfg *)w->cfg)->durable;
}

static int fstx_verify_run(const struct engine_ctx *c, json_object **ret)
{
	char dir[4096];

	fstx_instance_dir(c->w.cfg, c->fs_mount, c->w.name, c->instance, dir, sizeof(dir));
	return fstx_verify(c->journal_path, dir, ret);
}

/* Its per-operation counts and errnos, which the process leaves next to its journal. */
static json_object *fstx_results(const struct engine_ctx *c)
{
	char p[4200];

	snprintf(p, sizeof(p), "%s.stats.json", c->journal_path);
	return json_object_from_file(p);
}

const struct engine engine_fstx = {
	.name = "fstx",
	.help = "memstress's filesystem transaction engine (needs [fs])",
	.opts = fstx_opts,
	.cfg_size = sizeof(struct fstx_cfg),
	.flags = ENGINE_NEEDS_FS | ENGINE_OWN_MAKE_IT_FAIL | ENGINE_FAIL_NTH | ENGINE_OPS_RATE,
	.progress_unit = "transactions",
	.validate = fstx_validate,
	.argv = fstx_argv,
	.journals = fstx_journals,
	.verify = fstx_verify_run,
	.results = fstx_results,
};

/* --- the process -------------------------------------------------------------- */

static const int tracked_errnos[] = { ENOMEM,  EIO,    EROFS, ENOSPC,  ENOENT,	   EEXIST,
				      EUCLEAN, EDQUOT, EFBIG, ENODATA, EOPNOTSUPP, EAGAIN };
#define N_ERRNO (sizeof(tracked_errnos) / sizeof(tracked_errnos[0]) + 1) /* + other */

struct finode {
	uint64_t ino;
	uint32_t gen, xgen;
	uint64_t datalen, size;
	bool unknown;
	bool xattr[4];
	int refs;
};

struct fname {
	unsigned dir;
	char leaf[24];
	struct finode *in;
};

struct opts {
	const char *dir, *journal, *progress, *mix_s, *sweep, *sweep_out;
	unsigned threads, dirs, files, max_n, only_n;
	uint64_t max_size, ops, seed, heartbeat_ms;
	bool durable, make_it_fail, no_inject;
	unsigned weight[OP__MAX], total_weight;
};

struct worker {
	const struct opts *o;
	unsigned id;
	pthread_t th;
	uint64_t rng;
	char base[4096];
	int dirfd[4096 / 8];
	struct fname *names;
	size_t n, cap;
	unsigned n_extra;
	char extra[32][24];
	unsigned extra_dir[32];
	uint64_t counter, next_ino;
	unsigned consecutive_errors;
	unsigned char *buf;
	_Atomic unsigned long ok[OP__MAX];
	_Atomic unsigned long err[OP__MAX][N_ERRNO];
	_Atomic unsigned long journal_errors;
	bool done;
};

static atomic_int stop;
static int journal_fd = -1;

static uint64_t rnd(struct worker *w)
{
	/* xorshift64* */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545f4914f6cdd1dULL;
}

static int jrec(struct worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int jrec(struct worker *w, const char *fmt, ...)
{
	char line[640];
	va_list ap;

	if (!w->o->durable || journal_fd < 0)
		return 0;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	for (int done = 0; done < n;) {
		ssize_t k = write(journal_fd, line + done, (size_t)(n - done));
		if (k <= 0) {
			/* end a torn record so it cannot run into the next one */
			if (done)
				(void)!write(journal_fd, "\n", 1);
			w->journal_errors++;
			return -EIO;
		}
		done += (int)k;
	}
	return 0;
}

/* The operation's own call failed: it did not happen. */
static void cancel(struct worker *w, const char *name, uint64_t ino)
{
	if (name)
		jrec(w, "R %s", name);
	if (ino)
		jrec(w, "C %llu", (unsigned long long)ino);
}

static void count_err(struct worker *w, enum fstx_op op, int e)
{
	size_t k;

	for (k = 0; k < N_ERRNO - 1; k++)
		if (tracked_errnos[k] == e)
			break;
	w->err[op][k]++;
	w->consecutive_errors++;
}

/* Names in the journal are relative to the instance directory. */
static const char *jname(const struct worker *w, unsigned dir, const char *leaf, char *buf,
			 size_t len)
{
	snprintf(buf, len, "t%u/d%u/%s", w->id, dir, leaf);
	return buf;
}

static struct fname *pick(struct worker *w)
{
	return w->n ? &w->names[rnd(w) % w->n] : NULL;
}

static struct fname *add_name(struct worker *w, unsigned dir, const char *leaf, struct finode *in)
{
	if (ARRAY_GROW(w->names, w->n + 1, w->cap, 256) < 0)
		return NULL;
	struct fname *f = &w->names[w->n++];
	f->dir = dir;
	snprintf(f->leaf, sizeof(f->leaf), "%s", leaf);
	f->in = in;
	in->refs++;
	return f;
}

static void drop_name(struct worker *w, struct fname *f)
{
	struct finode *in = f->in;

	*f = w->names[--w->n];
	if (--in->refs == 0)
		free(in);
}

static struct finode *new_inode(struct worker *w)
{
	struct finode *in = calloc(1, sizeof(*in));

	if (in)
		in->ino = w->next_ino++;
	return in;
}

static int write_contents(struct worker *w, int fd, struct finode *in)
{
	fstx_content(in->ino, in->gen, w->buf, in->datalen);
	ssize_t k = write(fd, w->buf, in->datalen);
	if (k < 0)
		return -errno;
	return (uint64_t)k == in->datalen ? 0 : -EIO;
}

/* fsync the file and record its state; on failure the inode becomes unknown. */
static int sync_inode(struct worker *w, int fd, struct finode *in)
{
	if (!w->o->durable)
		return 0;
	if (fsync(fd) < 0) {
		int e = -errno;
		in->unknown = true;
		jrec(w, "X %llu", (unsigned long long)in->ino);
		return e;
	}
	if (in->unknown)
		return 0;
	return jrec(w, "I %llu %u %llu %llu", (unsigned long long)in->ino, in->gen,
		    (unsigned long long)in->datalen, (unsigned long long)in->size);
}

static int sync_dir(struct worker *w, unsigned dir)
{
	if (w->o->durable && fsync(w->dirfd[dir]) < 0)
		return -errno;
	return 0;
}

/* The contents are unknown until the inode's next whole rewrite. */
static void lose_track(struct worker *w, struct finode *in)
{
	in->unknown = true;
	jrec(w, "X %llu", (unsigned long long)in->ino);
}

/*
 * A call that changes an inode's size failed (ftruncate, fallocate, open
 * with O_TRUNC). Such calls are not all or nothing: ext4's truncate commits
 * the new size in one journal handle and frees the blocks, and zeroes the
 * tail of the last one, in the next; when that second handle cannot start
 * (ENOMEM) the call fails with the file at its new size and the old data
 * still in the blocks past it, where a later extension shows it again.
 * fallocate extends the size extent by extent. So the size the file has
 * now says only whether anything happened: the old one, nothing (cancel);
 * any other, even the one asked for, the contents are unknown until the
 * next whole rewrite.
 */
static void failed_resize(struct worker *w, struct finode *in, int fd, int dirfd, const char *leaf)
{
	struct stat st;
	int k = fd >= 0 ? fstat(fd, &st) : fstatat(dirfd, leaf, &st, AT_SYMLINK_NOFOLLOW);

	if (k == 0 && !in->unknown && (uint64_t)st.st_size == in->size)
		cancel(w, NULL, in->ino);
	else
		lose_track(w, in);
}

static int op_create(struct worker *w, bool tmpfile)
{
	unsigned dir = (unsigned)(rnd(w) % w->o->dirs);
	struct finode *in = new_inode(w);
	char leaf[24], jn[64];
	int e = 0, fd;

	if (!in)
		return -ENOMEM;
	snprintf(leaf, sizeof(leaf), "%c%llu", tmpfile ? 't' : 'f',
		 (unsigned long long)w->counter++);
	in->gen = 1;
	in->datalen = in->size = rnd(w) % (w->o->max_size + 1);
	jname(w, dir, leaf, jn, sizeof(jn));
	if (jrec(w, "Q %s", jn) < 0 ||
	    jrec(w, "P %llu %u %llu %llu", (unsigned long long)in->ino, in->gen,
		 (unsigned long long)in->datalen, (unsigned long long)in->size) < 0) {
		free(in);
		return -EIO;
	}
	if (tmpfile)
		fd = openat(w->dirfd[dir], ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	else
		fd = openat(w->dirfd[dir], leaf, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		e = -errno;
		cancel(w, jn, in->ino);
		free(in);
		return e;
	}
	e = write_contents(w, fd, in);
	if (e < 0)
		lose_track(w, in);
	if (!e)
		e = sync_inode(w, fd, in);
	if (tmpfile && !e && linkat(fd, "", w->dirfd[dir], leaf, AT_EMPTY_PATH) < 0) {
		e = -errno;
		cancel(w, jn, 0); /* the name never appeared */
	}
	close(fd);
	if (tmpfile && e < 0) {
		free(in);
		return e;
	}
	if (!add_name(w, dir, leaf, in)) {
		free(in);
		return -ENOMEM;
	}
	if (e < 0)
		return e;
	if ((e = sync_dir(w, dir)) < 0)
		return e;
	return jrec(w, "N %s %llu", jn, (unsigned long long)in->ino);
}

static int op_rewrite(struct worker *w, enum fstx_op op)
{
	struct fname *f = pick(w);
	struct finode *in, next;
	uint64_t fa_off = 0, fa_len = 0;
	char jn[64];
	int fd, e = 0;

	if (!f)
		return op_create(w, false);
	in = f->in;
	next = *in;
	switch (op) {
	case OP_WRITE:
		next.gen++;
		next.datalen = next.size = rnd(w) % (w->o->max_size + 1);
		break;
	case OP_TRUNCATE:
		next.size = rnd(w) % (w->o->max_size + 1);
		if (next.datalen > next.size)
			next.datalen = next.size;
		break;
	case OP_FALLOCATE:
		fa_off = rnd(w) % (w->o->max_size + 1);
		fa_len = 1 + rnd(w) % (w->o->max_size / 4 + 1);
		next.size = in->size > fa_off + fa_len ? in->size : fa_off + fa_len;
		break;
	default: break;
	}
	if (op != OP_FSYNC &&
	    jrec(w, "P %llu %u %llu %llu", (unsigned long long)next.ino, next.gen,
		 (unsigned long long)next.datalen, (unsigned long long)next.size) < 0)
		return -EIO;
	fd = openat(w->dirfd[f->dir], f->leaf,
		    (op == OP_FSYNC ? O_RDONLY : O_WRONLY) | (op == OP_WRITE ? O_TRUNC : 0) |
			    O_CLOEXEC);
	if (fd < 0) {
		e = -errno;
		if (op == OP_WRITE)
			failed_resize(w, in, -1, w->dirfd[f->dir], f->leaf);
		else if (op != OP_FSYNC)
			cancel(w, NULL, in->ino);
		return e;
	}
	switch (op) {
	case OP_WRITE:
		*in = next;
		e = write_contents(w, fd, in);
		break;
	case OP_TRUNCATE: e = ftruncate(fd, (off_t)next.size) < 0 ? -errno : 0; break;
	case OP_FALLOCATE:
		/* mode 0: allocates, extends the size if past the end, never changes data */
		e = fallocate(fd, 0, (off_t)fa_off, (off_t)fa_len) < 0 ? -errno : 0;
		break;
	default: break;
	}
	if (op == OP_TRUNCATE || op == OP_FALLOCATE) {
		if (!e)
			*in = next;
		else
			failed_resize(w, in, fd, -1, NULL);
	} else if (e < 0 && op == OP_WRITE)
		lose_track(w, in); /* O_TRUNC happened, the data may be partly there */
	else if (!e && op == OP_WRITE)
		in->unknown = false; /* a whole new generation: known again */
	if (!e)
		e = sync_inode(w, fd, in);
	close(fd);
	if (e < 0 || op != OP_FSYNC)
		return e;
	if ((e = sync_dir(w, f->dir)) < 0)
		return e;
	return jrec(w, "N %s %llu", jname(w, f->dir, f->leaf, jn, sizeof(jn)),
		    (unsigned long long)in->ino);
}

static int op_rename(struct worker *w)
{
	struct fname *f = pick(w);
	char leaf[24], jold[64], jnew[64];
	unsigned dir = (unsigned)(rnd(w) % w->o->dirs), odir;
	int e;

	if (!f)
		return op_create(w, false);
	odir = f->dir;
	snprintf(leaf, sizeof(leaf), "r%llu", (unsigned long long)w->counter++);
	jname(w, f->dir, f->leaf, jold, sizeof(jold));
	jname(w, dir, leaf, jnew, sizeof(jnew));
	if (jrec(w, "Q %s", jold) < 0 || jrec(w, "Q %s", jnew) < 0)
		return -EIO;
	if (renameat(w->dirfd[odir], f->leaf, w->dirfd[dir], leaf) < 0) {
		e = -errno;
		cancel(w, jold, 0);
		cancel(w, jnew, 0);
		return e;
	}
	f->dir = dir;
	snprintf(f->leaf, sizeof(f->leaf), "%s", leaf);
	if ((e = sync_dir(w, dir)) < 0 || (odir != dir && (e = sync_dir(w, odir)) < 0))
		return e;
	if ((e = jrec(w, "U %s", jold)) < 0)
		return e;
	return jrec(w, "N %s %llu", jnew, (unsigned long long)f->in->ino);
}

static int op_link(struct worker *w)
{
	struct fname *f = pick(w);
	unsigned dir = (unsigned)(rnd(w) % w->o->dirs);
	char leaf[24], jn[64];
	int e;

	if (!f)
		return op_create(w, false);
	snprintf(leaf, sizeof(leaf), "l%llu", (unsigned long long)w->counter++);
	jname(w, dir, leaf, jn, sizeof(jn));
	if (jrec(w, "Q %s", jn) < 0)
		return -EIO;
	if (linkat(w->dirfd[f->dir], f->leaf, w->dirfd[dir], leaf, 0) < 0) {
		e = -errno;
		cancel(w, jn, 0);
		return e;
	}
	struct finode *in = f->in;
	if (!add_name(w, dir, leaf, in))
		return -ENOMEM;
	if ((e = sync_dir(w, dir)) < 0)
		return e;
	return jrec(w, "N %s %llu", jn, (unsigned long long)in->ino);
}

static int op_unlink(struct worker *w)
{
	struct fname *f = pick(w);
	char jn[64];
	unsigned dir;
	int e;

	if (!f)
		return op_create(w, false);
	jname(w, f->dir, f->leaf, jn, sizeof(jn));
	if (jrec(w, "Q %s", jn) < 0)
		return -EIO;
	if (unlinkat(w->dirfd[f->dir], f->leaf, 0) < 0) {
		e = -errno;
		cancel(w, jn, 0);
		return e;
	}
	dir = f->dir;
	drop_name(w, f);
	if ((e = sync_dir(w, dir)) < 0)
		return e;
	return jrec(w, "U %s", jn);
}

static int op_mkdir(struct worker *w)
{
	unsigned dir = (unsigned)(rnd(w) % w->o->dirs);
	char leaf[24];

	if (w->n_extra >= 32)
		return 0;
	snprintf(leaf, sizeof(leaf), "s%llu", (unsigned long long)w->counter++);
	if (mkdirat(w->dirfd[dir], leaf, 0755) < 0)
		return -errno;
	snprintf(w->extra[w->n_extra], sizeof(w->extra[0]), "%s", leaf);
	w->extra_dir[w->n_extra++] = dir;
	return sync_dir(w, dir);
}

static int op_rmdir(struct worker *w)
{
	if (!w->n_extra)
		return op_mkdir(w);
	unsigned k = (unsigned)(rnd(w) % w->n_extra), dir = w->extra_dir[k];
	if (unlinkat(w->dirfd[dir], w->extra[k], AT_REMOVEDIR) < 0)
		return -errno;
	w->n_extra--;
	memcpy(w->extra[k], w->extra[w->n_extra], sizeof(w->extra[0]));
	w->extra_dir[k] = w->extra_dir[w->n_extra];
	return sync_dir(w, dir);
}

static int op_xattr(struct worker *w, bool remove)
{
	struct fname *f = pick(w);
	unsigned char v[256];
	char key[32];
	unsigned k;
	int fd, e;

	if (!f)
		return op_create(w, false);
	struct finode *in = f->in;
	k = (unsigned)(rnd(w) % 4);
	if (remove) {
		unsigned tries = 0;
		while (!in->xattr[k] && tries++ < 4)
			k = (k + 1) % 4;
		if (!in->xattr[k])
			return op_xattr(w, false);
	}
	snprintf(key, sizeof(key), "user.fstx.%u", k);
	if (jrec(w, "x %llu %s", (unsigned long long)in->ino, key) < 0)
		return -EIO;
	fd = openat(w->dirfd[f->dir], f->leaf, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	if (remove)
		e = fremovexattr(fd, key) < 0 ? -errno : 0;
	else {
		n = fstx_xattr_value(in->ino, k, ++in->xgen, v, sizeof(v));
		e = fsetxattr(fd, key, v, n, 0) < 0 ? -errno : 0;
	}
	if (e < 0) {
		close(fd);
		jrec(w, "y %llu %s", (unsigned long long)in->ino, key); /* it did not happen */
		return e;
	}
	if (w->o->durable && fsync(fd) < 0)
		e = -errno;
	close(fd);
	if (e < 0)
		return e;
	in->xattr[k] = !remove;
	if (remove)
		return jrec(w, "a %llu %s", (unsigned long long)in->ino, key);
	return jrec(w, "A %llu %s %u", (unsigned long long)in->ino, key,
		    (unsigned)crc32(0, v, (uInt)n));
}

static enum fstx_op choose(struct worker *w)
{
	unsigned x = (unsigned)(rnd(w) % w->o->total_weight);

	for (int i = 0; i < OP__MAX; i++) {
		if (x < w->o->weight[i])
			return (enum fstx_op)i;
		x -= w->o->weight[i];
	}
	return OP_CREATE;
}

static int do_op(struct worker *w, enum fstx_op op)
{
	bool full = w->n >= w->o->files;

	switch (op) {
	case OP_CREATE: return full ? op_unlink(w) : op_create(w, false);
	case OP_TMPFILE: return full ? op_unlink(w) : op_create(w, true);
	case OP_LINK: return full ? op_unlink(w) : op_link(w);
	case OP_WRITE:
	case OP_FSYNC:
	case OP_TRUNCATE:
	case OP_FALLOCATE: return op_rewrite(w, op);
	case OP_RENAME: return op_rename(w);
	case OP_UNLINK: return op_unlink(w);
	case OP_MKDIR: return op_mkdir(w);
	case OP_RMDIR: return op_rmdir(w);
	case OP_SETXATTR: return op_xattr(w, false);
	case OP_REMOVEXATTR: return op_xattr(w, true);
	default: return 0;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint64_t done = 0;

	for (unsigned d = 0; d < w->o->dirs; d++) {
		char p[4200];
		snprintf(p, sizeof(p), "%s/d%u", w->base, d);
		if (mkdir_p(p, 0755) < 0 ||
		    (w->dirfd[d] = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			fprintf(log_stderr(), "fstx: cannot set up '%s': %m\n", p);
			w->done = true;
			return NULL;
		}
	}
	if (w->o->make_it_fail && write_string("/proc/thread-self/make-it-fail", "1") < 0)
		fprintf(log_stderr(), "fstx: cannot set make-it-fail: %m\n");
	while (!atomic_load(&stop) && (!w->o->ops || done < w->o->ops)) {
		enum fstx_op op = choose(w);
		int e = do_op(w, op);
		if (e < 0)
			count_err(w, op, -e);
		else {
			w->ok[op]++;
			w->consecutive_errors = 0;
		}
		done++;
		if (w->consecutive_errors > 1000) {
			struct timespec ts = { 0, 10 * 1000000 };
			nanosleep(&ts, NULL); /* the fs is likely shut down: do not spin */
		}
	}
	if (w->o->make_it_fail)
		(void)write_string("/proc/thread-self/make-it-fail", "0");
	w->done = true;
	return NULL;
}

static int parse_mix(struct opts *o)
{
	_cleanup_strv_free_ char **items = NULL;
	int r = strv_split(o->mix_s, ",", &items);

	if (r < 0)
		return r;
	STRV_FOREACH(it, items) {
		char *eq = strchr(*it, '=');
		if (!eq) {
			fprintf(log_stderr(), "fstx: mix item '%s' is not op=weight\n", *it);
			return -EINVAL;
		}
		*eq = 0;
		int op = fstx_op_from_name(*it);
		if (op < 0) {
			fprintf(log_stderr(), "fstx: unknown operation '%s' in the mix\n", *it);
			return -EINVAL;
		}
		o->weight[op] = (unsigned)atoi(eq + 1);
		o->total_weight += o->weight[op];
	}
	if (!o->total_weight) {
		fprintf(log_stderr(), "fstx: the mix has no weight\n");
		return -EINVAL;
	}
	return 0;
}

static char *stats_json(struct worker *ws, unsigned n, double secs)
{
	json_object *o = json_object_new_object(), *ops = json_object_new_object();
	unsigned long total_ok = 0, total_err = 0, jerr = 0;

	for (int op = 0; op < OP__MAX; op++) {
		json_object *x = json_object_new_object(), *errs = json_object_new_object();
		unsigned long ok = 0, err = 0;
		for (unsigned i = 0; i < n; i++)
			ok += ws[i].ok[op];
		for (size_t k = 0; k < N_ERRNO; k++) {
			unsigned long c = 0;
			for (unsigned i = 0; i < n; i++)
				c += ws[i].err[op][k];
			if (!c)
				continue;
			const char *name = k < N_ERRNO - 1 ? strerrorname_np(tracked_errnos[k]) :
							     "other";
			json_object_object_add(errs, name ? name : "?",
					       json_object_new_int64((int64_t)c));
			err += c;
		}
		json_object_object_add(x, "ok", json_object_new_int64((int64_t)ok));
		json_object_object_add(x, "errors", errs);
		json_object_object_add(ops, fstx_op_names[op], x);
		total_ok += ok;
		total_err += err;
	}
	for (unsigned i = 0; i < n; i++)
		jerr += ws[i].journal_errors;
	json_object_object_add(o, "ops", ops);
	json_object_object_add(o, "total_ok", json_object_new_int64((int64_t)total_ok));
	json_object_object_add(o, "total_errors", json_object_new_int64((int64_t)total_err));
	json_object_object_add(o, "journal_errors", json_object_new_int64((int64_t)jerr));
	json_object_object_add(o, "threads", json_object_new_int((int)n));
	json_object_object_add(o, "seconds", json_object_new_double(secs));
	json_object_object_add(o, "ops_per_s",
			       json_object_new_double(secs > 0 ? (double)total_ok / secs : 0));
	char *s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	json_object_put(o);
	return s;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = { { "dir", required_argument, NULL, 'd' },
					    { "threads", required_argument, NULL, 't' },
					    { "mix", required_argument, NULL, 'm' },
					    { "seed", required_argument, NULL, 's' },
					    { "files", required_argument, NULL, 'f' },
					    { "dirs", required_argument, NULL, 'D' },
					    { "max-size", required_argument, NULL, 'z' },
					    { "durable", required_argument, NULL, 'u' },
					    { "ops", required_argument, NULL, 'o' },
					    { "heartbeat-ms", required_argument, NULL, 'h' },
					    { "journal", required_argument, NULL, 'j' },
					    { "progress", required_argument, NULL, 'p' },
					    { "make-it-fail", no_argument, NULL, 'F' },
					    { "sweep", required_argument, NULL, 'S' },
					    { "max-n", required_argument, NULL, 'n' },
					    { "only-n", required_argument, NULL, 'N' },
					    { "no-inject", no_argument, NULL, 'I' },
					    { "sweep-out", required_argument, NULL, 'O' },
					    { 0 } };
	int c;

	*o = (struct opts){
		.threads = 4,
		.dirs = 8,
		.files = 2000,
		.max_size = 65536,
		.seed = 1,
		.durable = true,
		.heartbeat_ms = 200,
		.max_n = 400,
		.mix_s =
			"create=20,write=15,fsync=8,rename=10,link=5,unlink=10,mkdir=4,rmdir=3,setxattr=6,removexattr=3,truncate=6,fallocate=5,tmpfile=5"
	};
	while ((c = getopt_long(argc, argv, "", lo, NULL)) >= 0) {
		switch (c) {
		case 'd': o->dir = optarg; break;
		case 't': o->threads = (unsigned)atoi(optarg); break;
		case 'm': o->mix_s = optarg; break;
		case 's': o->seed = strtoull(optarg, NULL, 10); break;
		case 'f': o->files = (unsigned)atoi(optarg); break;
		case 'D': o->dirs = (unsigned)atoi(optarg); break;
		case 'z': o->max_size = strtoull(optarg, NULL, 10); break;
		case 'u': o->durable = atoi(optarg) != 0; break;
		case 'o': o->ops = strtoull(optarg, NULL, 10); break;
		case 'h': o->heartbeat_ms = strtoull(optarg, NULL, 10); break;
		case 'j': o->journal = optarg; break;
		case 'p': o->progress = optarg; break;
		case 'F': o->make_it_fail = true; break;
		case 'S': o->sweep = optarg; break;
		case 'n': o->max_n = (unsigned)atoi(optarg); break;
		case 'N': o->only_n = (unsigned)atoi(optarg); break;
		case 'I': o->no_inject = true; break;
		case 'O': o->sweep_out = optarg; break;
		default: return -EINVAL;
		}
	}
	if (!o->dir || !o->threads || !o->dirs || o->dirs > 512) {
		fprintf(log_stderr(),
			"fstx: --dir is required; --threads and --dirs (<= 512) must be > 0\n");
		return -EINVAL;
	}
	return parse_mix(o);
}

int fstx_main(int argc, char **argv)
{
	struct opts o;
	struct progress prog = { .fd = -1 };
	sigset_t mask;
	int r;

	if (parse_opts(argc, argv, &o) < 0)
		return 2;
	if ((r = mkdir_p(o.dir, 0755)) < 0) {
		fprintf(log_stderr(), "fstx: cannot create '%s': %s\n", o.dir, strerror(-r));
		return 1;
	}
	if (o.sweep) {
		_cleanup_strv_free_ char **ops = NULL;
		if (strv_split(o.sweep, ",", &ops) < 0)
			return 1;
		(void)progress_open(&prog, o.progress);
		r = fstx_sweep(o.dir, ops,
			       &(struct fstx_sweep_opts){ .max_n = o.max_n,
							  .only_n = o.only_n,
							  .inject = !o.no_inject },
			       o.sweep_out, &prog);
		progress_close(&prog);
		return r < 0 ? 1 : 0;
	}
	if (o.journal && o.durable) {
		journal_fd = open(o.journal, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (journal_fd < 0) {
			fprintf(log_stderr(), "fstx: cannot open the journal '%s': %m\n",
				o.journal);
			return 1;
		}
	}
	(void)progress_open(&prog, o.progress);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	pthread_sigmask(SIG_BLOCK, &mask, NULL); /* inherited by the workers: only main waits */

	struct worker *ws = calloc(o.threads, sizeof(*ws));
	if (!ws)
		return 1;
	double t0 = mono_s();
	for (unsigned i = 0; i < o.threads; i++) {
		struct worker *w = &ws[i];
		w->o = &o;
		w->id = i;
		w->rng = o.seed * 0x9e3779b97f4a7c15ULL + i * 0x632be59bd9b4e019ULL + 1;
		w->next_ino = ((uint64_t)(o.seed & 0xffff) << 48) | ((uint64_t)i << 40) | 1;
		w->buf = malloc(o.max_size + 8);
		snprintf(w->base, sizeof(w->base), "%s/t%u", o.dir, i);
		if (!w->buf || pthread_create(&w->th, NULL, worker_main, w)) {
			fprintf(log_stderr(), "fstx: cannot start worker %u\n", i);
			return 1;
		}
	}
	fprintf(log_stdout(), "fstx: %u threads in %s, mix %s, durable %s\n", o.threads, o.dir,
		o.mix_s, o.durable ? "yes" : "no");
	fflush(log_stdout());
	for (;;) {
		struct timespec ts = { (time_t)(o.heartbeat_ms / 1000),
				       (long)(o.heartbeat_ms % 1000) * 1000000 };
		unsigned long ops = 0, errs = 0;
		bool all_done = true;
		char buf[256];

		int sig = sigtimedwait(&mask, NULL, &ts);
		for (unsigned i = 0; i < o.threads; i++) {
			for (int k = 0; k < OP__MAX; k++) {
				ops += ws[i].ok[k];
				for (size_t e = 0; e < N_ERRNO; e++)
					errs += ws[i].err[k][e];
			}
			all_done &= ws[i].done;
		}
		snprintf(buf, sizeof(buf), "ops %lu\nerrors %lu\nstate %s\n", ops + errs, errs,
			 sig > 0 ? "stopping" : "running");
		(void)progress_publish(&prog, buf);
		if (sig > 0 || all_done)
			break;
	}
	atomic_store(&stop, 1);
	for (unsigned i = 0; i < o.threads; i++)
		pthread_join(ws[i].th, NULL);
	_cleanup_free_ char *stats = stats_json(ws, o.threads, mono_s() - t0);
	if (stats) {
		fprintf(log_stdout(), "%s\n", stats);
		if (o.journal) {
			char p[4200];
			snprintf(p, sizeof(p), "%s.stats.json", o.journal);
			(void)write_atomic(p, stats, strlen(stats));
		}
	}
	progress_close(&prog);
	return 0;
}
