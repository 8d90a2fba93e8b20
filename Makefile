# Self-check toolkit: one Makefile for the three programs, the tests and the demo.
#
#   make                  build build/survey, build/aggregator, build/renderer
#   make test             build and run every test (unit and end-to-end)
#   make check-sanitize   the same suite under AddressSanitizer + UBSan (in build-san/)
#   make fuzz             every libFuzzer target for FUZZ_SECONDS each (in build-fuzz/; fuzz/)
#   make demo             run the whole pipeline on samples/ (see README.md)
#   make bench            every benchmark at national scale, one table (bench/run.py)
#   make deps             install the Debian packages the project needs
#   make install PREFIX=/usr/local DESTDIR=
#   make clean

VERSION   := 1.0.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
PKG_CONFIG ?= pkg-config

# Debian packages: libraries, fonts and the tools the tests drive.
DEB_PACKAGES := build-essential pkg-config libsqlite3-dev libyaml-dev libglib2.0-dev \
	libcairo2-dev libpango1.0-dev libfontconfig-dev libxlsxwriter-dev zlib1g-dev libcmocka-dev libncurses-dev \
	fonts-noto-cjk fonts-dejavu-core tmux poppler-utils qpdf sqlite3 valgrind libreoffice-calc-nogui \
	python3 python3-matplotlib python3-pandas hyperfine bc time unzip man-db openssh-server openssh-client clang \
	libclang-rt-14-dev

PKGS_CORE       := sqlite3 yaml-0.1 glib-2.0
PKGS_SURVEY     := ncursesw
PKGS_AGGREGATOR := xlsxwriter zlib
PKGS_RENDERER   := pangocairo pangoft2 fontconfig cairo-svg cairo-png cairo-pdf

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CSTD     := -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600
OPTIMIZE ?= -O2 -g
ifeq ($(SANITIZE),1)
OPTIMIZE := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN    := -fsanitize=address,undefined
endif
# The fuzz build (make fuzz-build): every module instrumented for libFuzzer, with ASan and UBSan.
ifeq ($(FUZZING),1)
OPTIMIZE := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN    := -fsanitize=address,undefined
CPPFLAGS += -DFUZZ_SRC_DIR='"$(CURDIR)"'
endif

pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

ALL_PKGS := $(PKGS_CORE) $(PKGS_SURVEY) $(PKGS_AGGREGATOR) $(PKGS_RENDERER)
CPPFLAGS += -I. -DSELFCHECK_VERSION='"$(VERSION)"' -DSELFCHECK_DATADIR='"$(PREFIX)/share/selfcheck"'
CFLAGS   += $(CSTD) $(WARN) $(OPTIMIZE) $(call pkg_cflags,$(ALL_PKGS))
LDFLAGS  += $(LDSAN)

LIBS_CORE       := $(call pkg_libs,$(PKGS_CORE)) -lm -lpthread
LIBS_SURVEY     := $(call pkg_libs,$(PKGS_SURVEY))
LIBS_AGGREGATOR := $(call pkg_libs,$(PKGS_AGGREGATOR))
LIBS_RENDERER   := $(call pkg_libs,$(PKGS_RENDERER))

# Each program directory holds main.c plus its modules; the modules form a static library so
# that the unit tests can link them.
CORE_SRC       := $(sort $(wildcard core/*.c))
SURVEY_SRC     := $(filter-out survey/main.c,$(sort $(wildcard survey/*.c)))
AGGREGATOR_SRC := $(filter-out aggregator/main.c,$(sort $(wildcard aggregator/*.c)))
RENDERER_SRC   := $(filter-out renderer/main.c,$(sort $(wildcard renderer/*.c)))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_CORE       := $(BUILD)/libcore.a
LIB_SURVEY     := $(BUILD)/libsurvey.a
LIB_AGGREGATOR := $(BUILD)/libaggregator.a
LIB_RENDERER   := $(BUILD)/librenderer.a

PROGRAMS := $(BUILD)/survey $(BUILD)/aggregator $(BUILD)/renderer

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
GEN_SRC    := $(sort $(wildcard samples/generate/*.c bench/*.c))
GENERATORS := $(patsubst %.c,$(BUILD)/gen/%,$(notdir $(GEN_SRC)))

# Keep objects made by chained rules (tests, generators) so rebuilds stay incremental.
.SECONDARY:

.PHONY: all test test-run unit e2e check-sanitize demo demo-run deps install uninstall clean generators bench bench-run valgrind \
	fuzz fuzz-build fuzz-targets

all: $(PROGRAMS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB_CORE): $(call obj,$(CORE_SRC))
$(LIB_SURVEY): $(call obj,$(SURVEY_SRC))
$(LIB_AGGREGATOR): $(call obj,$(AGGREGATOR_SRC))
$(LIB_RENDERER): $(call obj,$(RENDERER_SRC))
$(BUILD)/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^ $(if $^,,$(BUILD)/empty.o)

# An empty library still needs one member for ar; keep an empty object at hand.
$(BUILD)/empty.o:
	@mkdir -p $(dir $@)
	printf '' | $(CC) -x c -c - -o $@
$(LIB_CORE) $(LIB_SURVEY) $(LIB_AGGREGATOR) $(LIB_RENDERER): | $(BUILD)/empty.o

$(BUILD)/survey: $(BUILD)/obj/survey/main.o $(LIB_SURVEY) $(LIB_CORE)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SURVEY) $(LIBS_CORE)

$(BUILD)/aggregator: $(BUILD)/obj/aggregator/main.o $(LIB_AGGREGATOR) $(LIB_CORE)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_AGGREGATOR) $(LIBS_CORE)

$(BUILD)/renderer: $(BUILD)/obj/renderer/main.o $(LIB_RENDERER) $(LIB_AGGREGATOR) $(LIB_CORE)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_RENDERER) $(LIBS_AGGREGATOR) $(LIBS_CORE)

# Unit tests link every module library, so a test may exercise any layer.
TEST_LIBS := $(LIB_RENDERER) $(LIB_AGGREGATOR) $(LIB_SURVEY) $(LIB_CORE)
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TEST_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pkg_libs,cmocka) $(LIBS_RENDERER) $(LIBS_AGGREGATOR) \
		$(LIBS_SURVEY) $(LIBS_CORE)

# Generators (sample data, benchmark data) are single-file programs; they may use core.
$(BUILD)/gen/%: $(BUILD)/obj/samples/generate/%.o $(LIB_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_CORE)
$(BUILD)/gen/%: $(BUILD)/obj/bench/%.o $(LIB_AGGREGATOR) $(LIB_SURVEY) $(LIB_CORE)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_AGGREGATOR) $(LIBS_SURVEY) $(LIBS_CORE)

generators: $(GENERATORS)

# Fuzz targets (fuzz/fuzz_*.c) link every module library and libFuzzer's main.
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SRC     := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_TARGETS := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
$(BUILD)/fuzz/%: $(BUILD)/obj/fuzz/%.o $(TEST_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS_RENDERER) $(LIBS_AGGREGATOR) $(LIBS_SURVEY) $(LIBS_CORE)
fuzz-targets: $(FUZZ_TARGETS)
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) FUZZING=1 SANITIZE= fuzz-targets

unit: $(UNIT_TESTS)

# test and demo install missing packages first, then build in a second make: compiler and
# linker flags come from pkg-config, which must run after the libraries are installed (a make
# evaluates them when it reads this file). The second make may build in parallel.
#
# The test runner prints one line per test file and a closing "N passed, N failed" line.
test: deps
	@$(MAKE) --no-print-directory test-run

test-run: all $(UNIT_TESTS) $(GENERATORS) fuzz-build
	BUILD=$(BUILD) FUZZ_BUILD=$(FUZZ_BUILD) tests/run-tests.sh

check-sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build-san SANITIZE=1 test-run

valgrind: deps
	@$(MAKE) --no-print-directory valgrind-run

valgrind-run: all
	BUILD=$(BUILD) tests/valgrind.sh

bench: deps
	@$(MAKE) --no-print-directory bench-run

bench-run: all $(GENERATORS)
	BUILD=$(BUILD) bench/run.sh

# make fuzz FUZZ_SECONDS=N: every target for N seconds from its seed corpus (fuzz/run.sh).
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) fuzz/run.sh $(FUZZ_SECONDS)

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all $(GENERATORS)
	BUILD=$(BUILD) ./demo.sh

# deps: install missing Debian packages (as root through apt-get; otherwise print the command).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: missing packages; run:" >&2; \
		echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing" >&2; exit 1; \
	fi

# deps-check: fail early with the install command when a library is missing.
deps-check:
	@for p in $(ALL_PKGS) cmocka; do \
		$(PKG_CONFIG) --exists $$p || { echo "missing library '$$p': run 'make deps'" >&2; exit 1; }; \
	done
.PHONY: deps-check

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/selfcheck/questionnaires $(DESTDIR)$(PREFIX)/share/selfcheck/templates
	install -m 0755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	$(if $(wildcard docs/*.1),install -m 0644 $(wildcard docs/*.1) $(DESTDIR)$(PREFIX)/share/man/man1/)
	install -m 0644 $(wildcard questionnaires/*.yaml) $(DESTDIR)$(PREFIX)/share/selfcheck/questionnaires/
	$(if $(wildcard templates/*.yaml),install -m 0644 $(wildcard templates/*.yaml) $(DESTDIR)$(PREFIX)/share/selfcheck/templates/)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,survey aggregator renderer)
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/man/man1/,$(notdir $(wildcard docs/*.1)))
	rm -rf $(DESTDIR)$(PREFIX)/share/selfcheck

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
