// SPDX-License-Identifier: GPL-2.0
/*
 * memstress repro, second stage: from the site a failed run's faults were
 * narrowed to, to one fault. The run's faults at the site came from system
 * calls its traced stacks name (__x64_sys_openat: fstx's create, ...); each
 * such operation runs alone under fstx's fail-nth sweep, one step
 * (`only_n`), its fail-nth counting only the allocations under the site
 * (the injectors' stack filter, `target`): fail-nth 1 is the first
 * allocation the site makes in that call. The first (operation, N) that
 * fails as the run did is the fault; it is confirmed as a site is, against
 * the same step with fail-nth unarmed (`inject = no`), so the fault and not
 * the operation makes the failure. Its scenario is RUN/repro/one-fault.ini.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exitcode.h"
#include "core/log.h"
#include "core/scope.h"
#include "core/strv.h"
#include "repro_int.h"
#include "report/writers.h"

/* fstx's sweep operations, by the system call a traced stack enters the
 * kernel through; in this order where the stacks do not decide. */
static const struct {
	const char *op;
	const char *syscalls[4];
} ops[] = {
	{ "create", { "__x64_sys_openat", "__x64_sys_open", "__x64_sys_creat" } },
	{ "mkdir", { "__x64_sys_mkdirat", "__x64_sys_mkdir" } },
	{ "setxattr", { "__x64_sys_setxattr", "__x64_sys_lsetxattr", "__x64_sys_fsetxattr" } },
	{ "rename", { "__x64_sys_renameat", "__x64_sys_renameat2", "__x64_sys_rename" } },
	{ "link", { "__x64_sys_linkat", "__x64_sys_link" } },
	{ "unlink", { "__x64_sys_unlinkat", "__x64_sys_unlink" } },
	{ "truncate", { "__x64_sys_ftruncate", "__x64_sys_truncate" } },
	{ "fallocate", { "__x64_sys_fallocate" } },
	{ "write", { "__x64_sys_write", "__x64_sys_pwrite64" } },
	{ "fsync", { "__x64_sys_fsync", "__x64_sys_fdatasync" } },
};
#define N_OPS (sizeof(ops) / sizeof(ops[0]))

static bool stack_has(json_object *stack, const char *fn)
{
	for (size_t i = 0; i < jarr_len(stack); i++) {
		const char *f = json_object_get_string(json_object_array_get_idx(stack, i));
		size_t n = strlen(fn);
		if (f && !strncmp(f, fn, n) && (f[n] == '\0' || f[n] == '+' || f[n] == '.'))
			return true;
	}
	return false;
}

/* The operations to try, most of the site's traced faults first; *counts
 * in that order. Operations the stacks never name come last, at 0. */
static void rank_ops(json_object *root, const char *site, size_t order[N_OPS],
		     unsigned counts[N_OPS])
{
	unsigned by[N_OPS] = { 0 };
	json_object *fl = jpath(root, "alloc_failures.failures");

	for (size_t i = 0; i < jarr_len(fl); i++) {
		json_object *f = json_object_array_get_idx(fl, i);
		json_object *st = jget(f, "stack");
		if (!json_object_get_boolean(jget(f, "injected")) || !stack_has(st, site))
			continue;
		for (size_t o = 0; o < N_OPS; o++)
			for (size_t k = 0; k < 4 && ops[o].syscalls[k]; k++)
				if (stack_has(st, ops[o].syscalls[k])) {
					by[o]++;
					k = 4;
				}
	}
	for (size_t i = 0; i < N_OPS; i++)
		order[i] = i;
	/* stable: ties keep the table's order */
	for (size_t i = 1; i < N_OPS; i++)
		for (size_t j = i; j > 0 && by[order[j]] > by[order[j - 1]]; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < N_OPS; i++)
		counts[i] = by[order[i]];
}

static bool section_dropped(const char *sec)
{
	return !strncmp(sec, "workload.", 9) || !strncmp(sec, "fault.", 6);
}

static bool key_is(const char *line, const char *key)
{
	size_t n = strlen(key);
	return !strncmp(line, key, n) && (line[n] == ' ' || line[n] == '=');
}

/*
 * The one-fault scenario: the run's effective scenario without its
 * workloads, faults and expectations about them, and one fstx workload
 * whose sweep does the one step with fail-nth n aimed at the site.
 */
static int write_ini(struct repro_ctx *c, const char *site, const char *op, unsigned n, bool inject,
		     const char *name)
{
	_cleanup_(scenario_freep) struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL, *eff = NULL, *expect = NULL;
	size_t expect_len = 0;
	char sec[128] = "";

	if (scenario_load(c->scenario, NULL, 0, &s, &err) < 0 || !(eff = scenario_effective(s)))
		return log_error_errno(-EINVAL, "%s", err ? err : "cannot load the run's scenario");
	_cleanup_fclose_ FILE *f = repro_open(c, name, "we");
	_cleanup_fclose_ FILE *ex = open_memstream(&expect, &expect_len);
	if (!f || !ex)
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return f ? log_error_errno(-ENOMEM, "cannot write %s/%s", c->dir, name) : -errno;
	fprintf(f,
		"; memstress repro of %s: one fault. fstx's %s alone, its fail-nth %u\n"
		"; counting only allocations under %s; the run failed %s\n",
		jstr(c->root, "run_id"), op, n, site, c->want);
	for (char *line = eff, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '[') {
			snprintf(sec, sizeof(sec), "%.*s", (int)strcspn(line + 1, "]"), line + 1);
			if (!strcmp(sec, "expect") || section_dropped(sec))
				continue;
		}
		if (line[0] == ';' && sec[0] == '\0')
			continue; /* the effective text's own heading */
		if (section_dropped(sec))
			continue;
		if (!strcmp(sec, "expect")) {
			/* not the faults', nor those naming the workloads dropped */
			static const char *const dropped[] = { "faults_injected", "fault_fs_frames",
							       "oom_victim", "survives",
							       "protected" };
			bool keep = line[0] && line[0] != ';';
			for (size_t d = 0; keep && d < sizeof(dropped) / sizeof(dropped[0]); d++)
				keep = !key_is(line, dropped[d]);
			if (keep)
				fprintf(ex, "%s\n", line);
			continue;
		}
		if (!strcmp(sec, "scenario") && key_is(line, "description")) {
			fprintf(f, "description = one fault: %s alone, fail-nth %u at %s\n", op, n,
				site);
			continue;
		}
		fprintf(f, "%s\n", line);
	}
	fflush(ex);
	fprintf(f,
		"[workload.repro]\nengine = fstx\nthreads = 1\n\n"
		"[fault.fail-nth]\nops = %s\nonly_n = %u\ntarget = %s\n%s\n"
		"[expect]\n%s%s",
		op, n, site, inject ? "" : "inject = no\n", expect ? expect : "",
		inject ? "faults_injected = >=1\n" : "");
	if (fflush(f) != 0 || ferror(f))
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return log_error_errno(-EIO, "cannot write %s/%s", c->dir, name);
	/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
	return 0;
}

static int load_ini(struct repro_ctx *c, const char *path, struct scenario **ret)
{
	_cleanup_free_ char *err = NULL;

	if (scenario_load(path, NULL, 0, ret, &err) < 0)
		return log_error_errno(-EINVAL, "%s",
				       err ? err : "cannot load the one-fault scenario");
	/* named after the run's scenario, as every repro run is */
	char *name = strdup(jstr(jget(c->root, "scenario"), "name"));
	if (name && name[0]) {
		free((*ret)->name);
		(*ret)->name = name;
	} else
		free(name);
	return 0;
}

/* Confirm (op, n) both ways: 1 confirmed, 0 not, a fatal exit code negated. */
static int confirm(struct repro_ctx *c, const char *label, struct scenario *with,
		   const char *path_without)
{
	unsigned same = 1, passed = 0, need = (c->o->confirm * 4 + 4) / 5;
	_cleanup_(scenario_freep) struct scenario *without = NULL;
	int k;

	if ((k = repro_rounds(c, label, with, true, false, c->o->confirm - 1, &same)) != 0)
		return k < 0 ? k : 0;
	if (same < need)
		return repro_say(c, "%s: %u of %u runs failed the same way (%u needed)", label,
				 same, c->o->confirm, need),
		       0;
	if (load_ini(c, path_without, &without) < 0)
		return 0;
	if ((k = repro_rounds(c, label, without, false, false, c->o->confirm, &passed)) != 0)
		return k < 0 ? k : 0;
	if (passed < c->o->confirm)
		return repro_say(c, "%s: the step fails without its fault too", label), 0;
	repro_say(c, "%s: %u of %u failed the same way with the fault, %u of %u passed without",
		  label, same, c->o->confirm, passed, c->o->confirm);
	return 1;
}

int repro_one_fault(struct repro_ctx *c, const char *site, struct repro_fault *f, char **report_dir)
{
	size_t order[N_OPS];
	unsigned counts[N_OPS], tried = 0;
	char path[4400], control[4400], fails[1024], label[384];
	const char *fs = jstr(jget(c->root, "fs"), "type");

	if (!fs[0]) {
		repro_say(c, "one fault: the run had no [fs]; fstx's steps need one");
		return 0;
	}
	rank_ops(c->root, site, order, counts);
	size_t named = 0;
	while (named < N_OPS && counts[named])
		named++;
	snprintf(path, sizeof(path), "%s/one-fault.ini", c->dir);
	snprintf(control, sizeof(control), "%s/one-fault-control.ini", c->dir);
	repro_say(c,
		  "one fault at %s: fstx operations by the run's faults there: %s %u, %s %u, %s %u",
		  site, ops[order[0]].op, counts[0], ops[order[1]].op, counts[1], ops[order[2]].op,
		  counts[2]);
	/* the operations the stacks name; where they name none, the first three */
	for (unsigned n = 1; n <= 2; n++)
		for (size_t i = 0; i < (named ? named : 3); i++) {
			_cleanup_(scenario_freep) struct scenario *s = NULL;
			_cleanup_free_ char *dir = NULL;
			const char *op = ops[order[i]].op;

			if (tried >= c->o->max_faults)
				return repro_say(c, "one fault: %u tried (--faults)", tried), 0;
			if (repro_over_budget(c))
				return repro_say(c, "one fault: out of time"), 0;
			snprintf(label, sizeof(label), "%s fail-nth %u at %s", op, n, site);
			if (write_ini(c, site, op, n, true, "one-fault.ini") < 0 ||
			    load_ini(c, path, &s) < 0)
				return repro_say(c,
						 "one fault: its scenario cannot be made (above)"),
				       0;
			tried++;
			repro_say(c, "one fault %u: %s", tried, label);
			int k = repro_run(c, s, false, fails, sizeof(fails), &dir);
			repro_logline(c, label, "one fault", k, fails, dir);
			if (repro_fatal(k))
				return -k;
			if (k != EXIT_FAIL || strcmp(fails, c->want)) {
				repro_say(c, "%s: %s", label, k == EXIT_PASS ? "passed" : fails);
				continue;
			}
			repro_say(c, "%s: fails the same way; confirming", label);
			if (write_ini(c, site, op, n, false, "one-fault-control.ini") < 0)
				return repro_say(c,
						 "one fault: its control cannot be made (above)"),
				       0;
			int ok = confirm(c, label, s, control);
			if (ok < 0)
				return ok;
			if (!ok)
				continue;
			snprintf(f->site, sizeof(f->site), "%s", site);
			snprintf(f->op, sizeof(f->op), "%s", op);
			f->n = n;
			snprintf(f->fs, sizeof(f->fs), "%s", fs);
			snprintf(f->mount_opts, sizeof(f->mount_opts), "%s",
				 s->fs.mount_options ? s->fs.mount_options : "");
			snprintf(f->ini, sizeof(f->ini), "%s", path);
			*report_dir = strdup(dir);
			return 1;
		}
	repro_say(c, "one fault: no operation alone failed as the run did");
	return 0;
}
