/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libFuzzer entry point every fuzz target defines. The same targets are
 * linked either with libFuzzer (clang -fsanitize=fuzzer, `make fuzz`) or with
 * replay.c (any compiler, ASan + UBSan, `make check-fuzz`), which runs them
 * over the seed corpus and over hostile inputs made by hostile.sh.
 */
#ifndef MEMSTRESS_FUZZ_H
#define MEMSTRESS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
