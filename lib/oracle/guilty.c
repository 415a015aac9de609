// SPDX-License-Identifier: GPL-2.0
/*
 * The guilty frame (guilty.h). The skip table follows syzkaller's
 * pkg/report/linux.go (linuxStackParams.skipPatterns, the stall anchors, the
 * hung-task buckets), its regular expressions written out as plain patterns:
 * "^x" a prefix, "x$" a suffix, "^x$" the whole name, else a substring.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/scope.h"
#include "guilty.h"
#include "oracle_int.h"

/* clang-format off */
static const char *const skip[] = {
	/* sanitizers */
	"__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint",
	"check_memory_region", "check_heap_object", "check_object", "read_word_at_a_time",
	"print_address_description", "print_report", "__ubsan", "ubsan_",
	/* reporting: panic, BUG(), WARN(), dumps, printk */
	"panic", "invalid_op", "report_bug", "fixup_bug", "print_usage_bug", "do_error", "_trap$",
	"do_trap", "show_stack", "dump_stack", "walk_stack", "dump_backtrace", "warn_slowpath",
	"warn_alloc", "warn_bogus", "__warn", "printk", "va_format", "snprintf", "scnprintf",
	"kasprintf", "kvasprintf", "dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert",
	"dev_crit", "dev_emerg", "print_tainted", "hex_dump_to_buffer", "print_hex_dump",
	"stack_trace_consume_entry", "arch_stack_walk", "stack_trace_save", "__fortify_report",
	"^get_taint$", "assertfail", "program_check_exception", "program_check_common",
	"nmi_cpu_backtrace", "nmi_trigger_cpumask_backtrace", "sched_show_task",
	"dump_cpu_task", "unwind_backtrace", "show_regs", "show_trace", "check_preemption_disabled",
	"debug_smp_processor_id", "this_cpu_preempt_check", "__schedule_bug", "spin_bug",
	"spin_dump", "rwlock_bug", "debug_check_no_locks", "usercopy_warn", "usercopy_abort",
	"__check_object_size", "check_object_size", "rollback_registered", "unregister_netdev",
	"tty_unregister_device", "hwrng_unregister", "i2c_del_adapter", "__unregister_client",
	"device_for_each_child", "proc_register", "read_once_word_nocheck", "read_once_nocheck",
	"write_once_nocheck", "skb_put", "skb_push", "skb_pull", "skb_over_panic",
	"skb_under_panic", "skb_panic", "__stack_chk_fail", "do_tag_check_fault",
	"__do_kernel_fault", "do_bad_area", "__virt_to_phys", "cleanup_srcu_struct",
	/* the allocator */
	"alloc_page", "kmalloc", "kzalloc", "kcalloc", "kvmalloc", "kvzalloc", "kvcalloc",
	"vmalloc", "vzalloc", "krealloc", "kmem_cache", "allocate_slab", "__alloc_frozen_pages",
	"folio_alloc", "folio_unlock", "filemap_alloc_folio", "__filemap_get_folio",
	"find_or_create_page", "do_read_cache_folio", "read_cache_page", "pagecache_get_page",
	"grab_cache_page_write_begin", "slab_", "kmemleak_alloc", "^kfree$", "^kvfree$", "kfree_skb",
	"^kfree", "memdup",
	/* debug objects, lockdep, locks */
	"debug_object", "timer_is_static_object", "work_is_static_object", "print_unlock",
	"imbalance_bug", "lockdep", "bh_enable", "bh_disable", "perf_trace", "lock_acquire",
	"lock_release", "lock_class", "mark_lock", "reacquire_held_locks", "mark_held_locks",
	"raw_spin_rq", "spin_lock", "spin_trylock", "spin_unlock", "read_lock", "read_trylock",
	"write_lock", "write_trylock", "read_unlock", "write_unlock", "^down$", "down_read",
	"down_write", "down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_", "^rt_mutex_",
	"owner_on_cpu", "osq_lock", "osq_unlock", "queued_spin", "queued_read", "queued_write",
	"do_raw_", "lock_downgrade", "hlock_class", "look_up_lock_class", "register_lock_class",
	"__lock_acquire", "lock_is_held", "lock_timer_base", "__might_sleep", "__might_resched",
	"might_fault", "might_sleep", "__might_fault", "trace_hardirqs", "trace_softirqs",
	"lockdep_hardirqs", "lockdep_softirqs",
	/* atomics, bits, refcounts */
	"atomic_dec", "atomic_inc", "atomic_read", "atomic_set", "atomic_or", "atomic_xor",
	"atomic_and", "atomic_add", "atomic_sub", "atomic_fetch", "atomic_xchg",
	"atomic_cmpxchg", "atomic_try", "atomic64_", "set_bit", "clear_bit", "change_bit",
	"test_bit", "__wake_up", "^refcount_", "^kref_", "ref_tracker", "seqprop_assert",
	/* string and copy helpers */
	"memcpy", "memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy",
	"strlcpy", "strncpy", "strscpy", "strlen", "strstr", "strnstr", "strnlen", "strchr",
	"strdup", "strndup", "copy_to_user", "copy_from_user", "copy_to_iter",
	"copy_from_iter", "copy_page_to_iter", "copy_page_from_iter", "copy_folio_to_iter",
	"^copyin$", "^copyout$", "put_user", "get_user", "string", "pointer",
	/* lists, trees, containers */
	"list_add", "list_del", "list_replace", "list_move", "list_splice", "^rb_", "^__rb_",
	"_indirect_thunk_", "xas_start", "xas_load", "xas_find", "rhashtable_lookup",
	"^klist_", "ida_free",
	/* timers, works, waits, devices */
	"del_timer", "flush_work", "__cancel_work_timer", "cancel_work_sync",
	"try_to_grab_pending", "flush_workqueue", "drain_workqueue", "destroy_workqueue",
	"queue_work", "insert_work", "__queue_delayed_work", "queue_delayed_work_on",
	"finish_wait", "kthread_stop", "^complete$", "wait_for_completion", "__timer_delete_sync",
	"sk_stop_timer_sync", "__mod_timer", "kobject_", "add_uevent_var", "get_device_parent",
	"device_add", "device_del", "device_unregister", "device_destroy", "device_release",
	"devres_release_all", "sysfs_remove", "device_remove_file", "^put_device$",
	"usb_kill_urb", "usb_kill_anchored_urbs", "usb_control_msg", "usb_hcd_submit_urb",
	"usb_submit_urb", "dummy_urb_enqueue",
	/* MMIO, crc, inodes, pages */
	"readb$", "readw$", "readl$", "readq$", "writeb$", "writew$", "writel$", "writeq$",
	"logic_in", "logic_out", "^crc", "^iput$", "^iput_final$", "^ihold$", "^lock_page",
	"^unlock_page", "do_kernel_fault", "do_translation_fault", "do_mem_abort", "el1_abort",
	"el1h_64_sync", "find_lock_entries", "truncate_inode_pages_range", "__phys_addr",
	"drop_nlink",
	/* interrupt entry, the padding symbols */
	"asm_exc_", "exc_", "asm_sysvec_", "sysvec_", "irq_exit", "__pfx_", "common_interrupt",
	"apic_timer_interrupt", "error_entry", "ret_from_intr",
	NULL,
};

/* Dispatchers of the work a stall loops in: the stall is named by the frame
 * before the first of them. */
static const char *const stall_anchors[] = {
	"process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch",
	"tracesys_phase2", "el0_svc_handler", "invoke_syscall", "ret_fast_syscall",
	"netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq",
	"hrtimer_run", "run_ksoftirqd", "smpboot_thread_fn", "^kthread$", "start_secondary",
	"cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read", "vfs_iter_read",
	"vfs_iter_write", "do_iter_read", "do_iter_write", "call_read_iter", "call_write_iter",
	"new_sync_read", "new_sync_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl",
	"compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl", "do_iter_readv_writev",
	"^call_mmap", "mmap_region", "do_mmap", "do_dentry_open", "vfs_open",
	/* sockets */
	"^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "^setsockopt$",
	"kernel_setsockopt", "sock_common_setsockopt", "^listen$", "kernel_listen",
	"sk_common_release", "^sock_mmap", "^accept$", "kernel_accept", "^sock_do_ioctl",
	"^sock_ioctl", "^compat_sock_ioctl", "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg",
	"^netlink_dump", "^socketpair", "^connect", "^ioctl", "^sys_socketpair", "^sys_connect",
	"^sys_ioctl",
	/* page faults, exit to user mode */
	"__do_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run",
	"exit_to_usermode", "smp_call_function", "tasklet_action", "tasklet_hi_action",
	NULL,
};
/* clang-format on */

/* The interrupt that caught the looping code: its frames come first. */
static const char *const irq_frames[] = {
	"rcu_",
	"update_process_times",
	"tick_",
	"__hrtimer_run_queues",
	"hrtimer_interrupt",
	"__sysvec_",
	"watchdog_timer_fn",
	"print_cpu_stall",
	"check_cpu_stall",
	"nmi_",
	"handle_irq",
	"handle_edge_irq",
	"__handle_irq",
	"NMI",
	"default_do_nmi",
	"arch_trigger",
	"trigger_",
	"smp_call_function",
	NULL,
};

/*
 * A pattern set, compiled once: each pattern goes to a bucket by its first
 * two bytes, and a name is matched by looking at the bucket of each of its
 * byte pairs. A title is made for every finished event, and a stack runs
 * through dozens of frames before its guilty one: comparing every pattern
 * at every frame cost more than the scan itself on a dense log.
 */
#define BUCKETS 512

struct pattern {
	const char *s;
	unsigned char len;
	bool head, tail;
	short next; /* in the same bucket; -1 ends */
};

struct patset {
	const char *const *src;
	struct pattern *pat;
	short first[BUCKETS];
};

static unsigned bucket(const char *p)
{
	return ((unsigned char)p[0] * 31u + (unsigned char)p[1]) % BUCKETS;
}

static void patset_build(struct patset *ps, struct pattern *pat)
{
	ps->pat = pat;
	for (size_t b = 0; b < BUCKETS; b++)
		ps->first[b] = -1;
	for (short i = 0; ps->src[i]; i++) {
		const char *s = ps->src[i];
		size_t l = strlen(s);
		struct pattern *p = &pat[i];
		p->head = s[0] == '^';
		p->tail = s[l - 1] == '$';
		p->s = s + p->head;
		p->len = (unsigned char)(l - p->head - p->tail);
		unsigned b = bucket(p->s);
		p->next = ps->first[b];
		ps->first[b] = i;
	}
}

static bool patset_match(const struct patset *ps, const char *fn)
{
	size_t fl = strlen(fn);

	for (size_t i = 0; i + 1 < fl; i++)
		for (short j = ps->first[bucket(fn + i)]; j >= 0; j = ps->pat[j].next) {
			const struct pattern *p = &ps->pat[j];
			if (p->len > fl - i || !same_bytes(fn + i, p->s, p->len) ||
			    (p->head && i) || (p->tail && i + p->len != fl))
				continue;
			return true;
		}
	return false;
}

#define PATSET(name, list)                                  \
	static struct pattern name##_pat[ARRAY_SIZE(list)]; \
	static struct patset name = { .src = list }

/* What a hung task waits in (guilty_hung): the frames before its guilty one */
static const char *const waits[] = {
	"sched",       "_lock",		 "_slowlock",	"down",
	"rwsem",       "completion",	 "kthread",	"wait",
	"synchronize", "context_switch", "__switch_to", "cancel_delayed_work",
	"rcu_barrier", "__pfx_",	 NULL,
};
/* ... and the waits that name the hang themselves: "rtnl_lock" and
 * "synchronize_{rcu,srcu,net,sched}" anywhere in the name, in one pass */
enum hang_wait { WAIT_NONE, WAIT_RTNL, WAIT_SYNC };

static enum hang_wait hang_wait(const char *fn)
{
	enum hang_wait w = WAIT_NONE;

	for (const char *p = fn; *p; p++) {
		if (*p == 'r' && !strncmp(p, "rtnl_lock", 9))
			return WAIT_RTNL; /* before a synchronize_ anywhere in the name */
		if (*p == 's' && !strncmp(p, "synchronize_", 12) &&
		    (!strncmp(p + 12, "rcu", 3) || !strncmp(p + 12, "srcu", 4) ||
		     !strncmp(p + 12, "net", 3) || !strncmp(p + 12, "sched", 5)))
			w = WAIT_SYNC;
	}
	return w;
}

PATSET(skip_set, skip);
PATSET(anchor_set, stall_anchors);
PATSET(irq_set, irq_frames);
PATSET(wait_set, waits);

/* At program start: titles are made in several threads at once (scanfile.c). */
__attribute__((constructor)) static void build_sets(void)
{
	patset_build(&skip_set, skip_set_pat);
	patset_build(&anchor_set, anchor_set_pat);
	patset_build(&irq_set, irq_set_pat);
	patset_build(&wait_set, wait_set_pat);
}

/*
 * guilty_skip's answers, remembered per thread: the same few hundred kernel
 * functions make up nearly every stack, and a title looks at frames until
 * one is not skipped, for every event. A name is kept whole (up to 55
 * bytes; longer ones are not kept) and compared whole before its answer is
 * used, so a collision only costs a lookup.
 */
#define MEMO_SLOTS 512
#define MEMO_NAME 55

struct memo {
	char name[MEMO_NAME];
	unsigned char len; /* 0: empty */
	bool skip;
} __attribute__((aligned(64)));

static __thread struct memo memo[MEMO_SLOTS];

static unsigned memo_slot(const char *fn, size_t len)
{
	uint64_t a = 0, b = 0;

	memcpy(&a, fn, len < 8 ? len : 8);
	memcpy(&b, fn + len - (len < 8 ? len : 8), len < 8 ? len : 8);
	return (unsigned)(((a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL) ^ len) >> 55) %
	       MEMO_SLOTS;
}

bool guilty_skip(const char *fn)
{
	size_t len = strlen(fn);

	if (!len || len > MEMO_NAME)
		return patset_match(&skip_set, fn);
	struct memo *m = &memo[memo_slot(fn, len)];
	if (m->len == len && !memcmp(m->name, fn, len))
		return m->skip;
	m->skip = patset_match(&skip_set, fn);
	memcpy(m->name, fn, len);
	m->len = (unsigned char)len;
	return m->skip;
}

static bool skipped(const char *fn, const char *const *also)
{
	if (guilty_skip(fn))
		return true;
	for (; also && *also; also++)
		if (strstr(fn, *also))
			return true;
	return false;
}

const char *guilty_frame_also(const char *ip, char *const *frames, unsigned n,
			      const char *const *also)
{
	if (ip && *ip && !skipped(ip, also))
		return ip;
	for (unsigned i = 0; i < n; i++)
		if (!skipped(frames[i], also))
			return frames[i];
	return NULL;
}

const char *guilty_frame(const char *ip, char *const *frames, unsigned n)
{
	return guilty_frame_also(ip, frames, n, NULL);
}

const char *guilty_stall(const char *ip, char *const *frames, unsigned n)
{
	const char *prev = ip && *ip && !guilty_skip(ip) ? ip : NULL;
	unsigned i = 0;

	if (ip && strstr(ip, "smp_call_function"))
		return "smp_call_function";
	/* without the looping task's RIP, step over the interrupt that caught it */
	if (!prev)
		while (i < n && (patset_match(&irq_set, frames[i]) || guilty_skip(frames[i])))
			i++;
	for (; i < n; i++) {
		/* anchors match the name a title prints ("compat_SyS_ioctl": "ioctl") */
		char name[128];
		int len;
		const char *c = guilty_name(frames[i], &len);
		size_t nl = strnlen(c, len < 0			      ? 0 :
				       (size_t)len < sizeof(name) - 1 ? (size_t)len :
									sizeof(name) - 1);
		memcpy(name, c, nl); /* not snprintf: a copy for every frame of every stall */
		name[nl] = 0;
		if (strstr(name, "smp_call_function"))
			return "smp_call_function";
		if (patset_match(&anchor_set, name) && prev)
			return prev;
		if (!guilty_skip(frames[i]))
			prev = frames[i];
	}
	return guilty_frame(ip, frames, n);
}

const char *guilty_hung(char *const *frames, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		switch (hang_wait(frames[i])) {
		case WAIT_RTNL: return frames[i];
		case WAIT_SYNC: return "synchronize_rcu";
		default: break;
		}
	for (unsigned i = 0; i < n; i++)
		if (!patset_match(&wait_set, frames[i]) && !guilty_skip(frames[i]))
			return frames[i];
	return NULL;
}

const char *guilty_name(const char *fn, int *len)
{
#define P(s) s, sizeof(s) - 1
	static const struct {
		const char *s;
		size_t n;
	} prefixes[] = {
		{ P("SYSC_") },	       { P("SyS_") },	     { P("sys_") },	 { P("__x64_") },
		{ P("__ia32_") },      { P("__arm64_") },    { P("____sys_") },	 { P("___sys_") },
		{ P("__sys_") },       { P("__se_") },	     { P("__se_sys_") }, { P("__do_sys_") },
		{ P("compat_SYSC_") }, { P("compat_SyS_") }, { P("ksys_") },
	};
#undef P
	size_t best = 0;

	/* every event's title comes here: the prefixes start with '_', 'S', 's',
	 * 'c' or 'k' */
	if (fn[0] == '_' || fn[0] == 'S' || fn[0] == 's' || fn[0] == 'c' || fn[0] == 'k')
		for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
			size_t n = prefixes[i].n;
			if (n > best && fn[0] == prefixes[i].s[0] &&
			    !strncmp(fn, prefixes[i].s, n) && fn[n])
				best = n;
		}
	fn += best;
	*len = (int)strcspn(fn, ".");
	return fn;
}
