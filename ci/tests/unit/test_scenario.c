// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the scenario loader and its option tables: every malformed
 * file of ci/tests/scenarios/bad gives exactly the error its first line
 * announces; every shipped scenario loads; overrides; defaults; the
 * effective configuration loads back to itself.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/strv.h"
#include "engine/engine.h"
#include "scenario/schema.h"
#include "unit.h"

static void bad_files(void **state)
{
	struct dirent **ents;
	int n = scandir(SCENARIOS "/bad", &ents, NULL, alphasort), checked = 0;

	(void)state;
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		char path[1024], *nl;
		_cleanup_free_ char *text = NULL, *err = NULL, *want = NULL;
		struct scenario *s = NULL;

		if (!strstr(ents[i]->d_name, ".ini")) {
			free(ents[i]);
			continue;
		}
		snprintf(path, sizeof(path), SCENARIOS "/bad/%s", ents[i]->d_name);
		free(ents[i]);
		assert_int_equal(read_full_file(path, 0, &text, NULL), 0);
		assert_true(!strncmp(text, "; error: ", 9));
		nl = strchr(text, '\n');
		*nl = 0;
		assert_true(asprintf(&want, "%s:%s", path, text + 9) > 0);
		int k = scenario_load(path, NULL, 0, &s, &err);
		if (k >= 0 || !err || strcmp(err, want))
			print_error("%s\n  want: %s\n  got:  %s\n", path, want,
				    err ? err : "(loaded without error)");
		assert_true(k < 0);
		assert_non_null(err);
		assert_string_equal(err, want);
		checked++;
	}
	free(ents);
	assert_true(checked >= 20);
}

static void shipped_scenarios(void **state)
{
	struct dirent **ents;
	int n = scandir(SOURCE_DIR "/workloads", &ents, NULL, alphasort), loaded = 0;

	(void)state;
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		char path[1024];
		_cleanup_free_ char *err = NULL;
		struct scenario *s = NULL;
		size_t l = strlen(ents[i]->d_name);
		if (l > 4 && !strcmp(ents[i]->d_name + l - 4, ".ini")) {
			snprintf(path, sizeof(path), SOURCE_DIR "/workloads/%s", ents[i]->d_name);
			if (scenario_load(path, NULL, 0, &s, &err) < 0)
				print_error("%s\n", err);
			assert_non_null(s);
			assert_non_null(s->sc.description);
			assert_true(s->n_workloads > 0);
			scenario_free(s);
			loaded++;
		}
		free(ents[i]);
	}
	free(ents);
	assert_true(loaded >= 1);
}

static const char base[] =
	"[scenario]\n"
	"description = test\n"
	"[cgroup]\n"
	"memory.max = 64M\n"
	"[cgroup.app]\n"
	"memory.high = 32M\n"
	"[workload.hog]\n"
	"engine = memhog\n"
	"size = 100M\n"
	"cgroup = app\n"
	"[expect]\n"
	"oom_victim = hog\n";

/* A size key of a workload's engine, found through the engine's own option table. */
static uint64_t engine_size(const struct sc_workload *w, const char *key)
{
	const struct opt_def *o = opt_find(engine_find(w->engine)->opts, key);
	return o ? ((const struct size_spec *)((const char *)w->engine_cfg + o->offset))->bytes : 0;
}
static void defaults_and_lookups(void **state)
{
	struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL;

	(void)state;
	assert_int_equal(scenario_load_string(base, "t", "t.ini", NULL, 0, &s, &err), 0);
	assert_true(s->sc.duration_ms == 30000);
	assert_true(s->sc.sample_ms == 250);
	assert_int_equal(s->n_cgroups, 2);
	assert_true(scenario_cgroup(s, "")->max.bytes == 64ULL << 20);
	assert_true(scenario_cgroup(s, "app")->high.bytes == 32ULL << 20);
	assert_false(scenario_cgroup(s, "app")->max.set);
	const struct sc_workload *w = scenario_workload(s, "hog");
	assert_non_null(w);
	assert_true(engine_size(w, "size") == 100ULL << 20);
	assert_true(engine_size(w, "step") == 1ULL << 20); /* default */
	assert_true(w->instances == 1 && w->oom_score_adj == 0 && w->fault);
	assert_string_equal(s->expect.oom_victim, "hog");
	assert_true(s->expect.fsck == EXPECT_NO && s->expect.lost_data == EXPECT_NO);
	assert_true(s->expect.hang == EXPECT_NO && s->expect.warnings == EXPECT_NO);
	assert_int_equal(s->vm.root, VM_ROOT_9P);
	assert_true(s->vm.memory.bytes == 512ULL << 20);
	scenario_free(s);
}

static void implicit_top_cgroup(void **state)
{
	struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL;
	const char *text =
		"[scenario]\ndescription = x\n[workload.a]\nengine = exec\nargs = true\n";

	(void)state;
	assert_int_equal(scenario_load_string(text, "t", "t.ini", NULL, 0, &s, &err), 0);
	assert_int_equal(s->n_cgroups, 1);
	assert_non_null(scenario_cgroup(s, ""));
	scenario_free(s);
}

static void overrides(void **state)
{
	struct sc_override ov[4];
	struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL;

	(void)state;
	assert_int_equal(sc_override_parse("cgroup.memory.max=128M", &ov[0]), 0);
	assert_int_equal(sc_override_parse("workload.hog.size=1G", &ov[1]), 0);
	assert_int_equal(sc_override_parse("scenario.duration=5s", &ov[2]), 0);
	assert_int_equal(sc_override_parse("cgroup.app.memory.max=16M", &ov[3]), 0);
	assert_int_equal(scenario_load_string(base, "t", "t.ini", ov, 4, &s, &err), 0);
	assert_true(scenario_cgroup(s, "")->max.bytes == 128ULL << 20);
	assert_true(scenario_cgroup(s, "app")->max.bytes == 16ULL << 20);
	assert_true(engine_size(scenario_workload(s, "hog"), "size") == 1ULL << 30);
	assert_true(s->sc.duration_ms == 5000);
	scenario_free(s);
	s = NULL;
	for (int i = 0; i < 4; i++)
		sc_override_release(&ov[i]);

	/* errors name the --set argument */
	assert_int_equal(sc_override_parse("cgroup.memory.max=12Q", &ov[0]), 0);
	assert_true(scenario_load_string(base, "t", "t.ini", ov, 1, &s, &err) < 0);
	assert_string_equal(
		err,
		"--set cgroup.memory.max=12Q: [cgroup] memory.max: '12Q' is not a size (e.g. 64M, 1G, max, 25%)");
	sc_override_release(&ov[0]);
	free(err);
	err = NULL;
	assert_int_equal(sc_override_parse("cgroup.nonsense=1", &ov[0]), 0);
	assert_true(scenario_load_string(base, "t", "t.ini", ov, 1, &s, &err) < 0);
	assert_non_null(strstr(err, "--set cgroup.nonsense=1: no such section.key"));
	sc_override_release(&ov[0]);
	free(err);
	err = NULL;
	/* a very long name is refused at once (the split search is quadratic) */
	char longkey[4096];
	for (size_t i = 0; i + 2 < sizeof(longkey) - 3; i += 2)
		memcpy(longkey + i, "a.", 2);
	strcpy(longkey + sizeof(longkey) - 5, "x=1");
	assert_int_equal(sc_override_parse(longkey, &ov[0]), 0);
	assert_true(scenario_load_string(base, "t", "t.ini", ov, 1, &s, &err) < 0);
	assert_non_null(strstr(err, "section.key is longer than 256 characters"));
	sc_override_release(&ov[0]);
	assert_true(sc_override_parse("nodot=1", &ov[0]) < 0);
	assert_true(sc_override_parse("a.b", &ov[0]) < 0);
}

static void effective_round_trip(void **state)
{
	struct scenario *s = NULL, *t = NULL;
	_cleanup_free_ char *err = NULL, *e1 = NULL, *e2 = NULL;

	(void)state;
	assert_int_equal(scenario_load_string(base, "t", "t.ini", NULL, 0, &s, &err), 0);
	e1 = scenario_effective(s);
	assert_non_null(e1);
	assert_non_null(strstr(e1, "memory.max = 64M\n"));
	assert_non_null(strstr(e1, "; duration = 30s\n"));
	assert_int_equal(scenario_load_string(e1, "t", "t.ini", NULL, 0, &t, &err), 0);
	e2 = scenario_effective(t);
	assert_string_equal(e1, e2);
	scenario_free(s);
	scenario_free(t);
}

/* base with an [fs] and these [expect] lines; the error, or NULL when it loads */
static char *load_expect(const char *lines, struct scenario **ret)
{
	_cleanup_free_ char *text = NULL;
	char *err = NULL;

	assert_true(asprintf(&text, "%s%s[fs]\ntype = xfs\n", base, lines) > 0);
	if (scenario_load_string(text, "t", "t.ini", NULL, 0, ret, &err) < 0)
		return err;
	assert_null(err);
	return NULL;
}

static void expectations(void **state)
{
	struct scenario *s = NULL;
	_cleanup_free_ char *eff = NULL;

	(void)state;
	assert_null(
		load_expect("hang = expected\nwarnings = yes\noops = allowed\n"
			    "lockdep = expected\nfs_errors = on\nleaks = expected\n"
			    "unkillable = no\nfsck = damaged\nlost_data = allowed\n",
			    &s));
	const struct sc_expect *e = &s->expect;
	assert_int_equal(e->hang, EXPECT_EXPECTED);
	assert_int_equal(e->warnings, EXPECT_ALLOWED); /* yes: allowed, as it always was */
	assert_int_equal(e->oops, EXPECT_ALLOWED);
	assert_int_equal(e->lockdep, EXPECT_EXPECTED);
	assert_int_equal(e->fs_errors, EXPECT_ALLOWED); /* other boolean spellings too */
	assert_int_equal(e->leaks, EXPECT_EXPECTED);
	assert_int_equal(e->unkillable, EXPECT_NO);
	assert_int_equal(e->fsck, EXPECT_EXPECTED);
	assert_int_equal(e->lost_data, EXPECT_ALLOWED);
	/* written back in the words of today, and loads back to the same */
	eff = scenario_effective(s);
	assert_non_null(strstr(eff, "\nwarnings = allowed\n"));
	assert_non_null(strstr(eff, "\nfs_errors = allowed\n"));
	assert_non_null(strstr(eff, "\nfsck = damaged\n"));
	assert_non_null(strstr(eff, "\nunkillable = no\n"));
	scenario_free(s);
	s = NULL;
	_cleanup_free_ char *err = NULL, *eff2 = NULL;
	assert_int_equal(scenario_load_string(eff, "t", "t.ini", NULL, 0, &s, &err), 0);
	eff2 = scenario_effective(s);
	assert_string_equal(eff, eff2);
	scenario_free(s);
	s = NULL;
	assert_null(load_expect("fsck = any\nhang = no\n", &s));
	assert_int_equal(s->expect.fsck, EXPECT_ALLOWED);
	assert_int_equal(s->expect.hang, EXPECT_NO);
	scenario_free(s);

	/* no and allowed pass when nothing happened; allowed and expected when it did */
	assert_true(expectation_met(EXPECT_NO, false));
	assert_false(expectation_met(EXPECT_NO, true));
	assert_true(expectation_met(EXPECT_ALLOWED, false));
	assert_true(expectation_met(EXPECT_ALLOWED, true));
	assert_false(expectation_met(EXPECT_EXPECTED, false));
	assert_true(expectation_met(EXPECT_EXPECTED, true));
}

/* Spellings whose meaning changed are refused with what to write, at their line. */
static void expectation_refusals(void **state)
{
	static const struct {
		const char *line, *err;
	} cases[] = {
		{ "hang = yes",
		  "[expect] hang: hang = yes meant 'a stall must happen': write hang = expected, or hang = allowed to let one happen" },
		{ "fsck_clean = yes", "[expect] fsck_clean: replaced by fsck: write fsck = clean" },
		{ "fsck_clean = no",
		  "[expect] fsck_clean: replaced by fsck: fsck_clean = no meant 'must be damaged': write fsck = damaged, or fsck = any to allow damage" },
		{ "fsck_clean = maybe",
		  "[expect] fsck_clean: replaced by fsck: write fsck = clean|any|damaged|repairable" },
		{ "no_lost_data = true",
		  "[expect] no_lost_data: replaced by lost_data: write lost_data = no" },
		{ "no_lost_data = no",
		  "[expect] no_lost_data: replaced by lost_data: no_lost_data = no meant 'must lose data': write lost_data = expected, or lost_data = allowed to allow a loss" },
		{ "lost_data = yes",
		  "[expect] lost_data: 'yes' is not one of: no, allowed, expected" },
		{ "fsck = yes",
		  "[expect] fsck: 'yes' is not one of: clean, any, damaged, repairable" },
		{ "oops = sometimes",
		  "[expect] oops: 'sometimes' is not one of: no, allowed, expected" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *lines = NULL, *want = NULL, *err = NULL;
		struct scenario *s = NULL;
		assert_true(asprintf(&lines, "%s\n", cases[i].line) > 0);
		/* base is 12 lines: the key is line 13 */
		assert_true(asprintf(&want, "t.ini:13: %s", cases[i].err) > 0);
		err = load_expect(lines, &s);
		if (!err || strcmp(err, want))
			print_error("%s\n  want: %s\n  got:  %s\n", cases[i].line, want,
				    err ? err : "(loaded without error)");
		assert_null(s);
		assert_non_null(err);
		assert_string_equal(err, want);
	}

	/* and from --set, named by the argument */
	struct sc_override ov;
	struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL;
	assert_int_equal(sc_override_parse("expect.fsck_clean=no", &ov), 0);
	assert_true(scenario_load_string(base, "t", "t.ini", &ov, 1, &s, &err) < 0);
	assert_string_equal(
		err,
		"--set expect.fsck_clean=no: [expect] fsck_clean: replaced by fsck: fsck_clean = no "
		"meant 'must be damaged': write fsck = damaged, or fsck = any to allow damage");
	sc_override_release(&ov);
	free(err);
	err = NULL;

	/* leaks expected where none are looked for */
	_cleanup_free_ char *text = NULL;
	assert_true(asprintf(&text, "%sleaks = expected\n", base) > 0);
	assert_int_equal(sc_override_parse("scenario.leaks=no", &ov), 0);
	assert_true(scenario_load_string(text, "t", "t.ini", &ov, 1, &s, &err) < 0);
	assert_string_equal(
		err,
		"t.ini:13: [expect] leaks: expected, and [scenario] leaks = no looks for none");
	sc_override_release(&ov);
}

static void builtin_default(void **state)
{
	struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL;

	(void)state;
	assert_int_equal(scenario_load_string(scenario_builtin_default, "default", "<built-in>",
					      NULL, 0, &s, &err),
			 0);
	assert_string_equal(s->expect.oom_victim, "hog");
	scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_files),
		cmocka_unit_test(shipped_scenarios),
		cmocka_unit_test(defaults_and_lookups),
		cmocka_unit_test(implicit_top_cgroup),
		cmocka_unit_test(overrides),
		cmocka_unit_test(effective_round_trip),
		cmocka_unit_test(expectations),
		cmocka_unit_test(expectation_refusals),
		cmocka_unit_test(builtin_default),
	};
	return RUN(tests);
}
