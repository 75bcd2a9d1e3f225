# Thin wrapper over CMake and ctest. `make run` and `make test` are all a new user needs.
SHELL := /bin/bash
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release
FUZZ_SECONDS ?= 600
SOURCES = $(shell find sim tests bench -name '*.cpp' -o -name '*.hpp' 2>/dev/null)

.PHONY: all deps build run test unit test-asan fuzz format format-check clean

all: build

deps:
	@.ci/deps

# Configuring again is cheap (under a second) and picks up changed CMAKE_FLAGS.
build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

# The default simulation: the built-in tiny-16 cluster running dp-gpt3-xl; writes out/default/summary.json.
run: build
	$(BUILD)/clustersim run --out out/default

# The whole suite.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Fast tests only, for the edit loop.
unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L fast

# The whole suite under AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer (docs/development.md).
test-asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLUSTERSIM_SANITIZE=ON > /dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS (CI uses 60). New inputs go to build-fuzz/corpus-*, crashes to
# build-fuzz/crash-*; a crash exits non-zero.
fuzz:
	@.ci/deps dev
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCLUSTERSIM_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
	cmake --build build-fuzz -j $(JOBS)
	@for t in topology workload override; do \
	  mkdir -p build-fuzz/corpus-$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crash-$$t- build-fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>&1 \
	    | grep -E "^(stat::number_of_executed_units|==|SUMMARY|artifact_prefix)|Test unit written" ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

format:
	clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES) && echo "formatting: clean"

clean:
	rm -rf $(BUILD) build-asan build-fuzz out
