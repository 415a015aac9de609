/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Option tables: one table per scenario section (and per workload engine)
 * describes each key's type, where it lives in the section struct, its
 * default and its help. The same table drives parsing, validation, the
 * `memstress list --keys` reference and the effective configuration written
 * into every result, in the manner of fio's struct fio_option.
 */
#ifndef MEMSTRESS_CORE_OPTIONS_H
#define MEMSTRESS_CORE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum opt_type {
	OPT_STR,
	OPT_STRV,     /* comma- or space-separated list */
	OPT_INT,      /* int64_t within [min, max] */
	OPT_SIZE,     /* struct size_spec */
	OPT_DURATION, /* uint64_t milliseconds */
	OPT_BOOL,
	OPT_ENUM,	/* int, the index of one of choices (a registry's names); -1 none */
	OPT_RANGE,	/* struct range */
	OPT_DUR_BOUND,	/* struct bound, in ms: "<2s", ">=1s" */
	OPT_SIZE_BOUND, /* struct bound, in bytes: "<=64M" */
	OPT_CHOICE,	/* int (an enum), one of vals: parsed at load, compared as ints */
};

enum {
	OPT_REQUIRED = 1 << 0,
	OPT_NO_PERCENT = 1 << 1, /* sizes: a percentage makes no sense here */
	OPT_NO_MAX = 1 << 2,	 /* sizes: "max" makes no sense here */
};

/*
 * One word an OPT_CHOICE key takes, and the int stored for it (fio's
 * posval). A word with the value of an earlier one is an alias: accepted,
 * never listed or written back. A word with `refused` set is refused with
 * that message, for a spelling whose meaning changed. Words "yes" and "no"
 * also stand for the other boolean spellings (true, on, 1; false, off, 0).
 */
struct opt_val {
	const char *name;
	int value;
	const char *refused;
};

struct opt_def {
	const char *key;
	enum opt_type type;
	size_t offset;
	const char *def; /* default, as text; NULL: none */
	const char *help;
	unsigned flags;
	const char *const *choices; /* OPT_ENUM */
	int64_t min, max;	    /* OPT_INT */
	const struct opt_val *vals; /* OPT_CHOICE, NULL-name terminated */
};

enum section_naming {
	SEC_SINGLE,	   /* [fs] */
	SEC_OPTIONAL_NAME, /* [cgroup] or [cgroup.NAME] */
	SEC_NAMED,	   /* [workload.NAME] */
};

struct section_def {
	const char *name;
	enum section_naming naming;
	const struct opt_def *opts;
	const char *help;
};

/* Number of entries of a NULL-key-terminated table. */
size_t opt_count(const struct opt_def *opts);
const struct opt_def *opt_find(const struct opt_def *opts, const char *key);
/* Closest key for a "did you mean", or NULL when nothing is close. */
const char *opt_suggest(const struct opt_def *opts, const char *key);

/*
 * Parse value into the field o describes in obj. On error returns -EINVAL or
 * -ERANGE and writes a message (without file/line) into err.
 */
int opt_set(const struct opt_def *o, void *obj, const char *value, char *err, size_t errlen);
/* Apply every default of the table to obj (before any key is set). */
int opt_apply_defaults(const struct opt_def *opts, void *obj);
/* The field's value as text (into buf or a static string); NULL if it has none. */
const char *opt_format(const struct opt_def *o, const void *obj, char *buf, size_t len);
/* Free whatever the table's fields own. */
void opt_release(const struct opt_def *opts, void *obj);
/* Human name of a type, for `list --keys`. */
const char *opt_type_name(const struct opt_def *o, char *buf, size_t len);

#endif
