// SPDX-License-Identifier: GPL-2.0
/*
 * A VM run's result: the outcome judged from outside (boot failure, panic,
 * hang, crash), the guest's own result.json when it wrote one, and what the
 * host adds (the VM, the console's tail and events).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "core/undo.h"
#include "core/version.h"
#include "engine/engine.h"
#include "kernel/blockdev.h"
#include "kernel/recover.h"
#include "kernel/undo_ops.h"
#include "oracle/oracle.h"
#include "report/live.h"
#include "report/result.h"
#include "report/writers.h"
#include "scenario/schema.h"
#include "vm_int.h"

/* --- results -------------------------------------------------------------------- */

/* The console oracle's events: into the result, and the titles the verdict names. */
void vm_on_console_event(struct oracle_event *e, void *ud)
{
	struct vm *v = ud;

	if (e->kind == EV_PANIC) {
		v->panic = true;
		snprintf(v->panic_title, sizeof(v->panic_title), "%s", e->title);
	} else if (e->severity == SEV_FAILURE && !v->failure_title[0])
		snprintf(v->failure_title, sizeof(v->failure_title), "%s", e->title);
	json_object_array_add(v->console_events, oracle_event_json(e));
	oracle_event_free(e);
}

json_object *vm_console_tail(const struct vm *v, unsigned lines)
{
	char p[4200];
	_cleanup_free_ char *buf = NULL;
	size_t len;

	snprintf(p, sizeof(p), "%s/console.log", v->dir);
	if (read_full_file(p, 64 << 20, &buf, &len) < 0)
		return json_object_new_string("");
	size_t start = len;
	for (unsigned n = 0; start > 0 && n <= lines; start--)
		if (buf[start - 1] == '\n')
			n++;
	return json_object_new_string(buf + start);
}

static void record_vm(struct vm *v, struct result *res)
{
	json_object *root = res->root, *vm = result_obj(root, "vm"),
		    *tg = result_obj(root, "target");
	json_object *argv = json_object_new_array();

	json_object_object_add(tg, "kind", json_object_new_string("vm"));
	if (v->o->origin)
		json_object_object_add(root, "origin", json_object_new_string(v->o->origin));
	json_object_object_add(tg, "kernel_image", json_object_new_string(v->kernel));
	json_object *kb = kbuild_record(v->kernel);
	if (kb)
		json_object_object_add(tg, "kernel_build", kb);
	if (v->guest_release[0] && !*jstr(tg, "kernel_release"))
		json_object_object_add(tg, "kernel_release",
				       json_object_new_string(v->guest_release));
	json_object_object_add(vm, "outcome", json_object_new_string(v->outcome));
	json_object_object_add(vm, "detail", json_object_new_string(v->outcome_why));
	json_object_object_add(vm, "accel", json_object_new_string(v->accel));
	if (v->accel_why[0])
		json_object_object_add(vm, "accel_note", json_object_new_string(v->accel_why));
	json_object_object_add(vm, "root",
			       json_object_new_string(sc_word("vm", "root", &v->s->vm)));
	json_object_object_add(vm, "memory", json_object_new_int64((int64_t)v->s->vm.memory.bytes));
	json_object_object_add(vm, "cpus", json_object_new_int((int)v->s->vm.cpus));
	if (v->s->vm.swap.set)
		json_object_object_add(vm, "swap",
				       json_object_new_int64((int64_t)v->s->vm.swap.bytes));
	if (v->hello)
		json_object_object_add(
			vm, "boot_s", json_object_new_double((double)(v->booted - v->t0) / 1000.0));
	json_object_object_add(vm, "wall_s",
			       json_object_new_double((double)(mono_ms() - v->t0) / 1000.0));
	STRV_FOREACH(a, v->argv)
		json_object_array_add(argv, json_object_new_string(*a));
	json_object_object_add(vm, "qemu_argv", argv);
	json_object_object_add(vm, "console", json_object_new_string("console.log"));
	json_object_object_add(root, "console_events", json_object_get(v->console_events));
	json_object_object_add(root, "host_memstress_version",
			       json_object_new_string(MEMSTRESS_VERSION));
}

/* The outcome's own check; returns its status (a fail: a verdict on the
 * kernel; an error: the harness's) */
static enum check_status outcome_checks(struct vm *v, struct result *res)
{
	char sum[1024];

	if (!strcmp(v->outcome, "completed")) {
		result_add_check(res, "vm.completed", CHECK_PASS,
				 "the guest ran the scenario and powered off", NULL);
		return CHECK_PASS;
	}
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "console_tail", vm_console_tail(v, 40));
	static const struct {
		const char *outcome, *check;
		enum check_status st;
	} map[] = {
		{ "boot_failure", "vm.boot", CHECK_FAIL },
		{ "panic", "vm.panic", CHECK_FAIL },
		{ "hang", "vm.responsive", CHECK_FAIL },
		{ "crashed", "vm.completed", CHECK_FAIL },
		{ "emulator_failure", "vm.emulator", CHECK_ERROR },
		{ "harness_timeout", "vm.completed", CHECK_ERROR },
		{ "interrupted", "vm.completed", CHECK_ERROR },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].outcome, v->outcome))
			continue;
		const char *title = v->panic_title[0]	? v->panic_title :
				    v->failure_title[0] ? v->failure_title :
							  NULL;
		snprintf(sum, sizeof(sum), "%s%s%s", v->outcome_why, title ? ": " : "",
			 title ? title : "");
		result_add_check(res, map[i].check, map[i].st, sum, ev);
		return map[i].st;
	}
	json_object_put(ev);
	return CHECK_ERROR;
}

int vm_finish(struct vm *v)
{
	struct result *res = NULL;
	_cleanup_free_ char *err = NULL;
	const char *status;

	if (!v->outcome) {
		/* QEMU that ends on its own exits 0 whatever the guest did
		 * (-no-reboot: a poweroff, a panic's reboot, a triple fault); a
		 * signal or an error status is QEMU's own failure, which says
		 * nothing of the kernel */
		bool qemu_failed = v->exited &&
				   (WIFSIGNALED(v->qemu_status) ||
				    (WIFEXITED(v->qemu_status) && WEXITSTATUS(v->qemu_status)));
		if (v->done)
			v->outcome = "completed";
		else if (qemu_failed)
			v->outcome = "emulator_failure",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "QEMU stopped with %s %d before memstress %s in the guest "
				 "(vm/qemu.log): an emulator failure, no verdict on the kernel",
				 WIFSIGNALED(v->qemu_status) ? "signal" : "exit status",
				 WIFSIGNALED(v->qemu_status) ? WTERMSIG(v->qemu_status) :
							       WEXITSTATUS(v->qemu_status),
				 v->hello ? "finished" : "started");
		else if (!v->hello)
			v->outcome = "boot_failure",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the kernel stopped before memstress started in the guest%s",
				 v->panic ? " (it panicked)" : "");
		else if (v->panic)
			v->outcome = "panic", snprintf(v->outcome_why, sizeof(v->outcome_why),
						       "the guest kernel panicked");
		else if (!v->hello)
			v->outcome = "boot_failure",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the kernel stopped before memstress started in the guest");
		else
			v->outcome = "crashed",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the guest stopped without finishing (QEMU %s %d)",
				 WIFSIGNALED(v->qemu_status) ? "signal" : "exit",
				 WIFSIGNALED(v->qemu_status) ? WTERMSIG(v->qemu_status) :
							       WEXITSTATUS(v->qemu_status));
	}
	if (v->panic && v->hello && strcmp(v->outcome, "completed"))
		v->outcome = "panic";
	oracle_flush(v->oracle);
	bool guest_result = result_load(v->dir, &res, &err) == 0 &&
			    strcmp(jstr(res->root, "status"), "running");
	if (!guest_result) {
		result_free(res);
		res = NULL;
		if (result_new(v->dir, v->id, &res) < 0)
			return EXIT_HARNESS;
		json_object *sc = result_obj(res->root, "scenario");
		json_object_object_add(sc, "name", json_object_new_string(v->s->name));
		json_object_object_add(sc, "path", json_object_new_string(v->s->path));
		json_object_object_add(sc, "description",
				       json_object_new_string(v->s->sc.description));
		_cleanup_free_ char *eff = scenario_effective(v->s);
		json_object_object_add(sc, "effective", json_object_new_string(eff ? eff : ""));
		json_object_object_add(res->root, "memstress_version",
				       json_object_new_string(MEMSTRESS_VERSION));
		if (!strcmp(v->outcome, "completed")) {
			v->outcome = "crashed";
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the guest finished without writing result.json");
		}
	}
	record_vm(v, res);
	if (outcome_checks(v, res) == CHECK_FAIL && !guest_result)
		vm_partial_checks(v, res);
	/* the run's status (results/README.md): the guest's own when it finished;
	 * a panic, a hang or a boot failure are verdicts on the kernel, so the
	 * run is complete; our own time limit and QEMU's failure are harness
	 * errors */
	status = !strcmp(v->outcome, "completed")	 ? jstr(res->root, "status") :
		 !strcmp(v->outcome, "interrupted")	 ? "interrupted" :
		 !strcmp(v->outcome, "harness_timeout")	 ? "harness_error" :
		 !strcmp(v->outcome, "emulator_failure") ? "harness_error" :
							   "complete";
	if (!*status)
		status = "complete";
	if (!strcmp(status, "interrupted") && !jget(res->root, "interrupted")) {
		/* the host was interrupted and stopped the guest */
		json_object *in = result_obj(res->root, "interrupted");
		int sig = interrupt_signal() ?: SIGINT;
		char sn[16];
		snprintf(sn, sizeof(sn), "SIG%s", sigabbrev_np(sig) ?: "?");
		json_object_object_add(in, "signal", json_object_new_string(sn));
		json_object_object_add(in, "signo", json_object_new_int(sig));
		json_object_object_add(in, "phase",
				       json_object_new_string(v->hello ? "running" : "setting up"));
		json_object_object_add(
			in, "at_s", json_object_new_double((double)(mono_ms() - v->t0) / 1000.0));
	}
	_cleanup_free_ char *st = strdup(status);
	result_finalize(res, st);
	(void)result_save(res);
	(void)result_write_views(res);
	int code = result_exit_code(res);
	if (!v->o->quiet)
		vm_status_clear(v);
	write_verdict(res->root, log_stdout(), v->o->quiet, v->dir,
		      v->o->quiet ? NULL : "guest console: console.log");
	result_free(res);
	return code;
}

void vm_record_setup_failure(struct vm *v, int code, const char *why)
{
	struct result *res = NULL;
	char t[64];
	time_t now = time(NULL);

	if (result_new(v->dir, v->id, &res) < 0)
		return;
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S+00:00", gmtime(&now));
	json_object *sc = result_obj(res->root, "scenario"), *tg = result_obj(res->root, "target");
	_cleanup_free_ char *eff = scenario_effective(v->s);
	json_object_object_add(sc, "name", json_object_new_string(v->s->name));
	json_object_object_add(sc, "path", json_object_new_string(v->s->path));
	json_object_object_add(sc, "description", json_object_new_string(v->s->sc.description));
	json_object_object_add(sc, "effective", json_object_new_string(eff ? eff : ""));
	json_object_object_add(tg, "kind", json_object_new_string("vm"));
	json_object_object_add(tg, "kernel_release", json_object_new_string(""));
	json_object_object_add(tg, "kernel_image", json_object_new_string(v->kernel));
	json_object *kb = kbuild_record(v->kernel);
	if (kb)
		json_object_object_add(tg, "kernel_build", kb);
	json_object_object_add(res->root, "memstress_version",
			       json_object_new_string(MEMSTRESS_VERSION));
	json_object_object_add(res->root, "started", json_object_new_string(t));
	json_object_object_add(res->root, "finished", json_object_new_string(t));
	if (v->o->origin)
		json_object_object_add(res->root, "origin", json_object_new_string(v->o->origin));
	if (code == EXIT_SKIP)
		result_add_check(res, v->o->excluded ? "run.excluded" : "requirements", CHECK_SKIP,
				 why, NULL);
	else
		result_add_check(res, "harness.setup", CHECK_ERROR, why, NULL);
	result_finalize(res, code == EXIT_SKIP ? "skipped" : "harness_error");
	(void)result_save(res);
	(void)result_write_views(res);
	result_free(res);
}
