// SPDX-License-Identifier: GPL-2.0
/*
 * Flat event fields (see fields.h). Sets hold a few dozen fields at most, so
 * a lookup is a linear scan of 32-bit hashes, comparing text only when a
 * hash matches and the pointers differ.
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

struct field *fields_find_h(const struct fieldset *f, const char *key, uint32_t h)
{
	for (unsigned i = 0; i < f->n; i++)
		if (f->v[i].hash == h && (f->v[i].key == key || !strcmp(f->v[i].key, key)))
			return (struct field *)&f->v[i];
	return NULL;
}

static struct field *slot(struct fieldset *f, const char *key, uint32_t h)
{
	struct field *v = fields_find_h(f, key, h);

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
	v->hash = h;
	v->j = NULL;
	return v;
}

void fset_str_h(struct fieldset *f, const char *key, uint32_t h, const char *s, size_t len)
{
	struct field *v;

	if (!s)
		return;
	v = slot(f, key, h);
	if (!v)
		return;
	v->type = FV_STR;
	if (f->used >= FIELDS_ARENA) {
		/* full: an empty string (the arena's last byte ends the last value) */
		v->off = FIELDS_ARENA - 1;
		v->len = 0;
		return;
	}
	if (len > FIELDS_ARENA - 1 - f->used) /* cut to what is left */
		len = FIELDS_ARENA - 1 - f->used;
	v->off = (uint16_t)f->used;
	v->len = (uint16_t)len;
	memcpy(f->arena + f->used, s, len);
	f->arena[f->used + len] = 0;
	f->used += len + 1;
}

void fset_int_h(struct fieldset *f, const char *key, uint32_t h, long long i)
{
	struct field *v = slot(f, key, h);

	if (v) {
		v->type = FV_INT;
		v->i = i;
	}
}

void fset_bool_h(struct fieldset *f, const char *key, uint32_t h, bool b)
{
	struct field *v = slot(f, key, h);

	if (v) {
		v->type = FV_BOOL;
		v->i = b;
	}
}

void fset_json_h(struct fieldset *f, const char *key, uint32_t h, json_object *j)
{
	struct field *v = slot(f, key, h);

	if (!v) {
		json_object_put(j);
		return;
	}
	v->type = FV_JSON;
	v->j = j;
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
		case FV_STR: fset_str_h(dst, v->key, v->hash, src->arena + v->off, v->len); break;
		case FV_INT: fset_int_h(dst, v->key, v->hash, v->i); break;
		case FV_BOOL: fset_bool_h(dst, v->key, v->hash, v->i != 0); break;
		case FV_JSON: {
			json_object *c = NULL;
			if (json_object_deep_copy(v->j, &c, NULL) == 0)
				fset_json_h(dst, v->key, v->hash, c);
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
		json_object_object_add_ex(o, v->key, x,
					  JSON_C_OBJECT_ADD_KEY_IS_NEW |
						  JSON_C_OBJECT_ADD_CONSTANT_KEY);
	}
	return o;
}
