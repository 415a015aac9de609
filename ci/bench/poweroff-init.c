// SPDX-License-Identifier: GPL-2.0
/*
 * The bare-boot baseline of ci/bench/boot.sh: an init that powers the machine
 * off at once. Built static, booted as init= over the same 9p root.
 */
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync();
	reboot(RB_POWER_OFF);
	return 1;
}
