# migsim front door. `make run` is the main job, `make test` the test suite; each does
# the set-up it needs (Debian packages, configure, build) when it has not been done.
# Every target is a thin wrapper over CMake presets (see CMakePresets.json).

JOBS ?= $(shell nproc)
CORPUS ?= corpus

.PHONY: all deps build build-clang run test bench clean

all: build

deps:
	@scripts/install_deps.sh

build/build.ninja: | deps
	cmake --preset default

build: deps build/build.ninja
	cmake --build --preset default -j $(JOBS)

# The same migsim built by clang, used by the cross-compiler trace-hash test.
build-clang/build.ninja: | deps
	cmake --preset clang

build-clang: deps build-clang/build.ninja
	cmake --build --preset clang -j $(JOBS) --target migsim

# Main job: run every reference scenario and print each verdict and trace hash.
run: build
	build/bin/migsim run --trace=summary $$(find $(CORPUS) -name '*.textproto' | sort)

test: build build-clang
	ctest --preset default -j $(JOBS)

bench: build
	build/bin/event_loop_benchmark

clean:
	rm -rf build build-*
