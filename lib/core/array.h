/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arrays that only grow (git's ALLOC_GROW): one helper in place of the
 * realloc-and-double dance at every such array.
 */
#ifndef MEMSTRESS_CORE_ARRAY_H
#define MEMSTRESS_CORE_ARRAY_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Make the array at *pp (a pointer to any element pointer) hold at least
 * `need` elements of `size` bytes: its capacity *cap doubles, from `first`.
 * 0, or -ENOMEM with the array and *cap untouched.
 */
static inline int array_grow(void *pp, size_t *cap, size_t need, size_t size, size_t first)
{
	void *old, *n;
	size_t c = *cap ? *cap : first;

	if (need <= *cap)
		return 0;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return -ENOMEM;
		c *= 2;
	}
	if (c > SIZE_MAX / size)
		return -ENOMEM;
	memcpy(&old, pp, sizeof(old)); /* not through a void **: any element type */
	n = realloc(old, c * size);
	if (!n)
		return -ENOMEM;
	memcpy(pp, &n, sizeof(n));
	*cap = c;
	return 0;
}

/* ARRAY_GROW(v, n + 1, cap, 16): room for element n of v. */
#define ARRAY_GROW(v, need, cap, first) array_grow(&(v), &(cap), (need), sizeof(*(v)), (first))

#endif
