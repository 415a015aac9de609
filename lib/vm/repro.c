// SPDX-License-Identifier: GPL-2.0
/*
 * memstress repro (see repro.h): from a failed fault-injection run to the
 * code site whose failed allocations make the failure, then to one fault
 * there (repro_one.c) with its program (repro_prog.c); confirmed both ways.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/scope.h"
#include "core/strv.h"
#include "repro.h"
#include "repro_int.h"
#include "report/fingerprint.h"
#include "report/result.h"
#include "report/writers.h"
#include "vm.h"

#define NO_FS_FRAME "(no filesystem frame)"

void repro_say(struct repro_ctx *c, const char *fmt, ...)
{
	va_list ap;
	unsigned el = (unsigned)(mono_s() - c->t0);

	fprintf(log_stderr(), "memstress repro: [%u:%02u, %u run%s] ", el / 60, el % 60, c->runs,
		c->runs == 1 ? "" : "s");
	va_start(ap, fmt);
	vfprintf(log_stderr(), fmt, ap);
	va_end(ap);
	fputc('\n', log_stderr());
}

/* The sites to try, best first: the leaked object's allocation site (the
 * function kmemleak names), then the faults' sites by count. */
static char **candidates(json_object *root, unsigned max)
{
	char **v = NULL;
	json_object *nw = jpath(root, "leaks.new"), *sites = jpath(root, "faults.sites");

	if (nw && json_object_array_length(nw)) {
		const char *s = jstr(json_object_array_get_idx(nw, 0), "site");
		char fn[256];
		snprintf(fn, sizeof(fn), "%.*s", (int)strcspn(s, "+"), s);
		if (fn[0])
			(void)strv_extend(&v, fn);
	}
	if (!sites || !json_object_is_type(sites, json_type_object))
		return v;
	while (strv_length(v) < max) {
		const char *best = NULL;
		long long bn = 0;
		json_object_object_foreach(sites, key, val)
		{
			if (strcmp(key, NO_FS_FRAME) && !strv_contains(v, key) &&
			    json_object_get_int64(val) > bn) {
				best = key;
				bn = json_object_get_int64(val);
			}
		}
		if (!best)
			break;
		(void)strv_extend(&v, best);
	}
	return v;
}

/* The run's scenario aimed at one site (site NULL: with no faults at all,
 * and no expectation about them). */
static int load(struct repro_ctx *c, const char *site, struct scenario **ret)
{
	_cleanup_free_ char *err = NULL;
	struct sc_override ov[16];
	size_t n = 0;
	struct scenario *s = NULL;
	int k;

	if ((k = scenario_load(c->scenario, NULL, 0, &s, &err)) < 0)
		goto bad;
	for (size_t i = 0; site && i < s->n_faults && n + 1 < sizeof(ov) / sizeof(ov[0]); i++) {
		char a[512];
		snprintf(a, sizeof(a), "fault.%s.target=%s", s->faults[i].kind, site);
		if (sc_override_parse(a, &ov[n]) == 0)
			n++;
	}
	/* a site gets fewer faults than the whole run did */
	if (site && s->expect.faults_injected.set &&
	    sc_override_parse("expect.faults_injected=>=1", &ov[n]) == 0)
		n++;
	scenario_free(s);
	s = NULL;
	k = scenario_load(c->scenario, ov, n, &s, &err);
	for (size_t i = 0; i < n; i++)
		sc_override_release(&ov[i]);
	if (k < 0)
		goto bad;
	/* the runs are named after the run's scenario, not after scenario.ini */
	char *name = strdup(jstr(jget(c->root, "scenario"), "name"));
	if (name && name[0]) {
		free(s->name);
		s->name = name;
	} else
		free(name);
	if (!site) {
		s->expect.faults_injected.set = false;
		s->expect.fault_fs_frames.set = false;
	}
	*ret = s;
	return 0;
bad:
	log_error("%s", err ? err : "cannot load the run's scenario");
	return -EINVAL;
}

/* One run; its exit code, *fails: its failed checks. */
int repro_run(struct repro_ctx *c, struct scenario *s, bool no_faults, char *fails, size_t len,
	      char **dir)
{
	size_t n_faults = s->n_faults;
	struct result *r = NULL;
	_cleanup_free_ char *err = NULL;
	int code;

	if (no_faults)
		s->n_faults = 0; /* given back before the scenario is freed */
	code = c->image[0] ? vm_run_scenario(s, c->image, &c->ro, dir) :
			     run_scenario(s, &c->ro, dir);
	s->n_faults = n_faults;
	c->runs++;
	fails[0] = '\0';
	if (*dir && result_load(*dir, &r, &err) == 0) {
		result_failed_checks(r->root, fails, len);
		result_free(r);
	}
	return code;
}

void repro_logline(struct repro_ctx *c, const char *site, const char *what, int code,
		   const char *fails, const char *dir)
{
	fprintf(c->log, "%s\t%s\t%d\t%s\t%s\n", site ? site : "-", what, code,
		fails[0] ? fails : "-", dir ? dir : "-");
	fflush(c->log);
}

FILE *repro_open(const struct repro_ctx *c, const char *name, const char *mode)
{
	char p[4400];

	snprintf(p, sizeof(p), "%s/%s", c->dir, name);
	FILE *f = fopen(p, mode);
	if (!f) {
		int e = errno;
		log_error("cannot write %s: %m", p);
		errno = e;
	}
	return f;
}

bool repro_over_budget(struct repro_ctx *c)
{
	return mono_s() - c->t0 > c->o->budget_s;
}

/* A run's exit that ends the search: the harness, a skip, a signal. */
bool repro_fatal(int code)
{
	return code == EXIT_USAGE || code == EXIT_HARNESS || code == EXIT_SKIP ||
	       code >= EXIT_INTERRUPTED;
}

/*
 * n runs of s, with its faults (strip: without any); *hits counts those
 * that went the way wanted (with: failed as the run did; else: passed).
 * Where a pass is wanted, the first that does not pass ends them. Returns
 * 0, 1 when out of time, or a fatal exit code negated.
 */
int repro_rounds(struct repro_ctx *c, const char *site, struct scenario *s, bool with, bool strip,
		 unsigned n, unsigned *hits)
{
	char fails[1024];

	for (unsigned i = 0; i < n; i++) {
		_cleanup_free_ char *dir = NULL;
		if (repro_over_budget(c))
			return repro_say(c, "%s: out of time while confirming", site), 1;
		int code = repro_run(c, s, strip, fails, sizeof(fails), &dir);
		repro_logline(c, with || !strip ? site : NULL,
			      with  ? "confirm" :
			      strip ? "no faults" :
				      "unarmed",
			      code, fails, dir);
		if (repro_fatal(code))
			return -code;
		bool hit = with ? code == EXIT_FAIL && !strcmp(fails, c->want) : code == EXIT_PASS;
		*hits += hit;
		repro_say(c, "%s: %s", site,
			  hit ? (with  ? "failed the same way" :
				 strip ? "passed without faults" :
					 "passed unarmed") :
				(fails[0] ? fails : "passed"));
		if (!with && !hit)
			break;
	}
	return 0;
}

/* Confirm a site both ways; 1 confirmed, 0 not, or a fatal exit code < 0. */
static int confirm(struct repro_ctx *c, const char *site, struct scenario *with,
		   const char *first_dir, char **report_dir)
{
	unsigned same = 1, passed = 0, need = (c->o->confirm * 4 + 4) / 5; /* 4 of 5 */
	_cleanup_(scenario_freep) struct scenario *without = NULL;
	int k;

	*report_dir = strdup(first_dir);
	if ((k = repro_rounds(c, site, with, true, false, c->o->confirm - 1, &same)) != 0)
		return k < 0 ? k : 0;
	if (same < need)
		return repro_say(c, "%s: %u of %u runs failed the same way (%u needed)", site, same,
				 c->o->confirm, need),
		       0;
	if (load(c, NULL, &without) < 0)
		return -EXIT_USAGE;
	if ((k = repro_rounds(c, site, without, false, true, c->o->confirm, &passed)) != 0)
		return k < 0 ? k : 0;
	if (passed < c->o->confirm)
		return repro_say(c,
				 "without faults the scenario fails too: the load, not a fault, "
				 "makes the failure"),
		       0;
	repro_say(c, "%s: %u of %u failed the same way with its faults, %u of %u passed without",
		  site, same, c->o->confirm, passed, c->o->confirm);
	return 1;
}

/* report.txt: the upstream report of a confirming run. */
static int write_report(struct repro_ctx *c, const char *report_dir)
{
	struct result *r = NULL;
	_cleanup_free_ char *err = NULL;
	_cleanup_fclose_ FILE *t = repro_open(c, "report.txt", "we");

	if (!t)
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return -errno;
	if (result_load(report_dir, &r, &err) == 0) {
		(void)write_upstream(r->root, t);
		result_free(r);
	}
	/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
	return 0;
}

/* site.ini and repro.ini: the run's scenario with its faults aimed at the site. */
static int write_site(struct repro_ctx *c, const char *site, struct scenario *s)
{
	static const char *const names[] = { "site.ini", "repro.ini" };
	_cleanup_free_ char *eff = scenario_effective(s);

	for (size_t i = 0; i < 2; i++) {
		_cleanup_fclose_ FILE *f = repro_open(c, names[i], "we");
		if (!f)
			/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
			return -errno;
		if (!eff || fprintf(f, "; memstress repro of %s: its faults aimed at %s\n%s",
				    jstr(c->root, "run_id"), site, eff) < 0)
			/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
			return log_error_errno(-EIO, "cannot write %s/%s", c->dir, names[i]);
	}
	return 0;
}

/* The one fault: repro.ini is its scenario, repro.c and repro.sh its program. */
static int write_fault(struct repro_ctx *c, const struct repro_fault *f)
{
	char p[4400];
	int k;

	snprintf(p, sizeof(p), "%s/repro.ini", c->dir);
	if ((k = copy_file(f->ini, p)) < 0)
		return log_error_errno(k, "cannot write %s: %m", p);
	return repro_write_program(c, f);
}

/* report.txt's last section: the one fault and its standalone reproducer. */
static int append_reproducer(struct repro_ctx *c, const struct repro_fault *f)
{
	_cleanup_fclose_ FILE *t = repro_open(c, "report.txt", "ae");

	if (!t)
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return -errno;
	fprintf(t,
		"\nThe one fault\n"
		"  On a fresh %s, fstx's %s alone, with /proc/thread-self/fail-nth %u\n"
		"  counting only the allocations under %s, fails as the run did;\n"
		"  the same step with fail-nth unarmed passes. The scenario above runs\n"
		"  it with memstress. Without memstress: repro.c (cc -static; it is /init\n"
		"  of an initramfs) and repro.sh, which boots a kernel with it and says\n"
		"  whether it reproduced.\n",
		f->fs, f->op, f->n, f->site);
	/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
	return 0;
}

/* Why the run cannot be narrowed; NULL: it can. */
static const char *refuse(struct repro_ctx *c, char *buf, size_t len)
{
	json_object *t = jget(c->root, "target");
	struct utsname u;

	if (strcmp(jstr(c->root, "verdict"), "fail"))
		snprintf(buf, len, "its verdict is %s: repro narrows a failed run",
			 jstr(c->root, "verdict")[0] ? jstr(c->root, "verdict") :
						       jstr(c->root, "status"));
	else if (!jint(jget(c->root, "faults"), "fired", 0))
		snprintf(buf, len, "it injected no faults: there is nothing to narrow");
	else if (!jpath(c->root, "faults.sites"))
		snprintf(buf, len, "it records no fault sites (an older memstress made it)");
	else if (!path_exists(c->scenario))
		snprintf(buf, len, "its scenario.ini is missing");
	else if (!strcmp(jstr(t, "kind"), "vm") && !path_exists(jstr(t, "kernel_image")))
		snprintf(buf, len, "its kernel image %s is gone",
			 jstr(t, "kernel_image")[0] ? jstr(t, "kernel_image") : "(none recorded)");
	else if (strcmp(jstr(t, "kind"), "vm") &&
		 (uname(&u) < 0 || strcmp(u.release, jstr(t, "kernel_release"))))
		snprintf(buf, len, "it ran on kernel %s, and this host runs %s",
			 jstr(t, "kernel_release"), u.release);
	else
		return NULL;
	return buf;
}

int repro(const struct repro_opts *o)
{
	struct repro_ctx c = { .o = o, .t0 = mono_s() };
	struct result *r = NULL;
	_cleanup_free_ char *err = NULL;
	_cleanup_strv_free_ char **sites = NULL;
	char why[512], p[4400];
	int code = EXIT_FAIL;

	if (result_load(o->run, &r, &err) < 0) {
		log_error("%s", err ? err : "cannot read the run");
		return EXIT_USAGE;
	}
	c.root = r->root;
	snprintf(c.scenario, sizeof(c.scenario), "%s/scenario.ini", o->run);
	if (refuse(&c, why, sizeof(why))) {
		log_error("%s: %s", o->run, why);
		result_free(r);
		return EXIT_USAGE;
	}
	if (!strcmp(jstr(jget(c.root, "target"), "kind"), "vm"))
		snprintf(c.image, sizeof(c.image), "%s",
			 jstr(jget(c.root, "target"), "kernel_image"));
	result_failed_checks(c.root, c.want, sizeof(c.want));
	snprintf(c.dir, sizeof(c.dir), "%s/repro", o->run);
	snprintf(c.results, sizeof(c.results), "%s/runs", c.dir);
	c.ro = *o->ro;
	c.ro.results_root = c.results;
	c.ro.kernel_image = c.image[0] ? c.image : NULL;
	c.ro.target_kind = c.image[0] ? "vm" : "host";
	if (mkdir_p(c.results, 0755) < 0) {
		log_error("cannot make %s: %m", c.results);
		result_free(r);
		return EXIT_HARNESS;
	}
	snprintf(p, sizeof(p), "%s/repro.log", c.dir);
	c.log = fopen(p, "ae");
	if (!c.log) {
		log_error("cannot write %s: %m", p);
		result_free(r);
		return EXIT_HARNESS;
	}
	fprintf(c.log, "# site\tattempt\texit\tfailed checks\trun\n");
	sites = candidates(c.root, o->max_sites);
	repro_say(&c, "%s failed %s; %zu site(s) to try, %u run(s) each way to confirm", o->run,
		  c.want, strv_length(sites), o->confirm);
	size_t i = 0;
	STRV_FOREACH(site, sites) {
		_cleanup_(scenario_freep) struct scenario *s = NULL;
		_cleanup_free_ char *dir = NULL, *report_dir = NULL;
		char fails[1024];
		i++;
		if (repro_over_budget(&c)) {
			repro_say(&c, "out of time (--budget %.0fs) before %s", o->budget_s, *site);
			break;
		}
		if (load(&c, *site, &s) < 0) {
			code = EXIT_USAGE;
			break;
		}
		repro_say(&c, "site %zu of %zu: %s", i, strv_length(sites), *site);
		int k = repro_run(&c, s, false, fails, sizeof(fails), &dir);
		repro_logline(&c, *site, "try", k, fails, dir);
		if (repro_fatal(k)) {
			code = k;
			break;
		}
		if (k != EXIT_FAIL || strcmp(fails, c.want)) {
			repro_say(&c, "%s: %s", *site, k == EXIT_PASS ? "passed" : fails);
			continue;
		}
		fprintf(stdout,
			"narrowed: %s fails %s when its faults are aimed at %s, as it did\n",
			jstr(c.root, "run_id"), c.want, *site);
		/* one fault at the site, confirmed, confirms the site too: the
		 * site's own confirmation only where no one fault is found */
		struct repro_fault f = { 0 };
		_cleanup_free_ char *fault_dir = NULL;
		repro_say(&c, "%s: fails the same way (%s); to one fault", *site, fails);
		int one = o->max_faults ? repro_one_fault(&c, *site, &f, &fault_dir) : 0;
		if (one < 0) {
			code = -one;
			break;
		}
		if (one > 0) {
			if (write_site(&c, *site, s) < 0 || write_fault(&c, &f) < 0 ||
			    write_report(&c, fault_dir) < 0 || append_reproducer(&c, &f) < 0) {
				code = EXIT_HARNESS;
				break;
			}
			code = EXIT_PASS;
			fprintf(stdout,
				"one fault: fstx's %s alone, fail-nth %u under %s, fails the same "
				"way; unarmed, it passes (%u runs, %.0f s)\n"
				"  %s/repro.ini\n  %s/repro.c\n  %s/repro.sh\n"
				"  %s/report.txt\n  %s/repro.log\n",
				f.op, f.n, f.site, c.runs, mono_s() - c.t0, c.dir, c.dir, c.dir,
				c.dir, c.dir);
			break;
		}
		repro_say(&c, "%s: no one fault; confirming the site", *site);
		int ok = confirm(&c, *site, s, dir, &report_dir);
		if (ok < 0) {
			code = -ok;
			break;
		}
		if (!ok)
			continue;
		if (write_site(&c, *site, s) < 0 || write_report(&c, report_dir) < 0) {
			code = EXIT_HARNESS;
			break;
		}
		code = EXIT_PASS;
		fprintf(stdout,
			"reproduced: %s fails %s when its faults are aimed at %s, and passes "
			"without them (%u runs, %.0f s); no one fault%s\n"
			"  %s/repro.ini\n  %s/report.txt\n  %s/repro.log\n",
			jstr(c.root, "run_id"), c.want, *site, c.runs, mono_s() - c.t0,
			o->max_faults ? " found" : " tried (--faults 0)", c.dir, c.dir, c.dir);
		break;
	}
	if (code == EXIT_FAIL)
		fprintf(stdout,
			"not reproduced: no site of %s failed %s the same way (%u runs, "
			"%.0f s; %s/repro.log)\n",
			jstr(c.root, "run_id"), c.want, c.runs, mono_s() - c.t0, c.dir);
	fclose(c.log);
	result_free(r);
	return code;
}
