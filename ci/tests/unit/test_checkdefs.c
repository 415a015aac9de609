// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the table of checks (the rows of lib/runner/checks/, their
 * families listed by scenario/checkdefs.c): names are unique and look like
 * result.json's (area.what, a family's ending in '.'), a family's row
 * answers for its members and not for itself, every [expect] key a row
 * names is one of [expect]'s, a row that needs a section is decided by a
 * key (or validate.c could never refuse it), and what a row needs of the
 * machine is a requirement `list --requirements` names.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "scenario/checkdefs.h"
#include "scenario/schema.h"
#include "unit.h"

static void names(void **state)
{
	const struct check_def *d, *e;

	(void)state;
	for (size_t i = 0; (d = check_def_at(i)); i++) {
		assert_true(d->fails && *d->fails);
		for (const char *p = d->name; *p; p++)
			assert_true(islower((unsigned char)*p) || *p == '.' || *p == '_' ||
				    *p == '-');
		assert_true(strchr(d->name, '.') || !strcmp(d->name, "requirements"));
		for (size_t j = 0; (e = check_def_at(j)); j++)
			assert_true(i == j || strcmp(d->name, e->name));
		if (d->name[strlen(d->name) - 1] != '.')
			assert_ptr_equal(check_def_find(d->name), d);
	}
	assert_non_null(check_def_find("oom.survives.hog"));
	assert_string_equal(check_def_find("memcg.protected.reader")->name, "memcg.protected.");
	assert_null(check_def_find("oom.survives."));
	assert_null(check_def_find("oom.kill"));
	assert_null(check_def_find("oom.killsx"));
}

static void keys(void **state)
{
	const struct section_def *ex = section_def_find("expect");
	const struct check_def *d;

	(void)state;
	assert_non_null(ex);
	for (size_t i = 0; (d = check_def_at(i)); i++) {
		if (d->needs != NEEDS_NOTHING)
			assert_non_null(d->keys);
		for (const char *k = d->keys; k && *k;) {
			size_t n = strcspn(k, " ");
			char key[64];
			snprintf(key, sizeof(key), "%.*s", (int)n, k);
			assert_non_null(opt_find(ex->opts, key));
			k += n + (k[n] == ' ');
		}
	}
}

/* What a row says it needs is a requirement `list --requirements` names. */
static void requirements(void **state)
{
	const struct check_def *d;
	size_t with = 0;

	(void)state;
	for (size_t i = 0; (d = check_def_at(i)); i++) {
		for (const char *k = d->requires; k && *k;) {
			size_t n = strcspn(k, " ");
			char req[64];
			bool known = false;
			snprintf(req, sizeof(req), "%.*s", (int)n, k);
			for (const struct requirement_def *r = requirement_defs; r->name; r++)
				known |= !strcmp(r->name, req);
			if (!known)
				fail_msg("check %s needs '%s', not a requirement", d->name, req);
			k += n + (k[n] == ' ');
		}
		with += d->requires != NULL;
	}
	assert_true(with >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
		cmocka_unit_test(keys),
		cmocka_unit_test(requirements),
	};
	return RUN(tests);
}
