// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the undo journal's owner identity: the start time read from
 * /proc/PID/stat, and undo_owner_alive(), which `memstress cleanup` relies
 * on to leave running runs alone and replay only the journals of dead ones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/undo.h"
#include "core/fileio.h"
#include "kernel/recover.h"
#include "kernel/undo_ops.h"
#include "unit.h"

/* Field 22 of /proc/self/stat, read independently of proc_start_time(). */
static unsigned long long starttime_of(pid_t pid)
{
	char path[64], buf[4096];
	unsigned long long v = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	assert_non_null(p);
	/* fields 3..21, then 22 */
	assert_int_equal(
		sscanf(p + 2,
		       "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
		       &v),
		1);
	return v;
}

static void start_time_is_field_22(void **state)
{
	unsigned long long a, b;

	(void)state;
	assert_int_equal(proc_start_time(getpid(), &a), 0);
	assert_true(a == starttime_of(getpid()));
	/* it does not move when the process grows (field 23, vsize, would) */
	void *m = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	assert_int_equal(proc_start_time(getpid(), &b), 0);
	munmap(m, 64 << 20);
	assert_true(a == b);
	/* pid 1 started first */
	assert_int_equal(proc_start_time(1, &b), 0);
	assert_true(b <= a);
	assert_int_equal(proc_start_time(-5, &b), -ENOENT);
}

static void owner_alive(void **state)
{
	char dir[] = "/tmp/memstress-unit-undo.XXXXXX", path[256];
	struct undo *u = NULL, *l = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("MEMSTRESS_STATE_DIR", dir, 1);
	assert_int_equal(undo_open("unit-alive", &u), 0);
	void *m = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	snprintf(path, sizeof(path), "%s/journal/unit-alive.undo", dir);
	assert_int_equal(undo_load(path, &l), 0);
	assert_true(undo_owner_alive(l)); /* still this process, though bigger */
	munmap(m, 64 << 20);
	undo_free(l);
	undo_free(u);

	/* a journal written by a child that has exited: its owner is gone */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct undo *c = NULL;
		_exit(undo_open("unit-dead", &c) < 0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(path, sizeof(path), "%s/journal/unit-dead.undo", dir);
	assert_int_equal(undo_load(path, &l), 0);
	assert_false(undo_owner_alive(l));
	undo_free(l);

	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static unsigned seen_alive, seen_dead;

static void count_run(const struct undo *u, bool alive, void *ud)
{
	(void)u;
	(void)ud;
	(*(alive ? &seen_alive : &seen_dead))++;
}

/* Recovery replays the journal of a dead run (dry: changes nothing) and
 * leaves a live run's journal and changes alone. */
static void recover_dead_only(void **state)
{
	char dir[] = "/tmp/memstress-unit-recover.XXXXXX", dead_file[300], live_file[300],
	     dead_j[300], cmd[128];
	struct undo *u = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("MEMSTRESS_STATE_DIR", dir, 1);
	snprintf(dead_file, sizeof(dead_file), "%s/dead-made-this", dir);
	snprintf(live_file, sizeof(live_file), "%s/live-made-this", dir);
	snprintf(dead_j, sizeof(dead_j), "%s/journal/unit-dead.undo", dir);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct undo *c = NULL;
		_exit(undo_open("unit-dead", &c) < 0 ||
		      undo_record(c, "file", dead_file, 0, 0) < 0 ||
		      write_atomic(dead_file, "x", 1) < 0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(undo_open("unit-live", &u), 0);
	assert_int_equal(undo_record(u, "file", live_file, NULL, NULL), 0);
	assert_int_equal(write_atomic(live_file, "x", 1), 0);

	seen_alive = seen_dead = 0;
	assert_int_equal(recover_dead_runs(&(struct recover_opts){ .dry = true, .run = count_run }),
			 1);
	assert_int_equal(seen_alive, 1);
	assert_int_equal(seen_dead, 1);
	assert_true(path_exists(dead_file) && path_exists(dead_j) && path_exists(live_file));

	seen_alive = seen_dead = 0;
	assert_int_equal(recover_dead_runs(&(struct recover_opts){ .run = count_run }), 1);
	assert_false(path_exists(dead_file));
	assert_false(path_exists(dead_j));
	assert_true(path_exists(live_file) && path_exists(u->path));
	/* nothing left to do the second time */
	assert_int_equal(recover_dead_runs(&(struct recover_opts){ 0 }), 0);

	undo_unwind(u, undo_ops, NULL, NULL);
	assert_false(path_exists(live_file));
	undo_free(u);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A change journaled ahead of being made, then not made (alloclat.c's
 * pairing instance, made on another thread): undo_cancel marks that one
 * entry done, on disk too, and the undo leaves its path alone while it
 * undoes the others, before and after it. */
static void cancel_one_entry(void **state)
{
	char dir[] = "/tmp/memstress-unit-cancel.XXXXXX", f[3][300], cmd[128];
	struct undo *u = NULL, *l = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("MEMSTRESS_STATE_DIR", dir, 1);
	assert_int_equal(undo_open("unit-cancel", &u), 0);
	for (int i = 0; i < 3; i++) {
		snprintf(f[i], sizeof(f[i]), "%s/made-%d", dir, i);
		assert_int_equal(undo_record(u, "file", f[i], NULL, NULL), 0);
		assert_int_equal(write_atomic(f[i], "x", 1), 0);
	}
	assert_int_equal(undo_cancel(u, 1), 0);
	assert_int_equal(undo_cancel(u, 3), -ENOENT);
	assert_int_equal(undo_load(u->path, &l), 0);
	assert_int_equal(l->n, 3);
	assert_false(l->entries[0].done);
	assert_true(l->entries[1].done);
	assert_false(l->entries[2].done);
	undo_free(l);
	undo_unwind(u, undo_ops, NULL, NULL);
	assert_false(path_exists(f[0]));
	assert_true(path_exists(f[1]));
	assert_false(path_exists(f[2]));
	undo_free(u);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Journal fields: no byte that would split or end a field survives escaping,
 * and unescaping gives back the original, for every byte value. */
static void escape_round_trip(void **state)
{
	static const struct {
		const char *in, *out;
	} known[] = {
		{ "", "\\0" },
		{ "plain", "plain" },
		{ "a b", "a\\x20b" },
		{ "tab\there", "tab\\x09here" },
		{ "back\\slash", "back\\x5cslash" },
		{ "\x7f\x01", "\\x7f\\x01" },
		{ "/sys/fs/cgroup/memory/memstress-1", "/sys/fs/cgroup/memory/memstress-1" },
	};
	char all[256];
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		char *e = undo_escape(known[i].in), *u;
		assert_non_null(e);
		assert_string_equal(e, known[i].out);
		u = undo_unescape(e);
		assert_non_null(u);
		assert_string_equal(u, known[i].in);
		free(u);
		free(e);
	}
	for (int c = 1; c < 256; c++)
		all[c - 1] = (char)c;
	all[255] = 0;
	char *e = undo_escape(all), *u;
	assert_non_null(e);
	for (const char *p = e; *p; p++)
		assert_true((unsigned char)*p > 0x20 && *p != 0x7f);
	assert_null(strchr(e, ' '));
	u = undo_unescape(e);
	assert_non_null(u);
	assert_memory_equal(u, all, 256);
	free(u);
	free(e);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(start_time_is_field_22),
		cmocka_unit_test(owner_alive),
		cmocka_unit_test(recover_dead_only),
		cmocka_unit_test(escape_round_trip),
		cmocka_unit_test(cancel_one_entry),
	};
	/* clang-format on */
	return RUN(tests);
}
