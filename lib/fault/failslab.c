// SPDX-License-Identifier: GPL-2.0
/*
 * failslab (Documentation/fault-injection/fault-injection.rst): the slab
 * allocator's injector. cache-filter narrows it to the slab caches named,
 * each marked in /sys/kernel/slab/CACHE/failslab (merged caches share one
 * mark: a guest boots with slab_nomerge).
 */
#include <errno.h>
#include <stdio.h>

#include "core/fileio.h"
#include "core/log.h"
#include "core/strv.h"
#include "injector.h"
#include "scenario/scenario.h"

static int arm_own(const struct sc_fault *f, const struct knob_writer *w)
{
	int k;

	if (!f->caches)
		return 0;
	if ((k = w->set(w, "cache-filter", "Y")) < 0)
		return k;
	STRV_FOREACH(c, f->caches) {
		char p[512];
		snprintf(p, sizeof(p), "/sys/kernel/slab/%s/failslab", *c);
		if (!path_exists(p))
			return log_error_errno(-ENOENT,
					       "[fault.failslab] cache-filter: no slab cache '%s' "
					       "(see /sys/kernel/slab; boot with slab_nomerge)",
					       *c);
		if ((k = w->write(w, p, "1")) < 0)
			return k;
	}
	return 0;
}

const struct injector inj_failslab = {
	.name = "failslab",
	.where = "/sys/kernel/debug/failslab",
	.missing = "no /sys/kernel/debug/failslab (CONFIG_FAILSLAB); run with --kernel",
	.debugfs = "failslab",
	.probe_func = "should_failslab",
	.probe_args = "ret=$retval:s32",
	.probe_args_old = "ret=$retval:s32",
	.own_keys =
		(const struct injector_key[]){ { "cache-filter", "only failslab has slab caches" },
					       { 0 } },
	.arm_own = arm_own,
};
