// File: tools/afl_engine.h
//
// AflEngine: `migsim fuzz --engine=afl`. Runs afl-fuzz (AFL++ 4.04c) on
// <engine_dir>/migsim_afl (persistent mode, fuzz/) with the structure-aware
// custom mutator, one instance per job: the first as main (-M main), the
// others as secondaries (-S s1, -S s2, ...) sharing DIR/afl:
//   afl-fuzz -i DIR/seeds -o DIR/afl -M main [-x <engine_dir>/../migsim.dict]
//     [-V <time>] [-E <runs>] [flags...] -- migsim_afl
// with AFL_CUSTOM_MUTATOR_LIBRARY=<libmigsim_afl_mutator.so>,
// AFL_CUSTOM_MUTATOR_ONLY=1 (byte-level havoc rarely keeps a FuzzInput
// valid), AFL_NO_UI=1 (status lines instead of the screen), AFL_AUTORESUME=1
// (a rerun on the same DIR resumes), AFL_SKIP_CPUFREQ=1, AFL_NO_AFFINITY=1,
// AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1. afl-fuzz keeps going after a
// crash by design. Progress is read from DIR/afl/<instance>/fuzzer_stats
// (execs_done, execs_per_sec, corpus_count, bitmap_cvg), summed over the
// instances (afl-fuzz may rewrite it seldom, so the corpus size is at least
// the number of queue files); crash files are DIR/afl/<instance>/crashes/id:*.
#ifndef MIGSIM_TOOLS_AFL_ENGINE_H_
#define MIGSIM_TOOLS_AFL_ENGINE_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/fuzz_engine.h"

namespace migsim {

std::unique_ptr<FuzzEngine> MakeAflEngine();

// Adds one instance's fuzzer_stats text (lines "key : value") to `stats`:
// execs_done, execs_per_sec and corpus_count are summed; bitmap_cvg is kept
// as the coverage words when `main`. Returns false when no key was found.
bool AddAflStats(absl::string_view fuzzer_stats, bool main, EngineStats& stats);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_AFL_ENGINE_H_
