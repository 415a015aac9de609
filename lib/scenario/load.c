// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a scenario: libinih reads the INI text into raw (section, key,
 * value, line) entries; --set overrides replace or add entries; then every
 * section is built through its option table (schema.c) and cross-checked
 * (validate.c). Errors carry FILE:LINE and, where it helps, a "did you mean".
 *
 * inih does not report line numbers to the handler nor call it for empty
 * sections, so our reader counts lines and notes section headers itself.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/ident.h"
#include "core/strv.h"
#include "load.h"
#include "engine/engine.h"
#include "fault/injector.h"
#include "schema.h"

#define SCENARIO_FILE_MAX (1 << 20)

struct raw_entry {
	char *section, *key, *value;
	int line; /* 0: from --set */
};

struct raw_section {
	char *name;
	int line;
};

struct raw {
	const char *text;
	size_t pos;
	int lineno;
	bool at_line_start;
	struct raw_entry *e;
	size_t n;
	struct raw_section *s;
	size_t ns;
	int oom;
};

static char *reader(char *buf, int num, void *stream)
{
	struct raw *r = stream;
	const char *p = r->text + r->pos;
	int i = 0;

	if (!*p)
		return NULL;
	/* indentation means nothing here (multi-line values are off), and
	 * libinih loses a section header behind a long one: drop it */
	if (r->at_line_start)
		while (*p == ' ' || *p == '\t') {
			p++;
			r->pos++;
		}
	while (i < num - 1 && p[i] && p[i] != '\n')
		i++;
	if (i < num - 1 && p[i] == '\n')
		i++;
	memcpy(buf, p, (size_t)i);
	buf[i] = 0;
	r->pos += (size_t)i;
	if (r->at_line_start) {
		r->lineno++;
		/* A section header: '[' after optional whitespace. */
		const char *q = buf;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '[') {
			const char *end = strchr(q, ']');
			if (end) {
				struct raw_section *ns = realloc(r->s, (r->ns + 1) * sizeof(*ns));
				if (!ns) {
					r->oom = 1;
					return NULL;
				}
				r->s = ns;
				ns[r->ns].name = strndup(q + 1, (size_t)(end - q - 1));
				ns[r->ns].line = r->lineno;
				r->ns++;
			}
		}
	}
	r->at_line_start = i > 0 && buf[i - 1] == '\n';
	return buf;
}

static int push_entry(struct raw *r, const char *section, const char *key, const char *value,
		      int line)
{
	struct raw_entry *ne = realloc(r->e, (r->n + 1) * sizeof(*ne));

	if (!ne)
		return -ENOMEM;
	r->e = ne;
	ne[r->n] = (struct raw_entry){ strdup(section), strdup(key), strdup(value), line };
	if (!ne[r->n].section || !ne[r->n].key || !ne[r->n].value)
		return -ENOMEM;
	r->n++;
	return 0;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct raw *r = user;

	if (push_entry(r, section, name, value, r->lineno) < 0) {
		r->oom = 1;
		return 0;
	}
	return 1;
}

static void raw_release(struct raw *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->e[i].section);
		free(r->e[i].key);
		free(r->e[i].value);
	}
	for (size_t i = 0; i < r->ns; i++)
		free(r->s[i].name);
	free(r->e);
	free(r->s);
}

/* --- error reporting -------------------------------------------------- */

int sc_errorf(struct sc_ctx *c, int line, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	if (c->err && *c->err)
		return -EINVAL; /* keep the first error */
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (c->err) {
		if (line > 0) {
			if (asprintf(c->err, "%s:%d: %s", c->origin, line, msg ? msg : "?") < 0)
				*c->err = NULL;
		} else if (line <= -2 && c->ov && (size_t)(-line - 2) < c->n_ov) {
			const struct sc_override *o = &c->ov[-line - 2];
			if (asprintf(c->err, "--set %s=%s: %s", o->section, o->value,
				     msg ? msg : "?") < 0)
				*c->err = NULL;
		} else if (line == 0 && c->override_arg) {
			if (asprintf(c->err, "--set %s: %s", c->override_arg, msg ? msg : "?") < 0)
				*c->err = NULL;
		} else if (asprintf(c->err, "%s: %s", c->origin, msg ? msg : "?") < 0)
			*c->err = NULL;
	}
	return -EINVAL;
}

/* --- overrides -------------------------------------------------------- */

int sc_override_parse(const char *arg, struct sc_override *ret)
{
	const char *eq = strchr(arg, '=');
	const char *dot;

	if (!eq || eq == arg)
		return -EINVAL;
	dot = memchr(arg, '.', (size_t)(eq - arg));
	if (!dot || dot == arg || dot + 1 == eq)
		return -EINVAL;
	/* The split between section and key is decided against the tables later;
	 * keep the whole "section.key" in section for now. */
	ret->section = strndup(arg, (size_t)(eq - arg));
	ret->key = NULL;
	ret->value = strdup(eq + 1);
	if (!ret->section || !ret->value) {
		sc_override_release(ret);
		return -ENOMEM;
	}
	return 0;
}

void sc_override_release(struct sc_override *o)
{
	free(o->section);
	free(o->key);
	free(o->value);
	o->section = o->key = o->value = NULL;
}

/* Does `key` name an option of the section `section` (which may be named)? */
static bool section_has_key(const struct raw *r, const char *section, const char *key)
{
	_cleanup_free_ char *type = strdup(section);
	char *dot;
	const struct section_def *d;

	if (!type)
		return false;
	dot = strchr(type, '.');
	if (dot)
		*dot = 0;
	d = section_def_find(type);
	if (!d)
		return false;
	if (opt_find(d->opts, key) || retired_key_find(type, key))
		return true; /* a retired key is refused with its advice */
	if (!strcmp(type, "workload")) {
		/* engine keys: the engine is whatever the section says */
		for (size_t i = 0; i < r->n; i++) {
			if (strcmp(r->e[i].section, section) || strcmp(r->e[i].key, "engine"))
				continue;
			const struct engine *es = engine_find(r->e[i].value);
			return es && opt_find(es->opts, key);
		}
	}
	return false;
}

static bool section_known(const struct raw *r, const char *section)
{
	for (size_t i = 0; i < r->ns; i++)
		if (!strcmp(r->s[i].name, section))
			return true;
	return false;
}

/* Longer names exist in no scenario; the split search below is quadratic. */
#define OVERRIDE_KEY_MAX 256

static int apply_override(struct raw *r, struct sc_ctx *c, const struct sc_override *o, size_t idx)
{
	const char *full = o->section; /* "section.key" */
	_cleanup_free_ char *best_sec = NULL, *best_key = NULL;

	c->override_arg = NULL;
	if (strlen(full) > OVERRIDE_KEY_MAX) {
		_cleanup_free_ char *arg = strndup(full, 40);
		c->override_arg = arg;
		int k = sc_errorf(c, 0, "section.key is longer than %d characters",
				  OVERRIDE_KEY_MAX);
		c->override_arg = NULL;
		return k;
	}
	/* Try every split point; prefer a section the file has, then a known key. */
	for (const char *p = strchr(full, '.'); p; p = strchr(p + 1, '.')) {
		_cleanup_free_ char *sec = strndup(full, (size_t)(p - full));
		const char *key = p + 1;

		if (!sec)
			return -ENOMEM;
		if (!section_has_key(r, sec, key))
			continue;
		if (!best_sec || (section_known(r, sec) && !section_known(r, best_sec))) {
			free(best_sec);
			free(best_key);
			best_sec = TAKE_PTR(sec);
			best_key = strdup(key);
		}
	}
	if (!best_sec) {
		_cleanup_free_ char *arg = NULL;
		if (asprintf(&arg, "%s=%s", full, o->value) < 0)
			return -ENOMEM;
		c->override_arg = arg;
		int k = sc_errorf(
			c, 0,
			"no such section.key in the scenario format (see `memstress list --keys`)");
		c->override_arg = NULL;
		return k;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->e[i].section, best_sec) || strcmp(r->e[i].key, best_key))
			continue;
		char *v = strdup(o->value);
		if (!v)
			return -ENOMEM;
		free(r->e[i].value);
		r->e[i].value = v;
		r->e[i].line = SC_LINE_OVERRIDE(idx);
		return 0;
	}
	if (!section_known(r, best_sec)) {
		struct raw_section *ns = realloc(r->s, (r->ns + 1) * sizeof(*ns));
		if (!ns)
			return -ENOMEM;
		r->s = ns;
		ns[r->ns].name = strdup(best_sec);
		ns[r->ns].line = SC_LINE_OVERRIDE(idx);
		r->ns++;
	}
	return push_entry(r, best_sec, best_key, o->value, SC_LINE_OVERRIDE(idx));
}

/* --- building --------------------------------------------------------- */

static int section_line(const struct raw *r, const char *name)
{
	for (size_t i = 0; i < r->ns; i++)
		if (!strcmp(r->s[i].name, name))
			return r->s[i].line;
	return -1;
}

static int check_sections(struct raw *r, struct sc_ctx *c)
{
	for (size_t i = 0; i < r->ns; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->s[i].name, r->s[j].name))
				return sc_errorf(c, r->s[i].line,
						 "duplicate section [%s] (first at line %d)",
						 r->s[i].name, r->s[j].line);
	/* Keys before any section header. */
	for (size_t i = 0; i < r->n; i++)
		if (!*r->e[i].section)
			return sc_errorf(c, r->e[i].line,
					 "'%s' is outside any section; start with [scenario]",
					 r->e[i].key);
	return 0;
}

static const char *suggest_section(const char *type)
{
	const char *best = NULL;
	size_t bd = 3;

	for (const struct section_def *d = section_defs; d->name; d++) {
		size_t k = levenshtein(d->name, type);
		if (k < bd) {
			bd = k;
			best = d->name;
		}
	}
	return best;
}

static void set_key_line(struct sc_base *b, const struct opt_def *table, const struct opt_def *o,
			 int line)
{
	size_t idx = (size_t)(o - table);

	if (idx < 64) {
		b->set |= 1ULL << idx;
		b->key_line[idx] = line;
	}
}

int sc_apply_entry(struct sc_ctx *c, const struct opt_def *table, struct sc_base *b, void *obj,
		   const char *section, const char *key, const char *value, int line)
{
	const struct opt_def *o = opt_find(table, key);
	char msg[512] = "";
	int r;

	if (!o)
		return -ENOENT;
	if (b->set & (1ULL << (o - table)) && b->key_line[o - table] > 0 && line > 0)
		return sc_errorf(c, line, "[%s] %s: duplicate key (first at line %d)", section, key,
				 b->key_line[o - table]);
	if ((o->flags & OPT_REQUIRED) && o->type == OPT_STR && !value[strspn(value, " \t")])
		return sc_errorf(c, line, "[%s] %s: must not be empty (%s)", section, key, o->help);
	r = opt_set(o, obj, value, msg, sizeof(msg));
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return sc_errorf(c, line, "[%s] %s: %s", section, key, msg);
	set_key_line(b, table, o, line);
	return 0;
}

static int unknown_key(struct sc_ctx *c, const char *section, const struct opt_def *t1,
		       const struct opt_def *t2, const char *key, int line)
{
	const char *s = opt_suggest(t1, key);
	const struct engine *e;

	if (!strncmp(section, "workload.", 9))
		for (size_t n = 0; (e = engine_at(n)); n++)
			if (e->opts != t2 && opt_find(e->opts, key))
				return sc_errorf(c, line,
						 "[%s] unknown key '%s' (it belongs to engine %s)",
						 section, key, e->name);

	if (!s && t2)
		s = opt_suggest(t2, key);
	if (s)
		return sc_errorf(c, line, "[%s] unknown key '%s' (did you mean '%s'?)", section,
				 key, s);
	return sc_errorf(c, line, "[%s] unknown key '%s' (see `memstress list --keys`)", section,
			 key);
}

/* A key the format no longer has: what to write instead, for what it said. */
static int retired_key(struct sc_ctx *c, const char *type, const char *section, const char *key,
		       const char *value, int line)
{
	const struct retired_key *rk = retired_key_find(type, key);
	char words[160];
	bool b;

	if (!rk)
		return -ENOENT;
	if (parse_bool(value, &b) == 0)
		return sc_errorf(c, line, "[%s] %s: replaced by %s: %s", section, key, rk->now,
				 b ? rk->if_yes : rk->if_no);
	return sc_errorf(c, line, "[%s] %s: replaced by %s: write %s = %s", section, key, rk->now,
			 rk->now,
			 opt_type_name(opt_find(section_def_find(type)->opts, rk->now), words,
				       sizeof(words)));
}

static int check_required(struct sc_ctx *c, const char *section, const struct opt_def *table,
			  const struct sc_base *b, int line)
{
	for (const struct opt_def *o = table; o->key; o++)
		if ((o->flags & OPT_REQUIRED) && !(b->set & (1ULL << (o - table))))
			return sc_errorf(c, line ? line : -1, "[%s] missing required key '%s' (%s)",
					 section, o->key, o->help);
	return 0;
}

static void *grow(void **arr, size_t *n, size_t size)
{
	char *na = realloc(*arr, (*n + 1) * size);

	if (!na)
		return NULL;
	*arr = na;
	memset(na + *n * size, 0, size);
	return na + (*n)++ * size;
}

/* Create the struct for one section instance; returns its table and base. */
static int instantiate(struct scenario *s, struct sc_ctx *c, const struct section_def *d,
		       const char *name, const char *full, int line, struct raw *r, void **obj,
		       struct sc_base **base)
{
	int k;

	if (!strcmp(d->name, "scenario")) {
		*obj = &s->sc;
		*base = &s->sc.base;
	} else if (!strcmp(d->name, "cgroup")) {
		struct sc_cgroup *cg = grow((void **)&s->cgroups, &s->n_cgroups, sizeof(*cg));
		if (!cg)
			return -ENOMEM;
		k = opt_apply_defaults(d->opts, cg);
		if (k < 0)
			return k;
		cg->name = strdup(name ? name : "");
		*obj = cg;
		*base = &cg->base;
	} else if (!strcmp(d->name, "workload")) {
		struct sc_workload *w = grow((void **)&s->workloads, &s->n_workloads, sizeof(*w));
		const struct engine *es = NULL;
		if (!w)
			return -ENOMEM;
		k = opt_apply_defaults(d->opts, w);
		if (k < 0)
			return k;
		w->name = strdup(name);
		for (size_t i = 0; i < r->n; i++) {
			if (strcmp(r->e[i].section, full) || strcmp(r->e[i].key, "engine"))
				continue;
			es = engine_find(r->e[i].value);
			if (!es) {
				const char *best = NULL;
				size_t bd = 3;
				const struct engine *e;
				for (size_t n = 0; (e = engine_at(n)); n++)
					if (levenshtein(e->name, r->e[i].value) < bd) {
						bd = levenshtein(e->name, r->e[i].value);
						best = e->name;
					}
				if (best)
					return sc_errorf(
						c, r->e[i].line,
						"[%s] engine: unknown engine '%s' (did you mean '%s'?)",
						full, r->e[i].value, best);
				return sc_errorf(
					c, r->e[i].line,
					"[%s] engine: unknown engine '%s' (see `memstress list --engines`)",
					full, r->e[i].value);
			}
		}
		if (es && es->cfg_size) {
			w->engine_cfg = calloc(1, es->cfg_size);
			w->engine_opts = es->opts;
			if (!w->engine_cfg)
				return -ENOMEM;
			k = opt_apply_defaults(es->opts, w->engine_cfg);
			if (k < 0)
				return k;
		}
		w->engine_base.file = c->origin;
		w->engine_base.line = line;
		*obj = w;
		*base = &w->base;
	} else if (!strcmp(d->name, "fs")) {
		s->has_fs = true;
		k = opt_apply_defaults(d->opts, &s->fs);
		if (k < 0)
			return k;
		*obj = &s->fs;
		*base = &s->fs.base;
	} else if (!strcmp(d->name, "fault")) {
		if (!injector_find(name)) {
			char all[128] = "";
			const struct injector *inj;
			for (size_t i = 0; (inj = injector_at(i)); i++)
				snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s",
					 i ? ", " : "", inj->name);
			return sc_errorf(c, line, "[%s] unknown fault injector '%s' (one of: %s)",
					 full, name, all);
		}
		struct sc_fault *f = grow((void **)&s->faults, &s->n_faults, sizeof(*f));
		if (!f)
			return -ENOMEM;
		k = opt_apply_defaults(d->opts, f);
		if (k < 0)
			return k;
		f->kind = strdup(name);
		*obj = f;
		*base = &f->base;
	} else if (!strcmp(d->name, "watchdog")) {
		*obj = &s->watchdog;
		*base = &s->watchdog.base;
	} else if (!strcmp(d->name, "expect")) {
		*obj = &s->expect;
		*base = &s->expect.base;
	} else if (!strcmp(d->name, "vm")) {
		s->has_vm = true;
		*obj = &s->vm;
		*base = &s->vm.base;
	} else
		return -EINVAL;
	(*base)->file = c->origin;
	(*base)->line = line;
	return 0;
}

/* A section header's type and name, before anything is built from it. */
static int check_header(struct sc_ctx *c, const char *full, int line)
{
	_cleanup_free_ char *type = strdup(full);
	const struct section_def *d;
	const char *name = NULL;
	char b[64];

	if (!type)
		return -ENOMEM;
	char *dot = strchr(type, '.');
	if (dot) {
		*dot = 0;
		name = dot + 1;
	}
	d = section_def_find(type);
	if (!d) {
		const char *sug = suggest_section(type);
		if (sug)
			return sc_errorf(c, line, "unknown section [%s] (did you mean [%s%s]?)",
					 full, sug, name ? full + strlen(type) : "");
		return sc_errorf(
			c, line,
			"unknown section [%s] (sections: scenario, cgroup, workload, fs, fault, watchdog, expect, vm)",
			full);
	}
	if (d->naming == SEC_SINGLE && name)
		return sc_errorf(c, line, "section [%s] takes no name: write [%s]", full, type);
	if (d->naming == SEC_NAMED && (!name || !*name))
		return sc_errorf(c, line, "section [%s] needs a name: [%s.NAME]", full, type);
	if (name && !*name)
		return sc_errorf(c, line, "section [%s] has an empty name", full);
	/* names become cgroup and file names: the identifier whitelist, less '.' */
	if (name && (strchr(name, '.') || ident_problem(name, NAME_MAX_LEN, b, sizeof(b))))
		return sc_errorf(c, line,
				 "section [%s]: a name is 1 to %d letters, digits, '_' and '-', "
				 "not starting with '-'",
				 full, NAME_MAX_LEN);
	return 0;
}

static int build_section(struct scenario *s, struct sc_ctx *c, struct raw *r, const char *full,
			 int line)
{
	const struct section_def *d;
	const char *name = NULL;
	struct sc_base *base = NULL;
	void *obj = NULL;
	int k = check_header(c, full, line);

	if (k < 0)
		return k;
	_cleanup_free_ char *type = strdup(full);
	if (!type)
		return -ENOMEM;
	char *dot = strchr(type, '.');
	if (dot) {
		*dot = 0;
		name = dot + 1;
	}
	d = section_def_find(type);

	k = instantiate(s, c, d, name, full, line, r, &obj, &base);
	if (k < 0)
		return k;

	const struct engine *es = NULL;
	if (!strcmp(type, "workload")) {
		bool has_engine = false;
		for (size_t i = 0; i < r->n; i++)
			if (!strcmp(r->e[i].section, full) && !strcmp(r->e[i].key, "engine")) {
				es = engine_find(r->e[i].value);
				has_engine = true;
			}
		/* without an engine, its keys cannot be told from typos: say what is missing */
		if (!has_engine)
			return check_required(c, full, d->opts, base, line);
	}
	for (size_t i = 0; i < r->n; i++) {
		struct raw_entry *e = &r->e[i];
		if (strcmp(e->section, full))
			continue;
		k = sc_apply_entry(c, d->opts, base, obj, full, e->key, e->value, e->line);
		if (k == -ENOENT && es) {
			struct sc_workload *w = obj;
			k = sc_apply_entry(c, es->opts, &w->engine_base, w->engine_cfg, full,
					   e->key, e->value, e->line);
		}
		if (k == -ENOENT)
			k = retired_key(c, type, full, e->key, e->value, e->line);
		if (k == -ENOENT)
			k = unknown_key(c, full, d->opts, es ? es->opts : NULL, e->key, e->line);
		if (k < 0)
			return k;
	}
	k = check_required(c, full, d->opts, base, line);
	if (k < 0)
		return k;
	if (es)
		k = check_required(c, full, es->opts, &((struct sc_workload *)obj)->engine_base,
				   line);
	return k;
}

static int scenario_init(struct scenario *s)
{
	int k;

	k = opt_apply_defaults(section_def_find("scenario")->opts, &s->sc);
	if (k >= 0)
		k = opt_apply_defaults(section_def_find("watchdog")->opts, &s->watchdog);
	if (k >= 0)
		k = opt_apply_defaults(section_def_find("expect")->opts, &s->expect);
	if (k >= 0)
		k = opt_apply_defaults(section_def_find("vm")->opts, &s->vm);
	return k;
}

static char *name_from_path(const char *path)
{
	_cleanup_free_ char *copy = strdup(path);
	char *b, *dot;

	if (!copy)
		return NULL;
	b = basename(copy);
	dot = strrchr(b, '.');
	if (dot && dot != b)
		*dot = 0;
	return strdup(b);
}

/* libinih keeps section and key names in fixed buffers of 50 bytes and
 * cuts longer ones silently; memstress refuses them, and over-long lines,
 * before libinih sees the text. */
#define SC_LINE_MAX 4096
#define SC_SECTION_MAX 48
#define SC_KEY_MAX 48

static int prescan(struct sc_ctx *c, const char *text)
{
	int line = 1;

	for (const char *p = text; *p; line++) {
		size_t n = strcspn(p, "\n");
		const char *q = p, *end = p + n;
		if (n > SC_LINE_MAX)
			return sc_errorf(c, line, "line longer than %d characters", SC_LINE_MAX);
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < end && *q == '[') {
			const char *close = memchr(q, ']', (size_t)(end - q));
			if (close && close - q - 1 > SC_SECTION_MAX)
				return sc_errorf(c, line, "section name longer than %d characters",
						 SC_SECTION_MAX);
		} else if (q < end && *q != ';' && *q != '#') {
			size_t kn = strcspn(q, "=:\n");
			if (kn > SC_KEY_MAX && q + kn < end)
				return sc_errorf(c, line, "key longer than %d characters",
						 SC_KEY_MAX);
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

int scenario_load_string(const char *text, const char *name, const char *origin,
			 const struct sc_override *ov, size_t n_ov, struct scenario **ret,
			 char **err)
{
	struct raw r = { .text = text, .at_line_start = true };
	struct sc_ctx c = { .origin = origin, .err = err, .ov = ov, .n_ov = n_ov };
	struct scenario *s = NULL;
	int k;

	if (err)
		*err = NULL;
	/* Debian's libinih exposes its build options at run time. */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 1 << 20;
	ini_allow_multiline = false;
	ini_stop_on_first_error = true;

	if (!strncmp(text, "\xef\xbb\xbf", 3)) /* a UTF-8 byte order mark */
		r.text = text += 3;
	k = prescan(&c, text);
	if (k < 0)
		goto out;
	k = ini_parse_stream(reader, &r, handler, &r);
	if (r.oom) {
		k = -ENOMEM;
		goto out;
	}
	if (k > 0) {
		k = sc_errorf(&c, k, "syntax error: expected '[section]' or 'key = value'");
		goto out;
	}
	if (k < 0) {
		k = -ENOMEM;
		goto out;
	}
	k = check_sections(&r, &c);
	if (k < 0)
		goto out;
	for (size_t i = 0; i < n_ov; i++) {
		k = apply_override(&r, &c, &ov[i], i);
		if (k < 0)
			goto out;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		k = -ENOMEM;
		goto out;
	}
	s->path = strdup(origin);
	s->name = strdup(name);
	k = scenario_init(s);
	if (k < 0)
		goto out;
	for (size_t i = 0; i < r.ns; i++) {
		k = check_header(&c, r.s[i].name, r.s[i].line);
		if (k < 0)
			goto out;
	}
	if (section_line(&r, "scenario") < 0) {
		k = sc_errorf(&c, 1,
			      "missing [scenario] section (with at least: description = ...)");
		goto out;
	}
	for (size_t i = 0; i < r.ns; i++) {
		k = build_section(s, &c, &r, r.s[i].name, r.s[i].line);
		if (k < 0)
			goto out;
	}
	k = sc_validate(s, &c);
	if (k < 0)
		goto out;
	*ret = TAKE_PTR(s);
out:
	raw_release(&r);
	scenario_free(s);
	return k;
}

int scenario_load(const char *path, const struct sc_override *ov, size_t n_ov,
		  struct scenario **ret, char **err)
{
	_cleanup_free_ char *text = NULL, *name = NULL;
	size_t len;
	int k;

	if (err)
		*err = NULL;
	unsigned mode = 0;
	k = read_regular_file(path, SCENARIO_FILE_MAX, &text, &len, &mode);
	if (k < 0) {
		const char *why = k == -EBADFD ? file_type_name(mode) :
				  k == -EISDIR ? "a directory" :
				  k == -EFBIG  ? "larger than 1 MiB" :
						 NULL;
		if (err && why && asprintf(err, "%s: not a scenario file: it is %s", path, why) < 0)
			*err = NULL;
		else if (err && !why &&
			 asprintf(err, "%s: cannot read scenario: %s", path, strerror(-k)) < 0)
			*err = NULL;
		return k == -EBADFD || k == -EFBIG ? -EINVAL : k;
	}
	if (strlen(text) != len) {
		int line = 1;
		for (const char *p = text; *p; p++)
			line += *p == '\n';
		if (err && asprintf(err, "%s:%d: binary data (a NUL byte) in a scenario file", path,
				    line) < 0)
			*err = NULL;
		return -EINVAL;
	}
	name = name_from_path(path);
	if (!name)
		return -ENOMEM;
	return scenario_load_string(text, name, path, ov, n_ov, ret, err);
}

void scenario_free(struct scenario *s)
{
	const struct section_def *d;

	if (!s)
		return;
	opt_release(section_def_find("scenario")->opts, &s->sc);
	d = section_def_find("cgroup");
	for (size_t i = 0; i < s->n_cgroups; i++) {
		opt_release(d->opts, &s->cgroups[i]);
		free(s->cgroups[i].name);
	}
	free(s->cgroups);
	d = section_def_find("workload");
	for (size_t i = 0; i < s->n_workloads; i++) {
		struct sc_workload *w = &s->workloads[i];
		/* released by the table that filled it: the engine key may never have been set */
		if (w->engine_opts && w->engine_cfg)
			opt_release(w->engine_opts, w->engine_cfg);
		free(w->engine_cfg);
		opt_release(d->opts, w);
		free(w->name);
	}
	free(s->workloads);
	opt_release(section_def_find("fs")->opts, &s->fs);
	d = section_def_find("fault");
	for (size_t i = 0; i < s->n_faults; i++) {
		opt_release(d->opts, &s->faults[i]);
		free(s->faults[i].kind);
	}
	free(s->faults);
	opt_release(section_def_find("watchdog")->opts, &s->watchdog);
	opt_release(section_def_find("expect")->opts, &s->expect);
	opt_release(section_def_find("vm")->opts, &s->vm);
	free(s->path);
	free(s->name);
	free(s);
}
