// File: tools/libfuzzer_engine.h
//
// LibFuzzerEngine: `migsim fuzz --engine=libfuzzer`. Runs
// <engine_dir>/migsim_libfuzzer (the structure-aware target, fuzz/) in
// libFuzzer's fork mode, which keeps fuzzing after a crash:
//   migsim_libfuzzer -fork=<jobs> -ignore_crashes=1 -ignore_timeouts=1
//     -ignore_ooms=1 -max_len=65536 -artifact_prefix=DIR/crashes/
//     [-dict=<engine_dir>/../migsim.dict] [-max_total_time=<time>]
//     [-runs=<runs>] [flags...] DIR/corpus DIR/seeds
// (libFuzzer's documentation: "-fork=N ... -ignore_crashes=1 ... continue
// fuzzing after a crash"; new inputs are merged into the first corpus
// directory). Progress comes from its fork-mode status lines:
//   #1365: cov: 6894 ft: 19842 corp: 287 exec/s: 127 oom/timeout/crash: 0/0/1 time: 10s ...
// (the plain-mode form "#1365\tNEW cov: ... corp: 287/51Kb ... exec/s: 127"
// is read too). Crash files are DIR/crashes/{crash,timeout,oom,leak}-*.
// ASAN_OPTIONS gets detect_leaks=0 unless it names detect_leaks (the target
// is an ASan build; a leak at exit is no protocol violation).
#ifndef MIGSIM_TOOLS_LIBFUZZER_ENGINE_H_
#define MIGSIM_TOOLS_LIBFUZZER_ENGINE_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "tools/fuzz_engine.h"

namespace migsim {

std::unique_ptr<FuzzEngine> MakeLibFuzzerEngine();

// Reads one libFuzzer status line into `stats`. Returns false (leaving
// `stats` alone) for any other line.
bool ParseLibFuzzerStatus(absl::string_view line, EngineStats& stats);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_LIBFUZZER_ENGINE_H_
