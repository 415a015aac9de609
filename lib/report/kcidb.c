// SPDX-License-Identifier: GPL-2.0
/*
 * KernelCI KCIDB view (kcidb-io schema v5.0): one test per check, at the
 * dot-separated path memstress.<scenario>.<check>, with the check's own
 * duration. Ids are "<origin>:..." (origin: `--origin`, default memstress).
 *
 * A checkout and a build object only for a kernel memstress built (the
 * build record beside its image, target.kernel_build): the checkout is the
 * source, its id the git commit (and the hash of the uncommitted diff) or
 * the tarball's identity; the build is that source with that config, id the
 * build key. Any other kernel (the host's, an image built elsewhere) gets no
 * objects memstress cannot vouch for: its tests name a build id made from
 * the kernel's release, build string and config hash, so that runs of one
 * kernel share it and two kernels with one release string do not.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
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

static void add_str(json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

/* The first n hex digits of sha256(s). */
static void short_hash(const char *s, char *out, size_t n)
{
	char hex[65];

	sha256_hex(s, strlen(s), hex);
	snprintf(out, n + 1, "%s", hex);
}

/* The checkout and build of a kernel memstress built; *build gets its id. */
static void add_build(json_object *out, json_object *kb, json_object *tg, const char *origin,
		      char *build, size_t len)
{
	char checkout[256], h[17], idp[256];
	const char *commit = jstr(kb, "git_commit"), *patch = jstr(kb, "patchset_hash");
	json_object *co = json_object_new_object(), *b = json_object_new_object();

	if (*commit && *patch)
		snprintf(checkout, sizeof(checkout), "%s:%s+%.16s", origin, commit, patch);
	else if (*commit)
		snprintf(checkout, sizeof(checkout), "%s:%s", origin, commit);
	else {
		short_hash(jstr(kb, "identity"), h, 16);
		snprintf(checkout, sizeof(checkout), "%s:source-%s", origin, h);
	}
	add_str(co, "id", checkout);
	add_str(co, "origin", origin);
	if (*commit) {
		add_str(co, "git_commit_hash", commit);
		add_str(co, "patchset_hash", patch);
	}
	add_str(co, "comment", jstr(kb, "source"));
	json_object_object_add(co, "valid", json_object_new_boolean(1));
	json_object *cos = json_object_new_array();
	json_object_array_add(cos, co);
	json_object_object_add(out, "checkouts", cos);

	id_part(idp, sizeof(idp), jstr(kb, "key"));
	snprintf(build, len, "%s:build-%.16s", origin, idp);
	add_str(b, "id", build);
	add_str(b, "checkout_id", checkout);
	add_str(b, "origin", origin);
	add_str(b, "architecture", !strcmp(jstr(tg, "machine"), "x86_64") ? "x86_64" : "unknown");
	add_str(b, "config_name", jstr(kb, "base"));
	add_str(b, "comment", jstr(kb, "kernel_release"));
	if (jget(kb, "build_seconds"))
		json_object_object_add(b, "duration",
				       json_object_new_double(jdouble(kb, "build_seconds", 0)));
	/* a build record exists only for a build that succeeded */
	add_str(b, "status", "PASS");
	json_object *misc = json_object_new_object();
	add_str(misc, "kernel_image", jstr(tg, "kernel_image"));
	add_str(misc, "build_key", jstr(kb, "key"));
	json_object_object_add(b, "misc", misc);
	json_object *bs = json_object_new_array();
	json_object_array_add(bs, b);
	json_object_object_add(out, "builds", bs);
}

/* A kernel memstress did not build: an id from what the kernel says it is. */
static void foreign_build_id(json_object *root, const char *origin, char *build, size_t len)
{
	json_object *k = jget(root, "kernel");
	char *text = NULL, h[17];

	if (asprintf(&text, "%s\n%s\n%s\n", jstr(k, "release"), jstr(k, "version"),
		     jstr(jget(k, "config"), "sha256")) < 0) {
		snprintf(build, len, "%s:kernel-unknown", origin);
		return;
	}
	short_hash(text, h, 16);
	free(text);
	snprintf(build, len, "%s:kernel-%s", origin, h);
}

static void add_test(json_object *tests, json_object *root, json_object *c, const char *origin,
		     const char *build, const char *scen)
{
	json_object *t = json_object_new_object(), *tg = jget(root, "target");
	char path[512], id[768], cname[256], rid[256];

	path_part(cname, sizeof(cname), jstr(c, "name"));
	snprintf(path, sizeof(path), "memstress.%s.%s", scen, cname);
	id_part(rid, sizeof(rid), jstr(root, "run_id"));
	snprintf(id, sizeof(id), "%s:%s:%s", origin, rid, cname);
	add_str(t, "id", id);
	add_str(t, "build_id", build);
	add_str(t, "origin", origin);
	add_str(t, "path", path);
	add_str(t, "status", kcidb_status(jstr(c, "status")));
	if (*jstr(root, "started"))
		add_str(t, "start_time", jstr(root, "started"));
	if (jget(c, "duration_s"))
		json_object_object_add(t, "duration",
				       json_object_new_double(jdouble(c, "duration_s", 0)));
	const char *sum = jstr(c, "summary");
	json_object_object_add(
		t, "log_excerpt",
		json_object_new_string_len(sum, (int)(strlen(sum) > 16000 ? 16000 : strlen(sum))));
	json_object *misc = json_object_new_object();
	add_str(misc, "run_id", jstr(root, "run_id"));
	add_str(misc, "target", jstr(tg, "kind"));
	add_str(misc, "kernel_release", jstr(tg, "kernel_release"));
	json_object *ev = jget(c, "evidence");
	if (ev)
		json_object_object_add(misc, "evidence", json_object_get(ev));
	json_object_object_add(t, "misc", misc);
	json_object_array_add(tests, t);
}

int write_kcidb(json_object *root, FILE *f)
{
	json_object *out = json_object_new_object(), *ver = json_object_new_object();
	json_object *tg = jget(root, "target"), *kb = jget(tg, "kernel_build");
	json_object *checks = jget(root, "checks");
	const char *origin = *jstr(root, "origin") ? jstr(root, "origin") : "memstress";
	char build[512], scen[128];

	json_object_object_add(ver, "major", json_object_new_int(5));
	json_object_object_add(ver, "minor", json_object_new_int(0));
	json_object_object_add(out, "version", ver);
	if (kb)
		add_build(out, kb, tg, origin, build, sizeof(build));
	else
		foreign_build_id(root, origin, build, sizeof(build));

	json_object *tests = json_object_new_array();
	path_part(scen, sizeof(scen), jstr(jget(root, "scenario"), "name"));
	for (size_t i = 0; checks && i < json_object_array_length(checks); i++)
		add_test(tests, root, json_object_array_get_idx(checks, i), origin, build, scen);
	json_object_object_add(out, "tests", tests);
	fputs(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE),
	      f);
	fputc('\n', f);
	json_object_put(out);
	return 0;
}
