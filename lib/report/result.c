// SPDX-License-Identifier: GPL-2.0
/*
 * The result document (see result.h): creation, checks, verdict, atomic save.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exitcode.h"
#include "core/fileio.h"
#include "result.h"
#include "writers.h"

static const char *const status_names[] = {
	[CHECK_PASS] = "pass",
	[CHECK_FAIL] = "fail",
	[CHECK_SKIP] = "skip",
	[CHECK_ERROR] = "error",
};

const char *check_status_name(enum check_status s)
{
	return status_names[s];
}

int check_status_from_name(const char *s)
{
	for (int i = 0; i <= CHECK_ERROR; i++)
		if (!strcmp(status_names[i], s))
			return i;
	return -1;
}

int result_new(const char *dir, const char *run_id, struct result **ret)
{
	struct result *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->dir = strdup(dir);
	r->root = json_object_new_object();
	json_object_object_add(r->root, "schema", json_object_new_string(RESULT_SCHEMA));
	json_object_object_add(r->root, "schema_version",
			       json_object_new_int(RESULT_SCHEMA_VERSION));
	json_object_object_add(r->root, "run_id", json_object_new_string(run_id));
	json_object_object_add(r->root, "status", json_object_new_string("running"));
	json_object_object_add(r->root, "checks", json_object_new_array());
	*ret = r;
	return 0;
}

int result_load(const char *dir, struct result **ret, char **err)
{
	char path[4096];
	json_object *root, *schema;
	struct result *r;

	snprintf(path, sizeof(path), "%s/result.json", dir);
	root = json_object_from_file(path);
	if (!root) {
		if (err && asprintf(err, "%s: cannot read or parse: %s", path,
				    json_util_get_last_err() ?: "?") < 0)
			*err = NULL;
		return -EINVAL;
	}
	if (!json_object_object_get_ex(root, "schema", &schema) ||
	    strcmp(json_object_get_string(schema), RESULT_SCHEMA)) {
		json_object_put(root);
		if (err && asprintf(err, "%s: not a memstress result (no \"schema\": \"%s\")", path,
				    RESULT_SCHEMA) < 0)
			*err = NULL;
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		json_object_put(root);
		return -ENOMEM;
	}
	r->root = root;
	r->dir = strdup(dir);
	*ret = r;
	return 0;
}

void result_free(struct result *r)
{
	if (!r)
		return;
	json_object_put(r->root);
	free(r->dir);
	free(r);
}

/* parent[key], made by `make` when it is not there yet */
static json_object *get_or_add(json_object *parent, const char *key, json_object *(*make)(void))
{
	json_object *o;

	if (json_object_object_get_ex(parent, key, &o))
		return o;
	o = make();
	json_object_object_add(parent, key, o);
	return o;
}

json_object *result_obj(json_object *parent, const char *key)
{
	return get_or_add(parent, key, json_object_new_object);
}

json_object *result_arr(json_object *parent, const char *key)
{
	return get_or_add(parent, key, json_object_new_array);
}

void result_add_check(struct result *r, const char *name, enum check_status st, const char *summary,
		      json_object *evidence)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "name", json_object_new_string(name));
	json_object_object_add(c, "status", json_object_new_string(check_status_name(st)));
	json_object_object_add(c, "summary", json_object_new_string(summary ? summary : ""));
	if (evidence)
		json_object_object_add(c, "evidence", evidence);
	json_object_array_add(result_arr(r->root, "checks"), c);
}

int result_exit_code(const struct result *r)
{
	json_object *checks, *st;
	bool fail = false, error = false, pass = false, skip = false;

	if (json_object_object_get_ex(r->root, "status", &st)) {
		const char *s = json_object_get_string(st);
		if (!strcmp(s, "harness_error"))
			return EXIT_HARNESS;
		if (!strcmp(s, "skipped"))
			return EXIT_SKIP;
		if (!strcmp(s, "interrupted")) {
			json_object *in, *n;
			int sig = json_object_object_get_ex(r->root, "interrupted", &in) &&
						  json_object_object_get_ex(in, "signo", &n) ?
					  json_object_get_int(n) :
					  0;
			return EXIT_INTERRUPTED + (sig > 0 && sig < 64 ? sig : 0);
		}
	}
	if (!json_object_object_get_ex(r->root, "checks", &checks))
		return EXIT_HARNESS;
	for (size_t i = 0; i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i), *s;
		if (!json_object_object_get_ex(c, "status", &s))
			continue;
		switch (check_status_from_name(json_object_get_string(s))) {
		case CHECK_PASS: pass = true; break;
		case CHECK_FAIL: fail = true; break;
		case CHECK_SKIP: skip = true; break;
		default: error = true;
		}
	}
	if (error)
		return EXIT_HARNESS;
	if (fail)
		return EXIT_FAIL;
	if (pass)
		return EXIT_PASS;
	return skip ? EXIT_SKIP : EXIT_HARNESS;
}

void result_finalize(struct result *r, const char *status)
{
	static const char *const verdicts[] = {
		[EXIT_PASS] = "pass",	  [EXIT_FAIL] = "fail", [EXIT_USAGE] = "error",
		[EXIT_HARNESS] = "error", [EXIT_SKIP] = "skip",
	};
	json_object_object_add(r->root, "status", json_object_new_string(status));
	int code = result_exit_code(r);
	json_object_object_add(r->root, "verdict",
			       json_object_new_string(code >= EXIT_INTERRUPTED ? "interrupted" :
										 verdicts[code]));
	json_object_object_add(r->root, "exit_code", json_object_new_int(code));
}

int result_save(struct result *r)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/result.json", r->dir);
	return write_json(path, r->root);
}

int result_write_views(struct result *r)
{
	int first = 0;

	for (const struct result_writer *w = result_writers; w->name; w++) {
		char *buf = NULL;
		size_t len = 0;
		char path[4096];
		FILE *f;
		int k;

		if (!w->file)
			continue;
		f = open_memstream(&buf, &len);
		if (!f)
			return -ENOMEM;
		k = w->write(r->root, f);
		if (fclose(f) && !k)
			k = -ENOMEM;
		if (!k) {
			snprintf(path, sizeof(path), "%s/%s", r->dir, w->file);
			k = write_atomic(path, buf, len);
		}
		free(buf);
		if (k < 0 && !first)
			first = k;
	}
	return first;
}
