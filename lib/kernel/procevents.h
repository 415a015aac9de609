/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's process events connector (CONFIG_PROC_EVENTS): a netlink
 * multicast of every fork, exec, comm change and exit on the system, with the
 * exit status. memstress uses it to follow each workload's whole process tree
 * (stress-ng's stressors are grandchildren it cannot wait for) and to witness
 * which tasks died by SIGKILL.
 */
#ifndef MEMSTRESS_KERNEL_PROCEVENTS_H
#define MEMSTRESS_KERNEL_PROCEVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum pe_what { PE_FORK, PE_EXEC, PE_EXIT, PE_COMM };

struct pe_event {
	enum pe_what what;
	pid_t pid, tgid;       /* the task (child for PE_FORK) */
	pid_t ppid, ptgid;     /* PE_FORK: the parent */
	int exit_code;	       /* PE_EXIT: wait status style (signal in low 7 bits) */
	char comm[16];	       /* PE_COMM */
	uint64_t timestamp_ns; /* CLOCK_MONOTONIC in the kernel */
};

/* Subscribe; returns a non-blocking fd or a negative errno. Needs CAP_NET_ADMIN. */
int procevents_open(void);
bool procevents_available(void);
/* Read what is queued; returns the number of events stored (0: none), or -errno.
 * -ENOBUFS means events were lost (socket overrun). */
int procevents_read(int fd, struct pe_event *ev, size_t max);

#endif
