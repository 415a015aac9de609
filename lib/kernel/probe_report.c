// SPDX-License-Identifier: GPL-2.0
/*
 * The machine probe rendered for `memstress check`: a table for people and a
 * JSON object for machines, from one list of rows.
 */
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "probe.h"

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

struct row {
	const char *key;
	char value[256];
	bool ok;
};

static size_t rows(const struct machine *m, struct row *r)
{
	size_t n = 0;
	char mem[32];

#define ROW(k, ok_, ...)                                               \
	do {                                                           \
		r[n].key = (k);                                        \
		r[n].ok = (ok_);                                       \
		snprintf(r[n].value, sizeof(r[n].value), __VA_ARGS__); \
		n++;                                                   \
	} while (0)
	ROW("kernel", true, "%s %s, %u CPUs, %s RAM", m->release, m->machine, m->cpus,
	    bytes_human(m->mem_total, mem, sizeof(mem)));
	ROW("root", m->root, "%s", yesno(m->root));
	ROW("CAP_SYS_RESOURCE", m->cap_sys_resource, "%s%s", yesno(m->cap_sys_resource),
	    m->cap_sys_resource ? "" : " (oom_score_adj cannot go below 0 here)");
	ROW("cgroups", m->memcg_version > 0, "%s layout; memory controller: %s%s%s",
	    cgroup_layout_name(m->cgroup_layout),
	    m->memcg_version ? (m->memcg_version == 2 ? "v2 at " : "v1 at ") : "none",
	    m->memcg_mount,
	    m->memcg_version == 1 && !m->memcg_memsw ? " (no swap accounting)" : "");
	ROW("/dev/kmsg", m->kmsg, "%s", m->kmsg ? "readable" : "not readable");
	ROW("debugfs", m->debugfs[0] || m->debugfs_mountable, "%s",
	    m->debugfs[0]	 ? m->debugfs :
	    m->debugfs_mountable ? "not mounted (memstress mounts it)" :
				   "no");
	char inj[128];
	bool debugfs_inj = false;
	size_t o = 0;
	const struct injector *in;
	for (size_t i = 0; (in = injector_at(i)); i++) {
		o += (size_t)snprintf(inj + o, sizeof(inj) > o ? sizeof(inj) - o : 0, "%s %s, ",
				      in->name, yesno(m->injector[i]));
		debugfs_inj |= in->debugfs && m->injector[i];
	}
	ROW("fault injection", debugfs_inj, "%sstack filter %s", inj, yesno(m->stacktrace_filter));
	ROW("hung-task detector", m->hung_task, m->hung_task ? "yes (timeout %llds)" : "no%.0lld",
	    (long long)m->hung_task_timeout);
	ROW("PSI", m->psi, "%s", yesno(m->psi));
	ROW("swap", m->swap, "%s", m->swap ? "on" : "none (a VM run gets one with [vm] swap)");
	ROW("sysrq", m->sysrq, "%s", yesno(m->sysrq));
	ROW("lockdep", m->lockdep, "%s", yesno(m->lockdep));
	ROW("kallsyms", m->kallsyms, "%s", m->kallsyms ? "addresses visible" : "no addresses");
	ROW("loop devices", m->loop, "%s", yesno(m->loop));
	const struct fs_type *t;
	for (size_t i = 0; (t = fs_type_at(i)); i++) {
		const struct machine_fs *f = &m->fs[i];
		ROW(t->label, f->kernel && f->mkfs && f->fsck, "kernel %s, %s %s, %s %s",
		    yesno(f->kernel), t->mkfs, yesno(f->mkfs), t->fsck, yesno(f->fsck));
	}
	for (unsigned i = 0; i < m->n_programs; i++)
		ROW(m->programs[i].name, m->programs[i].found, "%s", m->programs[i].about);
	ROW("qemu", m->qemu != NULL, "%s", m->qemu ? m->qemu : "not installed");
	ROW("process events", m->proc_connector, "%s", yesno(m->proc_connector));
#undef ROW
	return n;
}

void machine_print(const struct machine *m, FILE *f)
{
	struct row r[32];
	size_t n = rows(m, r);

	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-20s %s\n", r[i].key, r[i].value);
}

json_object *machine_json(const struct machine *m)
{
	json_object *o = json_object_new_object();
	struct row r[32];
	size_t n = rows(m, r);

	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "ok", json_object_new_boolean(r[i].ok));
		json_object_object_add(x, "value", json_object_new_string(r[i].value));
		json_object_object_add(o, r[i].key, x);
	}
	json_object_object_add(o, "memcg_version", json_object_new_int(m->memcg_version));
	json_object_object_add(o, "kernel_release", json_object_new_string(m->release));
	return o;
}
