// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the console oracle. Data-driven: for every capture in
 * ci/fixtures (every .log), the events found must be exactly those listed in the
 * matching .expected file (kind, severity, title, line range). Then targeted
 * checks of the fields that checks rely on: victims, GFP classes, hung tasks,
 * blockers, lock names, line normalisation.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "oracle/fields.h"
#include "oracle/gfp.h"
#include "oracle/guilty.h"
#include "oracle/line.h"
#include "oracle/oracle.h"
#include "oracle/oracle_int.h"
#include "unit.h"

struct collect {
	char *text;
	size_t len;
	FILE *f;
	json_object *events;
};

static void collect(struct oracle_event *e, void *ud)
{
	struct collect *c = ud;

	fprintf(c->f, "%s|%s|%s|%lu-%lu\n", ev_kind_name(e->kind), ev_severity_name(e->severity),
		e->title, e->first_line, e->last_line);
	json_object_array_add(c->events, oracle_event_json(e));
	oracle_event_free(e);
}

static json_object *scan_text(const char *text, size_t len, char **summary)
{
	struct collect c = { .events = json_object_new_array() };
	struct oracle *o;

	c.f = open_memstream(&c.text, &c.len);
	o = oracle_new(NULL, collect, &c);
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		oracle_feed(o, p, n);
		p += n + 1;
	}
	oracle_flush(o);
	oracle_free(o);
	fclose(c.f);
	if (summary)
		*summary = c.text;
	else
		free(c.text);
	return c.events;
}

static json_object *scan_file(const char *path, char **summary)
{
	_cleanup_free_ char *text = NULL;
	size_t len;

	assert_int_equal(read_full_file(path, 0, &text, &len), 0);
	return scan_text(text, len, summary);
}

/* A field of an event as the .expected files write it: strings as they are,
 * other values as JSON ("(absent)" when the event lacks it). */
static void put_field(FILE *f, json_object *e, const char *key)
{
	json_object *fs, *v;

	if (!json_object_object_get_ex(e, "fields", &fs) || !json_object_object_get_ex(fs, key, &v))
		fprintf(f, "  %s=(absent)\n", key);
	else if (json_object_is_type(v, json_type_string))
		fprintf(f, "  %s=%s\n", key, json_object_get_string(v));
	else
		fprintf(f, "  %s=%s\n", key,
			json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
}

/* The scan's summary (one line per event) with, under each event, the fields
 * its .expected entry lists ("  key=value" lines below the event's line):
 * a fixture pins the fields that matter to it, not every field. */
static char *with_fields(const char *want, const char *got, json_object *events)
{
	char *out = NULL;
	size_t outlen = 0, ev = 0;
	FILE *f = open_memstream(&out, &outlen);
	const char *w = want, *g = got;

	while (*g) {
		const char *gn = strchr(g, '\n');
		size_t gl = gn ? (size_t)(gn - g) + 1 : strlen(g);
		fwrite(g, 1, gl, f);
		g += gl;
		/* the want's event line, then its field lines */
		while (*w == ' ' && w[1] == ' ')
			w += strcspn(w, "\n") + (w[strcspn(w, "\n")] != 0);
		if (*w)
			w += strcspn(w, "\n") + (w[strcspn(w, "\n")] != 0);
		while (*w == ' ' && w[1] == ' ') {
			char key[64];
			size_t kl = strcspn(w + 2, "=\n");
			snprintf(key, sizeof(key), "%.*s", (int)kl, w + 2);
			if (ev < json_object_array_length(events))
				put_field(f, json_object_array_get_idx(events, ev), key);
			w += strcspn(w, "\n") + (w[strcspn(w, "\n")] != 0);
		}
		ev++;
	}
	fclose(f);
	return out;
}

static void fixtures(void **state)
{
	struct dirent **ents;
	int n = scandir(FIXTURES, &ents, NULL, alphasort), checked = 0;

	(void)state;
	for (int i = 0; i < n; i++) {
		char log[1024], exp[1024];
		size_t l = strlen(ents[i]->d_name);
		if (l > 4 && !strcmp(ents[i]->d_name + l - 4, ".log")) {
			_cleanup_free_ char *want = NULL, *got = NULL;
			snprintf(log, sizeof(log), FIXTURES "/%s", ents[i]->d_name);
			snprintf(exp, sizeof(exp), FIXTURES "/%.*s.expected", (int)(l - 4),
				 ents[i]->d_name);
			assert_int_equal(read_full_file(exp, 0, &want, NULL), 0);
			json_object *events = scan_file(log, &got);
			char *withf = with_fields(want, got, events);
			json_object_put(events);
			free(got);
			got = withf;
			if (strcmp(want, got))
				print_error("%s:\n--- want\n%s--- got\n%s", log, want, got);
			assert_string_equal(want, got);
			checked++;
		}
		free(ents[i]);
	}
	free(ents);
	assert_true(checked >= 40);
}

static json_object *event(json_object *events, const char *kind, int nth)
{
	for (size_t i = 0; i < json_object_array_length(events); i++) {
		json_object *e = json_object_array_get_idx(events, i), *k;
		json_object_object_get_ex(e, "kind", &k);
		if (!strcmp(json_object_get_string(k), kind) && nth-- == 0)
			return e;
	}
	fail_msg("no %s event #%d", kind, nth);
	return NULL;
}

/* A field as a string; "" when absent (so a comparison fails, not crashes). */
static const char *field(json_object *e, const char *key)
{
	json_object *f, *v;

	json_object_object_get_ex(e, "fields", &f);
	if (!json_object_object_get_ex(f, key, &v))
		return "";
	return json_object_get_string(v);
}

/* "a.b.0.c" inside an event, as a string ("" when absent). */
static const char *path(json_object *o, const char *p)
{
	char key[64];

	while (o && *p) {
		size_t n = strcspn(p, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(key));
		else if (!json_object_object_get_ex(o, key, &o))
			return "";
		p += n + (p[n] == '.');
	}
	return o ? json_object_get_string(o) : "";
}

static void memcg_oom_fields(void **state)
{
	json_object *ev = scan_file(FIXTURES "/host-6.18-memcg-oom-v1.log", NULL);
	json_object *first = event(ev, "oom", 0), *last = event(ev, "oom", 44);

	(void)state;
	assert_int_equal(json_object_array_length(ev), 45); /* one event per kill */
	assert_string_equal(field(first, "scope"), "memcg");
	assert_string_equal(field(first, "victim"), "stress-ng-vm");
	assert_string_equal(field(first, "victim_pid"), "22325");
	assert_string_equal(field(first, "victim_oom_score_adj"), "1000");
	assert_string_equal(field(first, "anon_rss_kb"), "62176");
	assert_string_equal(field(first, "task_memcg"), "/memstress-capture");
	assert_string_equal(field(first, "gfp_class"), "KERNEL");
	assert_string_equal(field(first, "memcg_limit_kb"), "65536");
	/* after the dump is ratelimited only the kill line remains */
	assert_string_equal(field(last, "victim_pid"), "22369");
	assert_string_equal(field(last, "ratelimited"), "true");
	json_object_put(ev);
}

static void old_oom_and_panic(void **state)
{
	json_object *ev = scan_file(FIXTURES "/synth-4.14-global-oom.log", NULL);
	json_object *kill = event(ev, "oom", 0), *none = event(ev, "oom", 1),
		    *panic = event(ev, "panic", 0);

	(void)state;
	assert_string_equal(field(kill, "scope"), "global");
	assert_string_equal(field(kill, "victim"), "foo");
	assert_string_equal(field(kill, "victim_score"), "949");
	assert_string_equal(path(kill, "fields.reaper.reaped"), "true");
	assert_string_equal(path(kill, "fields.reaper.anon_rss_kb"), "0");
	assert_string_equal(field(none, "no_killable"), "true");
	assert_string_equal(field(panic, "cause"), "oom");
	assert_string_equal(field(panic, "reason"), "System is deadlocked on memory");
	json_object_put(ev);
}

static void hangs(void **state)
{
	json_object *ev = scan_file(FIXTURES "/synth-4.19-hung-task-memcg.log", NULL);
	json_object *h = event(ev, "hang", 0);

	(void)state;
	assert_string_equal(field(h, "task"), "kworker/u4:1");
	assert_string_equal(field(h, "pid"), "48");
	assert_string_equal(field(h, "seconds"), "120");
	assert_string_equal(field(h, "state"), "D");
	assert_string_equal(field(h, "blocked_in"), "wbt_wait");
	json_object_put(ev);

	ev = scan_file(FIXTURES "/synth-6.19-warning-lockups.log", NULL);
	h = event(ev, "hang", 3);
	assert_string_equal(field(h, "io_wait"), "true");
	assert_string_equal(field(h, "blocker"), "fstx:4219");
	assert_string_equal(field(h, "blocker_state"), "D");
	assert_string_equal(path(h, "fields.blocker_stack.2"), "xfs_ilock");
	assert_string_equal(path(h, "fields.blocker_in"), "xfs_ilock");
	/* the blocked task's own stack, not mixed with the owner's */
	assert_string_equal(path(h, "fields.blocked_in"), "folio_wait_bit_common");
	assert_string_equal(path(h, "stack.4"), "xfs_file_write_iter");
	assert_string_equal(path(h, "stack.5"), "");
	json_object_put(ev);
}

static void warnings(void **state)
{
	json_object *ev = scan_file(FIXTURES "/synth-6.19-warning-lockups.log", NULL);
	json_object *w619 = event(ev, "warning", 0), *nofile = event(ev, "warning", 1),
		    *w61 = event(ev, "warning", 2);

	(void)state;
	assert_string_equal(field(w619, "file"), "fs/xfs/xfs_trans.c");
	assert_string_equal(field(w619, "line"), "256");
	assert_string_equal(field(w619, "function"), "xfs_trans_alloc");
	assert_string_equal(field(w619, "task"), "fstx");
	assert_string_equal(field(nofile, "function"), "kmem_cache_free");
	assert_string_equal(field(nofile, "task"), "kswapd0");
	assert_string_equal(field(w61, "file"), "mm/page_alloc.c");
	assert_string_equal(field(w61, "function"), "__alloc_pages_slowpath");
	json_object_put(ev);
}

/* "WARNING: " is a kernel report only in the shapes the kernel prints; the
 * notices of user space and drivers that begin the same way are not. */
static void warning_shapes(void **state)
{
	static const char *const reports[] = {
		"[ 1.0] WARNING: CPU: 0 PID: 77 at mm/page_alloc.c:4413 "
		"__alloc_pages_slowpath+0xb2c/0xd70",
		/* before 3.11: kernel/panic.c's "WARNING: at %s:%d %pS()" */
		"[ 1.0] WARNING: at kernel/sched.c:5914 thread_return+0x232/0x79d() (Not tainted)",
		"[ 1.0] WARNING: fs/ext4/xattr.c:1058 at ext4_xattr_set+0x1/0x2, CPU#0: a/1",
		"[ 1.0] WARNING: [time_after(jiffies, timeout)] io_uring/io_uring.c:3026 at "
		"io_ring_exit_work+0x44c/0xbc0, CPU#0: kworker/u8:0/10040",
		"[ 1.0] WARNING: at kmem_cache_free+0x2a/0x40, CPU#0: kswapd0/55",
		"[ 1.0] WARNING: kernel stack regs at ffff8801d100fea8 in syz-executor1:16059 has "
		"bad 'bp' value ffff8801d100ff28",
	};
	static const char *const functions[] = {
		"__alloc_pages_slowpath", "thread_return",   "ext4_xattr_set",
		"io_ring_exit_work",	  "kmem_cache_free", NULL,
	};
	static const char *const lockdep[] = {
		"WARNING: possible circular locking dependency detected",
		"WARNING: suspicious RCU usage",
		"WARNING: syz-executor286/6054 still has locks held!",
		"WARNING: bad unlock balance detected!",
	};
	static const char *const notices[] = {
		"[ 72.1] WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
		"[ 49.6][ T8428] WARNING: the mand mount option is being deprecated and",
		"WARNING: Unsupported flag value(s) of 0x%x in DT_FLAGS_1.",
		"[ 45.0][ T3610] WARNING: fbcon: Driver 'vkmsdrmfb' missed to adjust virtual "
		"screen size (0x0 vs. 128x16)",
		"[ 3.9][ T1] WARNING: workqueue cpumask: online intersect > possible intersect",
		"WARNING: at the moment this is not supported",
		"WARNING: foo: 12 at bar, CPU usage high",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(reports); i++) {
		json_object *ev = scan_text(reports[i], strlen(reports[i]), NULL);
		assert_int_equal(json_object_array_length(ev), 1);
		json_object *w = event(ev, "warning", 0);
		assert_non_null(w);
		if (functions[i])
			assert_string_equal(field(w, "function"), functions[i]);
		json_object_put(ev);
	}
	for (size_t i = 0; i < ARRAY_SIZE(lockdep); i++) {
		json_object *ev = scan_text(lockdep[i], strlen(lockdep[i]), NULL);
		assert_non_null(event(ev, "lockdep", 0));
		json_object_put(ev);
	}
	for (size_t i = 0; i < ARRAY_SIZE(notices); i++) {
		json_object *ev = scan_text(notices[i], strlen(notices[i]), NULL);
		if (json_object_array_length(ev))
			print_error("a notice taken for a report: %s\n", notices[i]);
		assert_int_equal(json_object_array_length(ev), 0);
		json_object_put(ev);
	}
}

/* Report forms syzkaller's corpus holds (ci/fixtures/syzkaller), one line
 * each: the kind and subkind the line opens, behind the text consoles glue
 * before the timestamp. */
static void syzkaller_forms(void **state)
{
	static const struct {
		const char *line, *kind, *title;
	} forms[] = {
		{ "syzkaller login: [   16.305150] INFO: trying to register non-static key.",
		  "lockdep", "trying to register non-static key." },
		{ "** 5311 printk messages dropped ** [   60.136772] BUG: KMSAN: uninit-value in "
		  "foo+0x1/0x2",
		  "bug", "BUG: KMSAN: uninit-value in foo" },
		{ "2018/01/09 14:28:48 BUG: memory leak", "bug", "BUG: memory leak" },
		{ "[ 1722.511384] [ BUG: bad unlock balance detected! ]", "lockdep",
		  "bad unlock balance detected" },
		{ "[  734.270366] [ BUG: syz-executor/31761 still has locks held! ]", "lockdep",
		  "still has locks held" },
		{ "[  616.309156] divide error: 0000 [#1] SMP DEBUG_PAGEALLOC KASAN", "oops",
		  "divide error in ?" },
		{ "[  812.717699] PANIC: double fault, error_code: 0x0", "oops",
		  "PANIC: double fault in ?" },
		{ "[   63.550339][    C1] divide_error: 0000 [#1] PREEMPT SMP KASAN", "oops",
		  "divide error in ?" },
		{ "[   37.352047] segment-related general protection fault: beec [#2] PREEMPT SMP",
		  "oops", "general protection fault in ?" },
		{ "[  100.000000] VFS: Busy inodes after unmount of sda1. Self-destruct in 5 "
		  "seconds.  Have a nice day...",
		  "bug", "VFS: Busy inodes after unmount of sda1" },
		{ "VFS: Close: file count is 0", "bug", "VFS: Close: file count is 0" },
		{ "[  848.443720] NMI watchdog: BUG: soft lockup - CPU#1 stuck for 123s! "
		  "[syz-executor694:3996]",
		  "hang", NULL },
		{ "[  440.207852][ T1045] INFO: task syz-executor.1:12632 can't die for more than 143 "
		  "seconds.",
		  "hang", NULL },
		{ "[    4.556972] UBSAN: Undefined behaviour in drivers/usb/core/devio.c:1517:25",
		  "bug", "UBSAN: Undefined behaviour in drivers/usb/core/devio.c:1517:25" },
		{ "[  367.131148] BUG kmalloc-8 (Tainted: G    B         ): Object already free",
		  "bug", "BUG: Object already free" },
		{ "[   10.000000] BUG: TASK stack guard page was hit at 00000000a9b3e1d6", "oops",
		  NULL },
		{ "[  100.000000] Kernel panic - not syncing: stack-protector: Kernel stack is "
		  "corrupted in: udp4_lib_lookup2+0x7ea/0x7f0",
		  "panic", "Kernel panic: stack is corrupted in udp4_lib_lookup2" },
	};
	/* a slab-looking line with no slab message, a syzkaller line of its own */
	static const char *const nothing[] = {
		"[   72.159680] BUG UNIX (Not tainted): kasan: bad access detected",
		"2018/01/09 14:28:48 executing program 0:",
		"syzkaller login: [   35.184476] random: crng init done",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		json_object *ev = scan_text(forms[i].line, strlen(forms[i].line), NULL);
		json_object *e = event(ev, forms[i].kind, 0);
		assert_non_null(e);
		if (forms[i].title)
			assert_string_equal(path(e, "title"), forms[i].title);
		json_object_put(ev);
	}
	for (size_t i = 0; i < ARRAY_SIZE(nothing); i++) {
		json_object *ev = scan_text(nothing[i], strlen(nothing[i]), NULL);
		assert_int_equal(json_object_array_length(ev), 0);
		json_object_put(ev);
	}
}

/* The frames of powerpc and s390 call traces, after the timestamp: the
 * function, and whether the unwinder vouched for it. */
static void arch_frames(void **state)
{
	static const struct {
		const char *line, *fn;
		bool unreliable;
	} ok[] = {
		{ "[    4.222662] [c00000000e66b4d0] [c00000000840c630] kmemdup+0x50/0x80",
		  "kmemdup" },
		{ "[    4.222006] [c00000000e66b3d0] [c0000000080a63b4] memcpy_power7+0x274/0x7d0 "
		  "(unreliable)",
		  "memcpy_power7", true },
		{ "[c00000007a3efb30] [c00000000030b06c] update_flag+0x26c/0x280 "
		  "kernel/cgroup/cpuset.c:1903",
		  "update_flag" },
		{ "[c00000007a3efa20] [c00000000030a060] partition_and_rebuild_sched_domains "
		  "kernel/cgroup/cpuset.c:965 [inline]",
		  "partition_and_rebuild_sched_domains" },
		{ "[ 1707.080209]  [<000003ff7ff3523e>] xlog_recover_validate_buf_type+0x2a6/0x5c8 "
		  "[xfs] ",
		  "xlog_recover_validate_buf_type" },
		{ "[ 1707.080112] ([<000003ff7ff1b2a8>] assfail+0x40/0x68 [xfs])", "assfail",
		  true },
	};
	struct kline k;
	const char *fn;
	bool unreliable;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		kline_parse(ok[i].line, strlen(ok[i].line), &k);
		size_t n = frame_parse(k.msg, k.len, &fn, &unreliable);
		assert_int_equal(n, strlen(ok[i].fn));
		assert_memory_equal(fn, ok[i].fn, n);
		assert_int_equal(unreliable, ok[i].unreliable);
	}
	/* an address alone is no function; nor are the register lines */
	static const char *const no[] = {
		"[c000000002a8ba50] [0000000000000100] 0x100 (unreliable)",
		"NIP [c0000000080a6540] memcpy_power7+0x400/0x7d0",
		"Krnl PSW : 0704e00180000000 000003ff7ff1b2ca (assfail+0x62/0x68 [xfs])",
	};
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		assert_int_equal(frame_parse(no[i], strlen(no[i]), &fn, &unreliable), 0);
}

/* The guilty frame: helpers skipped, stalls named above their dispatcher,
 * hung tasks outside their waits (lib/oracle/guilty.c). */
static void guilty_frames(void **state)
{
	char *kasan[] = { "dump_stack_lvl",   "print_address_description", "kasan_report",
			  "__list_del_entry", "binder_release_work",	   "binder_deferred_func" };
	char *stall[] = { "rcu_dump_cpu_stacks", "rcu_sched_clock_irq",	 "update_process_times",
			  "tick_sched_timer",	 "__hrtimer_run_queues", "hrtimer_interrupt",
			  "_raw_spin_lock",	 "kvm_mux_dev_ioctl",	 "vfs_ioctl",
			  "do_syscall_64" };
	char *hung[] = { "__schedule",	       "schedule",	 "percpu_rwsem_wait",
			 "__percpu_down_read", "mnt_want_write", "do_unlinkat" };
	char *rtnl[] = { "__schedule", "schedule", "__mutex_lock", "rtnl_lock", "dev_ioctl" };
	char *rcu[] = { "__schedule",	      "schedule",	 "wait_for_completion",
			"__synchronize_srcu", "synchronize_net", "unregister_netdevice_many" };

	(void)state;
	assert_true(guilty_skip("__kasan_check_read"));
	assert_true(guilty_skip("_raw_spin_lock_irqsave"));
	assert_true(guilty_skip("refcount_warn_saturate"));
	assert_true(guilty_skip("__might_sleep"));
	assert_false(guilty_skip("binder_release_work"));
	assert_true(guilty_skip("kvfree"));
	assert_false(guilty_skip("kvfree_rcu_bulk"));
	assert_true(guilty_skip("__read_once_word_nocheck"));
	assert_true(guilty_skip("skb_put"));
	assert_string_equal(guilty_frame("__list_del_entry", kasan, 6), "binder_release_work");
	assert_string_equal(guilty_frame("xfs_buf_rele", kasan, 6), "xfs_buf_rele");
	assert_null(guilty_frame("memcpy", kasan, 0));
	/* no RIP: the interrupt's frames are stepped over, then the frame above the syscall */
	assert_string_equal(guilty_stall(NULL, stall, 10), "kvm_mux_dev_ioctl");
	assert_string_equal(guilty_stall("_raw_spin_unlock_irqrestore", stall + 6, 4),
			    "kvm_mux_dev_ioctl");
	assert_string_equal(guilty_hung(hung, 6), "mnt_want_write");
	assert_string_equal(guilty_hung(rtnl, 5), "rtnl_lock");
	assert_string_equal(guilty_hung(rcu, 6), "synchronize_rcu");
	/* the name a title prints: syscall wrappers and compiler suffixes off */
	static const char *const names[][2] = {
		{ "__x64_sys_futex", "sys_futex" },
		{ "__se_sys_mremap", "mremap" },
		{ "SyS_rmdir", "rmdir" },
		{ "do_ip_setsockopt.isra.12", "do_ip_setsockopt" },
		{ "__flush_work.cold", "__flush_work" },
		{ "xfs_buf_rele", "xfs_buf_rele" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int n;
		const char *p = guilty_name(names[i][0], &n);
		assert_int_equal(n, strlen(names[i][1]));
		assert_memory_equal(p, names[i][1], (size_t)n);
	}
}

/* With panic_on_warn the warning prints no stack: the panic's is its own
 * (syzkaller's corpus, 158: a refcount warning on 4.13). */
static void panic_on_warn_stack(void **state)
{
	static const char log[] =
		"[  359.890494] refcount_t: increment on 0; use-after-free.\n"
		"[  359.914113] ------------[ cut here ]------------\n"
		"[  359.919670] WARNING: CPU: 0 PID: 28200 at lib/refcount.c:152 "
		"refcount_inc+0x47/0x50\n"
		"2017/08/31 09:09:03 executing program 2:\n"
		"[  359.985135] Kernel panic - not syncing: panic_on_warn set ...\n"
		"[  359.985135] \n"
		"[  359.992585] CPU: 0 PID: 28200 Comm: syz-executor7 Not tainted 4.13.0-rc7+ #60\n"
		"[  360.009190] Call Trace:\n"
		"[  360.011772]  dump_stack+0x194/0x257\n"
		"[  360.015402]  panic+0x1e4/0x417\n"
		"[  360.019380]  __warn+0x1c4/0x1d9\n"
		"[  360.022684]  report_bug+0x211/0x2d0\n"
		"[  360.026317]  fixup_bug+0x40/0x90\n"
		"[  360.029674]  do_trap+0x260/0x390\n"
		"[  360.033047]  do_invalid_op+0x1b/0x20\n"
		"[  360.036768]  invalid_op+0x18/0x20\n"
		"[  360.040217] RIP: 0010:refcount_inc+0x47/0x50\n"
		"[  360.044716]  dev_activate+0x55a/0x890\n"
		"[  360.048606]  __dev_open+0x29a/0x360\n"
		"[  360.075640] ---[ end Kernel panic - not syncing: panic_on_warn set ...\n";
	json_object *ev = scan_text(log, sizeof(log) - 1, NULL);
	json_object *w = event(ev, "warning", 0), *p = event(ev, "panic", 0);

	(void)state;
	assert_string_equal(path(w, "title"), "WARNING in dev_activate");
	assert_string_equal(field(w, "panic_on_warn"), "true");
	assert_string_equal(path(p, "fields.cause"), "warning");
	assert_string_equal(path(p, "lines.0"), "5");
	json_object_put(ev);
}

static void interleaved_and_prefixed(void **state)
{
	json_object *ev = scan_file(FIXTURES "/synth-callers-syslog-crlf.log", NULL);
	json_object *a = event(ev, "hang", 0), *b = event(ev, "hang", 1),
		    *af = event(ev, "alloc_failure", 0);

	(void)state;
	/* two hung-task reports interleaved line by line, kept apart by caller id */
	assert_string_equal(field(a, "task"), "dd");
	assert_string_equal(field(a, "blocked_in"), "percpu_rwsem_wait");
	assert_string_equal(field(b, "task"), "tar");
	assert_string_equal(field(b, "blocked_in"), "rwsem_down_write_slowpath");
	assert_string_equal(field(af, "gfp_class"), "NOFS");
	assert_string_equal(field(af, "nowarn"), "false");
	assert_string_equal(field(af, "fs_frame"), "xfs_buf_alloc_pages");
	assert_string_equal(field(af, "task"), "stress-ng-vm");
	json_object_put(ev);
}

static void fs_errors(void **state)
{
	json_object *ev = scan_file(FIXTURES "/host-6.18-ext4-errors.log", NULL);
	json_object *e = event(ev, "fs_error", 0);

	(void)state;
	assert_int_equal(json_object_array_length(ev), 1);
	assert_string_equal(field(e, "function"), "ext4_lookup");
	assert_string_equal(field(e, "journal_abort"), "true");
	assert_string_equal(field(e, "remount_ro"), "true");
	json_object_put(ev);
	ev = scan_file(FIXTURES "/host-6.18-hung-task-fsfreeze-xfs.log", NULL);
	e = event(ev, "fs_error", 0);
	/* a shutdown memstress (or the user) asked for */
	assert_string_equal(path(e, "severity"), "info");
	json_object_put(ev);
}

/* lockdep: the report type, the locks, whether reclaim (the fs_reclaim
 * pseudo-lock, or RECLAIM_FS usage before 4.14) is part of it, the chain's
 * links with their own stacks, and the backtrace as the event's stack. */
static void lockdep_reports(void **state)
{
	json_object *ev = scan_file(FIXTURES "/synth-6.12-lockdep-fs-reclaim.log", NULL);
	json_object *circ = event(ev, "lockdep", 0), *rec = event(ev, "lockdep", 1);
	json_object *dl = event(ev, "fs_error", 0);

	(void)state;
	assert_string_equal(field(circ, "report"), "possible circular locking dependency detected");
	assert_string_equal(field(circ, "fs_reclaim"), "true");
	assert_string_equal(field(circ, "task"), "kswapd0");
	assert_string_equal(field(circ, "pid"), "55");
	assert_string_equal(path(circ, "fields.locks.0"), "&xfs_nondir_ilock_class");
	assert_string_equal(path(circ, "fields.locks.1"), "fs_reclaim");
	assert_string_equal(path(circ, "fields.chain.0.lock"), "fs_reclaim");
	assert_string_equal(path(circ, "fields.chain.0.frames.2"), "xfs_attr_shortform_getvalue");
	assert_string_equal(path(circ, "fields.chain.1.lock"), "&xfs_nondir_ilock_class");
	assert_string_equal(path(circ, "fields.chain.1.frames.4"), "xfs_reclaim_inode");
	/* the stack after "stack backtrace:", not the chain's */
	assert_string_equal(path(circ, "stack.0"), "dump_stack_lvl");
	assert_string_equal(path(circ, "stack.1"), "print_circular_bug");
	/* the other CPU's line in the middle of the report is not part of it */
	assert_string_equal(path(circ, "lines.1"), "89");
	assert_string_equal(field(rec, "report"), "possible recursive locking detected");
	assert_string_equal(field(rec, "fs_reclaim"), "false");
	assert_string_equal(field(rec, "task"), "fstx");
	assert_string_equal(path(rec, "stack.5"), "xfs_lock_two_inodes");
	assert_string_equal(path(rec, "fields.chain"), "");
	assert_string_equal(path(dl, "subkind"), "alloc_deadlock");
	assert_string_equal(field(dl, "task"), "fstx");
	assert_string_equal(field(dl, "pid"), "4233");
	assert_string_equal(field(dl, "size"), "65552");
	assert_string_equal(field(dl, "function"), "kmem_alloc");
	assert_string_equal(field(dl, "mode"), "0x2400240");
	assert_string_equal(field(dl, "device"), "");
	json_object_put(ev);

	/* a real one: the 6.12 guest with lockdep, ci/lockdep-trigger's module */
	ev = scan_file(FIXTURES "/guest-6.12-lockdep-fs-reclaim.log", NULL);
	circ = event(ev, "lockdep", 0);
	assert_int_equal(json_object_array_length(ev), 1);
	assert_string_equal(field(circ, "fs_reclaim"), "true");
	assert_string_equal(field(circ, "task"), "insmod");
	assert_string_equal(field(circ, "pid"), "45");
	assert_string_equal(path(circ, "fields.locks.0"), "memstress_test_lock");
	assert_string_equal(path(circ, "fields.chain.0.lock"), "fs_reclaim");
	assert_string_equal(path(circ, "fields.chain.0.frames.1"), "__kmalloc_cache_noprof");
	assert_string_equal(path(circ, "fields.chain.0.frames.2"), "trigger_init");
	assert_string_equal(path(circ, "fields.chain.1.lock"), "memstress_test_lock");
	assert_string_equal(path(circ, "fields.chain.1.frames.2"), "__mutex_lock");
	/* the "? " frames of the backtrace are left out */
	assert_string_equal(path(circ, "stack.5"), "__mutex_lock");
	assert_string_equal(path(circ, "stack.6"), "trigger_init");
	/* up to the </TASK> after the user registers, not the run's end marker */
	assert_string_equal(path(circ, "lines.1"), "96");
	json_object_put(ev);

	ev = scan_file(FIXTURES "/synth-4.7-lockdep-reclaim-fs.log", NULL);
	circ = event(ev, "lockdep", 0);
	assert_string_equal(field(circ, "report"), "inconsistent lock state");
	assert_string_equal(field(circ, "reclaim_fs_usage"), "{IN-RECLAIM_FS-W}");
	assert_string_equal(field(circ, "fs_reclaim"), "true");
	assert_string_equal(field(circ, "task"), "fs_mark");
	assert_string_equal(field(circ, "pid"), "3179");
	assert_string_equal(path(circ, "stack.1"), "print_usage_bug");
	assert_string_equal(path(circ, "stack.7"), "xfs_create");
	json_object_put(ev);
}

static void guest_captures(void **state)
{
	json_object *ev = scan_file(FIXTURES "/guest-6.12-memcg-oom-group-v2.log", NULL);
	json_object *victim = event(ev, "oom", 0), *member = event(ev, "oom", 1);

	(void)state;
	/* memory.oom.group: the victim, then every task of the group */
	assert_int_equal(json_object_array_length(ev), 5);
	assert_string_equal(field(victim, "task_memcg"),
			    "/memstress-20261122-045306-memcg-oom-group-30c4/app/wl.leak");
	assert_non_null(strstr(field(victim, "oom_group"), "/app"));
	assert_string_equal(field(member, "group_member"), "true");
	assert_string_equal(field(member, "victim"), "stress-ng");
	assert_string_equal(path(victim, "caller"), "T38");
	json_object_put(ev);

	ev = scan_file(FIXTURES "/guest-6.12-xfs-failslab.log", NULL);
	json_object *f = event(ev, "fault_injected", 0), *fs = event(ev, "fs_error", 0);
	assert_string_equal(field(f, "injector"), "failslab");
	assert_string_equal(field(f, "probability"), "5");
	assert_string_equal(field(f, "fs"), "xfs");
	assert_true(strlen(field(f, "fs_frame")) > 3);
	assert_string_equal(path(f, "stack.1"), "should_fail_ex");
	assert_string_equal(path(fs, "subkind"), "internal_error");
	assert_string_equal(field(fs, "shutdown"), "true");
	assert_string_equal(field(fs, "function"), "xfs_trans_cancel");
	assert_string_equal(field(fs, "caller"), "xfs_create");
	json_object_put(ev);

	ev = scan_file(FIXTURES "/guest-6.12-ext4-failslab.log", NULL);
	/* jbd2's own retry loop for a journal head, after an injected failure:
	 * a notice, with the function that loops */
	fs = event(ev, "fs_error", 0);
	assert_string_equal(path(fs, "subkind"), "alloc_retry");
	assert_string_equal(path(fs, "severity"), "notice");
	assert_string_equal(field(fs, "function"), "journal_alloc_journal_head");
	fs = event(ev, "fs_error", 1);
	assert_string_equal(field(fs, "function"), "ext4_setattr");
	assert_non_null(strstr(field(fs, "message"), "Out of memory"));
	json_object_put(ev);
}

/* Bare numbers, as kernels before 4.10 print them (and a few after), decoded
 * with the bit table of the release that printed them. */
static void gfp_numbers(void **state)
{
	static const struct {
		unsigned long long mask;
		const char *release;
		enum gfp_class cls;
		bool nowarn;
	} t[] = {
		{ 0x20, "2.6.32-279.el6.x86_64", GFP_CLASS_ATOMIC, false },
		{ 0x4020, "2.6.38-10-server", GFP_CLASS_ATOMIC, false },
		{ 0xd0, "3.10.0-957.el7.x86_64", GFP_CLASS_KERNEL, false },
		{ 0x50, "3.10.0", GFP_CLASS_NOFS, false },
		{ 0x10, "3.4.0", GFP_CLASS_NOIO, false },
		{ 0x204010, "3.18.18", GFP_CLASS_NOIO, false },
		{ 0x2d2, "3.2.0", GFP_CLASS_KERNEL,
		  true }, /* GFP_KERNEL|__GFP_HIGHMEM|__GFP_NOWARN */
		{ 0x24000c0, "4.4.0-21-generic", GFP_CLASS_KERNEL, false },
		{ 0x2400040, "4.4.0", GFP_CLASS_NOFS, false },
		{ 0x2080020, "4.9.0", GFP_CLASS_ATOMIC, false },
		{ 0x14000c0, "4.14.107", GFP_CLASS_KERNEL, false },
		{ 0x1080020, "4.14.0", GFP_CLASS_ATOMIC, false },
		{ 0x15000c0, "4.15.0-108-generic", GFP_CLASS_KERNEL, false },
		{ 0x6000c0, "4.19.0", GFP_CLASS_KERNEL, false },
		{ 0x480020, "4.19.0", GFP_CLASS_ATOMIC, false },
		{ 0x600040, "4.19.0", GFP_CLASS_NOFS, false },
		{ 0xcc0, "5.0.0", GFP_CLASS_KERNEL, false },
		{ 0x100cca, "5.4.17-2136.el8uek", GFP_CLASS_KERNEL, false },
		{ 0xc40, "6.6.0", GFP_CLASS_NOFS, false },
		{ 0xc00, "5.10.0", GFP_CLASS_NOIO, false },
		{ 0x820, "6.1.0", GFP_CLASS_ATOMIC, false },
		{ 0x800, "5.10.0", GFP_CLASS_NOWAIT, false },
		{ 0x2c40, "6.12.0", GFP_CLASS_NOFS, true },
	};
	struct gfp_info g;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_true(gfp_decode_number(t[i].mask, t[i].release, &g));
		if (g.cls != t[i].cls || g.nowarn != t[i].nowarn)
			fail_msg("0x%llx on %s: %s nowarn=%d, want %s nowarn=%d", t[i].mask,
				 t[i].release, gfp_class_name(g.cls), g.nowarn,
				 gfp_class_name(t[i].cls), t[i].nowarn);
	}
	assert_false(gfp_decode_number(0xd0, NULL, &g));
	assert_false(gfp_decode_number(0xd0, "unknown", &g));
}

static void gfp_classes(void **state)
{
	static const struct {
		const char *flags;
		enum gfp_class cls;
		bool nowarn, nofail;
	} cases[] = {
		{ "GFP_KERNEL", GFP_CLASS_KERNEL, false, false },
		{ "GFP_KERNEL_ACCOUNT|__GFP_ZERO", GFP_CLASS_KERNEL, false, false },
		{ "GFP_NOFS|__GFP_NOWARN|__GFP_COMP", GFP_CLASS_NOFS, true, false },
		{ "GFP_NOFS|__GFP_NOFAIL", GFP_CLASS_NOFS, false, true },
		{ "GFP_NOIO", GFP_CLASS_NOIO, false, false },
		{ "GFP_ATOMIC|__GFP_NOWARN", GFP_CLASS_ATOMIC, true, false },
		{ "GFP_NOWAIT|__GFP_NOWARN", GFP_CLASS_NOWAIT, true, false },
		{ "GFP_HIGHUSER_MOVABLE", GFP_CLASS_KERNEL, false, false },
		{ "__GFP_IO|__GFP_RECLAIM", GFP_CLASS_NOFS, false, false },
		{ "__GFP_RECLAIM", GFP_CLASS_NOIO, false, false },
		{ "__GFP_WAIT|__GFP_IO|__GFP_FS", GFP_CLASS_KERNEL, false, false },
		{ "__GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM", GFP_CLASS_ATOMIC, false, false },
		{ "", GFP_CLASS_UNKNOWN, false, false },
	};
	struct gfp_info g;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gfp_decode(cases[i].flags, strlen(cases[i].flags), &g);
		if (g.cls != cases[i].cls)
			print_error("%s: %s\n", cases[i].flags, gfp_class_name(g.cls));
		assert_int_equal(g.cls, cases[i].cls);
		assert_int_equal(g.nowarn, cases[i].nowarn);
		assert_int_equal(g.nofail, cases[i].nofail);
	}
}

static void line_forms(void **state)
{
	struct kline k;
	const char *l;

	(void)state;
	l = "[  123.456789] hello";
	kline_parse(l, strlen(l), &k);
	assert_true(kline_ts(&k) > 123.4567 && kline_ts(&k) < 123.4568);
	assert_int_equal(k.len, 5);
	l = "<4>[    1.000000][    T1] x\r";
	kline_parse(l, strlen(l), &k);
	char cb[16];
	caller_format(k.caller_id, cb, sizeof(cb));
	assert_string_equal(cb, "T1");
	assert_int_equal(k.level, 4);
	assert_int_equal(k.len, 1);
	l = "[ 9.5][  C12]  frame+0x1/0x2";
	kline_parse(l, strlen(l), &k);
	caller_format(k.caller_id, cb, sizeof(cb));
	assert_string_equal(cb, "C12");
	assert_true(k.msg[0] == ' '); /* frames keep their indentation */
	l = "Nov 22 03:36:01 host kernel: Out of memory";
	kline_parse(l, strlen(l), &k);
	assert_true(kline_ts(&k) < 0);
	assert_int_equal(k.len, 13);
	l = "no timestamp at all";
	kline_parse(l, strlen(l), &k);
	assert_int_equal(k.len, strlen(l));
}

/* The prefixes tools put before kernel lines (issue 25): each one leaves the
 * message as printk wrote it, with the timestamp when the line has one. */
static void line_prefixes(void **state)
{
	static const struct {
		const char *line, *msg;
		double ts; /* < 0: none */
	} cases[] = {
		/* dmesg -T */
		{ "[Thu Dec  7 00:05:15 2017] Out of memory: Killed process 1",
		  "Out of memory: Killed process 1", -1 },
		/* OpenWrt logread */
		{ "Tue Feb  1 19:02:25 2022 kern.warn kernel: [ 1234.567890] Out of memory: Kill",
		  "Out of memory: Kill", 1234.56789 },
		/* RFC 3339 syslog */
		{ "2016-03-26T20:52:22.526357+00:00 myhost kernel: [ 7.5] INFO: task x blocked",
		  "INFO: task x blocked", 7.5 },
		/* journalctl -k -o short-iso */
		{ "2017-12-07T00:05:15+0100 myhost kernel: BUG: soft lockup - CPU#0 stuck",
		  "BUG: soft lockup - CPU#0 stuck", -1 },
		/* journalctl -k (short) and short-precise */
		{ "Dec 07 00:05:15 myhost kernel: oom-kill:constraint=CONSTRAINT_NONE",
		  "oom-kill:constraint=CONSTRAINT_NONE", -1 },
		{ "Dec 07 00:05:15.123456 myhost kernel: WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2",
		  "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2", -1 },
		/* journalctl -k -o short-monotonic */
		{ "[  123.456789] myhost kernel: Out of memory: Killed", "Out of memory: Killed",
		  123.456789 },
		/* syslogd's wall message */
		{ " kernel:[405108.698255] Kernel panic - not syncing: Fatal exception",
		  "Kernel panic - not syncing: Fatal exception", 405108.698255 },
		/* a shell prompt glued before the timestamp */
		{ "/ # [90216.14] Unable to handle kernel NULL pointer dereference",
		  "Unable to handle kernel NULL pointer dereference", 90216.14 },
		/* a plain kmsg line whose first word is not a host: untouched */
		{ "[    1.000000] Booting paravirtualized kernel on KVM",
		  "Booting paravirtualized kernel on KVM", 1.0 },
	};
	struct kline k;
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kline_parse(cases[i].line, strlen(cases[i].line), &k);
		char got[256];
		snprintf(got, sizeof(got), "%.*s", (int)k.len, k.msg);
		assert_string_equal(got, cases[i].msg);
		if (cases[i].ts < 0)
			assert_true(kline_ts(&k) < 0);
		else
			assert_true(kline_ts(&k) > cases[i].ts - 1e-6 &&
				    kline_ts(&k) < cases[i].ts + 1e-6);
	}
}

static void garbage(void **state)
{
	char buf[4096];
	unsigned s = 1;
	json_object *ev;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		s = s * 1103515245 + 12345;
		buf[i] = (char)(s >> 16);
	}
	ev = scan_text(buf, sizeof(buf), NULL);
	json_object_put(ev);
	ev = scan_text("", 0, NULL);
	assert_int_equal(json_object_array_length(ev), 0);
	json_object_put(ev);
	/* a report cut off in the middle is still emitted at flush */
	const char *cut =
		"[1.0] INFO: task x:1 blocked for more than 5 seconds.\n[1.1] Call Trace:\n[1.2]  schedule+0x1/0x2\n";
	ev = scan_text(cut, strlen(cut), NULL);
	assert_int_equal(json_object_array_length(ev), 1);
	json_object_put(ev);
}

/* The scanner's own string helpers against libc's, on the same inputs. */
static void helpers_match_libc(void **state)
{
	static const char *const nums[] = {
		"0",
		"123",
		"-5",
		"+7",
		"  42",
		"\t9x",
		"0x1c",
		"0X1F/",
		"0x",
		"0xg",
		"012",
		"08",
		"-0",
		"9223372036854775807",
		"9223372036854775808",
		"-9223372036854775808",
		"-9223372036854775809",
		"99999999999999999999999",
		"abc",
		"",
		"-",
		"12kB",
		"1000,",
		" -3)",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(nums); i++)
		for (int base = 0; base <= 10; base += 10) {
			char *e;
			const char *stop;
			errno = 0;
			long long want = strtoll(nums[i], &e, base);
			long long got = parse_ll(nums[i], nums[i] + strlen(nums[i]), base, &stop);
			if (want != got || (e != nums[i] && stop != e))
				fail_msg("parse_ll(\"%s\", %d) = %lld, strtoll: %lld", nums[i],
					 base, got, want);
		}
	/* bounded: the digits after the end are not read */
	assert_int_equal(parse_ll("12345", "12345" + 3, 10, NULL), 123);

	static const char *const hay[] = {
		"abcabd", "aaab", "Killed process 1 (x)", "", "a", "xyz"
	};
	static const char *const needles[] = {
		"abd", "ab", "b", "process ", "(x)", "a", "zz", "xyz"
	};
	for (size_t h = 0; h < ARRAY_SIZE(hay); h++)
		for (size_t n = 0; n < ARRAY_SIZE(needles); n++) {
			size_t hl = strlen(hay[h]), nl = strlen(needles[n]);
			assert_ptr_equal(find_in(hay[h], hl, needles[n], nl),
					 memmem(hay[h], hl, needles[n], nl));
		}

	char cb[16];
	caller_format('T' << 24 | 0xffffff, cb, sizeof(cb));
	assert_string_equal(cb, "T16777215");
	caller_format('C' << 24 | 0, cb, sizeof(cb));
	assert_string_equal(cb, "C0");
	caller_format('T' << 24 | 12345, cb, 4);
	assert_string_equal(cb, "T12");
}

/* Event fields live in a fixed arena: values past its end are cut, then
 * empty, and never written outside it (UBSan/ASan builds check that). */
static void fields_arena_full(void **state)
{
	static char keys[FIELDS_MAX][8];
	char val[300];
	struct fieldset f;

	(void)state;
	memset(val, 'x', sizeof(val));
	fields_init(&f);
	for (int i = 0; i < FIELDS_MAX; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%02d", i);
		fset_str(&f, keys[i], val, sizeof(val));
	}
	assert_int_equal(f.n, FIELDS_MAX);
	assert_int_equal(strlen(fget_str(&f, "k00")), sizeof(val));
	size_t total = 0;
	for (int i = 0; i < FIELDS_MAX; i++) {
		size_t l = strlen(fget_str(&f, keys[i]));
		total += l ? l + 1 : 0; /* the empty ones share one byte */
	}
	assert_int_equal(total, FIELDS_ARENA); /* filled, not overfilled */
	assert_string_equal(fget_str(&f, keys[FIELDS_MAX - 1]), "");
	fset_str(&f, "k00", "again", 5); /* replacing a value when full */
	assert_string_equal(fget_str(&f, "k00"), "");
	fset_int(&f, "k01", 7);
	assert_int_equal(fget_int(&f, "k01", -1), 7);
	fields_release(&f);
}

static void take_pid(struct oracle_event *e, void *ud)
{
	*(long long *)ud = fget_int(&e->fields, "pid", -1);
	oracle_event_free(e);
}

/* A line that ends where readable memory ends, with no newline: numbers at
 * its end are parsed without reading past it (a log whose size is a multiple
 * of the page size is mapped like this). */
static void line_at_end_of_memory(void **state)
{
	static const char line[] = "[1.0] WARNING: at f+0x1/0x2, CPU#0: comm/123";
	long page = sysconf(_SC_PAGESIZE);
	long long pid = -2;

	(void)state;
	char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + page, (size_t)page, PROT_NONE), 0);
	char *at = m + page - (sizeof(line) - 1);
	memcpy(at, line, sizeof(line) - 1);
	struct oracle *o = oracle_new(NULL, take_pid, &pid);
	oracle_feed(o, at, sizeof(line) - 1);
	oracle_flush(o);
	oracle_free(o);
	assert_int_equal(pid, 123);
	munmap(m, (size_t)page * 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixtures),	      cmocka_unit_test(memcg_oom_fields),
		cmocka_unit_test(old_oom_and_panic),  cmocka_unit_test(hangs),
		cmocka_unit_test(warnings),	      cmocka_unit_test(interleaved_and_prefixed),
		cmocka_unit_test(fs_errors),	      cmocka_unit_test(lockdep_reports),
		cmocka_unit_test(guest_captures),     cmocka_unit_test(gfp_classes),
		cmocka_unit_test(gfp_numbers),	      cmocka_unit_test(line_forms),
		cmocka_unit_test(line_prefixes),      cmocka_unit_test(garbage),
		cmocka_unit_test(helpers_match_libc), cmocka_unit_test(line_at_end_of_memory),
		cmocka_unit_test(fields_arena_full),  cmocka_unit_test(warning_shapes),
		cmocka_unit_test(syzkaller_forms),    cmocka_unit_test(arch_frames),
		cmocka_unit_test(guilty_frames),      cmocka_unit_test(panic_on_warn_stack),
	};
	return RUN(tests);
}
