// SPDX-License-Identifier: GPL-2.0
/*
 * The families of checks, in the order results/README.md lists them and a
 * run judges them: the harness's own, the workloads', the kernel's by
 * family, then the VM's. Each family's rows are in its own file
 * (lib/runner/checks/<family>.c); a new family is that file and a line here.
 */
#include <string.h>

#include "checkdefs.h"

extern const struct check_family checks_harness, checks_workloads, checks_oom, checks_memcg,
	checks_kernel, checks_fs, checks_faults, checks_alloc, checks_leaks, checks_vm;

const struct check_family *const check_families[] = {
	&checks_harness, &checks_workloads, &checks_oom,    &checks_memcg,
	&checks_kernel,	 &checks_fs,	    &checks_faults, &checks_alloc,
	&checks_leaks,	 &checks_vm,	    NULL,
};

const struct check_def *check_def_find(const char *name)
{
	const struct check_def *d;

	for (size_t i = 0; (d = check_def_at(i)); i++) {
		size_t n = strlen(d->name);
		if (d->name[n - 1] == '.' ? !strncmp(name, d->name, n) && name[n] :
					    !strcmp(name, d->name))
			return d;
	}
	return NULL;
}

const struct check_def *check_def_at(size_t i)
{
	for (const struct check_family *const *f = check_families; *f; f++) {
		if (i < (*f)->n)
			return &(*f)->defs[i];
		i -= (*f)->n;
	}
	return NULL;
}
