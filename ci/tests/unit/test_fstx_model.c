// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of fstx's durability verdict (fstx_verify): a journal replayed
 * against files in a scratch directory, for the states a SIGKILL or a
 * failed call can leave — durable, missing, corrupt, in flux, mid-rewrite.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/fstx.h"
#include "unit.h"

struct fx {
	char dir[64];
	char journal[96];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/memstress-unit-fstx.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->journal, sizeof(f->journal), "%s.journal", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", f->dir, f->journal);
	int rc = system(cmd);
	free(f);
	return rc;
}

static void journal(struct fx *f, const char *text)
{
	FILE *j = fopen(f->journal, "w");

	assert_non_null(j);
	fputs(text, j);
	fclose(j);
}

/* Write name with the image fstx gives (ino, gen): datalen bytes, zeros to size. */
static void image(struct fx *f, const char *name, uint64_t ino, uint32_t gen, size_t datalen,
		  size_t size)
{
	char path[256];
	unsigned char *buf = calloc(1, size + 1);

	fstx_content(ino, gen, buf, datalen);
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	close(fd);
	free(buf);
}

static json_object *verify(struct fx *f)
{
	json_object *o = NULL;

	assert_int_equal(fstx_verify(f->journal, f->dir, &o), 0);
	assert_non_null(o);
	return o;
}

static int64_t num(json_object *o, const char *key)
{
	json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	return json_object_get_int64(v);
}

#define DURABLE "Q a\nP 7 1 100 100\nI 7 1 100 100\nN a 7\n"

static void durable_intact(void **state)
{
	struct fx *f = *state;

	journal(f, DURABLE);
	image(f, "a", 7, 1, 100, 100);
	json_object *o = verify(f);
	assert_int_equal(num(o, "checked"), 1);
	assert_int_equal(num(o, "corrupt"), 0);
	assert_int_equal(num(o, "missing"), 0);
	json_object_put(o);
}

static void durable_missing_or_wrong(void **state)
{
	struct fx *f = *state;

	journal(f, DURABLE);
	json_object *o = verify(f);
	assert_int_equal(num(o, "missing"), 1);
	json_object_put(o);

	image(f, "a", 7, 2, 100, 100); /* another generation's bytes */
	o = verify(f);
	assert_int_equal(num(o, "corrupt"), 1);
	json_object_put(o);

	image(f, "a", 7, 1, 50, 50); /* truncated behind our back */
	o = verify(f);
	assert_int_equal(num(o, "corrupt"), 1);
	json_object_put(o);
}

/* Killed between O_TRUNC and write(): the file is empty, no data was lost. */
static void killed_mid_rewrite(void **state)
{
	struct fx *f = *state;

	journal(f, DURABLE "N b 7\nP 7 2 300 300\n");
	image(f, "a", 7, 2, 0, 0);
	image(f, "b", 7, 2, 0, 0);
	json_object *o = verify(f);
	assert_int_equal(num(o, "checked"), 2);
	assert_int_equal(num(o, "corrupt"), 0);
	assert_int_equal(num(o, "contents_unknown"), 2);
	json_object_put(o);

	/* once the rewrite is durable, its contents are promised again */
	journal(f, DURABLE "P 7 2 300 300\nI 7 2 300 300\n");
	o = verify(f);
	assert_int_equal(num(o, "corrupt"), 1);
	json_object_put(o);
}

/* A truncate pending when the run ended (killed mid-call, or the call failed
 * with the file at its old size or its new one): old or new, nothing else. */
static void pending_truncate(void **state)
{
	struct fx *f = *state;

	journal(f, DURABLE "P 7 1 40 40\n");
	image(f, "a", 7, 1, 100, 100);
	json_object *o = verify(f);
	assert_int_equal(num(o, "corrupt"), 0);
	json_object_put(o);

	image(f, "a", 7, 1, 40, 40);
	o = verify(f);
	assert_int_equal(num(o, "corrupt"), 0);
	json_object_put(o);

	image(f, "a", 7, 1, 0, 0);
	o = verify(f);
	assert_int_equal(num(o, "corrupt"), 1);
	json_object_put(o);
}

/* A failed call left the contents unknown (X): nothing is promised of them
 * until the next whole rewrite is durable, but its xattrs still are. */
static void failed_call_unknown(void **state)
{
	struct fx *f = *state;

	journal(f, DURABLE "P 7 1 40 40\nX 7\n");
	image(f, "a", 7, 1, 10, 10); /* part of a truncation */
	json_object *o = verify(f);
	assert_int_equal(num(o, "checked"), 1);
	assert_int_equal(num(o, "contents_unknown"), 1);
	assert_int_equal(num(o, "corrupt"), 0);
	json_object_put(o);

	journal(f, DURABLE "A 7 user.fstx.0 1234\nP 7 1 40 40\nX 7\n");
	o = verify(f); /* the durable xattr is missing */
	assert_int_equal(num(o, "contents_unknown"), 1);
	assert_int_equal(num(o, "corrupt"), 1);
	json_object_put(o);

	journal(f, DURABLE "P 7 1 40 40\nX 7\nP 7 2 60 60\nI 7 2 60 60\n");
	o = verify(f); /* rewritten and durable: checked again */
	assert_int_equal(num(o, "contents_unknown"), 0);
	assert_int_equal(num(o, "corrupt"), 1);
	json_object_put(o);
	image(f, "a", 7, 2, 60, 60);
	o = verify(f);
	assert_int_equal(num(o, "corrupt"), 0);
	json_object_put(o);
}

/* A name whose creation or removal was under way is in flux: either is fine. */
static void name_in_flux(void **state)
{
	struct fx *f = *state;

	journal(f, DURABLE "Q a\n");
	json_object *o = verify(f);
	assert_int_equal(num(o, "in_flux"), 1);
	assert_int_equal(num(o, "missing"), 0);
	json_object_put(o);

	journal(f, DURABLE "Q a\nR a\n"); /* the removal failed: durable again */
	o = verify(f);
	assert_int_equal(num(o, "missing"), 1);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(durable_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(durable_missing_or_wrong, setup, teardown),
		cmocka_unit_test_setup_teardown(killed_mid_rewrite, setup, teardown),
		cmocka_unit_test_setup_teardown(pending_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_call_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(name_in_flux, setup, teardown),
	};
	return RUN(tests);
}
