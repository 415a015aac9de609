/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The built-in default scenario: workloads/default.ini, embedded at build time
 * so `memstress run` with no argument works from any directory.
 */
	.section .rodata
	.global scenario_builtin_default
	.type scenario_builtin_default, @object
scenario_builtin_default:
	.incbin "workloads/default.ini"
	.byte 0
	.size scenario_builtin_default, . - scenario_builtin_default
	.section .note.GNU-stack,"",@progbits
