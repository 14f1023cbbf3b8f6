// File: tools/outcome.h
//
// Outcome: what one judged run of a scenario means to the tools that hunt
// and keep bugs (`migsim minimize`, `replay`, `fuzz`): its signature
// (spec/signature.h) under a FailOn policy, the decisive violation, a
// liveness failure and the trace hash. Two runs reproduce each other when
// their signatures and trace hashes are equal.
//
// The policy is spec/fail_on.h's, the one the fuzz harness applies
// (MIGSIM_FUZZ_FAIL_ON), so that a crash file the engine reported is
// re-judged to the same violation.
#ifndef MIGSIM_TOOLS_OUTCOME_H_
#define MIGSIM_TOOLS_OUTCOME_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fuzz/harness_config.h"
#include "protos/scenario.pb.h"
#include "spec/fail_on.h"
#include "spec/judge.h"
#include "spec/signature.h"

namespace migsim {

// Outcome: a plain value.
struct Outcome {
  std::string signature;  // SignatureParts::ToString(), "" when clean under the policy
  std::string rule;       // the decisive violation's Rule.id, "" when clean
  std::string doc;        // its Rule.doc
  std::string violation;  // FormatViolation() of it, "" when clean
  std::string liveness;   // Verdict::liveness_failure
  uint64_t trace_hash = 0;
  int32_t actions_run = 0;
  int32_t actions_total = 0;

  bool clean() const { return signature.empty(); }
  // "clean", "liveness (pending: ...)" or the signature.
  std::string Describe() const;
};

// The JudgeOptions the tools judge with: `base` with keep_going set as the
// harness sets it for `fail_on`, records kept (the signature needs them),
// and the fuzz harness's planted models (fuzz/planted_models.h) reachable
// by Device.model in front of base.device_override.
JudgeOptions ToolJudgeOptions(const JudgeOptions& base, FailOn fail_on);

// Judges `scenario` with ToolJudgeOptions(options, fail_on) and returns its
// Outcome. When `run` is not null it receives the judged run.
// Errors: InvalidArgumentError naming the field of an invalid scenario.
absl::StatusOr<Outcome> JudgeOutcome(const proto::Scenario& scenario, const JudgeOptions& options,
                                     FailOn fail_on, std::optional<JudgedRun>* run = nullptr);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_OUTCOME_H_
