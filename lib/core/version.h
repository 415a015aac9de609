/* SPDX-License-Identifier: GPL-2.0 */
/* The memstress version (also in the Makefile for `make dist` and the man page). */
#ifndef MEMSTRESS_CORE_VERSION_H
#define MEMSTRESS_CORE_VERSION_H

#ifndef MEMSTRESS_VERSION
#define MEMSTRESS_VERSION "0.1.0"
#endif

#endif
