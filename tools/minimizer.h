// File: tools/minimizer.h
//
// Minimize: shrinks a failing scenario to a small one with the same
// signature (spec/signature.h), for `migsim minimize` and for every new
// signature a fuzz campaign finds. Stages, repeated while any of them makes
// progress (at most kRoundsMax rounds):
//   0. drop the actions after the one that stopped the run (they never ran);
//   1. delta debugging (tools/delta_debug.h) over the action list;
//   2. the fields of each action (tools/field_shrinker.h): clear a field,
//      shrink integers toward 0 and the boundary that matters;
//   3. topology pruning: the same field shrinking over the topology (hosts,
//      devices and P2P windows removed from the last, their fields cleared or
//      shrunk) and the run bounds; then seed 0 is tried. It is safe because
//      every candidate is judged: one that no longer validates, or fails
//      differently, is refused.
// The result's description becomes "reproducer of <signature>" (a label:
// it does not change the run).
// A candidate is kept only when it fails with the very same signature under
// the same FailOn policy. The result is then judged twice more; it is
// confirmed when both runs give that signature and the same trace hash.
// Every judge run counts against runs_max; when the budget is spent the
// best scenario so far is returned (budget_spent tells). Deterministic: the
// same input and options give the same output.
#ifndef MIGSIM_TOOLS_MINIMIZER_H_
#define MIGSIM_TOOLS_MINIMIZER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "fuzz/harness_config.h"
#include "protos/scenario.pb.h"
#include "spec/judge.h"

namespace migsim {

struct MinimizeOptions {
  JudgeOptions judge;  // device_override: judge test or user models
  FailOn fail_on = FailOn::kDevice;
  int64_t runs_max = 20000;  // judge runs, the first and the confirmations included
};

// MinimizeResult: a plain value.
struct MinimizeResult {
  proto::Scenario scenario;  // the minimized scenario
  std::string signature;     // of the input, kept by the result
  std::string rule;          // the decisive violation's Rule.id
  std::string violation;     // FormatViolation() of it in the minimized run
  int actions_before = 0;
  int actions_after = 0;
  int64_t runs = 0;           // judge runs used
  bool budget_spent = false;  // runs_max was reached before a fixpoint
  bool confirmed = false;     // two more runs: same signature, same trace hash
  uint64_t trace_hash = 0;    // of the minimized run
};

// Minimizes `scenario`, which must fail under options.fail_on.
// Errors: InvalidArgumentError naming the field when `scenario` is invalid;
// FailedPreconditionError when it runs clean under the policy (nothing to
// keep); ResourceExhaustedError when runs_max < 3 (no room to confirm).
//
// Example:
//   absl::StatusOr<MinimizeResult> m = Minimize(scenario, {});
//   if (m.ok() && m->confirmed) WriteFileAtomically(path, ScenarioToText(m->scenario));
absl::StatusOr<MinimizeResult> Minimize(const proto::Scenario& scenario,
                                        const MinimizeOptions& options);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_MINIMIZER_H_
