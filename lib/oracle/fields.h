/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fields of an oracle event, kept flat: a small array of (key, value)
 * with the strings in an arena inside the set, so assembling an event costs
 * no allocation. Keys are string literals (not copied). Values that are
 * lists or objects (an OOM's candidate table, lockdep's lock names, sysrq-w's
 * tasks) are json-c objects, owned by the set. JSON for the event is built
 * only when asked for (fields_json).
 */
#ifndef MEMSTRESS_ORACLE_FIELDS_H
#define MEMSTRESS_ORACLE_FIELDS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FIELDS_MAX 40
#define FIELDS_ARENA 1536

enum field_type { FV_STR, FV_INT, FV_BOOL, FV_JSON };

struct field {
	const char *key;
	enum field_type type;
	uint16_t off, len; /* FV_STR: in the arena */
	long long i;	   /* FV_INT, FV_BOOL */
	json_object *j;	   /* FV_JSON (owned) */
};

struct fieldset {
	unsigned n;
	size_t used;
	struct field v[FIELDS_MAX];
	char arena[FIELDS_ARENA];
};

void fields_init(struct fieldset *f);
void fields_release(struct fieldset *f);
/* Copy every field of src into dst (after what dst has). */
void fields_copy(struct fieldset *dst, const struct fieldset *src);

/* Setters replace an existing value of the key. A NULL string sets nothing. */
void fset_str(struct fieldset *f, const char *key, const char *s, size_t len);
void fset_int(struct fieldset *f, const char *key, long long v);
void fset_bool(struct fieldset *f, const char *key, bool v);
void fset_json(struct fieldset *f, const char *key, json_object *j); /* takes the reference */

bool fhas(const struct fieldset *f, const char *key);
long long fget_int(const struct fieldset *f, const char *key, long long def);
const char *fget_str(const struct fieldset *f, const char *key); /* NULL if absent or not a string */
json_object *fget_json(const struct fieldset *f, const char *key);
/* The array (or object) under key, created empty if absent. */
json_object *fjson_array(struct fieldset *f, const char *key);
json_object *fjson_object(struct fieldset *f, const char *key);

/* A new JSON object holding every field. */
json_object *fields_json(const struct fieldset *f);

#endif
