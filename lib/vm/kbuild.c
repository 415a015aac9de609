// SPDX-License-Identifier: GPL-2.0
/*
 * Building a kernel with fault injection. The source is a tarball (default:
 * Debian's linux-source-6.12, installed with apt-get when missing) or a
 * kernel tree (a git checkout, for bisecting). The config is allnoconfig plus
 * the fragments (ci/kconfig, embedded in the binary): KCONFIG_ALLCONFIG makes
 * every option in them stick unless Kconfig cannot satisfy it, and every
 * option is then verified in the resulting .config — a build stops with the
 * list of those that did not stick.
 *
 * Builds are cached under <cache>/kernels/<key> where key hashes the source
 * identity (tarball path, size and mtime; or tree path, HEAD and the diff)
 * and the fragments. Object directories are kept per (source location,
 * fragments), not per commit, so rebuilding a tree after `git bisect` moves
 * is incremental.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "vm.h"

#define DEFAULT_TARBALL "/usr/src/linux-source-6.12.tar.xz"
#define DEFAULT_PACKAGE "linux-source-6.12"

static const struct {
	const char *name;
	const char *text;
} optional_fragments[] = {
	{ "lockdep", kconfig_lockdep },
	{ "kasan", kconfig_kasan },
	{ "kmemleak", kconfig_kmemleak },
	{ "page_owner", kconfig_page_owner },
};

static int run_quiet(char **argv, char **out)
{
	int status;
	int k = run_capture(argv, out, &status);

	if (k < 0)
		return k;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* --- source ------------------------------------------------------------------ */

static int ensure_default_source(bool quiet)
{
	if (path_exists(DEFAULT_TARBALL))
		return 0;
	if (!quiet)
		fprintf(log_stderr(), "memstress: installing %s (apt-get)\n", DEFAULT_PACKAGE);
	char *argv[] = { "apt-get",	  "install", "-y", "--no-install-recommends",
			 DEFAULT_PACKAGE, NULL };
	_cleanup_free_ char *out = NULL;
	int k = run_quiet(argv, &out);
	if (k != 0 || !path_exists(DEFAULT_TARBALL)) {
		log_error("cannot install %s: %s", DEFAULT_PACKAGE, out ? out : "apt-get failed");
		return -ENOENT;
	}
	return 0;
}

/* A string that changes whenever the source does. */
static int source_identity(const char *src, bool *is_tree, char **ret)
{
	struct stat st;

	if (stat(src, &st) < 0)
		return -errno;
	*is_tree = S_ISDIR(st.st_mode);
	if (!*is_tree)
		return asprintf(ret, "tarball:%s:%lld:%lld", src, (long long)st.st_size,
				(long long)st.st_mtime) < 0 ?
			       -ENOMEM :
			       0;
	_cleanup_free_ char *head = NULL, *diff = NULL;
	char *a[] = { "git", "-C", (char *)src, "rev-parse", "HEAD", NULL };
	char *b[] = { "git", "-C", (char *)src, "diff", "HEAD", NULL };
	if (run_quiet(a, &head) != 0) {
		/* not git: no identity to trust; use the newest Makefile time as a hint */
		return asprintf(ret, "tree:%s:nogit:%lld", src, (long long)st.st_mtime) < 0 ?
			       -ENOMEM :
			       0;
	}
	(void)run_quiet(b, &diff);
	char dh[65];
	sha256_hex(diff ? diff : "", diff ? strlen(diff) : 0, dh);
	head[strcspn(head, "\n")] = 0;
	return asprintf(ret, "tree:%s:%s:%s", src, head, dh) < 0 ? -ENOMEM : 0;
}

static int extract(const char *tarball, const char *dest, char *tree, size_t len, bool quiet)
{
	char marker[4200];
	int k;

	snprintf(marker, sizeof(marker), "%s/.memstress-extracted", dest);
	if (!path_exists(marker)) {
		if (!quiet)
			fprintf(log_stderr(), "memstress: extracting %s\n", tarball);
		(void)rm_rf(dest);
		if ((k = mkdir_p(dest, 0755)) < 0)
			return k;
		char *argv[] = { "tar", "-C", (char *)dest, "-xf", (char *)tarball, NULL };
		_cleanup_free_ char *out = NULL;
		if (run_quiet(argv, &out) != 0) {
			log_error("cannot extract '%s': %s", tarball, out ? out : "tar failed");
			return -EIO;
		}
		(void)write_atomic(marker, "ok\n", 3);
	}
	/* the tarball holds one top-level directory */
	_cleanup_closedir_ DIR *d = opendir(dest);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		snprintf(tree, len, "%s/%s", dest, e->d_name);
		char mk[4400];
		snprintf(mk, sizeof(mk), "%s/Makefile", tree);
		if (path_exists(mk))
			return 0;
	}
	log_error("'%s' does not look like a kernel source tarball", tarball);
	return -EINVAL;
}

/* --- config ------------------------------------------------------------------- */

static char *merged_fragments(const struct kbuild_opts *o, int *err)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	*err = 0;
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	fputs(kconfig_memstress, f);
	STRV_FOREACH(w, o->with) {
		bool found = false;
		for (size_t i = 0; i < sizeof(optional_fragments) / sizeof(optional_fragments[0]);
		     i++)
			if (!strcmp(optional_fragments[i].name, *w)) {
				fputs(optional_fragments[i].text, f);
				found = true;
			}
		if (!found) {
			log_error("--with %s: no such option (lockdep, kasan)", *w);
			*err = -EINVAL;
		}
	}
	STRV_FOREACH(p, o->fragments) {
		_cleanup_free_ char *t = NULL;
		int k = read_full_file(*p, 1 << 20, &t, NULL);
		if (k < 0) {
			log_error("config fragment '%s': %s", *p, strerror(-k));
			*err = k;
		} else
			fprintf(f, "\n%s\n", t);
	}
	fclose(f);
	if (*err) {
		free(out);
		return NULL;
	}
	return out;
}

static int verify(const char *frag, const char *config, char ***missing);

/*
 * Every CONFIG_X=value line of the fragments must be in the .config text as
 * is. why: say each missing option with the comment line above its group.
 */
static int verify_text(const char *frag, const char *cfg, bool why, char ***missing)
{
	_cleanup_free_ char *copy = strdup(frag);
	char **miss = NULL;
	const char *group = "";

	if (!copy)
		return -ENOMEM;
	bool in_comment = false;
	for (char *rest = copy, *l; (l = strsep(&rest, "\n"));) {
		bool comment = !strncmp(l, "# ", 2) && strncmp(l, "# CONFIG_", 9);
		if (comment && !in_comment)
			group = l + 2; /* a group's comment: its first line says what needs it */
		in_comment = comment;
		if (strncmp(l, "CONFIG_", 7))
			continue;
		char want[512], later[256];
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		/* a later fragment may set it again (--with kmemleak): the last one counts */
		snprintf(later, sizeof(later), "\n%.*s", (int)(eq - l + 1), l);
		if (strstr(frag + (l - copy) + strlen(l), later))
			continue;
		if (!strcmp(eq, "=n"))
			snprintf(want, sizeof(want), "# %.*s is not set", (int)(eq - l), l);
		else
			snprintf(want, sizeof(want), "%s", l);
		bool found = false;
		for (const char *p = cfg; (p = strstr(p, want)); p++)
			if ((p == cfg || p[-1] == '\n') &&
			    (p[strlen(want)] == '\n' || !p[strlen(want)])) {
				found = true;
				break;
			}
		if (found || (eq && !strcmp(eq, "=n") && !strstr(cfg, l)))
			continue;
		if (why && *group)
			strv_extendf(&miss, "%s: %s", l, group);
		else
			strv_extend(&miss, l);
	}
	*missing = miss;
	return 0;
}

static int verify(const char *frag, const char *config, char ***missing)
{
	_cleanup_free_ char *cfg = NULL;
	int k = read_full_file(config, 16 << 20, &cfg, NULL);

	return k < 0 ? k : verify_text(frag, cfg, false, missing);
}

int kbuild_verify_config(const char *config, char ***missing)
{
	return verify(kconfig_memstress, config, missing);
}

int kconfig_requirements_missing(const char *config_text, char ***missing)
{
	return verify_text(kconfig_requirements, config_text, true, missing);
}

/* --- building ---------------------------------------------------------------------- */

static int make(const char *tree, const char *out, const char *logpath, char **extra, bool quiet,
		const char *what)
{
	_cleanup_strv_free_ char **argv = NULL;
	_cleanup_close_ int log = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	int pipefd[2], status = 0;
	pid_t pid;
	double t0 = mono_s();
	unsigned lines = 0;

	if (log < 0 || pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	strv_extend(&argv, "make");
	strv_extendf(&argv, "-C%s", tree);
	strv_extendf(&argv, "O=%s", out);
	strv_extend_strv(&argv, extra);
	struct spawn_opts so = { .argv = argv,
				 .stdin_fd = -1,
				 .stdout_fd = pipefd[1],
				 .stderr_fd = pipefd[1],
				 .pdeathsig = SIGKILL };
	int k = spawn(&so, &pid, NULL);
	close(pipefd[1]);
	if (k < 0) {
		close(pipefd[0]);
		return k;
	}
	FILE *in = fdopen(pipefd[0], "r");
	char line[4096];
	bool tty = isatty(fileno(log_stderr()));
	double last = 0;
	while (in && fgets(line, sizeof(line), in)) {
		(void)!write(log, line, strlen(line));
		lines++;
		if (quiet)
			continue;
		double now = mono_s();
		if (tty && now - last > 0.2) {
			line[strcspn(line, "\n")] = 0;
			fprintf(log_stderr(), "\r\033[K[%s %4.0fs] %.70s", what, now - t0, line);
			last = now;
		} else if (!tty && now - last > 30) {
			fprintf(log_stderr(), "memstress: %s: %.0fs, %u lines of output\n", what,
				now - t0, lines);
			last = now;
		}
	}
	if (in)
		fclose(in);
	waitpid(pid, &status, 0);
	if (!quiet && tty)
		fputs("\r\033[K", log_stderr());
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void log_tail(const char *logpath)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;

	if (read_full_file(logpath, 64 << 20, &buf, &len) < 0)
		return;
	size_t start = len;
	for (int n = 0; start > 0 && n <= 25; start--)
		if (buf[start - 1] == '\n')
			n++;
	fprintf(log_stderr(), "%s", buf + start);
}

/* One build's places and names. */
struct kb {
	const struct kbuild_opts *o;
	const char *base, *frag, *identity;
	char key[65];
	char srcreal[4096];
	char tree[4200];    /* the source tree (extracted from a tarball, or the tree itself) */
	char kdir[4400];    /* the cache entry: bzImage, config, meta.json, build.log */
	char bdir[4400];    /* the objects */
	char cfgfrag[4600]; /* the merged fragment, memstress.config */
	char logpath[4600];
	unsigned jobs;
	char *rel; /* kernelrelease */
};

/* Where the objects go (per tree location and config, so that a bisect's
 * steps are incremental) and where the source is. */
static int kb_places(struct kb *b, bool is_tree)
{
	_cleanup_free_ char *loctext = NULL, *stext = NULL;
	char lockey[65], skey[65], sdir[4200];

	if (asprintf(&loctext, "%s\n%s\n%s\n", is_tree ? b->srcreal : b->identity, b->base,
		     b->frag) < 0)
		return -ENOMEM;
	sha256_hex(loctext, strlen(loctext), lockey);
	snprintf(b->bdir, sizeof(b->bdir), "%s/build/%.16s", vm_cache_dir(), lockey);
	if (b->o->no_cache) {
		snprintf(b->bdir, sizeof(b->bdir), "%s/build/scratch-%d", vm_cache_dir(),
			 (int)getpid());
		(void)rm_rf(b->bdir);
	}
	if (is_tree) {
		snprintf(b->tree, sizeof(b->tree), "%s", b->srcreal);
		return 0;
	}
	if (asprintf(&stext, "%s", b->identity) < 0)
		return -ENOMEM;
	sha256_hex(stext, strlen(stext), skey);
	snprintf(sdir, sizeof(sdir), "%s/src/%.16s", vm_cache_dir(), skey);
	return extract(b->srcreal, sdir, b->tree, sizeof(b->tree), b->o->quiet);
}

/* .config: allnoconfig with the fragment, or a base config with it merged on top. */
static int kb_configure(struct kb *b)
{
	_cleanup_strv_free_ char **cfgargs = NULL, **missing = NULL;
	char cfg[4600];
	int k;

	if (!b->o->quiet)
		fprintf(log_stderr(), "memstress: configuring %s (%s + memstress fragment) in %s\n",
			b->tree, b->base, b->bdir);
	if (!strcmp(b->base, "allnoconfig")) {
		strv_extendf(&cfgargs, "KCONFIG_ALLCONFIG=%s", b->cfgfrag);
		strv_extend(&cfgargs, "allnoconfig");
	} else {
		/* defconfig-based (the benchmark's baseline): merge the fragment on top */
		strv_extend(&cfgargs, b->base);
	}
	k = make(b->tree, b->bdir, b->logpath, cfgargs, b->o->quiet, "config");
	snprintf(cfg, sizeof(cfg), "%s/.config", b->bdir);
	if (k == 0 && strcmp(b->base, "allnoconfig")) {
		_cleanup_free_ char *mo = NULL, *script = NULL;
		if (asprintf(&script, "%s/scripts/kconfig/merge_config.sh", b->tree) < 0)
			return -ENOMEM;
		char *merge[] = { script, "-m", "-O", b->bdir, cfg, b->cfgfrag, NULL };
		char *od[] = { "olddefconfig", NULL };
		k = run_quiet(merge, &mo);
		if (k == 0)
			k = make(b->tree, b->bdir, b->logpath, od, b->o->quiet, "config");
	}
	if (k != 0) {
		log_error("configuring the kernel failed (exit %d); the end of %s:", k, b->logpath);
		log_tail(b->logpath);
		return -EIO;
	}
	if ((k = verify(b->frag, cfg, &missing)) < 0)
		return k;
	if (missing) {
		_cleanup_free_ char *list = strv_join(missing, "\n  ");
		log_error(
			"the kernel config lacks options memstress needs (Kconfig could not set them):\n  %s",
			list);
		return -EINVAL;
	}
	return 0;
}

/* bzImage (and the modules, where there are any), copied into the cache entry. */
static int kb_make_image(struct kb *b)
{
	_cleanup_strv_free_ char **buildargs = NULL, **nomodules = NULL;
	char from[4600], to[4600], oarg[4600];
	int k;

	b->jobs = b->o->jobs ? b->o->jobs : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	strv_extendf(&buildargs, "-j%u", b->jobs);
	strv_extend(&buildargs, "bzImage");
	/* With loadable modules, build them too: Module.symvers lets an out-of-tree module
	 * (ci/lockdep-trigger) build against the objects ("objects" in meta.json). */
	snprintf(from, sizeof(from), "%s/.config", b->bdir);
	if (verify("CONFIG_MODULES=y\n", from, &nomodules) == 0 && !nomodules)
		strv_extend(&buildargs, "modules");
	if (!b->o->quiet)
		fprintf(log_stderr(), "memstress: building with %u jobs (log: %s)\n", b->jobs,
			b->logpath);
	k = make(b->tree, b->bdir, b->logpath, buildargs, b->o->quiet, "build");
	if (k != 0) {
		log_error("the kernel build failed (exit %d); the end of %s:", k, b->logpath);
		log_tail(b->logpath);
		return -EIO;
	}
	snprintf(from, sizeof(from), "%s/arch/x86/boot/bzImage", b->bdir);
	snprintf(to, sizeof(to), "%s/bzImage", b->kdir);
	if ((k = copy_file(from, to)) < 0)
		return log_error_errno(k, "cannot copy the kernel to '%s': %m", to);
	snprintf(from, sizeof(from), "%s/.config", b->bdir);
	snprintf(to, sizeof(to), "%s/config", b->kdir);
	(void)copy_file(from, to);
	snprintf(oarg, sizeof(oarg), "O=%s", b->bdir);
	char *kr[] = { "make", "-s", "-C", b->tree, oarg, "kernelrelease", NULL };
	(void)run_quiet(kr, &b->rel);
	if (b->rel)
		b->rel[strcspn(b->rel, "\n")] = 0;
	return 0;
}

/* The build's record, meta.json; "objects" is where an out-of-tree module builds against. */
static void kb_record(const struct kb *b, double took)
{
	struct {
		const char *key, *val;
	} fields[] = {
		{ "source", b->srcreal },
		{ "identity", b->identity },
		{ "base", b->base },
		{ "key", b->key },
		{ "kernel_release", b->rel ? b->rel : "" },
		{ "objects", b->o->no_cache ? "" : b->bdir },
	};
	json_object *m = json_object_new_object();
	char secs[32], to[4600];

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		json_object_object_add(m, fields[i].key, json_object_new_string(fields[i].val));
	snprintf(secs, sizeof(secs), "%.1f", took);
	json_object_object_add(m, "build_seconds", json_object_new_double_s(took, secs));
	json_object_object_add(m, "jobs", json_object_new_int((int)b->jobs));
	snprintf(to, sizeof(to), "%s/meta.json", b->kdir);
	(void)write_json(to, m);
	json_object_put(m);
}

int kbuild(const struct kbuild_opts *o, char *image, size_t len, double *seconds)
{
	_cleanup_free_ char *identity = NULL, *frag = NULL, *keytext = NULL, *rel = NULL;
	struct kb b = { .o = o, .base = o->base ? o->base : "allnoconfig" };
	const char *src = o->source;
	bool is_tree = false;
	int k, ferr;

	if (!src) {
		if (o->dry && !path_exists(DEFAULT_TARBALL))
			return -ENOENT;
		if (!o->dry && (k = ensure_default_source(o->quiet)) < 0)
			return k;
		src = DEFAULT_TARBALL;
	}
	if (!realpath(src, b.srcreal)) {
		log_error("kernel source '%s': %m", src);
		return -errno;
	}
	if ((k = source_identity(b.srcreal, &is_tree, &identity)) < 0)
		return k;
	frag = merged_fragments(o, &ferr);
	if (!frag)
		return ferr;
	b.identity = identity;
	b.frag = frag;
	if (asprintf(&keytext, "%s\n%s\n%s\n", identity, b.base, frag) < 0)
		return -ENOMEM;
	sha256_hex(keytext, strlen(keytext), b.key);
	snprintf(b.kdir, sizeof(b.kdir), "%s/kernels/%.16s", vm_cache_dir(), b.key);
	snprintf(image, len, "%s/bzImage", b.kdir);
	if (o->dry)
		return path_exists(image) ? 0 : -ENOENT;
	if (!o->force && !o->no_cache && path_exists(image)) {
		if (!o->quiet)
			fprintf(log_stderr(), "memstress: kernel already built (cached): %s\n",
				image);
		if (seconds)
			*seconds = 0;
		return 0;
	}
	if ((k = mkdir_p(b.kdir, 0755)) < 0 || (k = kb_places(&b, is_tree)) < 0 ||
	    (k = mkdir_p(b.bdir, 0755)) < 0)
		return k;
	snprintf(b.cfgfrag, sizeof(b.cfgfrag), "%s/memstress.config", b.kdir);
	if ((k = write_atomic(b.cfgfrag, frag, strlen(frag))) < 0)
		return k;
	snprintf(b.logpath, sizeof(b.logpath), "%s/build.log", b.kdir);
	unlink(b.logpath);
	double t0 = mono_s();
	k = kb_configure(&b);
	if (k >= 0)
		k = kb_make_image(&b);
	rel = b.rel;
	if (k < 0)
		return k;
	double took = mono_s() - t0;
	kb_record(&b, took);
	if (o->no_cache)
		(void)rm_rf(b.bdir);
	if (seconds)
		*seconds = took;
	if (!o->quiet)
		fprintf(log_stderr(), "memstress: built %s in %.0fs\n", rel ? rel : "the kernel",
			took);
	return 0;
}

json_object *kbuild_record(const char *image)
{
	_cleanup_free_ char *dir = strdup(image), *path = NULL;
	char empty[65];

	if (!dir || asprintf(&path, "%s/meta.json", dirname(dir)) < 0)
		return NULL;
	json_object *m = json_object_from_file(path), *id;
	if (!m || !json_object_object_get_ex(m, "identity", &id) ||
	    !json_object_is_type(id, json_type_string)) {
		json_object_put(m);
		return NULL;
	}
	/* tree:PATH:HEAD:SHA256(git diff HEAD); PATH has no ':' we rely on */
	const char *s = json_object_get_string(id), *diff = strrchr(s, ':');
	if (!strncmp(s, "tree:", 5) && diff && diff - s >= 46) {
		const char *head = diff - 40;
		if (head[-1] == ':' && strspn(head, "0123456789abcdef") == 40) {
			sha256_hex("", 0, empty);
			json_object_object_add(m, "git_commit",
					       json_object_new_string_len(head, 40));
			bool dirty = strcmp(diff + 1, empty) != 0;
			json_object_object_add(m, "git_dirty", json_object_new_boolean(dirty));
			/* KCIDB's patchset_hash: the uncommitted diff's, "" for none */
			json_object_object_add(m, "patchset_hash",
					       json_object_new_string(dirty ? diff + 1 : ""));
		}
	}
	json_object_object_del(m, "objects"); /* a cache path, not an identity */
	json_object_object_del(m, "jobs");
	return m;
}
