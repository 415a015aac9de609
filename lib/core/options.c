// SPDX-License-Identifier: GPL-2.0
/*
 * The table-driven option machinery: set, format, default and free a typed
 * field of a section struct through its struct opt_def.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/strv.h"
#include "options.h"

#define FIELD(obj, o, type) ((type *)((char *)(obj) + (o)->offset))
#define CFIELD(obj, o, type) ((const type *)((const char *)(obj) + (o)->offset))

size_t opt_count(const struct opt_def *opts)
{
	size_t n = 0;

	while (opts && opts[n].key)
		n++;
	return n;
}

const struct opt_def *opt_find(const struct opt_def *opts, const char *key)
{
	for (; opts && opts->key; opts++)
		if (!strcmp(opts->key, key))
			return opts;
	return NULL;
}

const char *opt_suggest(const struct opt_def *opts, const char *key)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (; opts && opts->key; opts++) {
		size_t d = levenshtein(opts->key, key);
		if (d < best_d) {
			best_d = d;
			best = opts->key;
		}
	}
	return best;
}

static int set_enum(const struct opt_def *o, void *obj, const char *v, char *err, size_t len)
{
	for (const char *const *c = o->choices; *c; c++)
		if (!strcmp(*c, v)) {
			*FIELD(obj, o, int) = (int)(c - o->choices);
			return 0;
		}
	_cleanup_strv_free_ char **all = NULL;
	strv_extend_strv(&all, (char *const *)o->choices);
	_cleanup_free_ char *j = strv_join(all, ", ");
	snprintf(err, len, "'%s' is not one of: %s", v, j ? j : "?");
	return -EINVAL;
}

/* The word v is, or the "yes"/"no" that another boolean spelling stands for. */
static const struct opt_val *choice_find(const struct opt_val *vals, const char *v)
{
	const struct opt_val *c;
	bool b;

	for (c = vals; c->name; c++)
		if (!strcmp(c->name, v))
			return c;
	if (parse_bool(v, &b) < 0)
		return NULL;
	for (c = vals; c->name; c++)
		if (!strcmp(c->name, b ? "yes" : "no"))
			return c;
	return NULL;
}

/* Listed: neither refused nor an alias of an earlier word. */
static bool choice_listed(const struct opt_val *vals, const struct opt_val *c)
{
	if (c->refused)
		return false;
	for (const struct opt_val *p = vals; p < c; p++)
		if (!p->refused && p->value == c->value)
			return false;
	return true;
}

static const char *choices_join(const struct opt_val *vals, const char *sep, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	for (const struct opt_val *c = vals; c->name && o < len; c++)
		if (choice_listed(vals, c))
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? sep : "", c->name);
	return buf;
}

static int set_choice(const struct opt_def *o, void *obj, const char *v, char *err, size_t len)
{
	const struct opt_val *c = choice_find(o->vals, v);
	char all[256];

	if (c && !c->refused) {
		*FIELD(obj, o, int) = c->value;
		return 0;
	}
	if (c)
		snprintf(err, len, "%s", c->refused);
	else
		snprintf(err, len, "'%s' is not one of: %s", v,
			 choices_join(o->vals, ", ", all, sizeof(all)));
	return -EINVAL;
}

int opt_set(const struct opt_def *o, void *obj, const char *v, char *err, size_t len)
{
	int r = 0;

	switch (o->type) {
	case OPT_STR: {
		char **f = FIELD(obj, o, char *);
		free(*f);
		*f = strdup(v);
		return *f ? 0 : -ENOMEM;
	}
	case OPT_STRV: {
		char ***f = FIELD(obj, o, char **);
		char **nv;
		r = strv_split(v, ", \t", &nv);
		if (r < 0)
			return r;
		strv_free(*f);
		*f = nv;
		return 0;
	}
	case OPT_INT: {
		int64_t i;
		r = parse_int64(v, o->min, o->max, &i);
		if (r == -ERANGE)
			snprintf(err, len, "%s is out of range [%lld, %lld]", v, (long long)o->min,
				 (long long)o->max);
		else if (r < 0)
			snprintf(err, len, "'%s' is not an integer", v);
		else
			*FIELD(obj, o, int64_t) = i;
		return r;
	}
	case OPT_SIZE: {
		struct size_spec s;
		r = parse_size(v, &s);
		if (r == 0 && s.max && (o->flags & OPT_NO_MAX))
			r = -EINVAL;
		if (r == 0 && s.percent > 0 && (o->flags & OPT_NO_PERCENT))
			r = -EINVAL;
		if (r < 0)
			snprintf(err, len, "'%s' is not a size (e.g. 64M, 1G%s%s)", v,
				 o->flags & OPT_NO_MAX ? "" : ", max",
				 o->flags & OPT_NO_PERCENT ? "" : ", 25%");
		else
			*FIELD(obj, o, struct size_spec) = s;
		return r;
	}
	case OPT_DURATION: {
		uint64_t ms;
		r = parse_duration_ms(v, &ms);
		if (r < 0)
			snprintf(err, len, "'%s' is not a duration (e.g. 500ms, 30s, 2m)", v);
		else
			*FIELD(obj, o, uint64_t) = ms;
		return r;
	}
	case OPT_BOOL: {
		bool b;
		r = parse_bool(v, &b);
		if (r < 0)
			snprintf(err, len, "'%s' is not a boolean (yes/no)", v);
		else
			*FIELD(obj, o, bool) = b;
		return r;
	}
	case OPT_ENUM: return set_enum(o, obj, v, err, len);
	case OPT_CHOICE: return set_choice(o, obj, v, err, len);
	case OPT_DUR_BOUND:
	case OPT_SIZE_BOUND: {
		struct bound b;
		bool size = o->type == OPT_SIZE_BOUND;
		r = size ? parse_size_bound(v, &b) : parse_dur_bound(v, &b);
		if (r < 0)
			snprintf(err, len, "'%s' is not a %s bound (e.g. %s)", v,
				 size ? "size" : "duration", size ? "<=64M, >=1G" : "<2s, >=500ms");
		else
			*FIELD(obj, o, struct bound) = b;
		return r;
	}
	case OPT_RANGE: {
		struct range rg;
		r = parse_range(v, &rg);
		if (r < 0)
			snprintf(err, len,
				 "'%s' is not a count or range (e.g. 3, 1-5, >=1, <=2, >=80%%)", v);
		else
			*FIELD(obj, o, struct range) = rg;
		return r;
	}
	}
	return -EINVAL;
}

int opt_apply_defaults(const struct opt_def *opts, void *obj)
{
	char err[256];

	for (; opts && opts->key; opts++) {
		if (!opts->def && opts->type == OPT_ENUM)
			*FIELD(obj, opts, int) = -1; /* none yet */
		if (!opts->def)
			continue;
		int r = opt_set(opts, obj, opts->def, err, sizeof(err));
		if (r < 0)
			return r;
	}
	return 0;
}

const char *opt_format(const struct opt_def *o, const void *obj, char *buf, size_t len)
{
	switch (o->type) {
	case OPT_STR: return *CFIELD(obj, o, char *);
	case OPT_ENUM: {
		int i = *CFIELD(obj, o, int);
		return i >= 0 ? o->choices[i] : NULL;
	}
	case OPT_STRV: {
		char *const *v = *(char *const *const *)((const char *)(obj) + o->offset);
		_cleanup_free_ char *j = NULL;
		if (!v)
			return NULL;
		j = strv_join(v, ",");
		snprintf(buf, len, "%s", j ? j : "");
		return buf;
	}
	case OPT_INT: snprintf(buf, len, "%lld", (long long)*CFIELD(obj, o, int64_t)); return buf;
	case OPT_SIZE: {
		const struct size_spec *s = CFIELD(obj, o, struct size_spec);
		return s->set ? size_format(s, buf, len) : NULL;
	}
	case OPT_DURATION: return duration_format(*CFIELD(obj, o, uint64_t), buf, len);
	case OPT_BOOL: return *CFIELD(obj, o, bool) ? "yes" : "no";
	case OPT_CHOICE: {
		int v = *CFIELD(obj, o, int);
		for (const struct opt_val *c = o->vals; c->name; c++)
			if (c->value == v && choice_listed(o->vals, c))
				return c->name;
		return NULL;
	}
	case OPT_RANGE: {
		const struct range *r = CFIELD(obj, o, struct range);
		return r->set ? range_format(r, buf, len) : NULL;
	}
	case OPT_DUR_BOUND:
	case OPT_SIZE_BOUND: {
		const struct bound *b = CFIELD(obj, o, struct bound);
		return b->set ? bound_format(b, o->type == OPT_SIZE_BOUND, buf, len) : NULL;
	}
	}
	return NULL;
}

void opt_release(const struct opt_def *opts, void *obj)
{
	for (; opts && opts->key; opts++) {
		if (opts->type == OPT_STR) {
			char **f = FIELD(obj, opts, char *);
			free(*f);
			*f = NULL;
		} else if (opts->type == OPT_STRV) {
			char ***f = FIELD(obj, opts, char **);
			strv_free(*f);
			*f = NULL;
		}
	}
}

const char *opt_type_name(const struct opt_def *o, char *buf, size_t len)
{
	static const char *const names[] = {
		[OPT_STR] = "string",
		[OPT_STRV] = "list",
		[OPT_INT] = "integer",
		[OPT_SIZE] = "size",
		[OPT_DURATION] = "duration",
		[OPT_BOOL] = "yes|no",
		[OPT_ENUM] = "",
		[OPT_RANGE] = "range",
		[OPT_DUR_BOUND] = "duration bound",
		[OPT_SIZE_BOUND] = "size bound",
		[OPT_CHOICE] = "",
	};

	if (o->type == OPT_ENUM) {
		_cleanup_strv_free_ char **all = NULL;
		strv_extend_strv(&all, (char *const *)o->choices);
		_cleanup_free_ char *j = strv_join(all, "|");
		snprintf(buf, len, "%s", j ? j : "");
		return buf;
	}
	if (o->type == OPT_CHOICE)
		return choices_join(o->vals, "|", buf, len);
	if (o->type == OPT_INT && (o->min != INT64_MIN || o->max != INT64_MAX)) {
		snprintf(buf, len, "integer %lld..%lld", (long long)o->min, (long long)o->max);
		return buf;
	}
	return names[o->type];
}
