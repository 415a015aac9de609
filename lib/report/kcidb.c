// SPDX-License-Identifier: GPL-2.0
/*
 * KernelCI KCIDB view (kcidb-io schema v5.0): one checkout and one build for
 * the kernel under test and one test per check, at the dot-separated path
 * memstress.<scenario>.<check>. Ids are "memstress:<...>"; the build is
 * identified by the kernel image (or release) so runs of the same kernel
 * share it.
 */
#include <ctype.h>
#include <string.h>

#include "result.h"
#include "writers.h"

/* KCIDB test paths: [a-zA-Z0-9_-] between dots. */
static void path_part(char *out, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 1 < len; s++)
		out[o++] = isalnum((unsigned char)*s) || *s == '-' || *s == '_' || *s == '.' ? *s :
											       '_';
	out[o] = 0;
}

/* Ids: origin ':' then anything; keep them printable. */
static void id_part(char *out, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 1 < len; s++)
		out[o++] = isgraph((unsigned char)*s) ? *s : '_';
	out[o] = 0;
}

static const char *kcidb_status(const char *st)
{
	static const char *const map[][2] = {
		{ "pass", "PASS" },
		{ "fail", "FAIL" },
		{ "skip", "SKIP" },
		{ "error", "ERROR" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], st))
			return map[i][1];
	return "MISS";
}

int write_kcidb(json_object *root, FILE *f)
{
	json_object *out = json_object_new_object(), *ver = json_object_new_object();
	json_object *tg = jget(root, "target"), *sc = jget(root, "scenario");
	json_object *checks = jget(root, "checks");
	char build[512], checkout[512], tmp[512], scen[128];

	json_object_object_add(ver, "major", json_object_new_int(5));
	json_object_object_add(ver, "minor", json_object_new_int(0));
	json_object_object_add(out, "version", ver);

	const char *image = jstr(tg, "kernel_image");
	id_part(tmp, sizeof(tmp),
		*jstr(tg, "kernel_id") ? jstr(tg, "kernel_id") :
		*image		       ? image :
					 jstr(tg, "kernel_release"));
	snprintf(checkout, sizeof(checkout), "memstress:checkout:%s", tmp);
	snprintf(build, sizeof(build), "memstress:build:%s", tmp);

	json_object *co = json_object_new_object();
	json_object_object_add(co, "id", json_object_new_string(checkout));
	json_object_object_add(co, "origin", json_object_new_string("memstress"));
	if (*jstr(tg, "git_commit"))
		json_object_object_add(co, "git_commit_hash",
				       json_object_new_string(jstr(tg, "git_commit")));
	json_object_object_add(co, "comment", json_object_new_string(jstr(tg, "kernel_release")));
	json_object *cos = json_object_new_array();
	json_object_array_add(cos, co);
	json_object_object_add(out, "checkouts", cos);

	json_object *b = json_object_new_object();
	json_object_object_add(b, "id", json_object_new_string(build));
	json_object_object_add(b, "checkout_id", json_object_new_string(checkout));
	json_object_object_add(b, "origin", json_object_new_string("memstress"));
	json_object_object_add(b, "architecture",
			       json_object_new_string(!strcmp(jstr(tg, "machine"), "x86_64") ?
							      "x86_64" :
							      "unknown"));
	json_object_object_add(b, "comment", json_object_new_string(jstr(tg, "kernel_release")));
	json_object_object_add(b, "status", json_object_new_string("PASS"));
	json_object *bs = json_object_new_array();
	json_object_array_add(bs, b);
	json_object_object_add(out, "builds", bs);

	json_object *tests = json_object_new_array();
	path_part(scen, sizeof(scen), jstr(sc, "name"));
	for (size_t i = 0; checks && i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i),
			    *t = json_object_new_object();
		char path[512], id[768], cname[256];

		path_part(cname, sizeof(cname), jstr(c, "name"));
		snprintf(path, sizeof(path), "memstress.%s.%s", scen, cname);
		id_part(tmp, sizeof(tmp), jstr(root, "run_id"));
		snprintf(id, sizeof(id), "memstress:%s:%s", tmp, cname);
		json_object_object_add(t, "id", json_object_new_string(id));
		json_object_object_add(t, "build_id", json_object_new_string(build));
		json_object_object_add(t, "origin", json_object_new_string("memstress"));
		json_object_object_add(t, "path", json_object_new_string(path));
		json_object_object_add(t, "status",
				       json_object_new_string(kcidb_status(jstr(c, "status"))));
		if (*jstr(root, "started"))
			json_object_object_add(t, "start_time",
					       json_object_new_string(jstr(root, "started")));
		json_object_object_add(t, "duration",
				       json_object_new_double(jdouble(root, "duration_s", 0)));
		const char *sum = jstr(c, "summary");
		json_object_object_add(t, "log_excerpt",
				       json_object_new_string_len(sum, (int)(strlen(sum) > 16000 ?
										     16000 :
										     strlen(sum))));
		json_object *misc = json_object_new_object();
		json_object_object_add(misc, "run_id",
				       json_object_new_string(jstr(root, "run_id")));
		json_object_object_add(misc, "target", json_object_new_string(jstr(tg, "kind")));
		json_object *ev = jget(c, "evidence");
		if (ev)
			json_object_object_add(misc, "evidence", json_object_get(ev));
		json_object_object_add(t, "misc", misc);
		json_object_array_add(tests, t);
	}
	json_object_object_add(out, "tests", tests);
	fputs(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE),
	      f);
	fputc('\n', f);
	json_object_put(out);
	return 0;
}
