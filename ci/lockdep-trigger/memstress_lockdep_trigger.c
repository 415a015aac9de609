// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberate fs_reclaim lock inversion, for checking that memstress's
 * console oracle reads a real lockdep report (ci/lockdep-trigger/README.md).
 * Loading it takes a mutex and allocates with GFP_KERNEL under it (the mutex
 * then comes before fs_reclaim), then takes the same mutex inside
 * fs_reclaim_acquire() (fs_reclaim before the mutex): lockdep reports
 * "possible circular locking dependency detected" with the fs_reclaim
 * pseudo-lock, the pattern of a filesystem lock taken both around an
 * allocation that may recurse into reclaim and from reclaim itself. No
 * deadlock happens: one task does both in turn. Refuses to load (-ENODEV)
 * afterwards, so nothing stays behind.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

static DEFINE_MUTEX(memstress_test_lock);

static int __init trigger_init(void)
{
	void *p;

	mutex_lock(&memstress_test_lock);
	p = kmalloc(64, GFP_KERNEL); /* memstress_test_lock -> fs_reclaim */
	kfree(p);
	mutex_unlock(&memstress_test_lock);

	fs_reclaim_acquire(GFP_KERNEL); /* as reclaim would: fs_reclaim -> memstress_test_lock */
	mutex_lock(&memstress_test_lock);
	mutex_unlock(&memstress_test_lock);
	fs_reclaim_release(GFP_KERNEL);
	return -ENODEV;
}

module_init(trigger_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memstress: a deliberate fs_reclaim lock inversion for lockdep");
