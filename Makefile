# SPDX-License-Identifier: GPL-2.0
# memstress: `make` builds ./memstress, `make check` runs every test,
# `make setup` installs what a fresh Debian machine lacks (root),
# `make install` honours PREFIX and DESTDIR.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/memstress
MANDIR    ?= $(PREFIX)/share/man
COMPDIR   ?= $(PREFIX)/share/bash-completion/completions

CC        ?= gcc
CFLAGS    ?= -O2 -g
PKGS      := inih json-c libcgroup zlib
# opened on first use, not linked (lib/core/dlib.h): their headers only
DL_PKGS   := libarchive
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
soname     = $(or $(shell objdump -p "$$($(CC) -print-file-name=$(1).so)" 2>/dev/null | awk '/SONAME/ { print $$2 }'),$(2))
DL_SONAMES := -DARCHIVE_SONAME='"$(call soname,libarchive,libarchive.so.13)"'
WARN      := -Wall -Wextra -Werror -Wno-missing-field-initializers -Wformat=2 \
             -Wno-format-nonliteral -Wmissing-prototypes -Wstrict-prototypes
# GCC's own (clang builds the libFuzzer targets: make fuzz)
ifeq ($(shell $(CC) --version 2>/dev/null | grep -c clang),0)
WARN      += -Wshadow=local -Wno-format-truncation
else
WARN      += -Wno-gnu-variable-sized-type-not-at-end # the proc connector's message (procevents.c)
endif
# CPPFLAGS and LDFLAGS as the caller gives them (dpkg-buildflags: fortify,
# relro, bindnow; debian/rules)
ALL_CFLAGS = -std=gnu11 $(WARN) -Ilib -Icmd $(PKG_CFLAGS) -D_GNU_SOURCE \
             -DMEMSTRESS_VERSION='"$(VERSION)"' -DMEMSTRESS_DATADIR='"$(DATADIR)"' $(CPPFLAGS) $(CFLAGS)
LIBS      := $(PKG_LIBS) -lpthread -lm -ldl
# Vectorscan (libvectorscan-dev), the scan's prefilter; without it every
# line is parsed, with the same result (lib/oracle/prefilter.h). Opened on
# the first scan (dlib.h), not linked: no other command pays for it.
ifneq ($(shell pkg-config --exists libhs 2>/dev/null && echo yes),)
ALL_CFLAGS += -DMEMSTRESS_HAVE_HS $(shell pkg-config --cflags libhs)
HS_SONAME  := -DHS_SONAME='"$(call soname,libhs,libhs.so.5)"'
endif

BUILD     ?= build
# lib/preload is not linked in: it is a library preloaded into workloads
LIB_SRC   := $(sort $(filter-out lib/preload/%,$(wildcard lib/*/*.c lib/*/*/*.c)))
CMD_SRC   := $(sort $(wildcard cmd/*.c))
ASM_SRC   := lib/scenario/builtin.S lib/vm/kconfig.S lib/engine/preload.S
PRELOAD_SO = $(BUILD)/preload/keep_oom_adj.so
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(ASM_SRC:%.S=$(BUILD)/%.o)
CMD_OBJ   := $(CMD_SRC:%.c=$(BUILD)/%.o)

.PHONY: all demo test kernel check check-unit check-host check-vm check-asan check-suite bench lint format fuzz setup install uninstall clean

all: memstress

V ?= 0
ifeq ($(V),0)
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
else
Q :=
say = @true
endif

memstress: $(LIB_OBJ) $(CMD_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/lib/vm/initramfs.o $(BUILD)/cmd/version.o: ALL_CFLAGS += $(DL_SONAMES)
$(BUILD)/lib/oracle/prefilter.o: ALL_CFLAGS += $(HS_SONAME)

# the versions of the libraries without a version call, as pkg-config knew them
$(BUILD)/cmd/version.o: ALL_CFLAGS += -DINIH_VERSION='"$(shell pkg-config --modversion inih 2>/dev/null)"' \
	-DLIBCGROUP_VERSION='"$(shell pkg-config --modversion libcgroup 2>/dev/null)"'

$(BUILD)/lib/scenario/builtin.o: lib/scenario/builtin.S workloads/default.ini
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) -c -o $@ $<

# Its own flags, never the sanitizers' or the fuzzers': it runs inside
# stress-ng, not inside memstress.
$(PRELOAD_SO): lib/preload/keep_oom_adj.c
	@mkdir -p $(dir $@)
	$(call say,CC,$@)
	$(Q)gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o $@ $< -ldl

$(BUILD)/lib/engine/preload.o: lib/engine/preload.S $(PRELOAD_SO)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) -DPRELOAD_SO='"$(PRELOAD_SO)"' -c -o $@ $<

$(BUILD)/lib/vm/kconfig.o: lib/vm/kconfig.S $(wildcard ci/kconfig/*.config)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

# --- tests -----------------------------------------------------------------
include ci/tests/tests.mk
include ci/fuzz/fuzz.mk

# --- set-up, install ---------------------------------------------------------
setup:
	ci/setup

# The README's two commands: set up and run the main job / set up and test.
# The demo installs only what it needs (ci/setup --for demo); the tests all.
demo:
	ci/setup --for demo
	$(MAKE) --no-print-directory all
	./memstress run

test: setup
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory check

# Benchmarks: each prints memstress against a baseline measured in the same
# run (ci/bench/run; BENCH="scan fstx" picks some).
bench: memstress
	ci/bench/run $(BENCH)

# The guest kernel the VM tests boot (built once, then cached).
kernel: memstress
	./memstress kernel build

install: memstress
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/workloads $(DESTDIR)$(DATADIR)/kconfig
	install -m 0755 memstress $(DESTDIR)$(BINDIR)/memstress
	install -m 0644 workloads/*.ini $(DESTDIR)$(DATADIR)/workloads/
	-install -m 0644 workloads/*.fio $(DESTDIR)$(DATADIR)/workloads/ 2>/dev/null || true
	install -m 0644 ci/kconfig/*.config $(DESTDIR)$(DATADIR)/kconfig/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR)
	install -m 0644 doc/memstress.1 $(DESTDIR)$(MANDIR)/man1/memstress.1
	install -m 0644 doc/memstress.bash $(DESTDIR)$(COMPDIR)/memstress

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/memstress $(DESTDIR)$(MANDIR)/man1/memstress.1 $(DESTDIR)$(COMPDIR)/memstress
	rm -rf $(DESTDIR)$(DATADIR)

# Style (.clang-format: the kernel's, 100 columns) and cppcheck's warnings;
# part of `make check`. `make format` rewrites the sources to the style.
FORMAT_SRC = $(sort $(wildcard lib/*/*.[ch] lib/*/*/*.[ch] cmd/*.[ch] ci/tests/unit/*.[ch] ci/fuzz/*.[ch] ci/bench/*.c))

lint:
	$(call say,FORMAT,sources)
	$(Q)clang-format --dry-run --Werror $(FORMAT_SRC)
	$(call say,CPPCHECK,sources)
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning --inline-suppr -Ilib -Icmd $(LIB_SRC) $(CMD_SRC)

format:
	clang-format -i $(FORMAT_SRC)

clean:
	rm -rf $(BUILD) build-asan build-fuzz memstress
