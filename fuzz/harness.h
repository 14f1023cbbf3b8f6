// File: fuzz/harness.h
//
// Harness: the one function every fuzz target calls per input. It takes the
// engine's bytes (a binary FuzzInput, protos/fuzz_input.proto), applies the
// process's HarnessConfig (fixed topology, model swaps) and the input's swarm
// settings, runs the scenario with Judge on the fast path (records not kept)
// and says whether the input was invalid, clean, a liveness failure or a
// violation of the kind the config fails on. The engine entry points
// (fuzz/libfuzzer_target.cc, fuzz/afl_target.cc) turn a violation into a
// crash with ReportViolationAndAbort.
//
// Fast path: the FuzzInput and Scenario messages are reused across runs
// (protobuf keeps their storage), nothing is printed unless config.log, and
// protocol coverage is recorded only into the caller's counters.
//
// Example:
//   absl::StatusOr<HarnessConfig> config = MakeHarnessConfig(HarnessEnv::FromProcess());
//   Harness harness(*std::move(config));
//   const HarnessResult& r = harness.Run(bytes, nullptr);
//   if (r.outcome == HarnessOutcome::kViolation) ReportViolationAndAbort(harness, r);
#ifndef MIGSIM_FUZZ_HARNESS_H_
#define MIGSIM_FUZZ_HARNESS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "fuzz/harness_config.h"
#include "protos/fuzz_input.pb.h"
#include "protos/scenario.pb.h"
#include "spec/verdict.h"

namespace migsim {

enum class HarnessOutcome : uint8_t {
  kInvalid,    // not a FuzzInput, or the scenario is bad input: engines reject it (-1)
  kClean,      // ran; nothing the config fails on
  kLiveness,   // ran into a bound (not a crash)
  kViolation,  // a violation the config fails on
  kOtherRule,  // a violation the config fails on, of a rule other than its
               // only_rule: no crash; engines keep it out of the corpus
};

// What one Run found. Refers to the harness's own storage: valid until the
// next Run.
struct HarnessResult {
  HarnessOutcome outcome = HarnessOutcome::kInvalid;
  absl::Status invalid;  // why, when kInvalid
  Violation violation;   // the deciding violation, when kViolation or kOtherRule
  const proto::Scenario* scenario = nullptr;  // what ran (nullptr when unparseable)
};

// The scenario a FuzzInput runs as under `config`: ScenarioOf(input) (the
// swarm applied), then the fixed topology's format_version, topology and
// bounds in place of the input's, or else config.models swapped into the
// input's own topology; then bounds.events_max lowered to
// config.events_max. `migsim fuzz` / `replay` use it to rebuild exactly
// what a crash file ran. Errors: those of ApplyModel.
absl::StatusOr<proto::Scenario> PrepareScenario(const HarnessConfig& config,
                                                const proto::FuzzInput& input);

// Harness: see the file comment. Thread-compatible; one per process.
class Harness {
 public:
  explicit Harness(HarnessConfig config);

  // Runs `bytes`. When `coverage` is non-empty (kCoverageSlots counters,
  // spec/coverage.h), the run's protocol coverage is added to it.
  const HarnessResult& Run(absl::string_view bytes, absl::Span<uint8_t> coverage);

  const HarnessConfig& config() const { return config_; }
  // Turns MIGSIM_FUZZ_LOG's per-input line on or off (a target's warm-up
  // runs are not inputs).
  void set_log(bool log) { config_.log = log; }

 private:
  bool Prepare(absl::string_view bytes);

  HarnessConfig config_;
  proto::FuzzInput input_;
  proto::Scenario scenario_;
  HarnessResult result_;
};

// The first line of a crash report, exactly:
//   ==MIGSIM== VIOLATION rule=<ID> action=<index> kind=<Action oneof field
//   name> device=<index|-> model=<Device.model|->
// ("-" for no device, for the reference model, and for kind when the
// violation came at the end of the run, action -1).
std::string CrashLine(const proto::Scenario& scenario, const Violation& violation);

// Prints CrashLine and FormatViolation to stderr, then, when `mutations` is
// not empty, "==MIGSIM== MUTATIONS <mutations>" (the operators that made
// the input, style.md R12), then abort()s: how a violation reaches the
// engine as a crash.
[[noreturn]] void ReportViolationAndAbort(const HarnessResult& result,
                                          absl::string_view mutations = {});

}  // namespace migsim

#endif  // MIGSIM_FUZZ_HARNESS_H_
