// SPDX-License-Identifier: GPL-2.0
/*
 * `memstress __guest`: the init of a memstress VM guest (lib/vm/guest.c).
 */
#include "cmd.h"
#include "vm/vm.h"

int cmd_guest(int argc, char **argv)
{
	return vm_guest_main(argc, argv);
}
