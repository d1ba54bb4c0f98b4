# Créneau — build and run.
#   make run    install what is missing, build, start the stack with demo data
#   make test   build (also with ASan/UBSan), start a throw-away stack, run every suite
#   make stop   stop what `make run` started;  make reset  wipe var/
# See README.md.

PORT     ?= 8080
VAR      ?= $(CURDIR)/var
BUILD    ?= build
SAN      ?=

CC       := gcc
CXX      := g++
PKGS     := fcgi libctemplate libmariadb libsodium libcrypto libcurl libqrencode json-c
CPPFLAGS := -Icgi-bin -Icgi-bin/core -D_GNU_SOURCE -DLOCALEDIR='"$(CURDIR)/$(BUILD)/locale"'
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-nonliteral
# The same hardening for C and for the C++ shim (it renders every page).
HARDEN   := -fstack-protector-strong -fstack-clash-protection -D_FORTIFY_SOURCE=2 -fPIE
# -MMD: each object also depends on the headers it really includes.
CFLAGS   := -std=c17 -O2 -g $(WARN) $(HARDEN) -MMD -MP $(SAN)
CXXFLAGS := -std=c++17 -O2 -g -Wall -Wextra -Werror $(HARDEN) -MMD -MP $(SAN)
LDFLAGS  := $(SAN) -pie -Wl,-z,relro,-z,now
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

CORE_C   := $(wildcard cgi-bin/core/*.c)
CORE_CC  := $(wildcard cgi-bin/core/*.cc)
CORE_OBJ := $(CORE_C:cgi-bin/%.c=$(BUILD)/obj/%.o) $(CORE_CC:cgi-bin/%.cc=$(BUILD)/obj/%.o)
PUB_C    := $(wildcard cgi-bin/public*.c)
PUB_OBJ  := $(PUB_C:cgi-bin/%.c=$(BUILD)/obj/%.o)
AGENT_C  := $(wildcard cgi-bin/agent*.c)
AGENT_OBJ := $(AGENT_C:cgi-bin/%.c=$(BUILD)/obj/%.o)
API_C    := $(wildcard cgi-bin/api*.c)
API_OBJ  := $(API_C:cgi-bin/%.c=$(BUILD)/obj/%.o)
STATS_OBJ := $(BUILD)/obj/stats.o
NOTIFY_OBJ := $(BUILD)/obj/notify.o
ADMIN_OBJ  := $(BUILD)/obj/admin.o
VOICE_C  := $(wildcard cgi-bin/voice*.c)
VOICE_OBJ := $(VOICE_C:cgi-bin/%.c=$(BUILD)/obj/%.o)
MAILIN_OBJ := $(BUILD)/obj/mailin.o
# GMime (and GLib) only for the mail gateway; -isystem keeps our warnings
# off their headers.
GMIME_CFLAGS = $(shell pkg-config --cflags gmime-3.0 2>/dev/null | sed 's/-I/-isystem /g')
GMIME_LIBS   = $(shell pkg-config --libs gmime-3.0 2>/dev/null)
PROGS    := $(BUILD)/bin/creneau-public $(BUILD)/bin/creneau-agent $(BUILD)/bin/creneau-stats $(BUILD)/bin/creneau-api $(BUILD)/bin/creneau-notify $(BUILD)/bin/creneau-admin $(BUILD)/bin/creneau-voice $(BUILD)/bin/creneau-mailin
UNIT_C   := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_C:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_C   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_C:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_TIME ?= 300
PO       := $(wildcard po/*.po)
MO       := $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/creneau.mo)

.PHONY: all build deps deps-test run stop status reset test unit unit-bin asan fuzz fuzz-bin fuzz-harnesses clean pot bench print-progs
all: build
build: $(PROGS) $(MO) $(BUILD)/voice/.made

# The voice server's prompts, spoken by espeak-ng from their texts (the
# program prints them, in each language of po/), 8 kHz mono WAV files:
# $(BUILD)/voice/<lang>/<name>.wav. Only the prompts whose text changed are
# made again.
$(BUILD)/voice/.made: $(BUILD)/bin/creneau-voice $(MO) scripts/voice-prompts.sh
	scripts/voice-prompts.sh $(BUILD)
	@touch $@

$(BUILD)/obj/%.o: cgi-bin/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: cgi-bin/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(PKG_CFLAGS) $(CXXFLAGS) -c $< -o $@

$(BUILD)/bin/creneau-public: $(PUB_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/creneau-agent: $(AGENT_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/creneau-stats: $(STATS_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/creneau-api: $(API_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/creneau-notify: $(NOTIFY_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bin/creneau-voice: $(VOICE_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(MAILIN_OBJ): PKG_CFLAGS += $(GMIME_CFLAGS)

$(BUILD)/bin/creneau-mailin: $(MAILIN_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(GMIME_LIBS)

$(BUILD)/bin/creneau-admin: $(ADMIN_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $(CORE_OBJ) $(PKG_LIBS) -lcmocka

# libFuzzer harnesses: built with clang, the core too (make fuzz-bin).
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $@.o $(CORE_OBJ) $(PKG_LIBS)

$(BUILD)/locale/%/LC_MESSAGES/creneau.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# make unit builds and runs the unit tests; make test builds them
# (unit-bin) and tests/run.sh runs and counts them.
unit-bin: $(UNIT_BIN)

unit: unit-bin
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# Message catalogue: C sources (_() and N_()) and templates ([[...]]).
pot:
	scripts/update-po.sh

deps:
	scripts/install-deps.sh

deps-test:
	scripts/install-deps.sh --test

run: deps build
	scripts/stack.sh start --var "$(VAR)" --port "$(PORT)" --build "$(BUILD)" --demo

stop:
	scripts/stack.sh stop --var "$(VAR)"

status:
	scripts/stack.sh status --var "$(VAR)"

reset: stop
	rm -rf "$(VAR)"

# The sanitizer build lives in its own tree so it never mixes with the
# normal objects.
asan:
	$(MAKE) BUILD=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" build unit-bin

FUZZ_MAKE = $(MAKE) BUILD=build-fuzz CC=clang CXX=clang++ \
	SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

# The fuzzers, coverage-guided (clang's libFuzzer); tests/run.sh gives each
# a short run, `make fuzz` a long one (FUZZ_TIME seconds each) that adds
# what it finds to the corpus in tests/fuzz/corpus/.
fuzz-bin:
	$(FUZZ_MAKE) fuzz-harnesses

fuzz-harnesses: $(FUZZ_BIN)

fuzz: deps-test fuzz-bin
	@set -e; for f in build-fuzz/fuzz/fuzz_*; do case $$f in *.o|*.d) continue;; esac; \
	  n=$$(basename $$f); mkdir -p tests/fuzz/corpus/$$n; echo "== $$n ($(FUZZ_TIME) s)"; \
	  $$f -max_total_time=$(FUZZ_TIME) -max_len=4096 -artifact_prefix=build-fuzz/ tests/fuzz/corpus/$$n; done

test: deps-test
	$(MAKE) build unit-bin
	$(MAKE) asan
	$(MAKE) fuzz-bin
	tests/run.sh

# make bench QUICK=1: the short run (see bench/run.sh).
bench: deps build
	QUICK=$(QUICK) BUILD=$(BUILD) bench/run.sh

# The programs `make build` produces, by name (tests/check_deploy.sh).
print-progs:
	@echo $(notdir $(PROGS))

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name "*.d" 2>/dev/null)
