/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a scenario may hand on to the programs memstress runs for it. A
 * scenario may only make memstress change what memstress creates, so any
 * option that names another file or device (mkfs.xfs -l logdev=, -d name=,
 * mke2fs -J device=, -z, mount logdev=, journal_path=, fio filename=,
 * stress-ng --temp-path ...), runs a command (fio exec_prerun=), or changes
 * system-wide state (stress-ng --cpu-online, errors=panic on the host) is
 * refused, with the option named. mkfs and mount options are checked here,
 * against tables of what is allowed; stress-ng and fio, whose option lists
 * are long and grow, by their engines (lib/engine/stressng.c, fio.c), against
 * tables of what is refused, and no value of theirs may hold a '/' (a path)
 * or "${" (fio expands the environment).
 *
 * Each function returns 0, or -EINVAL with err saying which option and why.
 */
#ifndef MEMSTRESS_SCENARIO_PASSTHROUGH_H
#define MEMSTRESS_SCENARIO_PASSTHROUGH_H

#include <stdbool.h>
#include <stddef.h>

/* fs: a name of lib/fs's registry ([fs] type); vm_only: the scenario only
 * runs in a throwaway guest, so options that panic the kernel on an error
 * are allowed. */
int passthrough_mkfs(const char *fs, const char *options, bool vm_only, char *err, size_t len);
int passthrough_mount(const char *fs, const char *options, bool vm_only, char *err, size_t len);

#endif
