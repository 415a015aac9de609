/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fields of an oracle event, kept flat: a small array of (key, value)
 * with the strings in an arena inside the set, so assembling an event costs
 * no allocation. Keys are string literals (not copied), found by a hash of
 * their text (the same literal may sit at two addresses) that the compiler
 * works out for literal keys. Values that are
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
#include <string.h>

#define FIELDS_MAX 40
#define FIELDS_ARENA 1536

enum field_type { FV_STR, FV_INT, FV_BOOL, FV_JSON };

struct field {
	const char *key;
	uint32_t hash; /* of the key's text: compared before the text */
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

/* A key's hash: its length and three of its bytes. Inline, so that for a
 * literal key (nearly every call) the compiler folds it to a constant. */
static inline uint32_t fields_key_hash(const char *key)
{
	size_t n = __builtin_strlen(key);

	if (!n)
		return 0;
	return (uint32_t)n ^ (uint32_t)(unsigned char)key[0] << 8 ^
	       (uint32_t)(unsigned char)key[n / 2] << 16 ^
	       (uint32_t)(unsigned char)key[n - 1] << 24;
}

/* The functions behind the calls below, given the key's hash. */
void fset_str_h(struct fieldset *f, const char *key, uint32_t h, const char *s, size_t len);
void fset_int_h(struct fieldset *f, const char *key, uint32_t h, long long v);
void fset_bool_h(struct fieldset *f, const char *key, uint32_t h, bool v);
void fset_json_h(struct fieldset *f, const char *key, uint32_t h, json_object *j);
struct field *fields_find_h(const struct fieldset *f, const char *key, uint32_t h);

/* Setters replace an existing value of the key. A NULL string sets nothing. */
static inline void fset_str(struct fieldset *f, const char *key, const char *s, size_t len)
{
	fset_str_h(f, key, fields_key_hash(key), s, len);
}
static inline void fset_int(struct fieldset *f, const char *key, long long v)
{
	fset_int_h(f, key, fields_key_hash(key), v);
}
static inline void fset_bool(struct fieldset *f, const char *key, bool v)
{
	fset_bool_h(f, key, fields_key_hash(key), v);
}
/* takes the reference */
static inline void fset_json(struct fieldset *f, const char *key, json_object *j)
{
	fset_json_h(f, key, fields_key_hash(key), j);
}

static inline bool fhas(const struct fieldset *f, const char *key)
{
	return fields_find_h(f, key, fields_key_hash(key)) != NULL;
}
static inline long long fget_int(const struct fieldset *f, const char *key, long long def)
{
	const struct field *v = fields_find_h(f, key, fields_key_hash(key));

	return v && (v->type == FV_INT || v->type == FV_BOOL) ? v->i : def;
}
/* NULL if absent or not a string */
static inline const char *fget_str(const struct fieldset *f, const char *key)
{
	const struct field *v = fields_find_h(f, key, fields_key_hash(key));

	return v && v->type == FV_STR ? f->arena + v->off : NULL;
}
static inline json_object *fget_json(const struct fieldset *f, const char *key)
{
	const struct field *v = fields_find_h(f, key, fields_key_hash(key));

	return v && v->type == FV_JSON ? v->j : NULL;
}
/* The array (or object) under key, created empty if absent. */
json_object *fjson_array(struct fieldset *f, const char *key);
json_object *fjson_object(struct fieldset *f, const char *key);

/* A new JSON object holding every field. */
json_object *fields_json(const struct fieldset *f);

#endif
