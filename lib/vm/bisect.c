// SPDX-License-Identifier: GPL-2.0
/*
 * memstress bisect's step (see bisect.h). The verdict table:
 *
 *   kernel does not build, or does not boot      125 (cannot test)
 *   a requirement of the scenario is missing      125
 *   every run passed                              0 good, with the chance a bad
 *                                                   commit would have shown it
 *   a run failed with the learned fingerprint     1 bad (stops early)
 *   a run failed some other way                   125 (another bug in the way)
 *   memstress itself failed, or was interrupted   128 (git bisect run aborts)
 *
 * The fingerprint is learned once per bisect by testing refs/bisect/bad: the
 * step checks it out, builds and runs it N times, and checks the original
 * HEAD out again before testing it. Both builds share one object directory,
 * so each is incremental.
 */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "bisect.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "report/fingerprint.h"
#include "report/result.h"
#include "report/writers.h"
#include "vm.h"

struct step {
	const struct bisect_opts *o;
	char gitdir[4096];
	char statedir[4200];
	char head[64];	     /* commit under test */
	char head_ref[256];  /* branch HEAD was on ("" when detached) */
	char bad[64];	     /* refs/bisect/bad */
	char fp[1024];	     /* the fingerprint a bad commit must show */
	unsigned bad_failed; /* how often the known-bad commit failed */
	unsigned bad_runs;
	bool learned;
};

/* What testing one commit found. */
struct tested {
	unsigned runs, passed;
	int verdict;	/* BISECT_* */
	char why[1200]; /* one line */
	char fp[1024];	/* fingerprint of the first failure */
	char **dirs;	/* run directories */
};

static int git(const char *tree, char **out, ...)
{
	_cleanup_strv_free_ char **argv = NULL;
	_cleanup_free_ char *o = NULL;
	va_list ap;
	const char *a;
	int status, k;

	strv_extend(&argv, "git");
	strv_extend(&argv, "-C");
	strv_extend(&argv, tree);
	va_start(ap, out);
	while ((a = va_arg(ap, const char *)))
		strv_extend(&argv, a);
	va_end(ap);
	if ((k = run_capture(argv, &o, &status)) < 0)
		return k;
	if (out) {
		if (o)
			o[strcspn(o, "\n")] = '\0';
		*out = o;
		o = NULL;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int git_line(const char *tree, char *buf, size_t len, const char *a1, const char *a2,
		    const char *a3)
{
	_cleanup_free_ char *out = NULL;
	int k = git(tree, &out, a1, a2, a3, NULL);

	buf[0] = '\0';
	if (k == 0 && out)
		snprintf(buf, len, "%s", out);
	return k == 0 && buf[0] ? 0 : -ENOENT;
}

/* --- state ----------------------------------------------------------------------- */

static void state_path(const struct step *st, char *p, size_t len)
{
	snprintf(p, len, "%s/state.json", st->statedir);
}

static bool state_load(struct step *st)
{
	char p[4300];

	state_path(st, p, sizeof(p));
	json_object *j = json_object_from_file(p);
	if (!j)
		return false;
	bool ok = !strcmp(jstr(j, "scenario"), st->o->s->name) &&
		  !strcmp(jstr(j, "bad_commit"), st->bad) && *jstr(j, "fingerprint");
	if (ok) {
		snprintf(st->fp, sizeof(st->fp), "%s", jstr(j, "fingerprint"));
		st->bad_failed = (unsigned)jint(j, "bad_failed", 1);
		st->bad_runs = (unsigned)jint(j, "bad_runs", 1);
	}
	json_object_put(j);
	return ok;
}

static int state_save(const struct step *st)
{
	json_object *j = json_object_new_object();
	char p[4300], t[32];
	time_t now = time(NULL);

	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_object_object_add(j, "scenario", json_object_new_string(st->o->s->name));
	json_object_object_add(j, "bad_commit", json_object_new_string(st->bad));
	json_object_object_add(j, "fingerprint", json_object_new_string(st->fp));
	json_object_object_add(j, "bad_failed", json_object_new_int((int)st->bad_failed));
	json_object_object_add(j, "bad_runs", json_object_new_int((int)st->bad_runs));
	json_object_object_add(j, "learned", json_object_new_string(t));
	state_path(st, p, sizeof(p));
	int k = write_json(p, j);
	json_object_put(j);
	return k;
}

/* One line per tested commit, for the user to read after the bisect. */
static void log_step(const struct step *st, const char *commit, const struct tested *t)
{
	char p[4300], tm[32];
	time_t now = time(NULL);
	static const char *const names[] = { [BISECT_GOOD] = "good", [BISECT_BAD] = "bad" };

	snprintf(p, sizeof(p), "%s/log.tsv", st->statedir);
	FILE *f = fopen(p, "ae");
	if (!f)
		return;
	strftime(tm, sizeof(tm), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	_cleanup_free_ char *dirs = t->dirs ? strv_join(t->dirs, ",") : strdup("");
	fprintf(f, "%s\t%s\t%s\t%u/%u\t%s\t%s\t%s\n", tm, commit,
		t->verdict <= BISECT_BAD  ? names[t->verdict] :
		t->verdict == BISECT_SKIP ? "skip" :
					    "abort",
		t->runs - t->passed, t->runs, t->fp, t->why, dirs ? dirs : "");
	fclose(f);
}

/* --- building and testing one commit -------------------------------------------------- */

static int build(const struct step *st, char *image, size_t len)
{
	struct kbuild_opts ko = {
		.source = st->o->tree,
		.with = st->o->with,
		.fragments = st->o->fragments,
		.jobs = st->o->jobs,
	};
	return kbuild(&ko, image, len, NULL);
}

static bool matches(const struct step *st, const char *fp)
{
	if (st->o->fingerprint)
		return strstr(fp, st->o->fingerprint) != NULL;
	return !strcmp(fp, st->fp);
}

/*
 * Run the scenario up to o->runs times on image. want_fp: judge failures by
 * the fingerprint (else any failure counts, and all runs are made: learning
 * the failure rate of the bad commit).
 */
static void test_image(const struct step *st, const char *image, bool want_fp, struct tested *t)
{
	for (unsigned i = 0; i < st->o->runs; i++) {
		_cleanup_free_ char *dir = NULL, *err = NULL;
		struct result *r = NULL;

		fprintf(log_stderr(), "memstress bisect: run %u of at most %u\n", i + 1,
			st->o->runs);
		int code = vm_run_scenario(st->o->s, image, st->o->ro, &dir);
		t->runs++;
		if (dir)
			strv_extend(&t->dirs, dir);
		if (!dir || result_load(dir, &r, &err) < 0) {
			t->verdict = BISECT_ABORT;
			snprintf(t->why, sizeof(t->why), "no result from the run (%s)",
				 err ? err : "no run directory");
			return;
		}
		const char *status = jstr(r->root, "status"),
			   *outcome = jstr(jget(r->root, "vm"), "outcome");
		char fp[1024];
		result_fingerprint(r->root, fp, sizeof(fp));
		if (!strcmp(status, "interrupted") || code == EXIT_USAGE || code == EXIT_HARNESS) {
			t->verdict = BISECT_ABORT;
			snprintf(t->why, sizeof(t->why),
				 "the run did not complete (%s, exit %d): see %s", status, code,
				 dir);
		} else if (!strcmp(outcome, "boot_failure")) {
			t->verdict = BISECT_SKIP;
			snprintf(t->why, sizeof(t->why), "the kernel does not boot: %s",
				 jstr(jget(r->root, "vm"), "detail"));
		} else if (code == EXIT_SKIP) {
			t->verdict = BISECT_SKIP;
			snprintf(
				t->why, sizeof(t->why),
				"the scenario cannot run on this kernel (a requirement is missing): see %s",
				dir);
		} else if (code == EXIT_PASS) {
			t->passed++;
			result_free(r);
			continue;
		} else if (!t->fp[0]) {
			snprintf(t->fp, sizeof(t->fp), "%s", fp);
		}
		result_free(r);
		if (t->verdict == BISECT_ABORT || t->verdict == BISECT_SKIP)
			return;
		/* a failure */
		if (!want_fp)
			continue;
		if (matches(st, fp)) {
			t->verdict = BISECT_BAD;
			snprintf(t->why, sizeof(t->why), "the failure reproduced in run %u: %s",
				 t->runs, fp);
			return;
		}
		t->verdict = BISECT_SKIP;
		snprintf(t->why, sizeof(t->why),
			 "a different failure (%s), not the one bisected (%s)", fp,
			 st->o->fingerprint ? st->o->fingerprint : st->fp);
		return;
	}
	t->verdict = t->passed == t->runs ? BISECT_GOOD : BISECT_BAD;
}

static void tested_release(struct tested *t)
{
	strv_free(t->dirs);
}

/* Test the known-bad commit and record its fingerprint and failure rate. */
static int learn(struct step *st, const char *commit)
{
	char image[4200];
	struct tested t = { 0 };
	int k;

	fprintf(log_stderr(),
		"memstress bisect: learning the failure at the bad commit %.12s (%s, up to %u runs)\n",
		commit, st->o->s->name, st->o->runs);
	if ((k = build(st, image, sizeof(image))) < 0) {
		log_error("the bad commit %.12s does not build: cannot learn its failure", commit);
		return BISECT_ABORT;
	}
	test_image(st, image, false, &t);
	log_step(st, commit, &t);
	if (t.verdict == BISECT_ABORT || t.verdict == BISECT_SKIP) {
		log_error("cannot test the bad commit %.12s: %s", commit, t.why);
		tested_release(&t);
		return BISECT_ABORT;
	}
	if (t.passed == t.runs) {
		log_error(
			"the bad commit %.12s passed %s %u time(s): it does not show a failure to bisect "
			"(try more --runs)",
			commit, st->o->s->name, t.runs);
		tested_release(&t);
		return BISECT_ABORT;
	}
	snprintf(st->fp, sizeof(st->fp), "%s", t.fp);
	st->bad_failed = t.runs - t.passed;
	st->bad_runs = t.runs;
	st->learned = true;
	tested_release(&t);
	if ((k = state_save(st)) < 0)
		log_warning("cannot save the bisect state in %s: %s", st->statedir, strerror(-k));
	fprintf(log_stderr(), "memstress bisect: the bad commit fails %u of %u runs with: %s\n",
		st->bad_failed, st->bad_runs, st->fp);
	return 0;
}

/* Check out `commit`, learn, and check the original HEAD out again, whatever happened. */
static int learn_elsewhere(struct step *st)
{
	_cleanup_free_ char *status = NULL;
	int rc, k;

	if (git(st->o->tree, &status, "status", "--porcelain", "--untracked-files=no", NULL) != 0 ||
	    (status && *status)) {
		log_error(
			"%s has uncommitted changes: cannot check out the bad commit to learn its failure "
			"(commit or stash them, or give --fingerprint)",
			st->o->tree);
		return BISECT_ABORT;
	}
	fprintf(log_stderr(),
		"memstress bisect: checking out %.12s to learn its failure; %s will be checked out again after\n",
		st->bad, st->head);
	if (git(st->o->tree, NULL, "checkout", "-q", "--detach", st->bad, NULL) != 0) {
		log_error("git checkout %s failed", st->bad);
		return BISECT_ABORT;
	}
	rc = learn(st, st->bad);
	k = git(st->o->tree, NULL, "checkout", "-q", st->head_ref[0] ? st->head_ref : st->head,
		st->head_ref[0] ? NULL : "--detach", NULL);
	if (k != 0) {
		log_error("could not check %s out again: do it by hand (git checkout %s)", st->head,
			  st->head);
		return BISECT_ABORT;
	}
	return rc;
}

static double confidence_good(const struct step *st, unsigned clean)
{
	/* Laplace's estimate of the bad commit's failure rate, and the chance
	 * that `clean` runs of a bad commit would all have passed */
	double p = ((double)st->bad_failed + 1) / ((double)st->bad_runs + 2);
	return 1.0 - pow(1.0 - p, clean);
}

int bisect_step(const struct bisect_opts *o)
{
	struct step st = { .o = o };
	struct tested t = { 0 };
	char image[4200], sub[32];
	int k;

	if (git_line(o->tree, st.gitdir, sizeof(st.gitdir), "rev-parse", "--absolute-git-dir",
		     NULL) < 0) {
		log_error(
			"%s is not a git tree: run memstress bisect inside the kernel tree being bisected",
			o->tree);
		return BISECT_ABORT;
	}
	if (git_line(o->tree, st.head, sizeof(st.head), "rev-parse", "HEAD", NULL) < 0) {
		log_error("%s: no HEAD commit", o->tree);
		return BISECT_ABORT;
	}
	(void)git_line(o->tree, st.head_ref, sizeof(st.head_ref), "symbolic-ref", "-q", "HEAD");
	snprintf(st.statedir, sizeof(st.statedir), "%s/memstress-bisect", st.gitdir);
	if ((k = mkdir_p(st.statedir, 0755)) < 0) {
		log_error("cannot create %s: %s", st.statedir, strerror(-k));
		return BISECT_ABORT;
	}
	if (o->learn) {
		snprintf(st.bad, sizeof(st.bad), "%s", st.head);
		k = learn(&st, st.head);
		if (k == 0)
			fprintf(log_stdout(),
				"memstress bisect: %.12s learned: fails %u of %u runs with \"%s\"\n",
				st.head, st.bad_failed, st.bad_runs, st.fp);
		return k == 0 ? BISECT_BAD : k;
	}
	bool in_bisect = git_line(o->tree, st.bad, sizeof(st.bad), "rev-parse", "--verify",
				  "refs/bisect/bad") == 0;
	if (!o->fingerprint && !state_load(&st)) {
		if (!in_bisect) {
			log_error(
				"no bisect in progress in %s (no refs/bisect/bad) and no --fingerprint: "
				"start with git bisect start BAD GOOD, or run --learn on the bad commit",
				o->tree);
			return BISECT_ABORT;
		}
		k = strcmp(st.bad, st.head) ? learn_elsewhere(&st) : learn(&st, st.head);
		if (k != 0)
			return k;
		if (!strcmp(st.bad, st.head)) {
			fprintf(log_stdout(),
				"memstress bisect: %.12s bad (the known-bad commit)\n", st.head);
			return BISECT_BAD;
		}
	}
	snprintf(sub, sizeof(sub), "%.12s", st.head);
	fprintf(log_stderr(),
		"memstress bisect: testing %s with %s, up to %u run(s); bad means: %s\n", sub,
		o->s->name, o->runs, o->fingerprint ? o->fingerprint : st.fp);
	if (build(&st, image, sizeof(image)) < 0) {
		t.verdict = BISECT_SKIP;
		snprintf(t.why, sizeof(t.why), "the kernel does not build");
	} else
		test_image(&st, image, true, &t);
	log_step(&st, st.head, &t);
	switch (t.verdict) {
	case BISECT_GOOD:
		if (o->fingerprint)
			fprintf(log_stdout(),
				"memstress bisect: %s good: %u clean run(s) (the failure rate at the bad commit is unknown "
				"with --fingerprint)\n",
				sub, t.runs);
		else
			fprintf(log_stdout(),
				"memstress bisect: %s good: %u clean run(s); the bad commit failed %u of %u, so a bad "
				"commit would have failed here with probability %.1f%%\n",
				sub, t.runs, st.bad_failed, st.bad_runs,
				100.0 * confidence_good(&st, t.runs));
		break;
	case BISECT_BAD:
		fprintf(log_stdout(),
			"memstress bisect: %s bad: %s (confidence: the failure was seen)\n", sub,
			t.why);
		break;
	case BISECT_SKIP:
		fprintf(log_stdout(), "memstress bisect: %s cannot be tested (skip): %s\n", sub,
			t.why);
		break;
	default: log_error("%s: %s; aborting the bisect", sub, t.why); break;
	}
	k = t.verdict;
	tested_release(&t);
	return k;
}
