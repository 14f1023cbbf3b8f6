# migsim front door. `make run` is the main job, `make test` the test suite; each does
# the set-up it needs (Debian packages, configure, build) when it has not been done.
# Every target is a thin wrapper over CMake presets (see CMakePresets.json).

JOBS ?= $(shell nproc)
# The main job's campaign: seconds, the topology it fuzzes, the zoo mutants swapped in
# (`build/bin/migsim zoo` lists them; MODELS= with nothing fuzzes the reference models).
TIME ?= 60
TOPOLOGY ?= corpus/topologies/default.textproto
MODELS ?= v2_stop_no_drain,v1ndma_ndma_no_drain,v2_p2p_stop_skips_running_p2p,iommu_bitmap_keeps_log
OUT ?= out/campaign

.PHONY: all deps build build-clang build-fuzz build-afl run corpus test bench clean

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

# The libFuzzer targets (clang-19, ASan + UBSan) and the AFL++ persistent-mode target
# (fuzz/README.md); the campaign of `make run` and the engines' smoke tests use them.
build-fuzz/build.ninja: | deps
	cmake --preset fuzz

build-fuzz: deps build-fuzz/build.ninja
	cmake --build --preset fuzz -j $(JOBS)

build-afl/build.ninja: | deps
	cmake --preset afl

build-afl: deps build-afl/build.ninja
	cmake --build --preset afl -j $(JOBS)

# Main job: a short structure-aware libFuzzer campaign on the default whole-VM topology
# with a few bug-zoo mutants swapped in. It ends with the findings table; each finding is
# a minimized reproducer, its trace and its timeline under $(OUT)/<signature>/.
# migsim fuzz exits 1 when it found violations, which is what this demo expects.
run: build build-fuzz
	build/bin/migsim fuzz --engine=libfuzzer --time=$(TIME) --topology=$(TOPOLOGY) \
	  $(if $(MODELS),--model=$(MODELS)) --out=$(OUT); status=$$?; \
	  test $$status -le 1 || exit $$status

# Run and judge every reference scenario in corpus/ (what `make run` did before campaigns).
corpus: build
	build/bin/migsim run --trace=summary $$(find corpus -name '*.textproto' -not -path 'corpus/regressions/*' | sort)

test: build build-clang build-fuzz build-afl
	ctest --preset default -j $(JOBS)

bench: build
	build/bin/event_loop_benchmark
	build/bin/migration_benchmark
	scripts/fuzz_bench.sh

clean:
	rm -rf build build-* out
