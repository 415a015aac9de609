/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel config fragments of ci/kconfig, embedded so that
 * `memstress kernel build` works from an installed binary too.
 */
	.section .rodata
	.global kconfig_memstress, kconfig_lockdep, kconfig_kasan, kconfig_kmemleak
	.global kconfig_page_owner
	.global kconfig_requirements
kconfig_memstress:
	.incbin "ci/kconfig/memstress.config"
	.byte 0
kconfig_lockdep:
	.incbin "ci/kconfig/lockdep.config"
	.byte 0
kconfig_kasan:
	.incbin "ci/kconfig/kasan.config"
	.byte 0
kconfig_kmemleak:
	.incbin "ci/kconfig/kmemleak.config"
	.byte 0
kconfig_page_owner:
	.incbin "ci/kconfig/page_owner.config"
	.byte 0
kconfig_requirements:
	.incbin "ci/kconfig/requirements.config"
	.byte 0
	.section .note.GNU-stack,"",@progbits
