/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lib/preload/keep_oom_adj.c built as a shared library (see its header),
 * embedded so that every memstress binary carries it: the runner hands it to
 * the engines that need it from a memfd, with no file on any disk.
 */
	.section .rodata
	.global keep_oom_adj_so, keep_oom_adj_so_size
	.type keep_oom_adj_so, @object
	.balign 16
keep_oom_adj_so:
	.incbin PRELOAD_SO
keep_oom_adj_so_end:
	.size keep_oom_adj_so, . - keep_oom_adj_so
	.balign 8
	.type keep_oom_adj_so_size, @object
keep_oom_adj_so_size:
	.quad keep_oom_adj_so_end - keep_oom_adj_so
	.size keep_oom_adj_so_size, 8
	.section .note.GNU-stack,"",@progbits
