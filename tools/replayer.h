// File: tools/replayer.h
//
// Replay: re-runs reproducers and regression scenarios and says, per file,
// whether it still behaves as its header expects (tools/reproducer.h):
//   REPRODUCED  expected a signature, got the same one;
//   CLEAN       expected a clean run (no signature line), got one;
//   FIXED       expected a signature, the run is now clean;
//   CHANGED     got another signature, a liveness failure, or a violation
//               where a clean run was expected;
//   BAD-INPUT   the file does not load, validate, or take the rewrite.
// REPRODUCED and CLEAN are as expected; `migsim replay` exits 0 only when
// every file is (a CI gate). With ScenarioRewrite::reference every file is
// expected to run clean on the reference models, so that a regression
// corpus of mutants is checked both ways.
#ifndef MIGSIM_TOOLS_REPLAYER_H_
#define MIGSIM_TOOLS_REPLAYER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fuzz/harness_config.h"
#include "spec/judge.h"
#include "tools/outcome.h"
#include "tools/scenario_rewrite.h"

namespace migsim {

enum class ReplayStatus { kReproduced, kClean, kFixed, kChanged, kBadInput };

// "REPRODUCED", "CLEAN", "FIXED", "CHANGED", "BAD-INPUT".
absl::string_view ReplayStatusName(ReplayStatus status);

struct ReplayOptions {
  JudgeOptions judge;                        // device_override: judge test or user models
  ScenarioRewrite rewrite;                   // --topology, --model, --reference
  FailOn default_fail_on = FailOn::kDevice;  // for files whose header names none
};

// ReplayResult: one file's replay. A plain value.
struct ReplayResult {
  std::string path;
  ReplayStatus status = ReplayStatus::kBadInput;
  std::string expected;  // the expected signature, "" = clean
  Outcome got;           // unset for kBadInput
  std::string error;     // kBadInput: the error, naming file and field
  std::string note;      // e.g. a trace hash that differs from the header's

  bool as_expected() const {
    return status == ReplayStatus::kReproduced || status == ReplayStatus::kClean;
  }
  // One line: "STATUS path: details".
  std::string Describe() const;
};

// Replays one file (any format tools/input_file.h reads).
ReplayResult ReplayFile(const std::string& path, const ReplayOptions& options);

// The scenario files named by `args`: each FILE as given, and under each
// DIR (recursively) every file named *.textproto, *.txtpb, *.pbtxt, *.pb,
// *.binpb, *.bin or *.fuzz, sorted by path, except a fuzz campaign's
// summary.textproto (so `migsim replay DIR` replays a campaign's reproducers).
// Errors: NotFoundError "PATH: no such file or directory";
// InvalidArgumentError "DIR: holds no scenario files".
absl::StatusOr<std::vector<std::string>> CollectScenarioFiles(const std::vector<std::string>& args);

// 0 when every result is as expected, 2 when any is BAD-INPUT, else 1.
int ReplayExitCode(const std::vector<ReplayResult>& results);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_REPLAYER_H_
