// SPDX-License-Identifier: GPL-2.0
/*
 * The persisted undo journal (see undo.h). File format, one record a line:
 *
 *	memstress-undo 1
 *	owner <pid> <starttime> <boot_id> <run_id>
 *	<seq> <op> [<arg>...]
 *	done <seq>
 *
 * Fields are separated by one space and escaped (\xHH for bytes <= 0x20,
 * backslash and DEL; "\0" for an empty string), so paths with spaces survive.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "scope.h"
#include "fileio.h"
#include "strv.h"
#include "undo.h"

const char *undo_state_dir(void)
{
	const char *d = getenv("MEMSTRESS_STATE_DIR");

	return d && *d ? d : "/run/memstress";
}

char *undo_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *out, *p;

	if (!s || !*s)
		return strdup("\\0");
	out = malloc(strlen(s) * 4 + 1);
	if (!out)
		return NULL;
	for (p = out; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c == '\\' || c == 0x7f) {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else
			*p++ = (char)c;
	}
	*p = 0;
	return out;
}

char *undo_unescape(const char *s)
{
	char *out, *p;

	if (!strcmp(s, "\\0"))
		return strdup("");
	out = malloc(strlen(s) + 1);
	if (!out)
		return NULL;
	for (p = out; *s;) {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3])) {
			char hex[3] = { s[2], s[3], 0 };
			*p++ = (char)strtol(hex, NULL, 16);
			s += 4;
		} else
			*p++ = *s++;
	}
	*p = 0;
	return out;
}

int proc_start_time(pid_t pid, unsigned long long *ret)
{
	_cleanup_free_ char *buf = NULL;
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	r = read_full_file(path, 4096, &buf, NULL);
	if (r < 0)
		return r;
	/* comm may contain spaces and parentheses: fields start after the last ')' */
	char *p = strrchr(buf, ')');
	if (!p)
		return -EINVAL;
	/* ") S ppid ...": step to the space before field 3, 4, ... 22 (starttime) */
	for (int field = 3; field <= 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -EINVAL;
	}
	*ret = strtoull(p + 1, NULL, 10);
	return 0;
}

static int read_boot_id(char **ret)
{
	return read_one_line("/proc/sys/kernel/random/boot_id", ret);
}

static int append_line(struct undo *u, const char *line)
{
	size_t len = strlen(line);

	if (write(u->fd, line, len) != (ssize_t)len)
		return -errno ?: -EIO;
	(void)fdatasync(u->fd);
	return 0;
}

static int push_entry(struct undo *u, struct undo_entry e)
{
	if (ARRAY_GROW(u->entries, u->n + 1, u->cap, 16) < 0)
		return -ENOMEM;
	u->entries[u->n++] = e;
	return 0;
}

int undo_open(const char *run_id, struct undo **ret)
{
	_cleanup_free_ char *dir = NULL, *boot = NULL, *line = NULL, *rid = NULL;
	struct undo *u;
	int r;

	if (asprintf(&dir, "%s/journal", undo_state_dir()) < 0)
		return -ENOMEM;
	r = mkdir_p(dir, 0700);
	if (r < 0)
		return r;
	u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->fd = -1;
	u->owner_pid = getpid();
	(void)proc_start_time(u->owner_pid, &u->owner_start);
	if (read_boot_id(&boot) < 0)
		boot = strdup("unknown");
	u->owner_boot = TAKE_PTR(boot);
	u->run_id = strdup(run_id);
	if (asprintf(&u->path, "%s/%s.undo", dir, run_id) < 0 || !u->run_id) {
		undo_free(u);
		return -ENOMEM;
	}
	u->fd = open(u->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
	if (u->fd < 0) {
		r = -errno;
		undo_free(u);
		return r;
	}
	rid = undo_escape(run_id);
	if (!rid || asprintf(&line, "memstress-undo 1\nowner %d %llu %s %s\n", (int)u->owner_pid,
			     u->owner_start, u->owner_boot, rid) < 0) {
		undo_free(u);
		return -ENOMEM;
	}
	r = append_line(u, line);
	if (r < 0) {
		undo_free(u);
		return r;
	}
	*ret = u;
	return 0;
}

int undo_record(struct undo *u, const char *op, const char *a, const char *b, const char *c)
{
	const char *args[UNDO_MAX_ARGS] = { a, b, c };
	struct undo_entry e = { .seq = (unsigned)u->n + 1 };
	_cleanup_free_ char *line = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	e.op = strdup(op);
	if (!e.op)
		return -ENOMEM;
	f = open_memstream(&line, &len);
	if (!f) {
		free(e.op);
		return -ENOMEM;
	}
	fprintf(f, "%u %s", e.seq, op);
	for (int i = 0; i < UNDO_MAX_ARGS && args[i]; i++) {
		_cleanup_free_ char *esc = undo_escape(args[i]);
		e.arg[i] = strdup(args[i]);
		if (!esc || !e.arg[i]) {
			fclose(f);
			goto oom;
		}
		fprintf(f, " %s", esc);
	}
	fputc('\n', f);
	if (fclose(f))
		goto oom;
	r = append_line(u, line);
	if (r < 0)
		goto fail;
	r = push_entry(u, e);
	if (r < 0)
		goto fail;
	return 0;
oom:
	r = -ENOMEM;
fail:
	free(e.op);
	for (int i = 0; i < UNDO_MAX_ARGS; i++)
		free(e.arg[i]);
	return r;
}

int undo_cancel(struct undo *u, size_t i)
{
	char line[32];

	if (i >= u->n)
		return -ENOENT;
	u->entries[i].done = true;
	snprintf(line, sizeof(line), "done %u\n", u->entries[i].seq);
	return u->fd >= 0 ? append_line(u, line) : 0;
}

int undo_cancel_last(struct undo *u)
{
	return u->n ? undo_cancel(u, u->n - 1) : -ENOENT;
}

static int parse_entry(struct undo *u, char *line)
{
	_cleanup_strv_free_ char **f = NULL;
	struct undo_entry e = { 0 };
	int r = strv_split(line, " ", &f);

	if (r < 0)
		return r;
	if (strv_length(f) < 2)
		return -EINVAL;
	if (!strcmp(f[0], "done")) {
		unsigned seq = (unsigned)strtoul(f[1], NULL, 10);
		for (size_t i = 0; i < u->n; i++)
			if (u->entries[i].seq == seq)
				u->entries[i].done = true;
		return 0;
	}
	e.seq = (unsigned)strtoul(f[0], NULL, 10);
	e.op = strdup(f[1]);
	for (int i = 0; i < UNDO_MAX_ARGS && f[i + 2]; i++)
		e.arg[i] = undo_unescape(f[i + 2]);
	return push_entry(u, e);
}

int undo_load(const char *path, struct undo **ret)
{
	_cleanup_free_ char *buf = NULL;
	struct undo *u;
	char *save = NULL;
	int r;

	r = read_full_file(path, 0, &buf, NULL);
	if (r < 0)
		return r;
	if (strncmp(buf, "memstress-undo 1\n", 17))
		return -EBADMSG;
	u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->path = strdup(path);
	u->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	for (char *l = strtok_r(buf + 17, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "owner ", 6)) {
			char boot[64] = "", rid[256] = "";
			int pid = 0;
			sscanf(l + 6, "%d %llu %63s %255s", &pid, &u->owner_start, boot, rid);
			u->owner_pid = pid;
			u->owner_boot = strdup(boot);
			u->run_id = undo_unescape(rid);
			continue;
		}
		r = parse_entry(u, l);
		if (r < 0 && r != -EINVAL) {
			undo_free(u);
			return r;
		}
	}
	*ret = u;
	return 0;
}

void undo_free(struct undo *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n; i++) {
		free(u->entries[i].op);
		for (int k = 0; k < UNDO_MAX_ARGS; k++)
			free(u->entries[i].arg[k]);
	}
	free(u->entries);
	if (u->fd >= 0)
		close(u->fd);
	free(u->path);
	free(u->owner_boot);
	free(u->run_id);
	free(u);
}

bool proc_alive(pid_t pid, unsigned long long start_ticks, const char *boot_id)
{
	_cleanup_free_ char *boot = NULL;
	unsigned long long start;

	if (read_boot_id(&boot) == 0 && boot_id && strcmp(boot, boot_id))
		return false; /* recorded before the last reboot */
	if (pid <= 0 || proc_start_time(pid, &start) < 0)
		return false;
	return start == start_ticks;
}

char *boot_id(void)
{
	char *b = NULL;

	return read_boot_id(&b) < 0 ? NULL : b;
}

bool undo_owner_alive(const struct undo *u)
{
	return proc_alive(u->owner_pid, u->owner_start, u->owner_boot);
}

static const struct undo_op *find_op(const struct undo_op *ops, const char *name)
{
	for (; ops->name; ops++)
		if (!strcmp(ops->name, name))
			return ops;
	return NULL;
}

static int unwind_range(struct undo *u, size_t mark, const struct undo_op *ops,
			void (*report)(const struct undo_entry *e, int r, const char *msg,
				       void *ud),
			void *userdata)
{
	int failed = 0;

	for (size_t i = u->n; i-- > mark;) {
		struct undo_entry *e = &u->entries[i];
		const struct undo_op *op;
		char msg[512] = "";
		int r;

		if (e->done)
			continue;
		op = find_op(ops, e->op);
		if (!op) {
			r = -EOPNOTSUPP;
			snprintf(msg, sizeof(msg), "unknown journal operation '%s'", e->op);
		} else
			r = op->revert(e, msg, sizeof(msg));
		if (report)
			report(e, r, msg, userdata);
		if (r < 0) {
			failed++;
			continue;
		}
		e->done = true;
		if (u->fd >= 0) {
			char line[32];
			snprintf(line, sizeof(line), "done %u\n", e->seq);
			(void)append_line(u, line);
		}
	}
	return failed;
}

int undo_unwind_after(struct undo *u, size_t mark, const struct undo_op *ops,
		      void (*report)(const struct undo_entry *e, int r, const char *msg, void *ud),
		      void *userdata)
{
	return unwind_range(u, mark, ops, report, userdata);
}

int undo_unwind(struct undo *u, const struct undo_op *ops,
		void (*report)(const struct undo_entry *e, int r, const char *msg, void *ud),
		void *userdata)
{
	int failed = unwind_range(u, 0, ops, report, userdata);

	if (!failed && u->path)
		(void)unlink(u->path);
	return failed;
}
