// File: tools/detect_trial.h
//
// DetectTrial: one trial of the detection benchmark (tools/detect_plan.h):
// one engine hunting one mutant's rule with one seed, until it detects the
// rule or spends its CPU budget. The engine runs as it would in a campaign
// (the harness's environment, fuzz/README.md), plus MIGSIM_FUZZ_ONLY_RULE:
// a violation of another rule is no crash, so the trial goes on, as a
// campaign with -ignore_crashes would, until the expected rule or the
// budget. Detection is what the engine reports (libFuzzer and migsim_random:
// the `==MIGSIM== VIOLATION rule=` line; afl-fuzz: a file in crashes/),
// re-judged by the driver (fuzz/harness.h PrepareScenario, tools/outcome.h)
// so that a trial counts only when its crash file really raises the rule.
//
// Time is CPU time of the engine's whole process tree
// (tools/process_tree.h), sampled every Step: the budget holds on a shared
// machine, and a trial slowed by a neighbour is not charged for waiting.
// A wall-clock limit (a multiple of the budget) ends a starved trial.
//
// Engine command lines (trial k uses seed k + 1):
//   structure  migsim_libfuzzer -seed=k+1 -max_len=65536 -dict=...
//              -print_final_stats=1 -artifact_prefix=WORK/crashes/ WORK/corpus SEEDS
//   bytes      migsim_libfuzzer_bytes, the same flags
//   random     migsim_random -seed=k+1 -artifact_prefix=WORK/crashes/
//   afl        afl-fuzz -i SEEDS -o WORK/afl -s k+1 -x DICT -- migsim_afl, with
//              AFL_CUSTOM_MUTATOR_LIBRARY, AFL_CUSTOM_MUTATOR_ONLY=1 and
//              AFL_BENCH_UNTIL_CRASH=1
#ifndef MIGSIM_TOOLS_DETECT_TRIAL_H_
#define MIGSIM_TOOLS_DETECT_TRIAL_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/detect_plan.h"
#include "tools/detect_results.h"
#include "tools/engine_process.h"

namespace migsim {

// Where the engines are. A plain value.
struct EnginePrograms {
  std::string libfuzzer_dir;  // migsim_libfuzzer, migsim_libfuzzer_bytes
  std::string afl_dir;        // migsim_afl
  std::string random_dir;     // migsim_random
  std::string afl_fuzz;       // the afl-fuzz program
  std::string afl_mutator;    // libmigsim_afl_mutator.so
  std::string dict;           // the dictionary ("" = none)
};

// Everything one trial needs. A plain value.
struct TrialSpec {
  TrialKey key;
  DetectTarget target;
  std::string topology_path;  // absolute path of target.topology
  std::string seeds_dir;      // the seed corpus for this topology (read only)
  std::string work_dir;       // created; the engine's corpus, crashes, log
  EnginePrograms programs;
  double wall_limit_s = 0;  // 0 = ten times the budget
};

// DetectTrial: owns the engine process. Thread-compatible.
class DetectTrial {
 public:
  // Starts the engine. Errors: FailedPreconditionError naming a missing
  // program (and how to build it); InternalError when the spawn fails.
  static absl::StatusOr<std::unique_ptr<DetectTrial>> Start(const TrialSpec& spec);

  // The engine's output, for poll() (-1 once it ended).
  int output_fd() const { return process_.output_fd(); }

  // Reads the engine's output, samples its CPU time, checks for detection
  // and the limits, and stops the engine when the trial is over. Returns
  // true once the trial is finished (row() is then final).
  bool Step();

  // Stops the engine at once (an interrupted benchmark); the trial is not
  // finished and must not be recorded.
  void Abort();

  const TrialRow& row() const { return row_; }

 private:
  DetectTrial(TrialSpec spec, EngineProcess process);
  void OnLine(const std::string& line);
  bool AflCrashed();
  void Finish(int status);
  void Verify();

  TrialSpec spec_;
  EngineProcess process_;
  std::chrono::steady_clock::time_point start_;
  TrialRow row_;
  bool reported_ = false;  // the engine reported the rule
  bool timed_ = false;     // row_'s times are those of the report
  std::optional<std::chrono::steady_clock::time_point> stopping_since_;
  std::vector<std::string> last_lines_;  // the engine's last lines, for the note
  bool finished_ = false;
};

}  // namespace migsim

#endif  // MIGSIM_TOOLS_DETECT_TRIAL_H_
