/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader of /dev/kmsg: one record per read(2), each with a sequence number.
 * When the ring buffer overwrites records before we read them the kernel
 * returns EPIPE; we count the records lost (from the sequence gap) and go on.
 * Records are rendered as console lines ("[  12.345678] text", with the
 * caller id when the kernel has CONFIG_PRINTK_CALLER), the form the console
 * oracle reads from every source.
 */
#ifndef MEMSTRESS_KERNEL_KMSG_H
#define MEMSTRESS_KERNEL_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kmsg {
	int fd;
	uint64_t next_seq;
	bool have_seq;
	uint64_t lost;	  /* records overwritten before we read them */
	uint64_t records; /* records read */
};

struct kmsg_record {
	uint64_t seq;
	uint64_t ts_usec;
	int level;
	int facility;
	char caller[16]; /* "T123" / "C1" or "" */
	char text[8192]; /* unescaped message (continuation KEY=VALUE lines dropped) */
};

/* Open non-blocking; from_end: only records logged from now on. */
int kmsg_open(struct kmsg *k, bool from_end);
void kmsg_close(struct kmsg *k);
/* 1: a record was read, 0: nothing pending, < 0: error. */
int kmsg_read(struct kmsg *k, struct kmsg_record *r);
/* Parse one raw /dev/kmsg record (exposed for tests). */
int kmsg_parse_record(const char *buf, size_t len, struct kmsg_record *r);
/* "[    1.234567][    T1] text" into buf; returns the length. A record with
 * embedded newlines gives several lines (separated by '\n'), as the console
 * would print them. */
size_t kmsg_format_line(const struct kmsg_record *r, char *buf, size_t len);
/* Write a message into the kernel log (so reports show where memstress acted). */
int kmsg_write(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
