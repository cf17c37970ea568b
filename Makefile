# SPDX-License-Identifier: GPL-2.0-only
# whichalloc: which allocator should this kernel code use?
#
#   make scan [KERNEL=DIR] [M=SUBDIR] [COCCI=RULE|PATH.cocci] [J=N] [DB=FILE]
#   make check [SANITIZE=1]
#   make help

KERNEL  ?= kernel-samples
DB      ?= whichalloc.db
M       ?=
COCCI   ?=
J       ?=
PREFIX  ?= /usr/local

CC      ?= gcc
PKGS    := sqlite3 jansson libcrypto libpcre2-8
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Idriver -Ibuild/gen
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

ifeq ($(SANITIZE),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
BUILD   := build/san
else
BUILD   := build/obj
endif

DRIVER_SRC  := $(sort $(wildcard driver/*.c))
DRIVER_OBJ  := $(DRIVER_SRC:driver/%.c=$(BUILD)/%.o) $(BUILD)/schema_sql.o
LIB_OBJ     := $(filter-out $(BUILD)/main.o,$(DRIVER_OBJ))
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SQL_FILES   := db/schema.sql $(sort $(wildcard db/migrations/*.sql))
WHICHALLOC  := driver/whichalloc

ifneq ($(SANITIZE),1)
BIN := $(WHICHALLOC)
else
BIN := $(BUILD)/whichalloc
endif

.PHONY: all deps scan check includes unit golden cli exports review html-test memcheck validate bench \
	perf-test rules rules-up-to-date pylib history facts shard \
	audit-fs check-kernel clean distclean fresh-check help install series fuzz fuzz-build faults badinput

all: $(BIN)

deps: deps-all

# The Debian packages each kind of target needs, installed (as root) or named before any
# recipe that uses them is expanded: make expands a recipe's lines just before running it,
# so a $(shell pkg-config ...) in a link line only sees a package that an earlier target
# installed. Each is an order-only prerequisite and runs once per make invocation (a quick
# dpkg-query when nothing is missing), so removing a package is noticed at the next make.
DEPS_KINDS := all build scan check validate browser fuzz
.PHONY: $(DEPS_KINDS:%=deps-%)
$(DEPS_KINDS:%=deps-%): deps-%:
	@scripts/deps.sh $*

$(BUILD)/%.o: driver/%.c $(wildcard driver/*.h) build/gen/schema_sql.h | deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(PKGS)) -c -o $@ $<

build/gen/schema_sql.c build/gen/schema_sql.h &: $(SQL_FILES) scripts/embed-sql.sh | deps-build
	@mkdir -p build/gen
	scripts/embed-sql.sh build/gen/schema_sql $(SQL_FILES)

$(BUILD)/schema_sql.o: build/gen/schema_sql.c | deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BIN): $(DRIVER_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/testutil.h | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(shell pkg-config --cflags check $(PKGS)) -o $@ $< \
		$(LIB_OBJ) $(LDFLAGS) $(CHECK_LIBS) $(LDLIBS)

scan: $(BIN) | deps-scan
	$(BIN) scan --kernel "$(KERNEL)" --db "$(DB)" \
		$(if $(M),$(foreach d,$(M),--dir "$(d)")) \
		$(if $(COCCI),--rules "$(if $(wildcard $(COCCI)),$(abspath $(COCCI)),$(COCCI))") \
		$(if $(J),--jobs "$(J)")

# Every test: unit tests of the driver's parts, the rules' golden tests through the driver,
# and the command-line tests.
check: rules-up-to-date pylib includes unit golden cli exports review series faults badinput perf-test history \
	facts shard
	@echo "make check: all test suites passed"

# The rules of cocci/src/rules.list are generated from cocci/src/ and cocci/lib/ by
# scripts/gen-rules (the shipped files are committed): make rules writes them, and
# rules-up-to-date fails when one differs from what its sources give.
rules:
	scripts/gen-rules

rules-up-to-date:
	scripts/gen-rules --check

# The driver's include graph: no cycle between modules, no command header (cmd.h, cmd-*.h)
# included below the commands (docs/architecture.md); the check's own self-test first.
includes:
	scripts/check-includes --self-test
	scripts/check-includes

# The unittest tests of the rules' Python modules (cocci/lib/).
pylib:
	python3 -m unittest discover -s tests/pylib

unit: $(UNIT_BIN) | deps-check
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; WHICHALLOC_TOP=$(CURDIR) $$t; done

# The suites that are one tests/NAME/run each (perf-test: tests/perf/run):
#   cli        the command line: scans, rescans, spatch failures, interruption, list/show
#   review     review decisions (by ID, and interactively through a pseudo-terminal), their
#              export and import, subsystems, diff, the filters and the SQL views
#   series     patch series end to end: a git repository of kernel-samples scanned, reviewed,
#              series written and applied with git am, and every refusal of the gate
#   faults     kill -9 mid-scan and a rescan, two processes on one database, a database
#              locked too long, read-only and on a full disk (a tmpfs, when run as root)
#   badinput   odd trees, files, file names, MAINTAINERS, databases, import files, filters
#   history    kernel-samples as two versions in one database: carry-over by content,
#              identities, and 'whichalloc history' (converted, removed, changed, unknown)
#   facts      the facts pass across scans: callees of other files decide, rescans carry the
#              facts over, an edited callee changes its unchanged caller
#   shard      scan --shard and merge: kernel-samples as 2 shards merged = one scan, idempotence,
#              refusals, and scripts/scan-parallel (over ssh to 127.0.0.1 when an sshd can be
#              started, else on parallel's local job slots)
#   perf-test  the prefilter, worker pool and incremental rescans, through a fake spatch that
#              logs what it is given (tests/perf/fake-spatch)
SUITES := cli review series faults badinput perf-test history facts shard
$(SUITES): %: $(BIN) | deps-check
	WHICHALLOC=$(BIN) tests/$(patsubst %-test,%,$*)/run

golden: $(BIN) | deps-check
	WHICHALLOC=$(BIN) tests/golden/run
	tests/golden/trees/v5.3/check

# export and html end to end on a scan of kernel-samples, and the command line's own account
# of itself (--help against the getopt tables, the manual page, bash completion, make help).
exports: $(BIN) | deps-check
	WHICHALLOC=$(BIN) tests/export/run
	WHICHALLOC=$(BIN) tests/export/usage

# The HTML report in headless Chromium. Not part of check (Chromium is a large package):
# .ci/run runs it after check. Screenshots go to build/html-test/.
html-test: $(BIN) | deps-browser
	WHICHALLOC=$(BIN) tests/html/run --out build/html-test

# Children a test forks and kills with a signal on purpose (test_output.c) die holding what
# they inherited: --child-silent-after-fork keeps valgrind to the test process itself.
memcheck: $(UNIT_BIN) | deps-check
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; \
		CK_FORK=no WHICHALLOC_TOP=$(CURDIR) valgrind -q --error-exitcode=1 \
		--child-silent-after-fork=yes \
		--leak-check=full --errors-for-leak-kinds=definite,indirect $$t; done

# libFuzzer targets for the parsers of outside data (tests/fuzz/), built with clang under
# ASan and UBSan in build/fuzz/. Each runs FUZZ_SECONDS from its committed seed corpus
# tests/fuzz/corpus/TARGET/; new inputs go to build/fuzz/corpus/TARGET/, crashes to
# build/fuzz/crash-*. The last run's figures go to build/fuzz/summary.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-string-concatenation \
		-Idriver -Ibuild/gen -g -O1 \
		-fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_LIB_OBJ := $(patsubst build/obj/%,build/fuzz/obj/%,$(filter-out build/obj/main.o,\
		$(DRIVER_SRC:driver/%.c=build/obj/%.o))) build/fuzz/obj/schema_sql.o

build/fuzz/obj/%.o: driver/%.c $(wildcard driver/*.h) build/gen/schema_sql.h | deps-build deps-fuzz
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(shell pkg-config --cflags $(PKGS)) \
		-c -o $@ $<

build/fuzz/obj/schema_sql.o: build/gen/schema_sql.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz \
		$(shell pkg-config --cflags $(PKGS)) -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)

.PRECIOUS: build/fuzz/obj/%.o

fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/%)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run $(FUZZ_TARGETS)

# validate and bench need a real kernel: without KERNEL=, Debian's linux-source-6.1,
# extracted once by scripts/kernel-tree.sh.
REAL_KERNEL = $(if $(filter kernel-samples,$(KERNEL)),$$(scripts/kernel-tree.sh),"$(KERNEL)")

# The suites' checks that borrow a real kernel's scripts (checkpatch.pl for the series
# gate, get_maintainer.pl against the MAINTAINERS lookup); make check skips them.
check-kernel: $(BIN) | deps-check deps-validate
	REAL_KERNEL=$(REAL_KERNEL) WHICHALLOC=$(BIN) tests/series/run
	REAL_KERNEL=$(REAL_KERNEL) WHICHALLOC=$(BIN) tests/review/run

validate: $(BIN) | deps-validate
	WHICHALLOC=$(BIN) scripts/validate $(if $(J),--jobs $(J)) $(REAL_KERNEL) $(M)

bench: $(BIN) | deps-validate
	WHICHALLOC=$(BIN) scripts/bench $(if $(J),--jobs $(J)) $(REAL_KERNEL) $(M)

audit-fs: $(BIN) | deps-validate
	WHICHALLOC=$(BIN) scripts/audit-fs $(if $(filter kernel-samples,$(KERNEL)),,"$(KERNEL)") > docs/audit-fs.md

install: $(WHICHALLOC)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/whichalloc/cocci/lib
	install -m 755 $(WHICHALLOC) $(DESTDIR)$(PREFIX)/bin/whichalloc
	install -m 644 cocci/*.cocci $(DESTDIR)$(PREFIX)/share/whichalloc/cocci/
	install -m 644 cocci/lib/*.py $(DESTDIR)$(PREFIX)/share/whichalloc/cocci/lib/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 docs/whichalloc.1 $(DESTDIR)$(PREFIX)/share/man/man1/whichalloc.1
	install -m 644 contrib/completion/whichalloc.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/whichalloc

clean:
	rm -rf build $(WHICHALLOC)

# clean, and the database make scan wrote: the checkout as a fresh clone has it.
distclean: clean
	rm -f "$(DB)" "$(DB)-wal" "$(DB)-shm"

# What a new user does, in a fresh clone of HEAD with an empty HOME: make scan, make check
# (FRESH_TARGETS= other targets; the clone must stay clean). scripts/fresh-check says more.
FRESH_TARGETS ?= scan check
fresh-check:
	scripts/fresh-check $(FRESH_TARGETS)

help:
	@echo 'Targets:'
	@echo '  all       build driver/whichalloc (the default)'
	@echo '  scan      scan KERNEL (default kernel-samples/) into DB (default whichalloc.db)'
	@echo '  check     build and run every test (SANITIZE=1: under ASan and UBSan)'
	@echo '  unit      the Check unit tests only'
	@echo '  rules     generate the rules of cocci/src/rules.list from cocci/src/ and cocci/lib/'
	@echo '  rules-up-to-date  fail when a generated rule differs from what make rules writes'
	@echo '  pylib     the unittest tests of the rules'"'"' Python modules (tests/pylib/)'
	@echo '  includes  the driver'"'"'s include graph: no cycle, no command header below the commands'
	@echo '  golden    the rules'"'"' golden tests over kernel-samples/ and the 5.3 mini tree'
	@echo '  cli       the command-line tests'
	@echo '  perf-test the prefilter, pool and incremental rescans through a fake spatch'
	@echo '  history   two versions of kernel-samples in one database: carry-over, identities, history'
	@echo '  facts     the facts pass across scans: callees of other files, carried over, edited'
	@echo '  shard     2 shards of kernel-samples merged = one scan; merge refusals; scan-parallel'
	@echo '  exports   export and html end to end, --help, the manual page, bash completion'
	@echo '  review    review, subsystems, diff and the SQL views end to end (a pty for review)'
	@echo '  series    patch series end to end: git am of a series, every refusal of the gate'
	@echo '  faults    kill -9, concurrent processes, locked, read-only and full-disk databases'
	@echo '  badinput  odd trees, file names, MAINTAINERS, databases, imports and SQL in filters'
	@echo '  html-test the HTML report in headless Chromium (screenshots in build/html-test/)'
	@echo '  memcheck  the unit tests under valgrind'
	@echo '  fuzz      each libFuzzer target for FUZZ_SECONDS (default 60) from its seed corpus'
	@echo '  fuzz-build build the libFuzzer targets of tests/fuzz/ in build/fuzz/ (clang)'
	@echo '  check-kernel  the series and review suites with the real kernel'"'"'s checkpatch.pl and'
	@echo '            get_maintainer.pl (KERNEL default: linux-source-6.1)'
	@echo '  validate  scan KERNEL (default: linux-source-6.1), apply every replace patch to a'
	@echo '            scratch copy and compile each patched file'
	@echo '  bench     the benchmark against make coccicheck (KERNEL default: linux-source-6.1)'
	@echo '  audit-fs  regenerate docs/audit-fs.md from a scan of linux-source-6.1 fs/'
	@echo '  install   install the binary, the rules, the manual page and the bash completion'
	@echo '            under DESTDIR/PREFIX'
	@echo '  deps      install (as root) or name the Debian packages needed'
	@echo '  deps-KIND one kind of target'"'"'s packages, all|build|scan|check|validate|browser|fuzz'
	@echo '  clean     remove build/ and the binary'
	@echo '  distclean clean, and remove DB (what make scan wrote)'
	@echo '  fresh-check  a fresh clone of HEAD with an empty HOME: make scan and make check'
	@echo '            there (FRESH_TARGETS= others), then fail if the clone is not clean'
	@echo '  help      this list'
	@echo 'Variables: KERNEL=DIR (the tree to scan) M=SUBDIR... (its directories) COCCI=RULE'
	@echo '  (one rule) J=JOBS DB=FILE SANITIZE=1 (ASan and UBSan) PREFIX=DIR (default'
	@echo '  /usr/local) DESTDIR=DIR (staging root for install) CC= CFLAGS= FUZZ_SECONDS=N'
