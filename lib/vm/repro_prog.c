// SPDX-License-Identifier: GPL-2.0
/*
 * memstress repro, last stage: the one fault as a program a maintainer runs
 * without memstress, as syzkaller's pkg/csource turns a reproducer into C.
 * RUN/repro/repro.c does fstx's one step on a fresh filesystem with
 * /proc/thread-self/fail-nth armed, the injectors' stack filter aimed at
 * the site as memstress aims it, then looks for the damage the run failed
 * on (kmemleak's new unreferenced objects; kernel reports in the log) and
 * prints "memstress-repro: REPRODUCED" or "NOT REPRODUCED". It is built
 * `cc -static` and runs as /init of an initramfs. RUN/repro/repro.sh does
 * that: builds it, makes the filesystem image with the run's mkfs command,
 * boots the run's kernel (or the one given) in QEMU and says which.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/scope.h"
#include "repro_int.h"
#include "report/writers.h"

/* The program after its parameters (the #defines written before it). */
static const char program[] =
	"#define _GNU_SOURCE\n"
	"#include <errno.h>\n"
	"#include <fcntl.h>\n"
	"#include <stdio.h>\n"
	"#include <stdlib.h>\n"
	"#include <string.h>\n"
	"#include <sys/mount.h>\n"
	"#include <sys/reboot.h>\n"
	"#include <sys/stat.h>\n"
	"#include <sys/xattr.h>\n"
	"#include <unistd.h>\n"
	"\n"
	"static void finish(int code)\n"
	"{\n"
	"\tfflush(stdout);\n"
	"\tsync();\n"
	"\tif (getpid() == 1)\n"
	"\t\treboot(RB_POWER_OFF);\n"
	"\texit(code);\n"
	"}\n"
	"\n"
	"static void die(const char *what)\n"
	"{\n"
	"\tprintf(\"memstress-repro: %s: %s\\n\", what, strerror(errno));\n"
	"\tfinish(2);\n"
	"}\n"
	"\n"
	"static void put(const char *dir, const char *knob, const char *v)\n"
	"{\n"
	"\tchar p[256];\n"
	"\tint fd;\n"
	"\n"
	"\tsnprintf(p, sizeof(p), \"%s/%s\", dir, knob);\n"
	"\tfd = open(p, O_WRONLY);\n"
	"\tif (fd < 0 || write(fd, v, strlen(v)) < 0)\n"
	"\t\tdie(p);\n"
	"\tclose(fd);\n"
	"}\n"
	"\n"
	"/* [*start, *end): the text of the named functions together, from\n"
	" * /proc/kallsyms (a function ends where the next symbol starts) */\n"
	"static int range(const char *const *names, unsigned long *start, unsigned long *end)\n"
	"{\n"
	"\tFILE *f = fopen(\"/proc/kallsyms\", \"r\");\n"
	"\tunsigned long a, want = 0, lo = 0, hi = 0;\n"
	"\tchar t, name[256];\n"
	"\tint found = 0;\n"
	"\n"
	"\tif (!f)\n"
	"\t\tdie(\"/proc/kallsyms\");\n"
	"\twhile (fscanf(f, \"%lx %c %255s%*[^\\n]\", &a, &t, name) == 3) {\n"
	"\t\tif (want && a > want) {\n"
	"\t\t\thi = a > hi ? a : hi;\n"
	"\t\t\twant = 0;\n"
	"\t\t}\n"
	"\t\tif (t != 't' && t != 'T')\n"
	"\t\t\tcontinue;\n"
	"\t\tfor (const char *const *n = names; *n; n++)\n"
	"\t\t\tif (!strcmp(name, *n) && a) {\n"
	"\t\t\t\tlo = !found || a < lo ? a : lo;\n"
	"\t\t\t\twant = a;\n"
	"\t\t\t\tfound = 1;\n"
	"\t\t\t}\n"
	"\t}\n"
	"\tfclose(f);\n"
	"\t*start = lo;\n"
	"\t*end = hi;\n"
	"\treturn found && hi > lo ? 0 : -1;\n"
	"}\n"
	"\n"
	"/* failslab and fail_page_alloc as memstress arms them for fail-nth: never\n"
	" * at random, sleeping allocations and single pages counted, only under\n"
	" * the site (and never kmemleak's own records of an allocation) */\n"
	"static void arm(void)\n"
	"{\n"
	"\tstatic const char *const site[] = { SITE, NULL };\n"
	"\tstatic const char *const kml[] = { \"__alloc_object\", \"__link_object\",\n"
	"\t\t\t\t\t   \"__create_object\", NULL };\n"
	"\tstatic const char *const kinds[] = { \"failslab\", \"fail_page_alloc\" };\n"
	"\tunsigned long s, e, ks, ke;\n"
	"\tchar v[32], d[64];\n"
	"\n"
	"\tif (range(site, &s, &e) < 0) {\n"
	"\t\tprintf(\"memstress-repro: %s is not in /proc/kallsyms\\n\", SITE);\n"
	"\t\tfinish(2);\n"
	"\t}\n"
	"\tint kmemleak = range(kml, &ks, &ke) == 0;\n"
	"\tfor (int i = 0; i < 2; i++) {\n"
	"\t\tsnprintf(d, sizeof(d), \"/sys/kernel/debug/%s\", kinds[i]);\n"
	"\t\tput(d, \"probability\", \"0\");\n"
	"\t\tput(d, \"interval\", \"1\");\n"
	"\t\tput(d, \"times\", \"-1\");\n"
	"\t\tput(d, \"space\", \"0\");\n"
	"\t\tput(d, \"verbose\", \"2\");\n"
	"\t\tput(d, \"task-filter\", \"N\");\n"
	"\t\tput(d, \"ignore-gfp-wait\", \"N\");\n"
	"\t\tif (i == 1) {\n"
	"\t\t\tput(d, \"ignore-gfp-highmem\", \"N\");\n"
	"\t\t\tput(d, \"min-order\", \"0\");\n"
	"\t\t}\n"
	"\t\tput(d, \"stacktrace-depth\", \"32\");\n"
	"\t\tsnprintf(v, sizeof(v), \"%lu\", s);\n"
	"\t\tput(d, \"require-start\", v);\n"
	"\t\tsnprintf(v, sizeof(v), \"%lu\", e);\n"
	"\t\tput(d, \"require-end\", v);\n"
	"\t\tif (kmemleak) {\n"
	"\t\t\tsnprintf(v, sizeof(v), \"%lu\", ks);\n"
	"\t\t\tput(d, \"reject-start\", v);\n"
	"\t\t\tsnprintf(v, sizeof(v), \"%lu\", ke);\n"
	"\t\t\tput(d, \"reject-end\", v);\n"
	"\t\t}\n"
	"\t}\n"
	"}\n"
	"\n"
	"/* what fstx's sweep does before the step, not under fail-nth */\n"
	"static void prepare(int dir)\n"
	"{\n"
	"\tchar buf[4096];\n"
	"\tint fd;\n"
	"\n"
	"\tif (!strcmp(OP, \"create\") || !strcmp(OP, \"mkdir\") || !strcmp(OP, \"tmpfile\"))\n"
	"\t\treturn;\n"
	"\tmemset(buf, 'm', sizeof(buf));\n"
	"\tfd = openat(dir, \"a\" NTH_S, O_CREAT | O_TRUNC | O_WRONLY, 0644);\n"
	"\tif (fd < 0 || write(fd, buf, sizeof(buf)) < 0 || fsync(fd) < 0)\n"
	"\t\tdie(\"preparing the file\");\n"
	"\tclose(fd);\n"
	"}\n"
	"\n"
	"/* the step: the operation's one system call */\n"
	"static int step(int dir, const char *path)\n"
	"{\n"
	"\tconst char *a = \"a\" NTH_S, *b = \"b\" NTH_S;\n"
	"\tchar p[512], v[64];\n"
	"\tint fd, r = 0;\n"
	"\n"
	"\tif (!strcmp(OP, \"create\")) {\n"
	"\t\tif ((fd = openat(dir, a, O_CREAT | O_EXCL | O_WRONLY, 0644)) < 0)\n"
	"\t\t\treturn -errno;\n"
	"\t\treturn close(fd) < 0 ? -errno : 0;\n"
	"\t}\n"
	"\tif (!strcmp(OP, \"mkdir\"))\n"
	"\t\treturn mkdirat(dir, a, 0755) < 0 ? -errno : 0;\n"
	"\tif (!strcmp(OP, \"rename\"))\n"
	"\t\treturn renameat(dir, a, dir, b) < 0 ? -errno : 0;\n"
	"\tif (!strcmp(OP, \"link\"))\n"
	"\t\treturn linkat(dir, a, dir, b, 0) < 0 ? -errno : 0;\n"
	"\tif (!strcmp(OP, \"unlink\"))\n"
	"\t\treturn unlinkat(dir, a, 0) < 0 ? -errno : 0;\n"
	"\tif (!strcmp(OP, \"setxattr\")) {\n"
	"\t\tmemset(v, 'x', sizeof(v));\n"
	"\t\tsnprintf(p, sizeof(p), \"%s/%s\", path, a);\n"
	"\t\treturn setxattr(p, \"user.fstx.sweep\", v, sizeof(v), 0) < 0 ? -errno : 0;\n"
	"\t}\n"
	"\tif ((fd = openat(dir, a, O_WRONLY)) < 0)\n"
	"\t\treturn -errno;\n"
	"\tif (!strcmp(OP, \"write\"))\n"
	"\t\tr = pwrite(fd, \"memstress\", 9, 8192) < 0 ? -errno : 0;\n"
	"\telse if (!strcmp(OP, \"truncate\"))\n"
	"\t\tr = ftruncate(fd, 100) < 0 ? -errno : 0;\n"
	"\telse if (!strcmp(OP, \"fallocate\"))\n"
	"\t\tr = fallocate(fd, 0, 65536, 65536) < 0 ? -errno : 0;\n"
	"\telse\n"
	"\t\tr = fsync(fd) < 0 ? -errno : 0;\n"
	"\tclose(fd);\n"
	"\treturn r;\n"
	"}\n"
	"\n"
	"/* kmemleak's report, after a scan: remember its objects (mode 0), or\n"
	" * count (1) or print (2) those it did not have before */\n"
	"static unsigned long seen[4096];\n"
	"static int n_seen;\n"
	"\n"
	"static int kmemleak(int mode)\n"
	"{\n"
	"\tconst char *k = \"/sys/kernel/debug/kmemleak\";\n"
	"\tchar line[512];\n"
	"\tint n = 0, fresh = 0;\n"
	"\tunsigned long a;\n"
	"\tFILE *f;\n"
	"\n"
	"\tint fd = open(k, O_WRONLY);\n"
	"\tif (fd < 0 || write(fd, \"scan\", 4) < 0)\n"
	"\t\treturn -1;\n"
	"\tclose(fd);\n"
	"\tif (!(f = fopen(k, \"r\")))\n"
	"\t\treturn -1;\n"
	"\twhile (fgets(line, sizeof(line), f)) {\n"
	"\t\tif (sscanf(line, \"unreferenced object 0x%lx\", &a) == 1) {\n"
	"\t\t\tfresh = 1;\n"
	"\t\t\tfor (int i = 0; i < n_seen; i++)\n"
	"\t\t\t\tfresh &= seen[i] != a;\n"
	"\t\t\tif (mode == 0 && n_seen < 4096)\n"
	"\t\t\t\tseen[n_seen++] = a;\n"
	"\t\t\tn += fresh;\n"
	"\t\t}\n"
	"\t\tif (mode == 2 && fresh)\n"
	"\t\t\tfputs(line, stdout);\n"
	"\t}\n"
	"\tfclose(f);\n"
	"\treturn n;\n"
	"}\n"
	"\n"
	"/* the kernel's reports in its log since fd was last read: BUG, Oops,\n"
	" * WARNING, a general protection fault */\n"
	"static int reports(int fd)\n"
	"{\n"
	"\tstatic const char *const starts[] = { \"WARNING:\", \"BUG:\", \"Oops\",\n"
	"\t\t\t\t\t       \"kernel BUG at\", \"general protection fault\" };\n"
	"\tchar rec[2048];\n"
	"\tssize_t k;\n"
	"\tint n = 0;\n"
	"\n"
	"\twhile (fd >= 0 && ((k = read(fd, rec, sizeof(rec) - 1)) > 0 || (k < 0 && errno == EPIPE))) {\n"
	"\t\tif (k <= 0)\n"
	"\t\t\tcontinue;\n"
	"\t\trec[k] = 0;\n"
	"\t\tconst char *m = strchr(rec, ';');\n"
	"\t\tfor (size_t i = 0; m && i < sizeof(starts) / sizeof(starts[0]); i++)\n"
	"\t\t\tif (!strncmp(m + 1, starts[i], strlen(starts[i]))) {\n"
	"\t\t\t\tprintf(\"memstress-repro: kernel report: %s\", m + 1);\n"
	"\t\t\t\tn++;\n"
	"\t\t\t\tbreak;\n"
	"\t\t\t}\n"
	"\t}\n"
	"\treturn n;\n"
	"}\n"
	"\n"
	"/* the step: prepare, arm fail-nth, the one call; 1 when it fired. In\n"
	" * init itself: a child's kernel stack, cached after its exit, would keep\n"
	" * the pointer a leak dropped, and kmemleak would not see the leak. An\n"
	" * Oops here kills init: repro.sh reads that from the console. */\n"
	"static int step_task(const char *path)\n"
	"{\n"
	"\tchar v[16];\n"
	"\tint dir = open(path, O_RDONLY | O_DIRECTORY);\n"
	"\n"
	"\tif (dir < 0)\n"
	"\t\tdie(path);\n"
	"\tprepare(dir);\n"
	"\tint nth = open(\"/proc/thread-self/fail-nth\", O_RDWR);\n"
	"\tif (nth < 0)\n"
	"\t\tdie(\"/proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)\");\n"
	"\tsnprintf(v, sizeof(v), \"%d\", NTH);\n"
	"\tif (write(nth, v, strlen(v)) < 0)\n"
	"\t\tdie(\"fail-nth\");\n"
	"\tint r = step(dir, path);\n"
	"\tssize_t k = pread(nth, v, sizeof(v) - 1, 0);\n"
	"\tv[k > 0 ? k : 0] = 0;\n"
	"\tint fired = k > 0 && atoi(v) == 0;\n"
	"\tif (write(nth, \"0\", 1) < 0)\n"
	"\t\tdie(\"fail-nth\");\n"
	"\tprintf(\"memstress-repro: %s returned %s; fail-nth %s\\n\", OP,\n"
	"\t       r < 0 ? strerror(-r) : \"0\", fired ? \"fired\" : \"did not fire\");\n"
	"\tclose(dir);\n"
	"\tclose(nth);\n"
	"\treturn fired;\n"
	"}\n"
	"\n"
	"int main(void)\n"
	"{\n"
	"\tchar path[64];\n"
	"\tint leaks = 0, found = 0;\n"
	"\n"
	"\tif (getpid() == 1) {\n"
	"\t\tmount(\"proc\", \"/proc\", \"proc\", 0, NULL);\n"
	"\t\tmount(\"sysfs\", \"/sys\", \"sysfs\", 0, NULL);\n"
	"\t\tmount(\"devtmpfs\", \"/dev\", \"devtmpfs\", 0, NULL);\n"
	"\t\tint con = open(\"/dev/console\", O_RDWR);\n"
	"\t\tif (con >= 0) {\n"
	"\t\t\tdup2(con, 0);\n"
	"\t\t\tdup2(con, 1);\n"
	"\t\t\tdup2(con, 2);\n"
	"\t\t}\n"
	"\t}\n"
	"\tsetvbuf(stdout, NULL, _IOLBF, 0);\n"
	"\tmount(\"debugfs\", \"/sys/kernel/debug\", \"debugfs\", 0, NULL);\n"
	"\tprintf(\"memstress-repro: %s on %s: fstx's %s alone, fail-nth %d under %s\\n\",\n"
	"\t       RUN, FSTYPE, OP, NTH, SITE);\n"
	"\t/* what kmemleak reports of the boot is not the step's: an object is\n"
	"\t * reported once 5 s old, so the boot's are all reportable 6 s from now */\n"
	"\tif (WANT_LEAK) {\n"
	"\t\tsleep(6);\n"
	"\t\tif (kmemleak(0) < 0) {\n"
	"\t\t\tprintf(\"memstress-repro: no kmemleak (boot with kmemleak=on)\\n\");\n"
	"\t\t\tfinish(2);\n"
	"\t\t}\n"
	"\t}\n"
	"\t/* nor are the boot's reports */\n"
	"\tint kmsg = open(\"/dev/kmsg\", O_RDONLY | O_NONBLOCK);\n"
	"\tif (kmsg >= 0)\n"
	"\t\tlseek(kmsg, 0, SEEK_END);\n"
	"\tarm();\n"
	"\tmkdir(\"/mnt\", 0755);\n"
	"\tif (mount(DEVICE, \"/mnt\", FSTYPE, 0, MOUNT_OPTS[0] ? MOUNT_OPTS : NULL) < 0)\n"
	"\t\tdie(\"mount \" DEVICE);\n"
	"\tsnprintf(path, sizeof(path), \"/mnt/sweep.%s\", OP);\n"
	"\tif (mkdir(path, 0755) < 0)\n"
	"\t\tdie(path);\n"
	"\tint fired = step_task(path);\n"
	"\tif (umount(\"/mnt\") < 0)\n"
	"\t\tprintf(\"memstress-repro: umount: %s\\n\", strerror(errno));\n"
	"\tif (WANT_LEAK) {\n"
	"\t\t/* the dropped pointer can linger in init's kernel stack, below\n"
	"\t\t * where the step's calls went: scanned, it would hide the leak */\n"
	"\t\tint fd = open(\"/sys/kernel/debug/kmemleak\", O_WRONLY);\n"
	"\t\tif (fd < 0 || write(fd, \"stack=off\", 9) < 0)\n"
	"\t\t\tprintf(\"memstress-repro: kmemleak stack=off: %s\\n\", strerror(errno));\n"
	"\t\tif (fd >= 0)\n"
	"\t\t\tclose(fd);\n"
	"\t\tsleep(6); /* kmemleak reports objects 5 s old */\n"
	"\t\tkmemleak(1);\n"
	"\t\tleaks = kmemleak(1); /* twice, as kmemleak.rst advises */\n"
	"\t\tif (leaks > 0) {\n"
	"\t\t\tkmemleak(2);\n"
	"\t\t\tprintf(\"memstress-repro: kmemleak: %d new unreferenced object(s)\\n\", leaks);\n"
	"\t\t\tfound = 1;\n"
	"\t\t}\n"
	"\t}\n"
	"\tif (WANT_REPORT && reports(kmsg) > 0)\n"
	"\t\tfound = 1;\n"
	"\tif (!fired)\n"
	"\t\tprintf(\"memstress-repro: NOT REPRODUCED: the fault did not fire (the kernel differs?)\\n\");\n"
	"\telse if (found)\n"
	"\t\tprintf(\"memstress-repro: REPRODUCED: %s\\n\", WHAT);\n"
	"\telse\n"
	"\t\tprintf(\"memstress-repro: NOT REPRODUCED: %s\\n\", WHAT_NOT);\n"
	"\tfinish(found ? 0 : 1);\n"
	"\treturn 0;\n"
	"}\n";

static bool wants(const struct repro_ctx *c, const char *check)
{
	const char *p = strstr(c->want, check);
	size_t n = strlen(check);

	return p && (p == c->want || p[-1] == ' ' || p[-1] == ',') &&
	       (p[n] == '\0' || p[n] == ' ' || p[n] == ',');
}

static int write_c(struct repro_ctx *c, const struct repro_fault *f)
{
	bool leak = wants(c, "kernel.no_leaks");
	bool report = wants(c, "kernel.no_warnings") || wants(c, "kernel.no_oops");
	_cleanup_fclose_ FILE *o = repro_open(c, "repro.c", "we");

	if (!o)
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return -errno;
	fprintf(o,
		"// SPDX-License-Identifier: GPL-2.0\n"
		"/*\n"
		" * memstress repro of %s\n"
		" * (kernel %s), standalone: one fault.\n"
		" * On a fresh %s, fstx's %s alone, with /proc/thread-self/fail-nth %u\n"
		" * counting only allocations under %s\n"
		" * (failslab and fail_page_alloc's stack filter, as memstress armed\n"
		" * them). The run failed %s;\n"
		" * this program looks for %s.\n"
		" *\n"
		" * Build: cc -static -O2 -o repro repro.c\n"
		" * Run: as /init of an initramfs with %s on /dev/vda (repro.sh does it),\n"
		" * or as root where DEVICE holds a fresh %s and kmemleak is on.\n"
		" * Prints \"memstress-repro: REPRODUCED\" or \"NOT REPRODUCED\".\n"
		" */\n"
		"#define RUN \"%s\"\n#define SITE \"%s\"\n#define OP \"%s\"\n#define NTH %u\n"
		"#define NTH_S \"%u\"\n#define FSTYPE \"%s\"\n#define DEVICE \"/dev/vda\"\n"
		"#define MOUNT_OPTS \"%s\"\n"
		"#define WANT_LEAK %d\n#define WANT_REPORT %d\n#define WHAT \"%s\"\n"
		"#define WHAT_NOT \"%s\"\n\n",
		jstr(c->root, "run_id"), jstr(jget(c->root, "target"), "kernel_release"), f->fs,
		f->op, f->n, f->site, c->want,
		leak   ? "kmemleak's new unreferenced objects" :
		report ? "kernel reports in the log" :
			 "what it can: this failure is judged by memstress only (run repro.ini)",
		f->fs, f->fs, jstr(c->root, "run_id"), f->site, f->op, f->n, f->n, f->fs,
		f->mount_opts, leak, report,
		leak   ? "kmemleak found new unreferenced objects" :
		report ? "the kernel printed a report" :
			 "memstress judges this failure (run repro.ini)",
		leak   ? "kmemleak found no new unreferenced object" :
		report ? "the kernel printed no report" :
			 "memstress judges this failure (run repro.ini)");
	fputs(program, o);
	if (fflush(o) != 0 || ferror(o))
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return log_error_errno(-EIO, "cannot write %s/repro.c", c->dir);
	/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
	return 0;
}

/* The run's mkfs command line, with the image for its device (the last
 * argument, where memstress puts the device or image it made). */
static void mkfs_line(json_object *root, FILE *o)
{
	json_object *argv = jpath(root, "fs.mkfs.argv");
	size_t n = jarr_len(argv);

	for (size_t i = 0; i < n; i++) {
		const char *a = json_object_get_string(json_object_array_get_idx(argv, i));
		if (i)
			fputc(' ', o);
		if (i == n - 1)
			fputs("\"$tmp/disk.img\"", o);
		else
			fprintf(o, "'%s'", a ? a : "");
	}
	if (!jarr_len(argv))
		fprintf(o, "mkfs.%s -q \"$tmp/disk.img\"", jstr(jget(root, "fs"), "type"));
}

static int write_sh(struct repro_ctx *c, const struct repro_fault *f)
{
	bool report = wants(c, "kernel.no_warnings") || wants(c, "kernel.no_oops");
	long long size = jint(jget(c->root, "fs"), "size", 512LL << 20);
	long long mem = jint(jget(c->root, "vm"), "memory", 768LL << 20);
	_cleanup_fclose_ FILE *o = repro_open(c, "repro.sh", "we");

	if (!o)
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return -errno;
	fprintf(o,
		"#!/bin/sh\n"
		"# memstress repro of %s:\n"
		"# boots the kernel with repro.c as /init of an initramfs and a fresh %s\n"
		"# image as /dev/vda, and says whether the one fault (fstx's %s,\n"
		"# fail-nth %u under %s) reproduced.\n"
		"#\n"
		"#   repro.sh [BZIMAGE]   default: the run's kernel\n"
		"#\n"
		"# Needs cc with a static libc (libc6-dev), cpio, gzip, qemu-system-x86_64\n"
		"# and the mkfs the run used. ACCEL=kvm where /dev/kvm works (default tcg).\n"
		"# Exit: 0 reproduced, 1 not, 2 the guest did not say.\n"
		"set -eu\n"
		"here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
		"kernel=${1:%s%s%s}\n"
		"tmp=$(mktemp -d)\n"
		"trap 'rm -rf \"$tmp\"' EXIT\n"
		"cc -static -O2 -o \"$tmp/init\" \"$here/repro.c\"\n"
		"mkdir -p \"$tmp/root/dev\" \"$tmp/root/proc\" \"$tmp/root/sys\" \"$tmp/root/mnt\"\n"
		"cp \"$tmp/init\" \"$tmp/root/init\"\n"
		"(cd \"$tmp/root\" && find . | cpio -o -H newc --quiet) | gzip >\"$tmp/initrd.gz\"\n"
		"truncate -s %lld \"$tmp/disk.img\"\n",
		jstr(c->root, "run_id"), f->fs, f->op, f->n, f->site, c->image[0] ? "-'" : "?",
		c->image[0] ? c->image : "give the bzImage to boot (the run was on the host)",
		c->image[0] ? "'" : "", size);
	mkfs_line(c->root, o);
	fprintf(o,
		" >/dev/null\n"
		"timeout 900 qemu-system-x86_64 -machine \"q35,accel=${ACCEL:-tcg}\" -m %lldM -smp 2 \\\n"
		"\t-nographic -no-reboot -net none -kernel \"$kernel\" -initrd \"$tmp/initrd.gz\" \\\n"
		"\t-drive \"file=$tmp/disk.img,format=raw,if=virtio\" \\\n"
		"\t-append 'console=ttyS0,115200 panic=-1 slab_nomerge kmemleak=on rdinit=/init' \\\n"
		"\t</dev/null | tee \"$tmp/console.log\"\n"
		"if grep -q '^memstress-repro: REPRODUCED' \"$tmp/console.log\"; then\n"
		"\techo 'repro.sh: reproduced'\n"
		"\texit 0\n"
		"elif grep -q '^memstress-repro: NOT REPRODUCED' \"$tmp/console.log\"; then\n"
		"\techo 'repro.sh: not reproduced'\n"
		"\texit 1\n"
		"fi\n"
		"# the step can kill init (an Oops in it): the console has the report\n"
		"if [ %d = 1 ] && sed -n '/^memstress-repro: .* alone, fail-nth/,$p' \"$tmp/console.log\" |\n"
		"\tgrep -Eq '(WARNING:|BUG:|Oops|kernel BUG at|general protection fault)'; then\n"
		"\techo 'repro.sh: reproduced (the kernel reported it, and init died)'\n"
		"\texit 0\n"
		"fi\n"
		"echo 'repro.sh: the guest did not say (see the console above)'\n"
		"exit 2\n",
		mem >> 20, report);
	if (fflush(o) != 0 || ferror(o))
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return log_error_errno(-EIO, "cannot write %s/repro.sh", c->dir);
	/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
	return 0;
}

int repro_write_program(struct repro_ctx *c, const struct repro_fault *f)
{
	char p[4400];
	int k;

	if ((k = write_c(c, f)) < 0 || (k = write_sh(c, f)) < 0)
		return k;
	snprintf(p, sizeof(p), "%s/repro.sh", c->dir);
	if (chmod(p, 0755) < 0)
		return log_error_errno(-errno, "cannot chmod %s: %m", p);
	return 0;
}
