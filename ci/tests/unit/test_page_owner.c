// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of page_owner's show_stacks reader and of what a stack's
 * frames say it is (lib/kernel/page_owner.c), on a real capture of a
 * vanilla 6.12 guest after an XFS run (ci/fixtures/page_owner/) and on
 * hand-made damage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/page_owner.h"
#include "unit.h"

#define CAPTURE FIXTURES "/page_owner/guest-6.12-xfs-show_stacks.txt"

struct tally {
	unsigned stacks, classed, xfs, zero_frames;
	long pages;
	uint64_t keys[8192];
	unsigned dup_keys;
	char xfs_site[PAGE_FRAME_LEN];
};

static int count(const struct page_stack *s, void *ud)
{
	static const char *const xfs[] = { "xfs", "xlog", NULL };
	struct tally *t = ud;

	for (unsigned i = 0; i < t->stacks && i < 8192; i++)
		t->dup_keys += t->keys[i] == s->key;
	if (t->stacks < 8192)
		t->keys[t->stacks] = s->key;
	t->stacks++;
	t->pages += s->pages;
	t->zero_frames += !s->n_frames;
	t->classed += page_stack_class(s) != NULL;
	if (page_stack_through(s, xfs) && !page_stack_class(s)) {
		if (!t->xfs++)
			snprintf(t->xfs_site, sizeof(t->xfs_site), "%s", page_stack_site(s));
	}
	return 0;
}

static void reads_a_real_capture(void **state)
{
	FILE *f = fopen(CAPTURE, "re");
	static struct tally t;
	(void)state;

	assert_non_null(f);
	assert_int_equal(page_stacks_read(f, count, &t), 0);
	fclose(f);
	assert_true(t.stacks > 100);
	assert_true(t.pages > t.stacks); /* every stack holds >= 1 page */
	assert_int_equal(t.zero_frames, 0);
	assert_int_equal(t.dup_keys, 0); /* each stack once, each key its own */
	assert_true(t.classed > 10);	 /* slab pages, page cache, page tables... */
}

static int first(const struct page_stack *s, void *ud)
{
	*(struct page_stack *)ud = *s;
	return -EALREADY; /* stop: the first is enough */
}

static const char two[] =
	" get_page_from_freelist+0x3a5/0x1530\n"
	" __alloc_pages_noprof+0x1a4/0x3a0\n"
	" alloc_pages_mpol_noprof+0x8f/0x1c0\n"
	" xlog_cil_commit+0x2b1/0x9a0\n"
	" __xfs_trans_commit+0xa2/0x3d0\n"
	"nr_base_pages: 3\n"
	"\n"
	" get_page_from_freelist+0x3a5/0x1530\n"
	" __alloc_pages_noprof+0x1a4/0x3a0\n"
	" allocate_slab+0x7c/0x2f0\n"
	" ___slab_alloc+0x4b4/0xa50\n"
	" xfs_inode_alloc+0x25/0x1b0\n"
	"nr_base_pages: 40\n"
	"\n";

static void sites_and_classes(void **state)
{
	FILE *f = fmemopen((void *)two, sizeof(two) - 1, "r");
	struct page_stack s;
	static const char *const xfs[] = { "xfs", "xlog", NULL };
	static const char *const ext4[] = { "ext4", "jbd2", NULL };
	(void)state;

	assert_int_equal(page_stacks_read(f, first, &s), -EALREADY);
	fclose(f);
	assert_int_equal(s.pages, 3);
	assert_int_equal(s.n_frames, 5);
	/* the first frame outside the page allocator */
	assert_string_equal(page_stack_site(&s), "xlog_cil_commit+0x2b1/0x9a0");
	assert_null(page_stack_class(&s));
	assert_true(page_stack_through(&s, xfs));
	assert_false(page_stack_through(&s, ext4));
}

static int second(const struct page_stack *s, void *ud)
{
	if (s->pages == 40)
		*(struct page_stack *)ud = *s;
	return 0;
}

static void slab_pages_are_a_class(void **state)
{
	FILE *f = fmemopen((void *)two, sizeof(two) - 1, "r");
	struct page_stack s = { 0 };
	(void)state;

	assert_int_equal(page_stacks_read(f, second, &s), 0);
	fclose(f);
	assert_non_null(page_stack_class(&s));
	assert_non_null(strstr(page_stack_class(&s), "slab"));
}

static int ignore(const struct page_stack *s, void *ud)
{
	(void)s;
	(void)ud;
	return 0;
}

static int read_text(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int k = page_stacks_read(f, ignore, NULL);

	fclose(f);
	return k;
}

static void damage_is_refused(void **state)
{
	(void)state;
	assert_int_equal(read_text(""), 0);
	/* a count without frames, a stack cut before its count, a stray line */
	assert_int_equal(read_text("nr_base_pages: 3\n"), -EBADMSG);
	assert_int_equal(read_text(" alloc_pages+0x1/0x2\n"), -EBADMSG);
	assert_int_equal(read_text(" alloc_pages+0x1/0x2\nPage allocated via order 0\n"), -EBADMSG);
	assert_int_equal(read_text(" alloc_pages+0x1/0x2\nnr_base_pages: 3x\n"), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_real_capture),
		cmocka_unit_test(sites_and_classes),
		cmocka_unit_test(slab_pages_are_a_class),
		cmocka_unit_test(damage_is_refused),
	};
	return RUN(tests);
}
