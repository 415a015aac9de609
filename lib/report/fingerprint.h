/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fingerprint of a failed run: which checks failed and the title of the
 * first failure-class kernel event, with the numbers that change from run to
 * run (pids, addresses, times, sizes) taken out. `memstress bisect` calls a
 * commit bad only when its failure has the fingerprint of the known-bad one,
 * so a bisect never drifts onto another bug.
 */
#ifndef MEMSTRESS_REPORT_FINGERPRINT_H
#define MEMSTRESS_REPORT_FINGERPRINT_H

#include <json-c/json.h>
#include <stddef.h>

/* "oom.victim,fs.fsck | BUG: unable to handle page fault for address: X"; "" for a passing run. */
void result_fingerprint(json_object *root, char *buf, size_t len);
/* "fs.fsck,fs.no_lost_data": the failed checks' names, sorted; "" when none. */
void result_failed_checks(json_object *root, char *buf, size_t len);
/* Replace digit runs by N and hex numbers (0x..., long hex words) by X. */
void fingerprint_normalize(const char *in, char *out, size_t len);

#endif
