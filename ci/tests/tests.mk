# SPDX-License-Identifier: GPL-2.0
# The test suites, all TAP, all run by prove:
#   check-unit  parsers and models on captured kernel output (no root)
#   check-host  integration on the real host kernel (root)
#   check-vm    integration in a QEMU guest running a kernel memstress built (root)
#   check-asan  the unit tests built with ASan + UBSan
#   check-suite the suite's self-test: what check-host and check-vm ran (the
#               result.json files lib.sh keeps in MEMSTRESS_SUITE_DIR) covers
#               every shipped scenario, and no pass rests on idle load
#   lint        the .clang-format style and cppcheck (Makefile)
# MEMSTRESS_TEST_REQUIRE=1 (set by CI) turns every skip of a kernel-facing
# test into a failure.

TEST_UNIT_SRC := $(sort $(wildcard ci/tests/unit/test_*.c))
TEST_UNIT_BIN := $(TEST_UNIT_SRC:ci/tests/unit/%.c=$(BUILD)/tests/%)
TEST_CFLAGS    = $(ALL_CFLAGS) -Ici/tests/unit -DSOURCE_DIR='"$(CURDIR)"'
PROVE         ?= prove
PROVE_FLAGS   ?= --timer

$(BUILD)/tests/%: ci/tests/unit/%.c ci/tests/unit/unit.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS) -lcmocka

check-unit: $(TEST_UNIT_BIN)
	$(PROVE) $(PROVE_FLAGS) --exec '' $(TEST_UNIT_BIN)

# Each suite checks that it leaves nothing behind, so it starts by undoing
# what runs killed before it (a cut-off session, an earlier CI timeout) left.
check-host: memstress
	./memstress cleanup
	$(PROVE) $(PROVE_FLAGS) --exec bash $(sort $(wildcard ci/tests/host/*.t))

check-vm: memstress kernel
	./memstress cleanup
	$(PROVE) $(PROVE_FLAGS) --exec bash $(sort $(wildcard ci/tests/vm/*.t))

# The result.json files the host and VM tests keep for check-suite
# (ci/tests/lib.sh writes there, ci/tests/suite.t reads them).
MEMSTRESS_SUITE_DIR ?= $(CURDIR)/build/suite
export MEMSTRESS_SUITE_DIR

check-suite:
	$(PROVE) $(PROVE_FLAGS) --exec bash ci/tests/suite.t

# From an empty suite directory (a stale one never counts), check-suite last.
check:
	rm -rf "$(MEMSTRESS_SUITE_DIR)"
	$(MAKE) --no-print-directory lint check-unit check-asan check-host check-vm
	$(MAKE) --no-print-directory check-suite

check-asan:
	$(MAKE) --no-print-directory BUILD=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		check-unit check-fuzz
