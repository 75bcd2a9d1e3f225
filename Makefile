# Thin wrapper over CMake and ctest. `make run` and `make test` are all a new user needs.
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps build run test unit clean

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

clean:
	rm -rf $(BUILD) out
