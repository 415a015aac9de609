// SPDX-License-Identifier: GPL-2.0
/*
 * A VM's guest, judged from the host (lib/vm): whether it booted, stayed
 * alive and finished. The host emits them from the console and QEMU's end.
 */
#include "judge.h"

/* clang-format off */
static const struct check_def defs[] = {
	{ "vm.boot", NULL, "the guest did not start memstress" },
	{ "vm.panic", NULL, "the guest's kernel panicked" },
	{ "vm.responsive", NULL, "the guest went silent" },
	{ "vm.completed", NULL, "the guest's run did not finish" },
	{ "vm.emulator", NULL, "(error) QEMU died or failed" },
};
/* clang-format on */

const struct check_family checks_vm = { "a VM's guest", defs, ARRAY_SIZE(defs) };
