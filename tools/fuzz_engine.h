// File: tools/fuzz_engine.h
//
// FuzzEngine: what `migsim fuzz` needs from a fuzz engine, whichever it is
// (tools/libfuzzer_engine.h, tools/afl_engine.h): start its processes with
// the harness's environment (fuzz/harness_config.h: MIGSIM_FUZZ_TOPOLOGY,
// MIGSIM_FUZZ_MODEL, MIGSIM_FUZZ_FAIL_ON), keep going after a crash, say how
// far it got (executions, speed, corpus size, its own coverage words), list
// the corpus inputs and crash files it wrote, and stop. The campaign
// directory DIR is laid out as:
//   DIR/seeds/      seed inputs (binary FuzzInput) migsim writes
//   DIR/corpus/     libFuzzer's corpus      DIR/crashes/  libFuzzer's crash files
//   DIR/afl/        afl-fuzz's -o directory (DIR/afl/<instance>/queue, crashes)
//   DIR/engine.log  everything the engine printed
#ifndef MIGSIM_TOOLS_FUZZ_ENGINE_H_
#define MIGSIM_TOOLS_FUZZ_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "tools/engine_process.h"

namespace migsim {

// How to launch the engine. A plain value.
struct EngineLaunch {
  std::string dir;                 // the campaign directory
  std::string engine_dir;          // holds migsim_libfuzzer or migsim_afl
  std::string afl_fuzz;            // the afl-fuzz program (AFL++ only)
  std::string afl_mutator;         // libmigsim_afl_mutator.so (AFL++ only)
  int jobs = 1;                    // parallel fuzzing processes, >= 1
  int64_t time_s = 0;              // stop after this many seconds; 0 = no limit
  int64_t runs = 0;                // stop after this many executions; 0 = no limit
  std::vector<std::string> env;    // the whole environment, "NAME=value"
  std::vector<std::string> flags;  // extra engine flags, appended as given
};

// The engine's own progress numbers. A plain value.
struct EngineStats {
  uint64_t execs = 0;
  double execs_per_s = 0;
  uint64_t corpus = 0;
  std::string coverage;  // the engine's coverage words, e.g. "cov 5822 ft 12114"
};

// FuzzEngine: see the file comment. Owns its processes.
class FuzzEngine {
 public:
  virtual ~FuzzEngine() = default;

  // "libfuzzer" | "afl".
  virtual absl::string_view name() const = 0;
  // Checks the programs exist and starts the processes.
  // Errors: FailedPreconditionError naming a missing program and how to
  // build it; InternalError when a spawn fails.
  virtual absl::Status Start(const EngineLaunch& launch) = 0;
  // The running processes (their output fds are polled by the campaign).
  virtual std::vector<EngineProcess*> processes() = 0;
  // One line the engine printed (process index, line without '\n').
  virtual void OnLine(size_t process, absl::string_view line) = 0;
  // Re-reads any status files. Cheap; called about once a second.
  virtual void Refresh() {}
  virtual EngineStats stats() const = 0;
  // Every corpus input and every crash file written so far (paths), sorted.
  virtual std::vector<std::string> CorpusFiles() const = 0;
  virtual std::vector<std::string> CrashFiles() const = 0;
  // True once every process has ended; `failed` is set when one ended
  // abnormally (a signal, or an exit status the engine uses for errors).
  virtual bool Finished(bool& failed) = 0;
  // Stops every process (SIGTERM, then SIGKILL after grace_ms).
  virtual void Stop(int grace_ms) = 0;
};

// The engine called `name` ("libfuzzer" | "afl"), or nullptr.
std::unique_ptr<FuzzEngine> MakeFuzzEngine(absl::string_view name);

// The regular files directly in `dir` whose names start with one of
// `prefixes` (all when empty), as "dir/name", sorted; none when `dir` does
// not exist.
std::vector<std::string> ListFiles(const std::string& dir,
                                   const std::vector<std::string>& prefixes = {});

}  // namespace migsim

#endif  // MIGSIM_TOOLS_FUZZ_ENGINE_H_
