// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's filesystem rules: XFS, ext4 and jbd2, btrfs, ext2/3, f2fs, FAT
 * and squashfs error lines, one event per incident (a device, lines close in
 * time and place); the title (rules.c dispatches).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "gfp.h"
#include "rules_int.h"

/* --- filesystems ------------------------------------------------------------- */

static const struct fs_pattern {
	const char *fs;
	const char *needle;
	const char *subkind; /* NULL: belongs to the report before it, never starts one */
	enum ev_severity sev;
} fs_patterns[] = {
	{ "xfs", "User initiated shutdown", "shutdown_requested", SEV_INFO },
	{ "xfs", "Filesystem has been shut down", "shutdown", SEV_FAILURE },
	{ "xfs", "Shutting down filesystem", "shutdown", SEV_FAILURE },
	{ "xfs", "force_shutdown", "shutdown", SEV_FAILURE },
	{ "xfs", "Corruption", "corruption", SEV_FAILURE },
	{ "xfs", "corruption detected", "corruption", SEV_FAILURE },
	{ "xfs", "CRC error", "corruption", SEV_FAILURE },
	{ "xfs", "metadata I/O error", "io_error", SEV_FAILURE },
	{ "xfs", "I/O Error", "io_error", SEV_FAILURE },
	{ "xfs", "I/O error", "io_error", SEV_FAILURE },
	{ "xfs", "writeback error", "io_error", SEV_FAILURE },
	{ "xfs", "Internal error", "internal_error", SEV_FAILURE },
	{ "xfs", "Assertion failed", "assertion", SEV_FAILURE },
	{ "xfs", "possible memory allocation deadlock", "alloc_deadlock", SEV_NOTICE },
	{ "xfs", "log mount failed", "mount_failed", SEV_FAILURE },
	{ "xfs", "Failed to recover", "recovery_failed", SEV_FAILURE },
	{ "xfs", "Please unmount the filesystem", NULL, SEV_INFO },
	{ "xfs", "First ", NULL, SEV_INFO }, /* "First 128 bytes of corrupted metadata buffer:" */
	{ "ext4", "shut down requested", "shutdown_requested", SEV_INFO },
	{ "ext4", "EXT4-fs error", "error", SEV_FAILURE },
	{ "ext4", "Remounting filesystem read-only", "remount_ro", SEV_FAILURE },
	{ "ext4", "failed to convert unwritten extents", "data_loss", SEV_FAILURE },
	{ "ext4", "Data will be lost", "data_loss", SEV_FAILURE },
	{ "ext4", "elayed block allocation failed", "alloc_failed", SEV_FAILURE },
	{ "ext4", "I/O error", "io_error", SEV_FAILURE },
	{ "ext4", "EXT4-fs warning", "warning", SEV_NOTICE },
	{ "ext4", "error count since last fsck", NULL, SEV_INFO },
	{ "ext4", "initial error at", NULL, SEV_INFO },
	{ "ext4", "last error at", NULL, SEV_INFO },
	{ "jbd2", "Aborting journal", "journal_abort", SEV_FAILURE },
	{ "jbd2", "JBD2: Error", "journal_error", SEV_FAILURE },
	{ "jbd2", "JBD2: Detected IO errors", "journal_error", SEV_FAILURE },
	{ "jbd2", "failed", "journal_error", SEV_FAILURE },
	/* a must-succeed allocation retrying in its own loop (rate-limited) */
	{ "jbd2", "ENOMEM in ", "alloc_retry", SEV_NOTICE },
	/* btrfs: "BTRFS error (device sda3): ...", "BTRFS: error (device X) in
	 * func:line: errno=-5 IO failure", "BTRFS info (device X): forced readonly" */
	{ "btrfs", "Transaction aborted", "transaction_abort", SEV_FAILURE },
	{ "btrfs", "forced readonly", "remount_ro", SEV_FAILURE },
	{ "btrfs", "errno=", "error", SEV_FAILURE },
	{ "btrfs", "parent transid verify failed", "corruption", SEV_FAILURE },
	{ "btrfs", " errs: ", "io_error", SEV_FAILURE }, /* "errs: wr 0, ... corrupt 1" */
	{ "btrfs", "corrupt", "corruption", SEV_FAILURE },
	{ "btrfs", "csum failed", "checksum", SEV_FAILURE },
	{ "btrfs", "checksum verify failed", "checksum", SEV_FAILURE },
	{ "btrfs", "low memory, retrying", "alloc_retry", SEV_NOTICE },
	{ "btrfs", "BTRFS critical", "error", SEV_FAILURE },
	{ "btrfs", "BTRFS error", "error", SEV_FAILURE },
	{ "btrfs", "BTRFS warning", "warning", SEV_NOTICE },
	{ "btrfs", "Skipping commit of aborted transaction", NULL, SEV_INFO },
	/* ext2 and ext3 (before ext4 took them over in 4.3) */
	{ "ext3", "Remounting filesystem read-only", "remount_ro", SEV_FAILURE },
	{ "ext3", "error", "error", SEV_FAILURE },
	{ "ext3", "warning", "warning", SEV_NOTICE },
	{ "ext2", "error", "error", SEV_FAILURE },
	/* f2fs: "F2FS-fs (sda1): ..." at error level */
	{ "f2fs", "nconsistent", "corruption", SEV_FAILURE },
	{ "f2fs", "orrupted", "corruption", SEV_FAILURE },
	{ "f2fs", "Stopped filesystem", "shutdown", SEV_FAILURE },
	{ "f2fs", "error", "error", SEV_FAILURE },
	/* FAT: "FAT-fs (sdb1): error, ...", then "Filesystem has been set read-only" */
	{ "fat", "set read-only", "remount_ro", SEV_FAILURE },
	{ "fat", "error", "error", SEV_FAILURE },
	{ "squashfs", "SQUASHFS error", "error", SEV_FAILURE },
};

/* XFS before 6.9, kmem_alloc and xfs_buf retrying an allocation:
 * "fstx(4233) possible memory allocation deadlock size 65552 in kmem_alloc (mode:0x2400240)" */
static void alloc_deadlock_fields(struct fieldset *f, const char *m, const char *end)
{
	const char *lp = memchr(m, '(', (size_t)(end - m)), *stop;
	char v[96];

	if (lp && lp > m && lp - m < 32 && lp + 1 < end && *(lp + 1) >= '0' && *(lp + 1) <= '9') {
		fset_str(f, "task", m, (size_t)(lp - m));
		fset_int(f, "pid", parse_ll(lp + 1, end, 10, &stop));
	}
	long long size = num_after(m, (size_t)(end - m), " size ", -1);
	if (size >= 0)
		fset_int(f, "size", size);
	if (field_after(m, (size_t)(end - m), " in ", " (", v, sizeof(v)) && v[0])
		fset_str(f, "function", v, strlen(v));
	if (field_after(m, (size_t)(end - m), "(mode:", ")", v, sizeof(v)) && v[0])
		fset_str(f, "mode", v, strlen(v));
}

/* The filesystems' own retry loops, 6.12's fs/ tree:
 * "ENOMEM in journal_alloc_journal_head, retrying." (jbd2, no prefix),
 * "BTRFS: no compression workspaces, low memory, retrying" */
static void alloc_retry_fields(struct fieldset *f, const char *m, const char *end)
{
	char v[96];

	if (field_after(m, (size_t)(end - m), "ENOMEM in ", ", ", v, sizeof(v)) && v[0])
		fset_str(f, "function", v, strlen(v));
}

/* Where an fs line names its device, and where its message starts:
 *   "XFS (loop0): msg", "F2FS-fs (sda1): msg", "XFS: msg"
 *   "EXT4-fs error (device loop0): func:12: msg", "... (device sda1) in func:12: msg"
 *   "BTRFS error (device sda3: state E): msg", "BTRFS: error (device X) in func:12: ..."
 *   "Aborting journal on device loop0-8." */
static const char *fs_prefix(const struct kline *k, char *dev, size_t devlen)
{
	const char *m = k->msg, *end = k->msg + k->len, *q;
	size_t head = k->len < 64 ? k->len : 64;
	const char *colon = memchr(m, ':', head);
	const char *open = find_in(m, head, "(device ", 8);

	dev[0] = 0;
	if (open)
		open += 8;
	else if ((q = memchr(m, '(', head)) && (!colon || q < colon) && q > m && q[-1] == ' ')
		open = q + 1; /* "XFS (loop0):"; not "XFS: fstx(4233) ..." */
	if (open) {
		for (q = open; q < end && *q != ')' && *q != ':' && *q != ' '; q++)
			;
		copy_str(dev, devlen, open, (size_t)(q - open));
		const char *rp = memchr(q, ')', (size_t)(end - q));
		if (rp)
			m = rp + 1;
		else if (colon)
			m = colon + 1;
	} else {
		field_after(m, k->len, "on device ", ".- ", dev, devlen);
		if (colon)
			m = colon + 1;
	}
	while (m < end && (*m == ':' || *m == ' '))
		m++;
	return m;
}

/* The message and the function that reported it, from the line that says
 * what the incident is (its first line, or a worse one that joined it). */
static void fs_describe(struct report *r, const struct kline *k, const char *m,
			const struct fs_pattern *pat)
{
	struct fieldset *f = &r->ev->fields;
	const char *end = k->msg + k->len;
	char fn[96];

	fset_str(f, "message", m, (size_t)(end - m));
	if (!strcmp(pat->subkind, "alloc_deadlock"))
		alloc_deadlock_fields(f, m, end);
	else if (!strcmp(pat->subkind, "alloc_retry"))
		alloc_retry_fields(f, m, end);
	/* "func:123: ..." (ext2/3/4), "in func:123: ..." (ext4's std error, btrfs) */
	const char *fm = at_prefix(m, end, "in ") ? m + 3 : m;
	const char *p = fm + ident_len(fm, (size_t)(end - fm));
	if (p > fm && p + 1 < end && *p == ':' && p[1] >= '0' && p[1] <= '9') {
		fset_str(f, "function", fm, (size_t)(p - fm));
		return;
	}
	if (field_after(k->msg, k->len, "Internal error ", " ", fn, sizeof(fn)) && fn[0]) {
		/* "Internal error xfs_trans_cancel at line 978 of file ...  Caller xfs_create+0x213/0x380" */
		fset_str(f, "function", fn, strlen(fn));
		if (field_after(k->msg, k->len, "Caller ", "+ ", fn, sizeof(fn)))
			fset_str(f, "caller", fn, strlen(fn));
	} else if ((field_after(k->msg, k->len, " at ", "+ ", fn, sizeof(fn)) ||
		    field_after(k->msg, k->len, " in ", " (+", fn, sizeof(fn))) &&
		   !strncmp(fn, "xfs", 3))
		fset_str(f, "function", fn, strlen(fn));
}

/* Lines of one incident come together; a line minutes after the last one
 * is another incident even when nothing came between. */
#define FS_INCIDENT_LINES 8
#define FS_INCIDENT_SECONDS 10.0

static bool start_fs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
		     const char *fs)
{
	const struct fs_pattern *pat = NULL;
	char dev[32];
	struct report *r;

	for (size_t i = 0; i < ARRAY_SIZE(fs_patterns); i++)
		if (fs_patterns[i].fs[0] == fs[0] && !strcmp(fs_patterns[i].fs, fs) &&
		    find_in(k->msg, k->len, fs_patterns[i].needle, strlen(fs_patterns[i].needle))) {
			pat = &fs_patterns[i];
			break;
		}
	if (!pat)
		return true; /* mount/unmount chatter */
	const char *m = fs_prefix(k, dev, sizeof(dev));
	char *dash = strchr(dev, '-');
	if (dash && !strcmp(fs, "jbd2"))
		*dash = 0; /* "loop0-8": journal of loop0 */
	double ts = kline_ts(k);
	for (size_t i = o->n_open; i-- > 0;) {
		r = &o->open[i];
		if (r->ev->kind != EV_FS_ERROR || strcmp(r->dev, dev) ||
		    /* no device named: one filesystem's lines only (ext4 and
		     * its jbd2 name one device and are one incident) */
		    (!dev[0] && strcmp(fget_str(&r->ev->fields, "fs") ?: "", fs)) ||
		    r->last_attach + FS_INCIDENT_LINES < o->lineno ||
		    (ts >= 0 && r->last_ts >= 0 &&
		     (ts - r->last_ts > FS_INCIDENT_SECONDS ||
		      r->last_ts - ts > FS_INCIDENT_SECONDS)))
			continue;
		/* a worse line, or an error after the warning that opened the
		 * incident, says what it is and where: its function, not the warning's */
		bool error_line = find_in(k->msg, k->len < 24 ? k->len : 24, " error", 6) ||
				  find_in(k->msg, k->len < 24 ? k->len : 24, ": error", 7);
		if (pat->subkind && !subkind_is(r->ev, "shutdown_requested") &&
		    (pat->sev > r->ev->severity ||
		     (r->fs_from_warning && error_line && pat->sev == r->ev->severity))) {
			r->fs_from_warning = false;
			r->ev->severity = pat->sev;
			copy_str(r->ev->subkind, sizeof(r->ev->subkind), pat->subkind, SIZE_MAX);
			fset_str(&r->ev->fields, "fs", fs, strlen(fs));
			fs_describe(r, k, m, pat);
		}
		if (pat->subkind) /* what else happened in this incident */
			fset_bool(&r->ev->fields, pat->subkind, true);
		r->last_ts = ts;
		report_attach(o, r, raw, rawlen);
		return true;
	}
	if (!pat->subkind)
		return true;
	r = report_open(o, k, raw, rawlen, EV_FS_ERROR, pat->sev, pat->subkind, END_IDLE);
	if (!r)
		return true;
	r->idle_limit = 4;
	r->last_ts = ts;
	/* printed inside a WARNING (btrfs's "Transaction aborted" after 3.x's
	 * WARNING line): the trace that follows is the warning's */
	size_t n = o->n_open;
	if (n >= 2 &&
	    (o->open[n - 2].ev->kind == EV_WARNING || o->open[n - 2].ev->kind == EV_BUG) &&
	    o->open[n - 2].last_attach + 1 >= o->lineno) {
		struct report t = o->open[n - 2];
		o->open[n - 2] = o->open[n - 1];
		o->open[n - 1] = t;
		r = &o->open[n - 2];
	}
	copy_str(r->dev, sizeof(r->dev), dev, SIZE_MAX);
	fset_str(&r->ev->fields, "fs", fs, strlen(fs));
	fset_str(&r->ev->fields, "device", dev, strlen(dev));
	fs_describe(r, k, m, pat);
	r->fs_from_warning = find_in(k->msg, k->len < 24 ? k->len : 24, " warning", 8) != NULL;
	return true;
}

bool start_xfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	if (k->len < 5 || (k->msg[3] != ' ' && k->msg[3] != ':'))
		return false;
	return start_fs(o, k, raw, rawlen, "xfs");
}

bool start_ext4(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	return start_fs(o, k, raw, rawlen, "ext4");
}

bool start_jbd2(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	return start_fs(o, k, raw, rawlen, "jbd2");
}

/* "BTRFS error (device ...)", "BTRFS: error ...", 3.x "btrfs: ..." */
bool start_btrfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	if (k->len < 7 || (k->msg[5] != ' ' && k->msg[5] != ':'))
		return false;
	return start_fs(o, k, raw, rawlen, "btrfs");
}

/* The others by their prefix: "EXT3-fs ", "EXT2-fs ", "F2FS-fs ", "FAT-fs ", "SQUASHFS " */
bool start_other_fs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	static const struct {
		const char *prefix, *fs;
	} t[] = {
		{ "EXT3-fs ", "ext3" }, { "EXT2-fs ", "ext2" },		  { "F2FS-fs ", "f2fs" },
		{ "FAT-fs ", "fat" },	{ "SQUASHFS error", "squashfs" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (starts(k, t[i].prefix))
			return start_fs(o, k, raw, rawlen, t[i].fs);
	return false;
}

void finish_fs_error(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s;

	char fs[16];
	size_t n = 0;
	for (const char *c = fget_str(f, "fs") ?: "?"; *c && n + 1 < sizeof(fs); c++)
		fs[n++] = (char)toupper((unsigned char)*c);
	fs[n] = 0;
	s = fget_str(f, "function");
	set_title(e, "%s %s%s%s", fs, e->subkind, s ? " in " : "", s ?: "");
}
