// SPDX-License-Identifier: GPL-2.0
/*
 * The table of result views and the JSON accessors they share.
 */
#include <string.h>

#include "oracle/oracle.h"
#include "writers.h"

const struct result_writer result_writers[] = {
	{ "text", NULL, write_text },
	{ "ktap", "result.ktap", write_ktap, write_ktap_many },
	{ "junit", "junit.xml", write_junit, write_junit_many },
	{ "kcidb", "kcidb.json", write_kcidb },
	{ "upstream", NULL, write_upstream },
	{ "lava", NULL, write_lava },
	{ 0 }
};

const struct result_writer *result_writer_find(const char *name)
{
	for (const struct result_writer *w = result_writers; w->name; w++)
		if (!strcmp(w->name, name))
			return w;
	return NULL;
}

json_object *jget(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

size_t jarr_len(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

int jevent_kind(json_object *event)
{
	return ev_kind_from_name(jstr(event, "kind"));
}

bool jevent_failure(json_object *event)
{
	return ev_severity_from_name(jstr(event, "severity")) == SEV_FAILURE;
}

const char *jstr(json_object *o, const char *key)
{
	json_object *v = jget(o, key);
	const char *s = v ? json_object_get_string(v) : NULL;

	return s ? s : "";
}

long long jint(json_object *o, const char *key, long long def)
{
	json_object *v = jget(o, key);

	return v ? json_object_get_int64(v) : def;
}

double jdouble(json_object *o, const char *key, double def)
{
	json_object *v = jget(o, key);

	return v ? json_object_get_double(v) : def;
}

json_object *jpath(json_object *o, const char *path)
{
	char key[128];

	while (o && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = 0;
		o = jget(o, key);
		path += n + (path[n] == '.');
	}
	return o;
}
