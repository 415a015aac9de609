// SPDX-License-Identifier: GPL-2.0
/*
 * Flat event fields (see fields.h). Sets hold a few dozen fields at most, so
 * lookups are linear scans comparing string pointers first (keys are
 * literals) and contents only when the pointers differ.
 */
#include <string.h>

#include "fields.h"

void fields_init(struct fieldset *f)
{
	f->n = 0;
	f->used = 0;
}

void fields_release(struct fieldset *f)
{
	for (unsigned i = 0; i < f->n; i++)
		if (f->v[i].type == FV_JSON)
			json_object_put(f->v[i].j);
	f->n = 0;
	f->used = 0;
}

static struct field *find(const struct fieldset *f, const char *key)
{
	/* keys are literals: the same pointer almost always; compare text only
	 * when no pointer matched */
	for (unsigned i = 0; i < f->n; i++)
		if (f->v[i].key == key)
			return (struct field *)&f->v[i];
	for (unsigned i = 0; i < f->n; i++)
		if (f->v[i].key[0] == key[0] && !strcmp(f->v[i].key, key))
			return (struct field *)&f->v[i];
	return NULL;
}

static struct field *slot(struct fieldset *f, const char *key)
{
	struct field *v = find(f, key);

	if (v) {
		if (v->type == FV_JSON)
			json_object_put(v->j);
		v->j = NULL;
		return v;
	}
	if (f->n == FIELDS_MAX)
		return NULL;
	v = &f->v[f->n++];
	v->key = key;
	v->j = NULL;
	return v;
}

void fset_str(struct fieldset *f, const char *key, const char *s, size_t len)
{
	struct field *v;

	if (!s)
		return;
	if (len > FIELDS_ARENA - 1 - f->used)
		len = f->used < FIELDS_ARENA - 1 ? FIELDS_ARENA - 1 - f->used : 0;
	v = slot(f, key);
	if (!v)
		return;
	v->type = FV_STR;
	v->off = (uint16_t)f->used;
	v->len = (uint16_t)len;
	memcpy(f->arena + f->used, s, len);
	f->arena[f->used + len] = 0;
	f->used += len + 1;
	if (f->used > FIELDS_ARENA)
		f->used = FIELDS_ARENA;
}

void fset_int(struct fieldset *f, const char *key, long long i)
{
	struct field *v = slot(f, key);

	if (v) {
		v->type = FV_INT;
		v->i = i;
	}
}

void fset_bool(struct fieldset *f, const char *key, bool b)
{
	struct field *v = slot(f, key);

	if (v) {
		v->type = FV_BOOL;
		v->i = b;
	}
}

void fset_json(struct fieldset *f, const char *key, json_object *j)
{
	struct field *v = slot(f, key);

	if (!v) {
		json_object_put(j);
		return;
	}
	v->type = FV_JSON;
	v->j = j;
}

bool fhas(const struct fieldset *f, const char *key)
{
	return find(f, key) != NULL;
}

long long fget_int(const struct fieldset *f, const char *key, long long def)
{
	const struct field *v = find(f, key);

	return v && (v->type == FV_INT || v->type == FV_BOOL) ? v->i : def;
}

const char *fget_str(const struct fieldset *f, const char *key)
{
	const struct field *v = find(f, key);

	return v && v->type == FV_STR ? f->arena + v->off : NULL;
}

json_object *fget_json(const struct fieldset *f, const char *key)
{
	const struct field *v = find(f, key);

	return v && v->type == FV_JSON ? v->j : NULL;
}

json_object *fjson_array(struct fieldset *f, const char *key)
{
	json_object *j = fget_json(f, key);

	if (!j) {
		j = json_object_new_array();
		fset_json(f, key, j);
	}
	return j;
}

json_object *fjson_object(struct fieldset *f, const char *key)
{
	json_object *j = fget_json(f, key);

	if (!j) {
		j = json_object_new_object();
		fset_json(f, key, j);
	}
	return j;
}

void fields_copy(struct fieldset *dst, const struct fieldset *src)
{
	for (unsigned i = 0; i < src->n; i++) {
		const struct field *v = &src->v[i];
		switch (v->type) {
		case FV_STR: fset_str(dst, v->key, src->arena + v->off, v->len); break;
		case FV_INT: fset_int(dst, v->key, v->i); break;
		case FV_BOOL: fset_bool(dst, v->key, v->i != 0); break;
		case FV_JSON: {
			json_object *c = NULL;
			if (json_object_deep_copy(v->j, &c, NULL) == 0)
				fset_json(dst, v->key, c);
			break;
		}
		}
	}
}

json_object *fields_json(const struct fieldset *f)
{
	json_object *o = json_object_new_object();

	for (unsigned i = 0; i < f->n; i++) {
		const struct field *v = &f->v[i];
		json_object *x = NULL;
		switch (v->type) {
		case FV_STR: x = json_object_new_string_len(f->arena + v->off, v->len); break;
		case FV_INT: x = json_object_new_int64(v->i); break;
		case FV_BOOL: x = json_object_new_boolean(v->i != 0); break;
		case FV_JSON: x = json_object_get(v->j); break;
		}
		/* keys are string literals: json-c need not copy them */
		json_object_object_add_ex(o, v->key, x, JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY);
	}
	return o;
}
