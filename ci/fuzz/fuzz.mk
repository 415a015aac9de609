# SPDX-License-Identifier: GPL-2.0
# Fuzz targets for the parsers that read untrusted text: scenario files, console
# captures and /dev/kmsg records.
#   make check-fuzz  replay the seed corpus and hostile inputs (garbage, binary,
#                    truncated, 1 MB lines) through every target; part of
#                    `make check` through check-asan, where it runs with ASan+UBSan
#   make fuzz        libFuzzer (clang) on every target for FUZZ_TIME seconds
#                    each, from the seed corpus; crashes land in build-fuzz/

FUZZ_TARGETS := scenario console kmsg scanfile trace
FUZZ_TIME    ?= 60
FUZZ_CC      ?= clang
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)
FUZZ_HOSTILE := $(BUILD)/fuzz/hostile

$(BUILD)/fuzz/replay-%: ci/fuzz/fuzz_%.c ci/fuzz/replay.c ci/fuzz/fuzz.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(call say,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Ici/fuzz -o $@ ci/fuzz/fuzz_$*.c ci/fuzz/replay.c $(LIB_OBJ) $(LIBS)

$(FUZZ_HOSTILE)/.done: ci/fuzz/hostile.py $(wildcard ci/fixtures/*.log workloads/*.ini)
	@rm -rf $(FUZZ_HOSTILE)
	$(call say,GEN,$(FUZZ_HOSTILE))
	$(Q)/usr/bin/python3 ci/fuzz/hostile.py $(CURDIR) $(FUZZ_HOSTILE)
	@touch $@

# seeds: what each parser normally reads
fuzz_seeds_scenario := workloads ci/tests/scenarios
fuzz_seeds_console  := ci/fixtures
fuzz_seeds_kmsg     := ci/fuzz/seeds/kmsg
fuzz_seeds_scanfile := ci/fixtures
fuzz_seeds_trace    := ci/fixtures

check-fuzz: $(FUZZ_REPLAY) $(FUZZ_HOSTILE)/.done
	@set -e; for t in $(FUZZ_TARGETS); do \
		case $$t in scenario) s="$(fuzz_seeds_scenario)";; console) s="$(fuzz_seeds_console)";; \
			kmsg) s="$(fuzz_seeds_kmsg)";; scanfile) s="$(fuzz_seeds_scanfile)";; \
			trace) s="$(fuzz_seeds_trace)";; esac; \
		echo "# fuzz target $$t: seeds ($$s) and hostile inputs"; \
		$(BUILD)/fuzz/replay-$$t $$s $(FUZZ_HOSTILE)/$$t >$(BUILD)/fuzz/$$t.tap || \
			{ cat $(BUILD)/fuzz/$$t.tap; echo "check-fuzz: target $$t crashed (see above)"; exit 1; }; \
		if grep -q '^not ok' $(BUILD)/fuzz/$$t.tap; then cat $(BUILD)/fuzz/$$t.tap; exit 1; fi; \
		sed 's/^/  /' $(BUILD)/fuzz/$$t.tap; \
	done

FUZZ_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

fuzz:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" fuzz-run

fuzz-run: $(LIB_OBJ) $(FUZZ_HOSTILE)/.done
	@set -e; for t in $(FUZZ_TARGETS); do \
		$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Ici/fuzz -o $(BUILD)/fuzz/libfuzzer-$$t ci/fuzz/fuzz_$$t.c \
			$(LIB_OBJ) $(LIBS); \
		case $$t in scenario) s="$(fuzz_seeds_scenario)";; console) s="$(fuzz_seeds_console)";; \
			kmsg) s="$(fuzz_seeds_kmsg)";; scanfile) s="$(fuzz_seeds_scanfile)";; \
			trace) s="$(fuzz_seeds_trace)";; esac; \
		mkdir -p $(BUILD)/fuzz/corpus-$$t $(BUILD)/fuzz/crash-$$t; \
		echo "fuzz: $$t for $(FUZZ_TIME)s (corpus $(BUILD)/fuzz/corpus-$$t, seeds $$s)"; \
		$(BUILD)/fuzz/libfuzzer-$$t -max_total_time=$(FUZZ_TIME) -max_len=1100000 -rss_limit_mb=4096 \
			-seed=1 -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/crash-$$t/ \
			$(BUILD)/fuzz/corpus-$$t $$s $(FUZZ_HOSTILE)/$$t 2>$(BUILD)/fuzz/$$t.log || \
			{ tail -60 $(BUILD)/fuzz/$$t.log; echo "fuzz: $$t found a crash: $(BUILD)/fuzz/crash-$$t/"; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done' $(BUILD)/fuzz/$$t.log | sed 's/^/  /'; \
	done

.PHONY: check-fuzz fuzz-run
