// SPDX-License-Identifier: GPL-2.0
/*
 * memstress list: the scenarios with their descriptions and requirements,
 * and the reference of the scenario format, printed from the same option
 * tables that parse it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/exitcode.h"
#include "core/strv.h"
#include "engine/engine.h"
#include "fault/injector.h"
#include "fs/fstype.h"
#include "runner/run.h"
#include "scenario/checkdefs.h"
#include "scenario/schema.h"
#include "select.h"

static const char usage[] =
	"usage: memstress list [options] [PATTERN...]\n"
	"\n"
	"List the scenarios (from $MEMSTRESS_WORKLOADS, ./workloads and the installed\n"
	"ones) with their descriptions and what they need; with PATTERNs ('memcg-*'),\n"
	"only the ones they match.\n"
	"\n"
	"      --keys           the scenario format: every section and key\n"
	"      --engines        the workload engines\n"
	"      --checks         the checks a result can hold, and the [expect] keys\n"
	"                       that decide them\n"
	"      --requirements   the names [scenario] requires accepts\n"
	"      --json           machine-readable list of scenarios\n"
	"      --names          only the names, one per line (for scripts and completion)\n"
	"      --shard I/N      only shard I of N, as `memstress run --shard I/N` takes it\n"
	"  -h, --help           show this help\n";

static void print_table(const char *title, const struct opt_def *opts)
{
	char tb[160];

	printf("%s\n", title);
	for (const struct opt_def *o = opts; o && o->key; o++)
		printf("  %-30s %-22s %-8s %s%s\n", o->key, opt_type_name(o, tb, sizeof(tb)),
		       o->def ? o->def : "-", o->flags & OPT_REQUIRED ? "(required) " : "",
		       o->help);
}

static int keys(void)
{
	printf("%-32s %-22s %-8s %s\n\n", "  key", "type", "default", "meaning");
	for (const struct section_def *d = section_defs; d->name; d++) {
		char title[256];
		snprintf(title, sizeof(title), "[%s%s] %s", d->name,
			 d->naming == SEC_NAMED		? ".NAME" :
			 d->naming == SEC_OPTIONAL_NAME ? "] or [" :
							  "",
			 d->help);
		if (d->naming == SEC_OPTIONAL_NAME)
			snprintf(title, sizeof(title), "[%s] or [%s.NAME]: %s", d->name, d->name,
				 d->help);
		else
			snprintf(title, sizeof(title), "[%s%s]: %s", d->name,
				 d->naming == SEC_NAMED ? ".NAME" : "", d->help);
		print_table(title, d->opts);
		putchar('\n');
	}
	const struct engine *e;
	for (size_t n = 0; (e = engine_at(n)); n++) {
		char title[256];
		if (!e->opts || !e->opts->key)
			continue;
		snprintf(title, sizeof(title), "[workload.NAME] with engine = %s:", e->name);
		print_table(title, e->opts);
		putchar('\n');
	}
	return EXIT_PASS;
}

static int engines(void)
{
	const struct engine *e;

	for (size_t n = 0; (e = engine_at(n)); n++)
		printf("  %-10s %s\n", e->name, e->help);
	return EXIT_PASS;
}

/* A family's row ("oom.survives.") is printed with what completes it. */
static int checks(void)
{
	const struct check_def *d;

	for (size_t i = 0; (d = check_def_at(i)); i++) {
		char name[64];
		size_t n = strlen(d->name);
		snprintf(name, sizeof(name), "%s%s", d->name, d->name[n - 1] == '.' ? "NAME" : "");
		printf("  %-24s %s\n", name, d->fails);
		if (d->keys)
			printf("  %-24s [expect] %s\n", "", d->keys);
		if (d->requires)
			printf("  %-24s needs %s\n", "", d->requires);
	}
	return EXIT_PASS;
}

static int requirements(void)
{
	const struct engine *e;
	const struct fs_type *t;
	const struct injector *inj;

	for (const struct requirement_def *r = requirement_defs; r->name; r++)
		printf("  %-24s %s\n", r->name, r->help);
	for (size_t i = 0; (inj = injector_at(i)); i++)
		printf("  %-24s %s\n", inj->name, inj->where);
	for (size_t i = 0; (t = fs_type_at(i)); i++)
		printf("  %-24s %s in the kernel and %s, %s\n", t->name, t->label, t->mkfs,
		       t->fsck);
	for (size_t n = 0; (e = engine_at(n)); n++)
		if (e->program)
			printf("  %-24s the %s program (engine %s)\n", e->program, e->program,
			       e->name);
	return EXIT_PASS;
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = { { "keys", no_argument, NULL, 'K' },
					      { "engines", no_argument, NULL, 'E' },
					      { "checks", no_argument, NULL, 'C' },
					      { "requirements", no_argument, NULL, 'R' },
					      { "json", no_argument, NULL, 'J' },
					      { "names", no_argument, NULL, 'N' },
					      { "shard", required_argument, NULL, 'D' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	bool json = false, names = false;
	struct shard shard = { 0 };
	int c, code = EXIT_PASS;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
		switch (c) {
		case 'K': return keys();
		case 'E': return engines();
		case 'C': return checks();
		case 'R': return requirements();
		case 'J': json = true; break;
		case 'N': names = true; break;
		case 'D':
			if (shard_parse(optarg, &shard) < 0)
				return usage_error(
					"list", "--shard '%s': expected I/N, 1 <= I <= N", optarg);
			break;
		case 'h': return usage_print(usage);
		default: return usage_error("list", "unknown option");
		}
	}
	_cleanup_strv_free_ char **files = scenario_files(), **given = NULL;
	if (optind < argc || shard.count) {
		_cleanup_strv_free_ char **sel = NULL, **kept = NULL;
		if (select_scenarios(argv + optind, (size_t)(argc - optind), &shard, &sel) < 0)
			return EXIT_USAGE;
		STRV_FOREACH(x, sel) {
			bool found = false;
			STRV_FOREACH(f, files) {
				char n[256];
				scenario_arg_name(*f, n, sizeof(n));
				if (!strcmp(n, *x)) {
					strv_extend(&kept, *f);
					found = true;
				}
			}
			if (!found && !strcmp(*x, "default"))
				strv_extend(&kept, ""); /* the built-in one */
			else if (!found && (strchr(*x, '/') || strstr(*x, ".ini"))) {
				strv_extend(&kept, *x); /* a scenario file, as given */
				strv_extend(&given, *x);
			} else if (!found)
				return usage_error("list", "no scenario '%s'", *x);
		}
		strv_free(files);
		files = kept;
		kept = NULL;
	}
	if (names) {
		STRV_FOREACH(f, files) {
			if (!**f || strv_contains(given, *f)) {
				puts(**f ? *f : "default"); /* files given by path: as given */
				continue;
			}
			char n[256];
			scenario_arg_name(*f, n, sizeof(n));
			puts(n);
		}
		return EXIT_PASS;
	}
	json_object *arr = json ? json_object_new_array() : NULL;
	if (optind == argc && !shard.count && !has_default(files))
		strv_extend(&files, "");
	STRV_FOREACH(f, files) {
		struct scenario *s = NULL;
		_cleanup_strv_free_ char **req = NULL;
		if (scenario_resolve(**f ? *f : NULL, NULL, 0, &s) < 0) {
			code = EXIT_USAGE;
			continue;
		}
		scenario_requirements(s, &req);
		_cleanup_free_ char *r = strv_join(req, ", ");
		if (json) {
			json_object *o = json_object_new_object(), *ra = json_object_new_array();
			json_object_object_add(o, "name",
					       json_object_new_string(**f ? s->name : "(default)"));
			json_object_object_add(o, "path", json_object_new_string(s->path));
			json_object_object_add(o, "description",
					       json_object_new_string(s->sc.description));
			STRV_FOREACH(x, req)
				json_object_array_add(ra, json_object_new_string(*x));
			json_object_object_add(o, "requires", ra);
			json_object_array_add(arr, o);
		} else {
			printf("%-26s %s\n", **f ? s->name : "(default, built in)",
			       s->sc.description);
			printf("%-26s   needs: %s%s%s\n", "", r ? r : "",
			       s->sc.target != TARGET_ANY ? "; target: " : "",
			       s->sc.target != TARGET_ANY ? sc_word("scenario", "target", &s->sc) :
							    "");
		}
		scenario_free(s);
	}
	if (json) {
		puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	}
	return code;
}
