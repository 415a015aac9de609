// SPDX-License-Identifier: GPL-2.0
/*
 * The upstream view of a failed run (`memstress report --format upstream`):
 * plain text at 80 columns in the shape of syzbot's mails to the kernel's
 * lists. A title naming the guilty function, the kernel (release, source,
 * config, compiler), what went wrong in a sentence per failed check, the
 * injected faults and whether each could fail without injection by the
 * page allocator's rules, the first kernel report with its console lines,
 * and the scenario that reruns it. Rendered from result.json alone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "oracle/gfp.h"
#include "oracle/oracle.h"
#include "writers.h"

#define COLS 80
#define LABEL 16       /* "kernel config:  " */
#define SITES_SHOWN 8  /* the most frequent fault sites */
#define EXCERPT_MAX 40 /* console lines of the first kernel report */
#define LOST_SHOWN 5   /* files named from fs.no_lost_data */

/* Text at most COLS wide: the first line after `first` columns already
 * printed, the rest indented by `indent`. A word wider than a line is kept
 * whole. */
static void wrap(FILE *f, size_t first, size_t indent, const char *text)
{
	size_t col = first;
	bool words = false; /* a word of ours is on this line */

	while (*text) {
		size_t n = strcspn(text, " ");
		if (words && col + 1 + n > COLS) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			words = false;
		}
		col += (size_t)fprintf(f, "%s%.*s", words ? " " : "", (int)n, text);
		words = true;
		text += n;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

/* "label:          value", the value wrapped under itself */
static void field(FILE *f, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	int w = fprintf(f, "%-*s", LABEL, label);
	wrap(f, (size_t)w, LABEL, value);
}

#define AT(a, i) json_object_array_get_idx((a), (i))

/* The kernel reports a title is taken from as they are: syzkaller's kinds.
 * Filesystem errors and injected faults are the run's circumstances. */
static bool report_kind(int k)
{
	static const int kinds[] = { EV_BUG, EV_OOPS, EV_PANIC, EV_WARNING, EV_LOCKDEP, EV_HANG };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i] == k)
			return true;
	return false;
}

/* The first failure-class event whose kind passes `want`. */
static json_object *first_event(json_object *root, bool (*want)(int))
{
	json_object *ev = jget(root, "events");

	for (size_t i = 0; i < jarr_len(ev); i++)
		if (jevent_failure(AT(ev, i)) && want(jevent_kind(AT(ev, i))))
			return AT(ev, i);
	return NULL;
}

static bool fs_error_kind(int k)
{
	return k == EV_FS_ERROR;
}

/* A check's function, for a title: the first leaked object's allocation
 * site, the function a filesystem first complained in. NULL: none known. */
static const char *leak_site(json_object *root, char *buf, size_t len)
{
	json_object *nw = jpath(root, "leaks.new");
	const char *site = jarr_len(nw) ? jstr(AT(nw, 0), "site") : "";

	if (!site[0])
		return NULL;
	snprintf(buf, len, "%.*s", (int)strcspn(site, "+"), site);
	return buf;
}

static const char *fs_error_site(json_object *root, char *buf, size_t len)
{
	json_object *e = first_event(root, fs_error_kind);
	const char *fn = jstr(jget(e, "fields"), "function");

	if (!fn[0])
		return NULL;
	snprintf(buf, len, "%s", fn);
	return buf;
}

/*
 * What a failed check means, for a title, most telling first: with more
 * than one failed, the title says the first here. "%s": the filesystem's
 * type. `site` names the function; the joint (" in", ", first error in")
 * goes before it.
 */
static const struct check_title {
	const char *check, *phrase, *joint;
	const char *(*site)(json_object *root, char *buf, size_t len);
} titles[] = {
	{ "kernel.no_leaks", "memory leak", " in", leak_site },
	{ "fs.no_lost_data", "%s: fsync-acknowledged data lost", ", first error in",
	  fs_error_site },
	{ "fs.fsck", "%s: filesystem damaged", ", first error in", fs_error_site },
	{ "fs.no_errors", "%s: filesystem error", " in", fs_error_site },
	{ "kernel.no_page_leaks", "pages leaked", NULL, NULL },
	{ "hang.none", "task hung", NULL, NULL },
	{ "oom.victim_exit", "OOM victim does not exit", NULL, NULL },
	{ "oom.kills", "unexpected OOM kills", NULL, NULL },
	{ "oom.group", "memory.oom.group not honoured", NULL, NULL },
	{ "memcg.max_held", "memory.max not held", NULL, NULL },
	{ "memcg.high_throttled", "memory.high not honoured", NULL, NULL },
	{ "memcg.protection", "memory.min/low not honoured", NULL, NULL },
	{ "alloc.nofail_stall_max", "__GFP_NOFAIL allocation stalls", NULL, NULL },
	{ "alloc.stall_max", "allocation stalls", NULL, NULL },
	{ "alloc.no_real_failures", "allocation failures without injection", NULL, NULL },
};

static bool check_failed(json_object *root, const char *name)
{
	json_object *cs = jget(root, "checks");

	for (size_t i = 0; i < jarr_len(cs); i++)
		if (!strcmp(jstr(AT(cs, i), "name"), name) &&
		    !strcmp(jstr(AT(cs, i), "status"), "fail"))
			return true;
	return false;
}

static json_object *first_failed_check(json_object *root)
{
	json_object *cs = jget(root, "checks");

	for (size_t i = 0; i < jarr_len(cs); i++)
		if (!strcmp(jstr(AT(cs, i), "status"), "fail"))
			return AT(cs, i);
	return NULL;
}

/* The injected faults the run traced (alloc_failures.failures). */
static size_t injected_listed(json_object *root, json_object **one)
{
	json_object *fl = jpath(root, "alloc_failures.failures");
	size_t n = 0;

	*one = NULL;
	for (size_t i = 0; i < jarr_len(fl); i++)
		if (json_object_get_boolean(jget(AT(fl, i), "injected"))) {
			n++;
			*one = AT(fl, i);
		}
	return n;
}

static long long faults_fired(json_object *root)
{
	return jint(jget(root, "faults"), "fired", 0);
}

/*
 * The title: a kernel report's own ("WARNING in ext4_foo"), as syzbot keeps
 * it; else the most telling failed check said as a symptom, named by its
 * function (the leak's allocation site, the first filesystem error), or by
 * the one injected fault's site.
 */
static void title(json_object *root, char *buf, size_t len)
{
	json_object *e = first_event(root, report_kind), *one;
	const char *fs = jstr(jget(root, "fs"), "type");
	const struct check_title *t = NULL;
	char what[160], fn[128];
	const char *site = NULL;

	if (e) {
		snprintf(buf, len, "%s", jstr(e, "title"));
		return;
	}
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]) && !t; i++)
		if (check_failed(root, titles[i].check))
			t = &titles[i];
	if (t)
		snprintf(what, sizeof(what), t->phrase, fs[0] ? fs : "fs");
	else
		snprintf(what, sizeof(what), "%s failed", jstr(first_failed_check(root), "name"));
	if (t && t->site && (site = t->site(root, fn, sizeof(fn))))
		snprintf(buf, len, "%s%s %s", what, t->joint, site);
	else if (faults_fired(root) == 1 && injected_listed(root, &one) == 1)
		snprintf(buf, len, "%s after a failed allocation in %s", what, jstr(one, "site"));
	else
		snprintf(buf, len, "%s", what);
}

/* The kernel's source, from its build identity: "tree:PATH:COMMIT:DIFF"
 * (DIFF: sha256 of the uncommitted changes) or "tarball:PATH:SIZE:MTIME". */
static void source(FILE *f, const char *id)
{
	static const char empty_sha256[] =
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char kind[16], path[1024], a[80], b[80], buf[1400];

	if (sscanf(id, "%15[^:]:%1023[^:]:%79[^:]:%79s", kind, path, a, b) != 4) {
		field(f, "kernel source:", id);
		return;
	}
	if (!strcmp(kind, "tree"))
		snprintf(buf, sizeof(buf), "git tree %s, commit %.12s%s%.16s", path, a,
			 strcmp(b, empty_sha256) ? " with uncommitted changes, sha256 " : "",
			 strcmp(b, empty_sha256) ? b : "");
	else
		snprintf(buf, sizeof(buf), "%s %s (%s bytes)", kind, path, a);
	field(f, "kernel source:", buf);
}

static void header(json_object *root, FILE *f)
{
	json_object *k = jget(root, "kernel"), *t = jget(root, "target"),
		    *sc = jget(root, "scenario");
	json_object *kb = jget(t, "kernel_build"), *cfg = jget(k, "config");
	char buf[512];

	snprintf(buf, sizeof(buf), "Linux %s %s", jstr(k, "release"), jstr(k, "version"));
	field(f, "kernel:", buf);
	source(f, jstr(kb, "identity"));
	if (jstr(cfg, "sha256")[0]) {
		snprintf(buf, sizeof(buf), "sha256 %.16s%s%s", jstr(cfg, "sha256"),
			 jstr(kb, "base")[0] ? ", from " : "", jstr(kb, "base"));
		field(f, "kernel config:", buf);
	}
	size_t o = 0;
	buf[0] = '\0';
	json_object *opts = jget(cfg, "options");
	if (opts && json_object_is_type(opts, json_type_object)) {
		json_object_object_foreach(opts, opt, val)
		{
			if (o < sizeof(buf))
				o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s=%s",
						      o ? " " : "", opt,
						      json_object_get_string(val));
		}
	}
	field(f, "config options:", buf);
	/* "Linux version R (user@host) (COMPILER, LINKER) #1 ..." */
	const char *pv = jstr(k, "proc_version"), *cc = strstr(pv, ") (");
	if (cc) {
		const char *end = strstr(cc + 3, ") #");
		snprintf(buf, sizeof(buf), "%.*s", end ? (int)(end - cc - 3) : 0, cc + 3);
		field(f, "compiler:", buf);
	}
	field(f, "cmdline:", jstr(k, "cmdline"));
	if (!strcmp(jstr(t, "kind"), "vm")) {
		json_object *vm = jget(root, "vm");
		snprintf(buf, sizeof(buf), "QEMU %s (%s), %lld CPUs, %lld MiB", jstr(t, "machine"),
			 jstr(vm, "accel"), jint(vm, "cpus", 0), jint(vm, "memory", 0) >> 20);
	} else
		snprintf(buf, sizeof(buf), "%s %s, %lld CPUs, %lld MiB", jstr(t, "hostname"),
			 jstr(t, "machine"), jint(t, "cpus", 0), jint(t, "mem_total", 0) >> 20);
	field(f, "machine:", buf);
	snprintf(buf, sizeof(buf), "%s, seed %lld, run %s", jstr(sc, "name"), jint(sc, "seed", 0),
		 jstr(root, "run_id"));
	field(f, "scenario:", buf);
	field(f, "memstress:", jstr(root, "memstress_version"));
}

static void section(FILE *f, const char *name)
{
	fprintf(f, "\n%s\n", name);
	for (size_t i = 0; name[i]; i++)
		fputc('-', f);
	fputc('\n', f);
}

static void what_went_wrong(json_object *root, FILE *f)
{
	json_object *cs = jget(root, "checks");

	section(f, "What went wrong");
	for (size_t i = 0; i < jarr_len(cs); i++) {
		json_object *c = AT(cs, i);
		const char *st = jstr(c, "status");
		if (strcmp(st, "fail") && strcmp(st, "error"))
			continue;
		int w = fprintf(f, "- %s%s: ", jstr(c, "name"),
				strcmp(st, "error") ? "" : " (error)");
		wrap(f, (size_t)w, 2, jstr(c, "summary"));
	}
	json_object *lost = jpath(root, "fs.durability.workloads");
	for (size_t i = 0; i < jarr_len(lost); i++) {
		json_object *cf = jget(AT(lost, i), "corrupt_files"),
			    *mf = jget(AT(lost, i), "missing_files");
		for (size_t j = 0; j < jarr_len(cf) && j < LOST_SHOWN; j++) {
			int w = fprintf(f, "  %s: ", jstr(AT(cf, j), "file"));
			wrap(f, (size_t)w, 4, jstr(AT(cf, j), "problem"));
		}
		for (size_t j = 0; j < jarr_len(mf) && j < LOST_SHOWN; j++)
			fprintf(f, "  %s: missing\n", json_object_get_string(AT(mf, j)));
	}
}

/* kmemleak's first new object, as kmemleak prints it, and the sites. */
static void leaks(json_object *root, FILE *f)
{
	json_object *nw = jpath(root, "leaks.new");
	char buf[256];

	if (!jarr_len(nw) || !check_failed(root, "kernel.no_leaks"))
		return;
	section(f, "The leak");
	snprintf(buf, sizeof(buf),
		 "%zu new unreferenced object(s) after the run (kmemleak, two scans). "
		 "The first, as kmemleak reports it:",
		 jarr_len(nw));
	wrap(f, 0, 0, buf);
	json_object *o = AT(nw, 0), *bt = jget(o, "backtrace");
	fprintf(f, "\nBUG: memory leak\nunreferenced object %s (size %lld):\n", jstr(o, "address"),
		jint(o, "size", 0));
	fprintf(f, "  comm \"%s\", pid %lld\n  backtrace:\n", jstr(o, "comm"), jint(o, "pid", 0));
	for (size_t i = 0; i < jarr_len(bt); i++)
		fprintf(f, "    %s\n", json_object_get_string(AT(bt, i)));
	/* the allocation sites, in the order first seen */
	fprintf(f, "\nAllocation sites of the new objects:\n");
	for (size_t i = 0; i < jarr_len(nw); i++) {
		const char *site = jstr(AT(nw, i), "site");
		size_t n = 0, k = strcspn(site, "+");
		bool seen = false;
		for (size_t j = 0; j < jarr_len(nw); j++) {
			const char *o2 = jstr(AT(nw, j), "site");
			if (strncmp(o2, site, k) || (o2[k] && o2[k] != '+'))
				continue;
			seen |= j < i;
			n++;
		}
		if (!seen)
			fprintf(f, "  %-40.*s %6zu\n", (int)k, site, n);
	}
}

/* Could this allocation have failed without injection, and why (the page
 * allocator's rules, as the run's witness judged them: may_fail). */
static void could_fail(json_object *x, char *buf, size_t len)
{
	struct gfp_info gi;
	const char *gfp = jstr(x, "gfp");
	long long order = jint(x, "order", -1), size = jint(x, "size", -1);
	char what[64];

	gfp_decode(gfp, strlen(gfp), &gi);
	if (order >= 0)
		snprintf(what, sizeof(what), "an order-%lld", order);
	else
		snprintf(what, sizeof(what), "a %lld-byte", size);
	if (!json_object_get_boolean(jget(x, "may_fail")))
		snprintf(buf, len,
			 "no: %s %s allocation%s is too small to fail; the page "
			 "allocator retries it (reclaim, the OOM killer) rather than "
			 "fail, unless the task is being OOM-killed",
			 what, gfp_class_name(gi.cls), gi.nofail ? " with __GFP_NOFAIL" : "");
	else if (gi.cls == GFP_CLASS_ATOMIC || gi.cls == GFP_CLASS_NOWAIT)
		snprintf(buf, len,
			 "yes: %s %s allocation may not sleep, so it fails "
			 "when free memory runs out",
			 what, gfp_class_name(gi.cls));
	else if (gi.noretry || gi.retry_mayfail)
		snprintf(buf, len, "yes: %s allocation with %s gives up instead of looping", what,
			 gi.noretry ? "__GFP_NORETRY" : "__GFP_RETRY_MAYFAIL");
	else
		snprintf(buf, len,
			 "yes: %s allocation is above PAGE_ALLOC_COSTLY_ORDER (3), "
			 "which the allocator may fail",
			 what);
}

static void stack(FILE *f, json_object *st)
{
	for (size_t i = 0; i < jarr_len(st); i++)
		fprintf(f, "  %s\n", json_object_get_string(AT(st, i)));
}

static void faults(json_object *root, FILE *f)
{
	json_object *fa = jget(root, "faults"), *inj = jget(fa, "injectors"), *one;
	long long fired = faults_fired(root);
	char buf[512];

	if (!fa || !fired)
		return;
	section(f, "Injected faults");
	for (size_t i = 0; i < jarr_len(inj); i++) {
		json_object *j = AT(inj, i), *tg = jget(j, "targets"), *kn = jget(j, "knobs");
		size_t o = (size_t)snprintf(buf, sizeof(buf), "%s: %lld fault(s)",
					    jstr(j, "injector"), jint(j, "fired", 0));
		for (size_t t = 0; t < jarr_len(tg) && o < sizeof(buf); t++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", t ? ", " : " in ",
					      jstr(AT(tg, t), "target"));
		if (o < sizeof(buf) && jstr(kn, "probability")[0])
			snprintf(buf + o, sizeof(buf) - o, " (probability %s%%, interval %s)",
				 jstr(kn, "probability"), jstr(kn, "interval"));
		wrap(f, 0, 2, buf);
	}
	/* the sites, most frequent first */
	json_object *sites = jget(fa, "sites");
	if (!sites || !json_object_is_type(sites, json_type_object))
		sites = NULL;
	bool shown[64] = { false };
	size_t ns = 0;
	if (sites)
		fprintf(f, "Sites (the first filesystem frame of each fault's stack):\n");
	for (size_t k = 0; sites && k < SITES_SHOWN; k++) {
		const char *best = NULL;
		long long bn = 0;
		size_t bi = 0, i = 0;
		json_object_object_foreach(sites, key, val)
		{
			if (i < 64 && !shown[i] && json_object_get_int64(val) > bn) {
				best = key;
				bn = json_object_get_int64(val);
				bi = i;
			}
			i++;
		}
		ns = i;
		if (!best)
			break;
		shown[bi] = true;
		fprintf(f, "  %-40s %6lld\n", best, bn);
	}
	if (ns > SITES_SHOWN)
		fprintf(f, "  ... %zu more sites in result.json\n", ns - SITES_SHOWN);

	/* could they fail without injection? */
	json_object *fl = jpath(root, "alloc_failures.failures");
	size_t listed = injected_listed(root, &one), yes = 0;
	for (size_t i = 0; i < jarr_len(fl); i++)
		if (json_object_get_boolean(jget(AT(fl, i), "injected")) &&
		    json_object_get_boolean(jget(AT(fl, i), "may_fail")))
			yes++;
	if (fired == 1 && listed == 1) {
		fprintf(f, "\nThe fault, at %.3f s in %s (pid %lld, workload %s):\n",
			jdouble(one, "run_time", -1), jstr(one, "comm"), jint(one, "pid", 0),
			jstr(one, "workload")[0] ? jstr(one, "workload") : "-");
		snprintf(buf, sizeof(buf), "%s %s, %s, in %s", jstr(one, "kind"),
			 jstr(one, "event"), jstr(one, "gfp"), jstr(one, "site"));
		wrap(f, 0, 2, buf);
		could_fail(one, buf, sizeof(buf));
		fputs("Could fail without injection: ", f);
		wrap(f, 30, 2, buf);
		stack(f, jget(one, "stack"));
		return;
	}
	if (listed) {
		snprintf(buf, sizeof(buf),
			 "Could they fail without injection? Of %zu traced with their flags "
			 "(of %lld): %zu yes (no sleeping, __GFP_NORETRY or "
			 "__GFP_RETRY_MAYFAIL, or above order 3), %zu no (too small to "
			 "fail: the page allocator loops on them rather than fail).",
			 listed, fired, yes, listed - yes);
		wrap(f, 0, 0, buf);
	}
	if (fired > 1)
		wrap(f, 0, 0,
		     "Which fault causes the failure is not isolated: more than one was "
		     "injected. `memstress repro RUN` narrows the run to the function "
		     "whose failed allocations make it fail.");
}

/* A console line without its prefixes ("[    9.11][   T58] "), as syzbot
 * quotes the kernel. */
static const char *unprefixed(const char *l)
{
	while (*l == '[') {
		const char *e = strchr(l, ']');
		if (!e)
			break;
		l = e + 1;
	}
	return *l == ' ' ? l + 1 : l;
}

/* The first kernel report (or, when a filesystem check failed, the
 * filesystem's first error): its console lines as the kernel printed them. */
static void first_report(json_object *root, FILE *f)
{
	json_object *e = first_event(root, report_kind);
	bool fs_failed = false;

	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		fs_failed |= titles[i].site == fs_error_site && check_failed(root, titles[i].check);
	if (!e && fs_failed)
		e = first_event(root, fs_error_kind);
	if (!e)
		return;
	section(f, e == first_event(root, report_kind) ? "The kernel's first report" :
							 "The filesystem's first error");
	json_object *ex = jget(e, "excerpt");
	for (size_t i = 0; i < jarr_len(ex) && i < EXCERPT_MAX; i++) {
		const char *l = unprefixed(json_object_get_string(AT(ex, i)));
		fprintf(f, "%.*s\n", (int)strcspn(l, "\r\n"), l);
	}
	if (jarr_len(ex) > EXCERPT_MAX)
		fprintf(f, "... %zu more lines in console.log\n", jarr_len(ex) - EXCERPT_MAX);
}

/* The effective scenario without its comments: the keys at their defaults
 * are commented out, so what is left reruns the run, and fits 80 columns
 * but for long values. */
static void rerun(json_object *root, FILE *f)
{
	json_object *t = jget(root, "target"), *sc = jget(root, "scenario");
	const char *img = jstr(t, "kernel_image");

	section(f, "How to run it again");
	fprintf(f,
		"Save the scenario below as scenario.ini (the keys at their defaults\n"
		"are left out), then:\n\n");
	if (!strcmp(jstr(t, "kind"), "vm"))
		fprintf(f, "  memstress run --kernel \\\n    %s \\\n    scenario.ini\n\n",
			img[0] ? img : "BZIMAGE");
	else
		fprintf(f, "  memstress run scenario.ini\n\n");
	/* keys only, no comments (the keys at their defaults are commented
	 * out); a section is printed with its first key */
	const char *sec = NULL, *eff = jstr(sc, "effective");
	int sec_len = 0;
	bool any = false;
	for (const char *l = eff; *l;) {
		size_t n = strcspn(l, "\n");
		if (l[0] == '[') {
			sec = l;
			sec_len = (int)n;
		} else if (n && l[0] != ';') {
			if (sec)
				fprintf(f, "%s%.*s\n", any ? "\n" : "", sec_len, sec);
			any = true;
			sec = NULL;
			if (strncmp(l, "description =", 13))
				fprintf(f, "%.*s\n", (int)n, l);
			else /* the original may be long: the run it reruns */
				fprintf(f, "description = %s, as run %s ran it\n", jstr(sc, "name"),
					jstr(root, "run_id"));
		}
		l += n + (l[n] == '\n');
	}
}

int write_upstream(json_object *root, FILE *f)
{
	char t[256];

	if (strcmp(jstr(root, "verdict"), "fail"))
		return -ENOMSG; /* the view of a failed run */
	title(root, t, sizeof(t));
	fprintf(f, "memstress found the following issue:\n\n");
	wrap(f, 0, 0, t);
	fputc('\n', f);
	header(root, f);
	what_went_wrong(root, f);
	leaks(root, f);
	faults(root, f);
	first_report(root, f);
	rerun(root, f);
	return 0;
}
